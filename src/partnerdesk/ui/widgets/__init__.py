"""Reusable field widgets of the detail forms.

Every widget offers ``value()`` / ``setValue()``, a ``changed`` signal and ``problem()``:
the German message for input that cannot be read (``None`` when the input is fine), so
a form can show it at the field before anything is saved.
"""

from partnerdesk.ui.widgets.attendees_editor import AttendeesEditor
from partnerdesk.ui.widgets.coordinates_field import CoordinatesField
from partnerdesk.ui.widgets.date_fields import DateField, YearOrDateField
from partnerdesk.ui.widgets.follow_ups_editor import FollowUpsEditor
from partnerdesk.ui.widgets.funding_sources_editor import FundingSourcesEditor
from partnerdesk.ui.widgets.key_facts_editor import KeyFactsEditor
from partnerdesk.ui.widgets.list_editor import LanguageListPicker, ListEditor, TagsEditor
from partnerdesk.ui.widgets.money_field import MoneyField
from partnerdesk.ui.widgets.number_field import IntField
from partnerdesk.ui.widgets.participants_editor import ParticipantsEditor
from partnerdesk.ui.widgets.pickers import CountryPicker, LanguagePicker, SearchCombo
from partnerdesk.ui.widgets.reference_list_picker import ReferenceListPicker
from partnerdesk.ui.widgets.reference_picker import ListLookup, NameLookup, ReferencePicker
from partnerdesk.ui.widgets.sdg_pickers import SdgGoalPicker, SdgTargetPicker
from partnerdesk.ui.widgets.stages_editor import StagesEditor

__all__ = [
    "CoordinatesField",
    "CountryPicker",
    "DateField",
    "AttendeesEditor",
    "FollowUpsEditor",
    "FundingSourcesEditor",
    "IntField",
    "KeyFactsEditor",
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
    "StagesEditor",
    "TagsEditor",
    "YearOrDateField",
]
