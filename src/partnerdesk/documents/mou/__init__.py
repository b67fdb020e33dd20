"""MoU drafts: clause templates per language (``templates``), the data a draft needs
(``data``) and the bilingual, clause-by-clause PDF (``builder``)."""

#: Languages an MoU can be drafted in besides German. Arabic is laid out by fpdf2
#: (``rtl_pdf``): ReportLab cannot lay out right-to-left text (see FACTS).
PARTNER_LANGUAGES = ("en", "fr", "ro", "ar")
LANGUAGES = ("de", *PARTNER_LANGUAGES)
#: The left column's language: German, or English (English and Arabic for a partner
#: who reads no German).
FIRST_LANGUAGES = ("de", "en")
#: Languages written right to left (their MoU is laid out by ``rtl_pdf``).
RTL_LANGUAGES = frozenset({"ar"})
