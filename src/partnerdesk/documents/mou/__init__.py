"""MoU drafts: clause templates per language (``templates``), the data a draft needs
(``data``) and the bilingual, clause-by-clause PDF (``builder``)."""

#: Languages an MoU can be drafted in besides German. Arabic is not offered:
#: ReportLab cannot lay out right-to-left text (see FACTS).
PARTNER_LANGUAGES = ("en", "fr", "ro")
LANGUAGES = ("de", *PARTNER_LANGUAGES)
