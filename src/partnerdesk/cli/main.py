"""Parsing the command line and turning errors into exit codes.

Exit status: 0 success; 1 a user or environment error (one line on stderr, never
a traceback); 2 a usage error. Each feature area registers its commands in a
module listed in ``COMMAND_MODULES``.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from typing import Any, NoReturn

from partnerdesk import __version__
from partnerdesk.cli import argparse_texts
from partnerdesk.cli.common import add_db_option
from partnerdesk.cli.terminal import file_problem, never_fail_on_encoding, visible
from partnerdesk.domain.errors import PartnerDeskError, UserError
from partnerdesk.i18n import _, set_language
from partnerdesk.log_file import COMMAND_LINE_LOG, log_to_file

log = logging.getLogger(__name__)

COMMAND_MODULES = [
    "partnerdesk.cli.database_commands",
    "partnerdesk.cli.safety_commands",
    "partnerdesk.cli.document_commands",
    "partnerdesk.cli.template_commands",
    "partnerdesk.cli.theme_commands",
    "partnerdesk.cli.exchange_commands",
    "partnerdesk.cli.travel_commands",
    "partnerdesk.cli.server_commands",
    "partnerdesk.cli.history_commands",
    "partnerdesk.cli.due_commands",
    "partnerdesk.cli.attachment_commands",
    "partnerdesk.cli.grant_commands",
    "partnerdesk.cli.privacy_commands",
    "partnerdesk.cli.privacy_erase_command",
    "partnerdesk.cli.privacy_keep_commands",
    "partnerdesk.cli.report_commands",
    "partnerdesk.cli.programme_commands",
]

#: The top-level commands each module of ``COMMAND_MODULES`` registers (checked against what they
#: do register by tests/unit/cli/test_parser_per_command.py). A command line naming one of them
#: builds only its modules' parsers: building all costs several milliseconds of every command.
#: A module missing here is always registered.
COMMAND_NAMES: dict[str, tuple[str, ...]] = {
    "partnerdesk.cli.database_commands": ("init", "list", "export", "import", "check", "backup", "remove-example-data"),
    "partnerdesk.cli.safety_commands": ("restore", "backups"),
    "partnerdesk.cli.document_commands": ("mou", "sheet"),
    "partnerdesk.cli.template_commands": ("templates",),
    "partnerdesk.cli.theme_commands": ("themes",),
    "partnerdesk.cli.exchange_commands": (
        "import-table", "export-table", "export-cemr", "export-iati", "export-ics", "participant-list", "mail-merge",
    ),
    "partnerdesk.cli.travel_commands": ("travel",),
    "partnerdesk.cli.server_commands": ("server",),
    "partnerdesk.cli.history_commands": ("history",),
    "partnerdesk.cli.due_commands": ("due",),
    "partnerdesk.cli.attachment_commands": ("attach", "attachments"),
    "partnerdesk.cli.grant_commands": ("grants",),
    "partnerdesk.cli.privacy_commands": ("privacy",),
    "partnerdesk.cli.privacy_erase_command": ("privacy",),
    "partnerdesk.cli.privacy_keep_commands": ("privacy",),
    "partnerdesk.cli.report_commands": ("report",),
    "partnerdesk.cli.programme_commands": ("programme",),
}
#: The top-level options that take a value (the value is not the command's name).
_OPTIONS_WITH_VALUE = ("--db", "--server", "--lang")


class _Parser(argparse.ArgumentParser):
    """Usage errors quote what was typed: shown with its control characters escaped (see
    ``terminal``). Subcommands' parsers are of the same class (argparse's default)."""

    def error(self, message: str) -> NoReturn:
        super().error(visible(message))

    def _get_values(self, action: argparse.Action, arg_strings: list[str]) -> Any:
        # Python 3.11's argparse drops a value "--" ("--author=--") and stores an empty list,
        # which no command expects (Python 3.13 fixed it): a single value "--" stays "--".
        if action.nargs is None and arg_strings == ["--"]:
            value = self._get_value(action, "--")
            self._check_value(action, value)
            return value
        return super()._get_values(action, arg_strings)


def modules_for(argv: list[str] | None) -> list[str]:
    """The modules of ``COMMAND_MODULES`` whose commands the parser for ``argv`` needs: only the
    named command's (and those missing from ``COMMAND_NAMES``) when the first word that is not a
    top-level option names a known command; else all (no command: the window or the overview help;
    a mistyped one: the usage error lists every command)."""
    if argv is None:
        return COMMAND_MODULES
    words = iter(argv)
    command = None
    for word in words:
        if word in _OPTIONS_WITH_VALUE:
            next(words, None)
        elif not word.startswith("-"):
            command = word
            break
    known = [module for module in COMMAND_MODULES if command in COMMAND_NAMES.get(module, ())]
    if not known:
        return COMMAND_MODULES
    return [module for module in COMMAND_MODULES if module in known or module not in COMMAND_NAMES]


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The command line's parser: every command's, or (given the command line) only the named
    command's (``modules_for``)."""
    argparse_texts.install()  # "usage:", "options", usage errors: German by default, like the rest
    parser = _Parser(prog="partnerdesk", description=_("PartnerDesk: the registers of the city's partnerships."))
    parser.add_argument(
        "--version",
        action="version",
        version=f"PartnerDesk {__version__}",
        help=_("show the program's version number and exit"),  # argparse's own text is not translatable
    )
    add_db_option(parser)
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    for name in modules_for(argv):
        importlib.import_module(name).register(sub)
    return parser


#: Commands whose own ``--lang`` names the language of the document they write, not of the messages.
DOCUMENT_LANGUAGE_COMMANDS = ("mou",)


def _preparse_language(argv: list[str]) -> None:
    """Choose the language before the parser is built: its help texts and argparse's are translated then."""
    lang = None
    for i, arg in enumerate(argv):
        if arg in DOCUMENT_LANGUAGE_COMMANDS:
            break  # "partnerdesk mou Kumasi --lang en": an English MoU, German messages and help
        if arg == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    set_language(lang if lang in ("de", "en") else None)


def _refuse_undecodable_text(args: argparse.Namespace) -> None:
    """A text argument (a name, a search, an author) with bytes that are not UTF-8 arrives with
    lone surrogates (Python's stand-ins for them) that no database, PDF or XML file takes. File
    names may hold them (the file system takes them back as they were)."""
    for name, value in vars(args).items():
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and any("\ud800" <= ch <= "\udfff" for ch in text):
                raise UserError(_("The argument {name} “{value}” contains bytes that are not UTF-8.").format(
                    name=name, value=text
                ))


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    never_fail_on_encoding()
    _preparse_language(argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if args.command is None:
        from partnerdesk.ui.app import run

        return run(getattr(args, "db", None), args)
    # Warnings go to the command line's log file, not to stderr in English beside the German message.
    log_to_file(COMMAND_LINE_LOG)
    try:
        _refuse_undecodable_text(args)
        return int(args.handler(args) or 0)
    except PartnerDeskError as exc:
        sys.stderr.write(f"partnerdesk: {visible(exc.message)}\n")  # one line, whatever a name holds
        return 1
    except OSError as exc:  # the file system said no (a name too long, no permission, a folder): name the file
        log.info("file system error in a command", exc_info=True)
        sys.stderr.write(f"partnerdesk: {visible(file_problem(exc))}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write(_("partnerdesk: cancelled") + "\n")
        return 1
    except BrokenPipeError:
        return 0

