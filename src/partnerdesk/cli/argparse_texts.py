"""argparse's own texts ("usage:", "the following arguments are required: …") in the program's language.

argparse looks up each of its texts when it needs it, through the two names it imports at
module level: ``from gettext import gettext as _, ngettext``. Python's documentation ("How to
translate the argparse output") says to translate them with a catalogue "installed using
gettext", that is gettext's global text domain. That domain takes its language from the
``LANGUAGE``/``LC_ALL``/``LC_MESSAGES``/``LANG`` environment variables, which Windows does not set,
and not from ``--lang`` or the language setting; it would also need a second catalogue layout.

So the CLI points those two names at ``partnerdesk.i18n``: argparse's texts are messages of our
own catalogue (``resources/locale/de/argparse.po``), in whatever language ``set_language`` chose,
looked up at the moment argparse needs them. ``tests/unit/cli/test_argparse_texts.py`` checks that
every message of the running Python's argparse has a German translation, so a newer Python with new
texts fails the suite instead of speaking English.
"""

from __future__ import annotations

import argparse
import gettext
import logging

from partnerdesk import i18n

log = logging.getLogger(__name__)


def install() -> None:
    """Let argparse translate through the program's catalogue (idempotent)."""
    current = getattr(argparse, "_", None), getattr(argparse, "ngettext", None)
    if current == (i18n._, i18n.ngettext):
        return
    if current != (gettext.gettext, gettext.ngettext):
        # argparse looks its texts up some other way now: better English than a half-working patch.
        log.warning("argparse no longer translates through gettext.gettext/ngettext; its texts stay English")
        return
    argparse._ = i18n._  # type: ignore[attr-defined]
    argparse.ngettext = i18n.ngettext  # type: ignore[attr-defined]
