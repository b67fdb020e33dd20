"""The field-by-field merge of one record (pure functions)."""

from __future__ import annotations

from partnerdesk.travel.three_way import merge_fields

BASE = {"id": "x", "version": 3, "updated_at": "t0", "notes": "", "city": "A", "sdg_goals": [1, 2],
        "participants": [{"organisation_id": "o1", "role": "lead"}]}


def with_(**changes):
    return {**BASE, **changes}


def test_version_and_timestamps_are_not_compared():
    result = merge_fields(BASE, with_(version=9, updated_at="t9"), with_(version=4, updated_at="t1"))
    assert result.conflicts == [] and result.from_travel == []


def test_one_sided_and_conflicting_changes():
    result = merge_fields(BASE, with_(notes="office", city="B"), with_(notes="travel"))
    assert result.conflicts == ["notes"]
    assert result.merged["notes"] == "office" and result.merged["city"] == "B"
    result = merge_fields(BASE, with_(city="B"), with_(notes="travel"))
    assert result.merged["notes"] == "travel" and result.from_travel == ["notes"]


def test_sets_merge_by_element():
    result = merge_fields(BASE, with_(sdg_goals=[1, 2, 5]), with_(sdg_goals=[2, 7]))
    assert sorted(result.merged["sdg_goals"]) == [2, 5, 7] and result.conflicts == []


def test_keyed_lists_merge_by_element_and_conflict_on_the_same_element():
    added = with_(participants=[*BASE["participants"], {"organisation_id": "o2", "role": "partner"}])
    changed = with_(participants=[{"organisation_id": "o1", "role": "funder"}])
    result = merge_fields(BASE, added, changed)
    assert result.merged["participants"] == [
        {"organisation_id": "o1", "role": "funder"}, {"organisation_id": "o2", "role": "partner"}
    ]
    other = with_(participants=[{"organisation_id": "o1", "role": "advisor"}])
    assert merge_fields(BASE, other, changed).conflicts == ["participants"]
    removed = with_(participants=[])
    assert merge_fields(BASE, other, removed).conflicts == ["participants"]  # changed vs removed
    assert merge_fields(BASE, BASE, removed).merged["participants"] == []
