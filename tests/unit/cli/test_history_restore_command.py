"""``partnerdesk history RECORD --restore``: a deleted record back from the history, also long
after the deletion (no undo stack needed); refused in one German line naming what is missing."""

from __future__ import annotations

import json

import pytest

from partnerdesk.cli.main import main
from partnerdesk.domain.records import Organisation, Partnership, Project
from partnerdesk.persistence.database import open_database
from partnerdesk.services.history import History
from partnerdesk.services.records import OrganisationService, PartnershipService, ProjectService


def _deleted_organisation(office, name="Kurzlebige Gemeinde"):
    with open_database(office) as db:
        org = OrganisationService(db).create(Organisation(name=name, country="DE", city="Irgendwo"))
        OrganisationService(db).delete(org.id)
        return org


def test_a_deleted_record_is_restored_by_its_name(office, capsys):
    org = _deleted_organisation(office)
    assert main(["history", "kurzlebige", "--restore", "--db", str(office)]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith("Wiederhergestellt: Organisation „Kurzlebige Gemeinde“ (gelöscht am ")
    with open_database(office) as db:
        assert OrganisationService(db).get(org.id).city == "Irgendwo"
        assert History(db).for_record("organisations", org.id)[0].operation == "restored"


def test_a_deletion_is_restored_by_its_number_from_the_json(office, capsys):
    org = _deleted_organisation(office)
    assert main(["history", org.id, "--db", str(office), "--format", "json"]) == 0
    deletion = json.loads(capsys.readouterr().out)[0]
    assert deletion["operation"] == "deleted"
    assert main(["history", str(deletion["id"]), "--restore", "--db", str(office)]) == 0
    with open_database(office) as db:
        assert OrganisationService(db).exists(org.id)


def test_restoring_twice_or_a_record_that_is_there_is_one_german_line(office, capsys):
    _deleted_organisation(office)
    assert main(["history", "Kurzlebige", "--restore", "--db", str(office)]) == 0
    capsys.readouterr()
    assert main(["history", "Kurzlebige", "--restore", "--db", str(office)]) == 1
    err = capsys.readouterr().err.strip()
    assert "nicht gelöscht" in err and "\n" not in err and "Traceback" not in err
    assert main(["history", "--restore", "--db", str(office)]) == 1
    assert "Nennen Sie den gelöschten Datensatz" in capsys.readouterr().err


def test_a_restore_that_would_break_a_reference_is_refused_and_writes_nothing(office, capsys):
    with open_database(office) as db:
        partner = OrganisationService(db).create(Organisation(name="Partnerort", country="GH"))
        ship = PartnershipService(db).create(Partnership(title="Alte Partnerschaft", partner_id=partner.id))
        project = ProjectService(db).create(Project(title="Verwaistes Projekt", partnership_id=ship.id))
        ProjectService(db).delete(project.id)
        PartnershipService(db).delete(ship.id)
        before = History(db).latest_id()
    assert main(["history", "Verwaistes", "--restore", "--db", str(office)]) == 1
    err = capsys.readouterr().err
    assert "Partnerschaft „Alte Partnerschaft“" in err and "zuerst" in err
    with open_database(office) as db:
        assert not ProjectService(db).exists(project.id) and History(db).latest_id() == before
    # Restore the partnership first, then the project: both come back.
    assert main(["history", "Alte Partnerschaft", "--restore", "--db", str(office)]) == 0
    assert main(["history", "Verwaistes", "--restore", "--db", str(office)]) == 0
    with open_database(office) as db:
        assert ProjectService(db).get(project.id).partnership_id == ship.id


@pytest.mark.parametrize("value", ["0", "#", "-1", "99999999999999999999999", "' OR 1=1 --", "\u202e", "Kumasi", "…", " "])
def test_hostile_names_end_in_one_line_not_a_traceback(office, capsys, value):
    code = main(["history", "--restore", "--db", str(office), "--", value])
    captured = capsys.readouterr()
    assert code in (1, 2) and "Traceback" not in captured.err and captured.err.strip()


def test_every_hostile_value_of_the_corpus_sample(office, capsys):
    from test_every_command_hostile import ARGUMENT_CORPUS

    for value in ARGUMENT_CORPUS[::37]:
        code = main(["history", "--restore", "--db", str(office), "--", value])
        captured = capsys.readouterr()
        assert code in (0, 1, 2), value
        assert "Traceback" not in captured.err, (value, captured.err)
