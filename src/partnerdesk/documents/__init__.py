"""PDF documents: bilingual MoU drafts and one-page project sheets (ReportLab, no Qt).

Builders take plain domain records (fetched through the services by the small
``*_data`` modules) and write a PDF file. Shared pieces: ``fonts`` (bundled Noto
Sans, embedded), ``text`` (escaping of user text), ``layout`` (page templates,
"Seite X von Y", metadata, atomic writing), ``formatting`` (German dates and money).
"""
