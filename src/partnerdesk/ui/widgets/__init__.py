"""Reusable field widgets of the detail forms.

Every widget offers ``value()`` / ``setValue()``, a ``changed`` signal and ``problem()``:
the German message for input that cannot be read (``None`` when the input is fine), so
a form can show it at the field before anything is saved.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from partnerdesk.ui.widgets.date_fields import DateField, YearOrDateField
    from partnerdesk.ui.widgets.follow_ups_editor import FollowUpsEditor
    from partnerdesk.ui.widgets.funding_sources_editor import FundingSourcesEditor
    from partnerdesk.ui.widgets.list_editor import LanguageListPicker, ListEditor, TagsEditor
    from partnerdesk.ui.widgets.money_field import MoneyField
    from partnerdesk.ui.widgets.number_field import IntField
    from partnerdesk.ui.widgets.participants_editor import ParticipantsEditor
    from partnerdesk.ui.widgets.pickers import CountryPicker, LanguagePicker, SearchCombo
    from partnerdesk.ui.widgets.reference_list_picker import ReferenceListPicker
    from partnerdesk.ui.widgets.reference_picker import ListLookup, NameLookup, ReferencePicker
    from partnerdesk.ui.widgets.sdg_pickers import SdgGoalPicker, SdgTargetPicker

__all__ = [
    "CountryPicker",
    "DateField",
    "FollowUpsEditor",
    "FundingSourcesEditor",
    "IntField",
    "LanguageListPicker",
    "LanguagePicker",
    "ListEditor",
    "ListLookup",
    "MoneyField",
    "NameLookup",
    "ParticipantsEditor",
    "ReferenceListPicker",
    "ReferencePicker",
    "SdgGoalPicker",
    "SdgTargetPicker",
    "SearchCombo",
    "TagsEditor",
    "YearOrDateField",
]

#: Where each widget lives. Loaded on first use: importing one module of this package (the
#: editor's ``rows_editor`` helpers, the conflict dialog's ``money_field`` formatting) must
#: not load every widget; the forms load what they use when the first one is built.
_HOMES = {
    "DateField": "date_fields",
    "YearOrDateField": "date_fields",
    "FollowUpsEditor": "follow_ups_editor",
    "FundingSourcesEditor": "funding_sources_editor",
    "LanguageListPicker": "list_editor",
    "ListEditor": "list_editor",
    "TagsEditor": "list_editor",
    "MoneyField": "money_field",
    "IntField": "number_field",
    "ParticipantsEditor": "participants_editor",
    "CountryPicker": "pickers",
    "LanguagePicker": "pickers",
    "SearchCombo": "pickers",
    "ReferenceListPicker": "reference_list_picker",
    "ListLookup": "reference_picker",
    "NameLookup": "reference_picker",
    "ReferencePicker": "reference_picker",
    "SdgGoalPicker": "sdg_pickers",
    "SdgTargetPicker": "sdg_pickers",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
