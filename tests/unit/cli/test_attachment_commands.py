"""``partnerdesk attach`` and ``partnerdesk attachments``: attach, list, save under a safe name;
a file over the limit refused with exit status 1, a German line and nothing saved."""

from __future__ import annotations

import pytest

from partnerdesk.cli.main import main


@pytest.fixture
def office(tmp_path):
    db = tmp_path / "office.sqlite"
    assert main(["init", str(db), "--example-data"]) == 0
    return db


def test_attach_list_and_save(office, tmp_path, capsys):
    source = tmp_path / "CON.txt"
    source.write_bytes(b"Einladung")
    capsys.readouterr()
    assert main(["attach", "--db", str(office), "--register", "partnerships", "Kumasi", str(source)]) == 0
    assert "Angehängt: CON.txt (9 Bytes)." in capsys.readouterr().out
    assert main(["attachments", "--db", str(office), "--register", "partnerships", "Kumasi"]) == 0
    listing = capsys.readouterr().out
    assert "CON.txt" in listing and "Größe" in listing
    folder = tmp_path / "out"
    folder.mkdir()
    assert main(["attachments", "--db", str(office), "--register", "partnerships", "Kumasi",
                 "--save", "con.txt", "--out", str(folder)]) == 0
    assert [p.name for p in folder.iterdir()] == ["_CON.txt"]
    assert (folder / "_CON.txt").read_bytes() == b"Einladung"


def test_a_file_over_the_limit_is_refused_and_nothing_saved(office, tmp_path, capsys):
    big = tmp_path / "Video.mp4"
    big.write_bytes(b"x" * 1_000_001)
    capsys.readouterr()
    assert main(["attach", "--db", str(office), "--register", "partnerships", "--max-mb", "1", "Kumasi", str(big)]) == 1
    err = capsys.readouterr().err
    assert "Video.mp4" in err and "1,0 MB" in err and "Nichts wurde gespeichert" in err
    assert main(["attachments", "--db", str(office), "--register", "partnerships", "Kumasi"]) == 0
    assert "Keine Anhänge." in capsys.readouterr().out


def test_save_needs_out_and_an_unknown_name_is_named(office, tmp_path, capsys):
    assert main(["attachments", "--db", str(office), "Kumasi", "--register", "partnerships", "--save", "x.pdf"]) == 1
    assert "--save und --out" in capsys.readouterr().err
    assert main(["attachments", "--db", str(office), "Kumasi", "--register", "partnerships",
                 "--save", "x.pdf", "--out", str(tmp_path)]) == 1
    assert "keinen Anhang „x.pdf“" in capsys.readouterr().err


def test_a_file_attached_to_a_council_decision(office, tmp_path, capsys):
    """The register of council decisions takes files like the others (the signed Beschluss)."""
    from decision_helpers import council_approval
    from partnerdesk.persistence.database import open_database
    from partnerdesk.services import attachments
    from partnerdesk.services.records import PartnershipService

    with open_database(office, automatic_backup=False) as db:
        decision = council_approval(db, PartnershipService(db).find("Kumasi").id, title="Beschluss Kumasi")
    source = tmp_path / "Beschluss 04711-26.pdf"
    source.write_bytes(b"%PDF-1.7 Beschluss")
    capsys.readouterr()
    assert main(["attach", "--db", str(office), "--register", "decisions", "Beschluss Kumasi", str(source)]) == 0
    assert main(["attachments", "--db", str(office), "--register", "decisions", "Beschluss Kumasi"]) == 0
    assert "Beschluss 04711-26.pdf" in capsys.readouterr().out
    with open_database(office, automatic_backup=False) as db:
        (attached,) = attachments.list_for(db, "decisions", decision.id)
        assert attachments.content(db, attached.id) == b"%PDF-1.7 Beschluss"
