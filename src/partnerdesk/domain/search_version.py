"""Which rules the stored search texts and sort keys of a database follow.

A database records the version its ``search_text`` and ``*_key`` columns were made with
(``database_info``, key ``INFO_KEY``): new databases get ``VERSION`` when they are created,
and ``services.search_text.ensure_current`` makes the texts again in a database that holds
another one. The version changes with the folding rules (``domain.text.FOLDING_VERSION``) and
with the country names the organisations' texts hold (``COUNTRY_NAMES_VERSION``). Kept apart
from ``domain.countries`` so that opening a database does not load pycountry.
"""

from __future__ import annotations

from partnerdesk.domain.text import FOLDING_VERSION

#: Change when the names in ``resources/countries/names.json`` change: stored search texts
#: hold the German names and are made again (``services.search_text``).
COUNTRY_NAMES_VERSION = 2

#: Change when the fields a record's search text holds change (2: a project's results, funding
#: programme and file reference, for the project sheet; 3: translations of organisation names and
#: project titles, migration 0009; 4: both, as merged: a database made with either 2 or 3 lacks
#: the other's fields, so its texts are made again once; 5: an organisation's key facts, their
#: sources and the mayor's name, revision 0020).
FIELDS_VERSION = 5

#: ``database_info`` key holding the version the stored search texts and sort keys were made with.
INFO_KEY = "search_text_version"
#: Folding rules and country names the stored texts follow (change either: texts are made again).
VERSION = f"fold-{FOLDING_VERSION}/countries-{COUNTRY_NAMES_VERSION}/fields-{FIELDS_VERSION}"
