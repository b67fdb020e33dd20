"""A command line builds only its command's parsers (``cli.main.modules_for``): the table of
which module registers which commands must match what the modules do register, and a parser
built for one command parses it as the whole parser does."""

from __future__ import annotations

import argparse
import importlib

import pytest

from partnerdesk.cli.main import COMMAND_MODULES, COMMAND_NAMES, build_parser, modules_for


@pytest.mark.parametrize("module", COMMAND_MODULES)
def test_the_table_names_the_commands_each_module_registers(module: str) -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    importlib.import_module(module).register(sub)  # alone (the privacy modules make "privacy" if missing)
    assert tuple(sub.choices) == COMMAND_NAMES[module]


def test_every_command_is_in_the_table() -> None:
    whole = build_parser()
    sub = next(a for a in whole._actions if isinstance(a, argparse._SubParsersAction))
    assert set(sub.choices) == {name for names in COMMAND_NAMES.values() for name in names}


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["grants", "check", "--db", "x.sqlite"], ["partnerdesk.cli.grant_commands"]),
        (["--db", "grants", "due"], ["partnerdesk.cli.due_commands"]),  # "grants" is the file here
        (["--lang", "en", "privacy", "export", "Anna"], [
            "partnerdesk.cli.privacy_commands", "partnerdesk.cli.privacy_erase_command",
            "partnerdesk.cli.privacy_keep_commands"]),
        ([], COMMAND_MODULES),
        (["--help"], COMMAND_MODULES),
        (["grantz", "check"], COMMAND_MODULES),  # a typo: the usage error lists every command
    ],
)
def test_only_the_named_commands_modules(argv: list[str], expected: list[str]) -> None:
    assert modules_for(argv) == expected


@pytest.mark.parametrize(
    "argv",
    [
        ["grants", "check", "--db", "x.sqlite", "--today", "2027-05-20", "--json"],
        ["--db", "x.sqlite", "grants", "pack", "KP-1", "--from", "2026-01-01", "--until", "2026-12-31", "--out", "o"],
        ["due", "--db", "x.sqlite"],
        ["backups", "--db", "x.sqlite"],
    ],
)
def test_a_command_parses_alike_with_its_parser_alone(argv: list[str]) -> None:
    def parsed(parser: argparse.ArgumentParser) -> dict[str, object]:
        return {k: v for k, v in vars(parser.parse_args(argv)).items() if k != "handler"}

    alone, whole = build_parser(argv), build_parser()
    assert parsed(alone) == parsed(whole)
    assert vars(alone.parse_args(argv))["handler"].__qualname__ == vars(whole.parse_args(argv))["handler"].__qualname__
