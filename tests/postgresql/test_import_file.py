"""``partnerdesk server import-file``: personal database files moved into the office database.

All or nothing, records matched by id, conflicts decided as in a travel merge.
"""

from __future__ import annotations

import pytest

from partnerdesk.cli.main import main
from partnerdesk.domain.enums import OrganisationKind
from partnerdesk.domain.records import Organisation, Project
from partnerdesk.persistence.database import create_database
from partnerdesk.persistence.server import open_server_database
from partnerdesk.services import OrganisationService, ProjectService
from partnerdesk.travel.apply import UnresolvedConflictsError
from partnerdesk.travel.file_import import import_files


@pytest.fixture
def office(server_database_url):
    db = open_server_database(server_database_url)
    yield db
    db.close()


def _personal(path, umweltamt: Organisation, short_name: str, *, extra: list) -> object:
    db = create_database(path)
    OrganisationService(db).create(Organisation(id=umweltamt.id, name=umweltamt.name, short_name=short_name,
                                                kind=umweltamt.kind))
    for record in extra:
        (ProjectService(db) if isinstance(record, Project) else OrganisationService(db)).create(record)
    return db


def _state(db) -> dict[str, str]:
    return {o.name: o.short_name for o in OrganisationService(db).list()} | {
        p.title: "project" for p in ProjectService(db).list()
    }


def test_files_move_in_all_or_nothing_and_what_both_changed_needs_a_decision(office, tmp_path, capsys,
                                                                              server_database_url):
    from datetime import date

    from partnerdesk.domain.enums import ProjectStatus

    umweltamt = OrganisationService(office).create(Organisation(name="Umweltamt", kind=OrganisationKind.CITY_UNIT))
    first = _personal(tmp_path / "mueller.sqlite", umweltamt, "UA",
                      extra=[Organisation(name="Kämmerei", kind=OrganisationKind.CITY_UNIT)])
    second = _personal(tmp_path / "yilmaz.sqlite", umweltamt, "UMW",
                       extra=[Project(title="Wasser für Kumasi", status=ProjectStatus.IDEA, start_date=date(2026, 1, 1))])
    first.close()
    second.close()
    before = _state(office)

    files = [str(tmp_path / "mueller.sqlite"), str(tmp_path / "yilmaz.sqlite")]
    # The first file fills the empty short name; the second file set it differently: a conflict.
    assert main(["server", "import-file", *files, "--server", server_database_url]) == 1
    err = capsys.readouterr().err
    assert "UA" in err and "UMW" in err and "nichts wurde geändert" in err
    assert _state(office) == before == {"Umweltamt": ""}

    assert main(["server", "import-file", *files, "--server", server_database_url, "--prefer", "file"]) == 0
    out = capsys.readouterr().out
    assert "mueller.sqlite: 1 neu, 1 aktualisiert, 0 Konflikte entschieden" in out  # filled the empty field
    assert "yilmaz.sqlite: 1 neu, 1 aktualisiert, 1 Konflikt entschieden" in out
    assert _state(office) == {"Umweltamt": "UMW", "Kämmerei": "", "Wasser für Kumasi": "project"}


def test_a_conflict_changes_nothing_until_decided(office, tmp_path, capsys, server_database_url):
    umweltamt = OrganisationService(office).create(
        Organisation(name="Umweltamt", short_name="UwA", kind=OrganisationKind.CITY_UNIT))
    _personal(tmp_path / "mueller.sqlite", umweltamt, "UA",
              extra=[Organisation(name="Kämmerei", kind=OrganisationKind.CITY_UNIT)]).close()
    _personal(tmp_path / "yilmaz.sqlite", umweltamt, "UwA", extra=[]).close()
    files = [str(tmp_path / "mueller.sqlite"), str(tmp_path / "yilmaz.sqlite")]

    assert main(["server", "import-file", *files, "--server", server_database_url]) == 1
    err = capsys.readouterr().err
    assert "1 Konflikt" in err and "nichts wurde geändert" in err and "UA" in err
    assert _state(office) == {"Umweltamt": "UwA"}  # all or nothing: not even the Kämmerei

    assert main(["server", "import-file", *files, "--server", server_database_url, "--prefer", "file"]) == 0
    out = capsys.readouterr().out  # the second file set it back: decided for the file, the last file wins
    assert "mueller.sqlite: 1 neu, 1 aktualisiert, 1 Konflikt entschieden" in out
    assert "yilmaz.sqlite: 0 neu, 1 aktualisiert, 1 Konflikt entschieden" in out
    assert _state(office) == {"Umweltamt": "UwA", "Kämmerei": ""}


def test_the_library_call_reports_the_conflicts(office, tmp_path):
    umweltamt = OrganisationService(office).create(
        Organisation(name="Umweltamt", short_name="UwA", kind=OrganisationKind.CITY_UNIT))
    source = _personal(tmp_path / "mueller.sqlite", umweltamt, "UA", extra=[])
    try:
        with pytest.raises(UnresolvedConflictsError) as caught:
            import_files(office, [("mueller.sqlite", source)])
        [conflict] = caught.value.conflicts
        assert (conflict.field, conflict.office, conflict.travel) == ("short_name", "UwA", "UA")
        [result] = import_files(office, [("mueller.sqlite", source)], prefer="office")
        assert result.conflicts and _state(office) == {"Umweltamt": "UwA"}
    finally:
        source.close()
