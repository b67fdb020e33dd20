"""argparse's own texts (usage, help headings, usage errors) speak the program's language."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_python

from partnerdesk import i18n
from partnerdesk.cli import argparse_texts
from partnerdesk.cli.main import main

SRC = Path(__file__).resolve().parents[3] / "src"


def run(*args: str) -> subprocess.CompletedProcess:
    """The real ``partnerdesk`` program in its own process."""
    env = {**os.environ, "PYTHONPATH": str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    env.pop("PARTNERDESK_LANG", None)
    return subprocess.run([sys.executable, "-m", "partnerdesk", *args], capture_output=True, text=True, env=env, timeout=120)


def argparse_messages() -> list[str | tuple[str, str]]:
    """Every message the running Python's argparse looks up through gettext."""
    with open(argparse.__file__, "rb") as fh:
        found = extract_python(fh, {"_": None, "ngettext": (1, 2)}, [], {})
        messages = [message for _line, _function, message, _comments in found]
    return [m if isinstance(m, str) else (m[0], m[1]) for m in messages if m and (isinstance(m, str) or m[0])]


def test_every_argparse_message_has_a_german_translation():
    messages = argparse_messages()
    assert "the following arguments are required: %s" in messages and len(messages) > 30
    i18n.set_language("de")
    untranslated = [
        m for m in messages
        if (i18n._(m) == m if isinstance(m, str) else i18n.ngettext(*m, 1) == m[0] or i18n.ngettext(*m, 2) == m[1])
    ]
    assert untranslated == []


def usage_error(capsys, *argv: str) -> str:
    with pytest.raises(SystemExit) as exit_:
        main(list(argv))
    assert exit_.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err


def test_the_real_program_reports_a_missing_argument_in_german(tmp_path):
    result = run("list", "--db", str(tmp_path / "office.sqlite"))
    assert result.returncode == 2
    assert result.stderr.startswith("Aufruf: partnerdesk list [-h] [--db DATEI]")
    assert result.stderr.splitlines()[-1] == "partnerdesk list: Fehler: folgende Argumente fehlen: register"
    assert "usage" not in result.stderr and "error" not in result.stderr


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["list", "nothing"], "Argument register: ungültige Auswahl: 'nothing' (möglich: 'organisations', "),
        (["list", "projects", "--db"], "partnerdesk list: Fehler: Argument --db: erwartet einen Wert"),
        (["list", "projects", "--colour"], "partnerdesk: Fehler: unbekannte Argumente: --colour"),
        (["import", "--d", "x", "in.json"], "mehrdeutige Option: --d kann --db, --dry-run bedeuten"),
        (["import", "in.json", "--dry-run=yes"], "Argument --dry-run: nimmt keinen Wert an (angegeben: 'yes')"),
        (["mou", "Kumasi", "--out", "x.pdf", "--draft", "2", "--final"], "Argument --final: nicht zusammen mit Argument --draft erlaubt"),
        (["mou", "Kumasi"], "partnerdesk mou: Fehler: folgende Argumente fehlen: --out"),
        (["travel"], "partnerdesk travel: Fehler: folgende Argumente fehlen: BEFEHL"),
        (["lsit"], "partnerdesk: Fehler: Argument BEFEHL: ungültige Auswahl: 'lsit' (möglich: 'init', 'list',"),
    ],
)
def test_usage_errors_are_german(capsys, argv, message):
    err = usage_error(capsys, *argv)
    assert err.startswith("Aufruf: partnerdesk")
    assert message in err


def test_help_is_german_and_english_with_lang_en(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    german = capsys.readouterr().out
    assert german.startswith("Aufruf: partnerdesk [-h] [--version] [--db DATEI]")
    for text in ("\nArgumente:\n", "\nOptionen:\n", "diese Hilfe anzeigen und beenden", "Versionsnummer des Programms anzeigen"):
        assert text in german
    with pytest.raises(SystemExit):
        main(["--lang", "en", "--help"])
    english = capsys.readouterr().out
    assert english.startswith("usage: partnerdesk [-h] [--version] [--db FILE]")
    for text in ("\npositional arguments:\n", "\noptions:\n", "show this help message and exit", "show the program's version"):
        assert text in english


def test_english_usage_errors_with_lang_en_or_the_environment(capsys, monkeypatch):
    err = usage_error(capsys, "--lang", "en", "list", "nothing")
    assert err.startswith("usage: partnerdesk list")
    assert "partnerdesk list: error: argument register: invalid choice: 'nothing' (choose from" in err
    monkeypatch.setenv("PARTNERDESK_LANG", "en")
    err = usage_error(capsys, "list")
    assert "partnerdesk list: error: the following arguments are required: register" in err
    monkeypatch.delenv("PARTNERDESK_LANG")
    err = usage_error(capsys, "list")
    assert "partnerdesk list: Fehler: folgende Argumente fehlen: register" in err


def test_a_type_that_rejects_a_value_and_a_plural_are_translated(capsys):
    argparse_texts.install()
    i18n.set_language("de")
    parser = argparse.ArgumentParser(prog="probe")
    parser.add_argument("--count", type=int)
    parser.add_argument("--pair", nargs=2)
    with pytest.raises(SystemExit):
        parser.parse_args(["--count", "viele"])
    assert "probe: Fehler: Argument --count: ungültiger Wert (int): 'viele'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        parser.parse_args(["--pair", "a"])
    assert "Argument --pair: erwartet 2 Werte" in capsys.readouterr().err


def test_install_is_idempotent_and_follows_the_language():
    argparse_texts.install()
    argparse_texts.install()
    assert argparse._ is i18n._  # type: ignore[attr-defined]
    i18n.set_language("en")
    assert argparse._("options") == "options"  # type: ignore[attr-defined]
    i18n.set_language("de")
    assert argparse._("options") == "Optionen"  # type: ignore[attr-defined]


def test_the_document_language_of_mou_does_not_switch_the_help_to_english(capsys):
    err = usage_error(capsys, "mou", "Kumasi", "--lang", "en")
    assert "partnerdesk mou: Fehler: folgende Argumente fehlen: --out" in err
    with pytest.raises(SystemExit):
        main(["--lang", "en", "mou", "--help"])
    assert "usage: partnerdesk mou" in capsys.readouterr().out


def test_every_argument_of_every_command_is_explained_in_the_help():
    import argparse

    from partnerdesk.cli.main import build_parser

    unexplained = []

    def walk(parser: argparse.ArgumentParser) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub in action.choices.values():
                    walk(sub)
            elif not action.help:
                unexplained.append(f"{parser.prog}: {action.metavar or action.dest}")

    walk(build_parser())
    assert unexplained == []
