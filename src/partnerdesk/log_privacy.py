"""The logs hold no personal data (GDPR, issue 22): what is written to the program's log files.

Messages for the user name records and quote what was typed ("Kontakt „Ama Mensah“: „ama@“ ist
keine E-Mail-Adresse"); the log must not. ``describe`` says what went wrong by the error's kind,
the record's register and id and the fields concerned, never by names or values; every log line
also passes ``redact`` (the log files' formatter, ``log_file``): quoted text, e-mail addresses and
the parameters a database error lists are replaced by "…", tracebacks included.
"""

from __future__ import annotations

import logging
import re

#: Text inside quotation marks (German, English, French, and the quotes of %r).
_QUOTED = re.compile(r"„[^“”\n]*[“”]|“[^”\n]*”|«[^»\n]*»|‚[^‘’\n]*[‘’]|\"[^\"\n]*\"|'[^'\n]*'")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
#: SQLAlchemy's "[parameters: (...)]" and "[SQL: ...]" of a database error hold the values written.
_PARAMETERS = re.compile(r"\[parameters: .*?\](?=\s*(?:\(|$|\n))", re.DOTALL)


def redact(text: str) -> str:
    """``text`` without quoted values, e-mail addresses and database parameters."""
    text = _PARAMETERS.sub("[parameters: …]", text)
    text = _EMAIL.sub("<e-mail>", text)
    return _QUOTED.sub(lambda m: m.group(0)[0] + "…" + m.group(0)[-1], text)


def describe(exc: BaseException) -> str:
    """An error as the log may name it: its kind, the record's register and id, the fields."""
    parts = [type(exc).__name__]
    kind, record_id = getattr(exc, "kind", None), getattr(exc, "record_id", None)
    if kind or record_id:
        parts.append(f"{kind or '?'} {record_id or '?'}")
    fields = [str(getattr(e, "field", "")) for e in getattr(exc, "errors", None) or []]
    if fields:
        parts.append("fields " + ", ".join(f for f in fields if f))
    return ": ".join(parts)


class RedactingFormatter(logging.Formatter):
    """A formatter whose every line (message and traceback) passes ``redact``."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))
