from partnerdesk.persistence import migrate


def test_light_revision_reading_agrees_with_alembic():
    script = migrate.script_directory()
    assert migrate.head_revision() == script.get_current_head()
    assert migrate.known_revisions() == {rev.revision for rev in script.walk_revisions()}
