"""``partnerdesk grants check`` and ``partnerdesk grants pack``, over hand-built grants.

The grants register (``services.grants.load_grants``) is the register lane's; until it is on
main these tests stand in for it with a module that returns hand-built grants, and add the
commands to the parser themselves.
"""

from __future__ import annotations

import json
import sys
import types
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from partnerdesk.cli import main as cli_main
from partnerdesk.cli.main import main
from partnerdesk.domain.enums import GrantStatus
from partnerdesk.domain.grants import Drawdown, Expense, Grant, PlanLine
from partnerdesk.persistence.database import open_database
from partnerdesk.services import service_for

D = Decimal


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[Grant]]:
    path = tmp_path / "office.sqlite"
    assert main(["init", str(path), "--example-data"]) == 0
    db = open_database(path)
    project = service_for(db, "projects").list()[0]
    db.close()
    grants = [
        Grant(
            id="g1",
            title="Klimapartnerschaft Kumasi",
            file_reference="KP-17",
            status=GrantStatus.RUNNING,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 12, 31),
            approved_amount=D("90000"),
            own_share=D("10000"),
            project_ids=(project.id,),
            plan_lines=(PlanLine("l1", "Reisen", D("1000"), "1"),),
            drawdowns=(Drawdown("d1", D("5000"), received_on=date(2026, 12, 1)),),
            expenses=(
                Expense("e1", date(2026, 3, 1), D("800"), payee="Air", plan_line_id="l1", receipt_reference="B-1"),
            ),
        ),
        Grant(id="g2", title="Kleinprojekt Kumasi", file_reference="KPF-3", status=GrantStatus.APPLICATION),
    ]
    fake = types.ModuleType("partnerdesk.services.grants")
    fake.load_grants = lambda db, summed=False: grants  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "partnerdesk.services.grants", fake)
    if "partnerdesk.cli.grant_commands" not in cli_main.COMMAND_MODULES:
        monkeypatch.setattr(cli_main, "COMMAND_MODULES", [*cli_main.COMMAND_MODULES, "partnerdesk.cli.grant_commands"])
    return path, grants


def test_check_names_each_warning_and_counts_them(office, capsys) -> None:
    path, _grants = office
    assert main(["grants", "check", "--db", str(path), "--today", "13.01.2027"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert (
        "Mittel nicht binnen sechs Wochen verwendet: „Klimapartnerschaft Kumasi“ (Az. KP-17): 5.000,00 EUR der am 01.12.2026 erhaltenen 5.000,00 EUR nicht bis 12.01.2027 verwendet (sechs Wochen)."
        in lines
    )
    assert lines[-1] == "1 Warnung."
    assert not any("Kleinprojekt" in line for line in lines)  # an application has no conditions yet


def test_check_as_json_and_a_quiet_day(office, capsys) -> None:
    path, _grants = office
    assert main(["grants", "check", "--db", str(path), "--today", "2027-01-12", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []  # day 42: still in time
    assert main(["grants", "check", "--db", str(path), "--today", "2026-12-01", "--json"]) == 0
    (found,) = json.loads(capsys.readouterr().out)
    assert (found["grant_id"], found["rule"], found["subject_id"]) == ("g1", "budget_unspent", None)
    assert found["figures"] == {"period_end": "2026-12-31", "days_left": 30, "planned": "1000", "spent": "800", "unspent": "200"}
    assert main(["grants", "check", "--db", str(path), "--today", "2026-02-01"]) == 0
    assert capsys.readouterr().out.strip() == "Keine Warnungen zu 2 Zuwendungen."


def test_a_day_that_is_no_day_is_refused_in_german(office, capsys) -> None:
    path, _grants = office
    assert main(["grants", "check", "--db", str(path), "--today", "31.02.2027"]) == 1
    assert "ist kein Datum" in capsys.readouterr().err


def test_pack_writes_the_folder_and_names_its_files(office, capsys, tmp_path: Path) -> None:
    path, _grants = office
    out = tmp_path / "pack"
    assert (
        main(
            [
                "grants",
                "pack",
                "--db",
                str(path),
                "KP-17",
                "--from",
                "01.01.2026",
                "--until",
                "31.12.2026",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    written = [line.removeprefix("Geschrieben: ") for line in capsys.readouterr().out.splitlines()]
    assert sorted(Path(p).name for p in written) == sorted(p.name for p in out.iterdir())
    xlsx = next(out.glob("*.xlsx"))
    belegliste = load_workbook(xlsx).worksheets[1]
    assert "B-1" in [c.value for row in belegliste.iter_rows() for c in row]


@pytest.mark.parametrize(
    ("grant", "message"),
    [
        ("Kumasi", "Mehrere Zuwendungen passen zu „Kumasi“"),
        ("Nirgendwo", "Keine Zuwendung heißt „Nirgendwo“"),
        ("   ", "Bitte eine Zuwendung nennen"),
    ],
)
def test_pack_of_an_unknown_or_ambiguous_grant(office, capsys, tmp_path: Path, grant: str, message: str) -> None:
    path, _grants = office
    assert (
        main(
            [
                "grants",
                "pack",
                "--db",
                str(path),
                grant,
                "--from",
                "2026-01-01",
                "--until",
                "2026-12-31",
                "--out",
                str(tmp_path / "p"),
            ]
        )
        == 1
    )
    assert message in capsys.readouterr().err
    assert not (tmp_path / "p").exists()


def test_pack_with_a_reversed_period_writes_nothing(office, capsys, tmp_path: Path) -> None:
    path, _grants = office
    assert (
        main(
            [
                "grants",
                "pack",
                "--db",
                str(path),
                "g1",
                "--from",
                "2026-12-31",
                "--until",
                "2026-01-01",
                "--out",
                str(tmp_path / "p"),
            ]
        )
        == 1
    )
    assert "bevor er beginnt" in capsys.readouterr().err
    assert not (tmp_path / "p").exists()
