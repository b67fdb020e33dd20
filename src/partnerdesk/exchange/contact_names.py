"""Contacts' names in a table import: a whole-name column split into parts, the stored spelling kept."""

from __future__ import annotations

from partnerdesk.domain.records import Contact
from partnerdesk.domain.text import fold
from partnerdesk.i18n import _


def set_name(record: Contact, text: str) -> str:
    """Give ``record`` the whole name ``text``, split into its parts (``domain.person_names``);
    the note for the preview when it could not be split safely, else "". The name a contact
    already has leaves its parts alone (the user may have split it by hand)."""
    if " ".join(text.split()) == record.display_name:
        return ""
    record.name = text
    if not record.name_to_check:
        return ""
    return _(
        "the name “{name}” cannot be split into first and last name safely; it is imported whole as the "
        "last name and marked “Name to check” (filter in the register)"
    ).format(name=" ".join(text.split()))


def keep_stored_spelling(current: Contact, record: Contact) -> str:
    """An update never replaces "Müller" by "Muller" or "MÜLLER": the stored parts stay; the note, or ""."""
    given = record.display_name
    if given == current.display_name or fold(given) != fold(current.display_name):
        return ""
    record.title, record.first_name, record.last_name = current.title, current.first_name, current.last_name
    record.name_to_check = current.name_to_check
    return _("keeps the stored spelling “{stored}” (the table writes “{given}”)").format(
        stored=current.display_name, given=given)
