"""Whole-number options of ``settings.ini`` read without Qt (the command line and the services).

The window writes them through ``ui.settings`` (QSettings' INI format, section ``[options]``);
a missing, unreadable or out-of-range value gives the default.
"""

from __future__ import annotations

import configparser

from partnerdesk.paths import settings_file

SECTION = "options"


def read_options() -> dict[str, str]:
    parser = configparser.RawConfigParser()
    try:
        parser.read(settings_file(), encoding="utf-8")
    except (OSError, configparser.Error, UnicodeDecodeError):
        return {}
    return dict(parser.items(SECTION)) if parser.has_section(SECTION) else {}


def whole_number(options: dict[str, str], key: str, default: int, minimum: int = 0, maximum: int = 10_000) -> int:
    raw = options.get(key.lower())
    if raw is None:
        return default
    try:
        value = int(str(raw).strip())
    except ValueError:
        return default
    return max(minimum, min(maximum, value))
