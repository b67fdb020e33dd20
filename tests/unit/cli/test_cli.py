"""Every command of the command line, in a real process and in-process, with its error cases."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from partnerdesk.cli.main import main


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    src = os.path.join(os.path.dirname(__file__), "..", "..", "..", "src")
    full_env["PYTHONPATH"] = os.path.abspath(src) + os.pathsep + full_env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-m", "partnerdesk", *args], capture_output=True, text=True, env=full_env, timeout=120)


def test_first_use_creates_default_database_with_example_data(private_data_dir):
    result = run("list", "partnerships", "--format", "json")
    assert result.returncode == 0, result.stderr
    titles = {p["title"] for p in json.loads(result.stdout)}
    assert "Klimapartnerschaft Dortmund – Kumasi" in titles
    assert (private_data_dir / "partnerdesk.sqlite").exists()


def test_init_list_check_backup_export_import(tmp_path, capsys):
    db = tmp_path / "office.sqlite"
    assert main(["init", str(db), "--example-data"]) == 0
    assert main(["list", "projects", "--db", str(db)]) == 0
    assert "Jeder Tropfen zählt" in capsys.readouterr().out
    assert main(["list", "organisations", "--db", str(db), "--format", "csv"]) == 0
    assert "Dabola" in capsys.readouterr().out
    assert main(["check", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "Unversehrtheit: ok" in out and "  Projekte: 6" in out
    assert main(["backup", "--db", str(db), str(tmp_path / "b.sqlite")]) == 0
    assert main(["check", "--db", str(tmp_path / "b.sqlite")]) == 0
    assert main(["export", "--db", str(db), str(tmp_path / "all.json")]) == 0
    empty = tmp_path / "empty.sqlite"
    assert main(["init", str(empty)]) == 0
    capsys.readouterr()
    assert main(["import", "--db", str(empty), str(tmp_path / "all.json"), "--dry-run"]) == 0
    assert "Probelauf" in capsys.readouterr().out
    assert main(["list", "projects", "--db", str(empty), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["import", "--db", str(empty), str(tmp_path / "all.json")]) == 0
    assert main(["export", "--db", str(empty), str(tmp_path / "again.json")]) == 0
    first = json.loads((tmp_path / "all.json").read_text())["records"]
    second = json.loads((tmp_path / "again.json").read_text())["records"]
    assert first == second


def test_warnings_go_to_the_log_file_not_to_stderr_in_english(private_data_dir):
    """A setting the program ignores is logged for support; the user sees only German output."""
    assert run("list", "partnerships").returncode == 0  # creates the default database
    result = run("list", "partnerships", env={"PARTNERDESK_BACKUP_KEEP": "viele"})
    assert result.returncode == 0, result.stderr
    assert "ignoring" not in result.stderr and "WARNING" not in result.stderr
    log = (private_data_dir / "logs" / "partnerdesk-cli.log").read_text("utf-8")
    # the log names the problem, not the typed value (logs hold no typed values: issue 22)
    assert "ignoring invalid number of backups to keep" in log and "viele" not in log


def test_a_log_folder_that_cannot_be_written_does_not_stop_a_command(private_data_dir):
    assert run("list", "partnerships").returncode == 0
    shutil.rmtree(private_data_dir / "logs")
    (private_data_dir / "logs").write_text("a file where the folder should be")
    result = run("list", "partnerships", env={"PARTNERDESK_BACKUP_KEEP": "viele"})
    assert result.returncode == 0, result.stderr
    assert "Kumasi" in result.stdout and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--db", "{tmp}/missing.sqlite"],
        ["list", "projects", "--db", "{tmp}/notes.txt"],
        ["import", "--db", "{db}", "{tmp}/notes.txt"],
        ["import", "--db", "{db}", "{tmp}/missing.json"],
        ["init", "{db}"],
        ["backup", "--db", "{db}", "{db}"],
    ],
)
def test_user_errors_exit_1_with_one_line(tmp_path, args):
    db = tmp_path / "office.sqlite"
    assert main(["init", str(db)]) == 0
    (tmp_path / "notes.txt").write_text("not a database")
    args = [a.format(tmp=tmp_path, db=db) for a in args]
    result = run(*args)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("partnerdesk: ")


def test_invalid_import_is_all_or_nothing(tmp_path, capsys):
    db = tmp_path / "office.sqlite"
    main(["init", str(db), "--example-data"])
    main(["export", "--db", str(db), str(tmp_path / "all.json")])
    archive = json.loads((tmp_path / "all.json").read_text())
    archive["records"]["organisations"][0]["name"] = "Neuer Name"
    archive["records"]["projects"][0]["sdg_goals"] = [42]
    (tmp_path / "bad.json").write_text(json.dumps(archive))
    assert main(["import", "--db", str(db), str(tmp_path / "bad.json")]) == 1
    assert "SDG" in capsys.readouterr().err
    main(["list", "organisations", "--db", str(db), "--format", "json"])
    assert "Neuer Name" not in capsys.readouterr().out


def test_usage_error_exits_2():
    result = run("list", "nothing")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_english_messages(tmp_path):
    result = run("--lang", "en", "check", "--db", str(tmp_path / "missing.sqlite"))
    assert "does not exist" in result.stderr


def test_a_command_on_an_older_file_says_that_it_updates_it_first(tmp_path, capsys):
    import shutil
    from pathlib import Path

    old = tmp_path / "old.sqlite"
    shutil.copyfile(Path(__file__).resolve().parents[2] / "data" / "schemas" / "0002.sqlite", old)
    assert main(["list", "partnerships", "--db", str(old)]) == 0
    captured = capsys.readouterr()
    assert "old.sqlite wird für diese Version von PartnerDesk aktualisiert" in captured.err
    assert "Kumasi" in captured.out
    # Once updated, the file opens without the notice.
    assert main(["list", "partnerships", "--db", str(old)]) == 0
    assert "aktualisiert" not in capsys.readouterr().err


def test_list_table_has_column_titles_and_csv_keeps_the_field_names(office, capsys):
    assert main(["list", "activities", "--db", str(office)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["ID", "Datum", "Typ", "Titel", "Ort", "Partnerschaft", "Offene", "Wiedervorlagen"]
    assert set(lines[1]) == {"-", " "}
    assert main(["list", "activities", "--db", str(office), "--lang", "en"]) == 0
    assert capsys.readouterr().out.splitlines()[0].split() == ["ID", "Date", "Type", "Title", "Place", "Partnership", "Open", "follow-ups"]
    # Scripts read the CSV header: field names, whatever the language.
    for lang in ("de", "en"):
        assert main(["list", "activities", "--db", str(office), "--format", "csv", "--lang", lang]) == 0
        assert capsys.readouterr().out.splitlines()[0] == "id,date,kind,title,place,partnership,open_follow_ups"
    assert main(["list", "partnerships", "--db", str(office), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "id,title,partner,type,status,start,mou,stage,sdg"
