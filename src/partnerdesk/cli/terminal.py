"""Text from the database made harmless for a terminal.

A name may hold control characters: ESC starts escape sequences that retitle or clear the
terminal, BEL rings, CR and backspaces overwrite what was printed, U+202E turns the rest of
the line around, a lone surrogate cannot even be written. The command line shows each of them
as an escape (``\\x1b``, ``\\u202e``) instead, in tables and messages alike; everything else,
accents, Arabic, emoji, is printed as it is.
"""

from __future__ import annotations

import errno
import re
import sys

from partnerdesk.i18n import N_, _

#: C0 and C1 controls and DEL, line and paragraph separators, bidi embeddings, overrides and
#: isolates, and lone surrogates.
_HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_LINE_BREAKS_KEPT = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` on one line, every control character shown as an escape."""
    return _HIDDEN.sub(_escape, text)


def table_lines(header: list[str], rows: list[list[str]], widest: int) -> list[str]:
    """``rows`` under ``header`` in columns as wide as their longest cell (at most ``widest``,
    longer cells cut with "…"), a rule of dashes below the header; cells as given."""
    widths = [min(max([len(h), *(len(row[i]) for row in rows)]), widest) for i, h in enumerate(header)]

    def fmt(cells: list[str]) -> str:
        return "  ".join((c if len(c) <= w else c[: w - 1] + "…").ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return [fmt(header), "  ".join("-" * w for w in widths), *(fmt(row) for row in rows)]


def visible_lines(text: str) -> str:
    """Like ``visible`` but keeping line breaks (a report of several lines)."""
    return _LINE_BREAKS_KEPT.sub(_escape, text)


def never_fail_on_encoding() -> None:
    """A character the output's encoding lacks (a Windows console redirected to a file writes
    cp1252; a file name from the command line may hold a lone surrogate) is written as an
    escape, not raised as UnicodeEncodeError after the work is done."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):  # a closed or unusual stream: leave it as it is
                pass


#: What the file system's refusals mean, in the user's words (``strerror`` is English).
_REASONS = {
    errno.ENAMETOOLONG: N_("the name is too long"),
    errno.EACCES: N_("no permission"),
    errno.EPERM: N_("no permission"),
    errno.ENOENT: N_("it does not exist"),
    errno.EISDIR: N_("it is a folder"),
    errno.ENOTDIR: N_("a part of the path is not a folder"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EROFS: N_("the drive is read-only"),
    errno.EINVAL: N_("the name is not allowed here"),
}


def file_problem(exc: OSError) -> str:
    """One line naming the file and why the file system refused it."""
    reason = _(_REASONS[exc.errno]) if exc.errno in _REASONS else (exc.strerror or str(exc))
    if exc.filename is None:
        return _("A file could not be used: {reason}").format(reason=reason)
    return _("{name} cannot be used: {reason}").format(name=exc.filename, reason=reason)
