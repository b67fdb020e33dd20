"""The window's document actions: "MoU-Entwurf erstellen…" and "Projektsteckbrief…".

``install(window)`` (listed in ``ui/extensions.py``) adds them to the window's
"documents" menu. The PDF is written in the background with a progress dialog,
into a temporary file, and shown in ``PdfPreviewDialog``; from there the user
saves, opens or prints it. Saving an MoU records it in the documents registry
(``services.generated_documents``); a Word MoU is saved and recorded straight away.
"Erstellte Dokumente…" lists what was recorded (``generated_list``).
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from partnerdesk.documents.mou import PARTNER_LANGUAGES
from partnerdesk.domain.errors import PartnerDeskError
from partnerdesk.domain.stages import is_climate_partnership
from partnerdesk.i18n import _
from partnerdesk.ui import background

if TYPE_CHECKING:  # the dialogs (QtPdf, ReportLab) load on first use, not at window start
    from partnerdesk.documents.coverage import Written
    from partnerdesk.services.workspace import Database
    from partnerdesk.ui.documents.options_dialog import MouChoice, SigningOptions
    from partnerdesk.ui.documents.preview import PdfPreviewDialog, Writer
    from partnerdesk.ui.documents.sheet_dialog import SheetChoice
    from partnerdesk.ui.settings import Settings

Selection = Callable[[], tuple[str, list[str]]]


def slug(text: str) -> str:
    """A safe file-name part: letters (any script), digits and single dashes."""
    return re.sub(r"[^\w]+", "-", text, flags=re.UNICODE).strip("-_")[:60] or "Dokument"


def _run(parent: QWidget, title: str, fn: Callable[..., Any]) -> Any:
    from partnerdesk.ui.tasks import run_with_progress

    return run_with_progress(parent, title, fn)


def _cancelled(exc: BaseException) -> bool:
    from partnerdesk.services.progress import Cancelled

    return isinstance(exc, Cancelled)


class DocumentActions(QObject):
    """The actions and what they do; the window only provides the database, author and selection."""

    def __init__(
        self, parent: QWidget, db: Callable[[], Database], author: Callable[[], str], selection: Selection,
        settings: Callable[[], Settings | None] = lambda: None,
    ) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.db, self.author, self.selection, self.settings = db, author, selection, settings
        self.previews: list[PdfPreviewDialog] = []
        self.mou_action = QAction(_("Create &MoU draft…"), parent)
        self.mou_action.setStatusTip(_("An MoU draft for the selected partnership, German beside the partner's language"))
        self.mou_action.triggered.connect(lambda: self.create_mou())
        self.sheet_action = QAction(_("&Project sheet…"), parent)
        self.sheet_action.setStatusTip(_("One page per selected project, or per project of the selected partnerships"))
        self.sheet_action.triggered.connect(lambda: self.create_sheets())
        self.all_sheets_action = QAction(_("Project sheets of &all projects…"), parent)
        self.all_sheets_action.triggered.connect(lambda: self.create_sheets(all_projects=True))
        self.generated_action = QAction(_("&Generated documents…"), parent)
        self.generated_action.setStatusTip(_("Every MoU draft and final version written, with its partnership"))
        self.generated_action.triggered.connect(lambda: self.show_generated())
        self.last_written: Path | None = None

    # MoU ----------------------------------------------------------------------------------

    def create_mou(self, choice: MouChoice | None = None) -> PdfPreviewDialog | None:
        from partnerdesk.services.records import OrganisationService, PartnershipService

        register, ids = self.selection()
        if register != "partnerships" or len(ids) != 1:
            self._inform(_("Create MoU draft"), _("Please select one partnership in the register “Partnerships”."))
            return None
        db = self.db()

        def read() -> tuple[Any, list[Any], int, SigningOptions | None]:
            from partnerdesk.services.generated_documents import next_draft

            partnership = PartnershipService(db).get(ids[0])
            partner = OrganisationService(db).get_many([partnership.partner_id]) if partnership.partner_id else []
            if choice is not None:
                return partnership, partner, 1, None
            # The dialog starts at the next draft number the documents registry gives, and offers
            # who may sign "In Vertretung" and whose personal data may be printed.
            return partnership, partner, next_draft(db, partnership.id), _signing_options(db, partnership)

        try:
            partnership, partner, number, signing = background.call(db, read)  # off the GUI thread on a server
        except PartnerDeskError as exc:
            self._inform(_("Create MoU draft"), exc.message)
            return None
        if choice is None:
            from partnerdesk.ui.documents.options_dialog import MouOptionsDialog

            languages = partner[0].languages if partner else []
            default = next((code for code in languages if code in PARTNER_LANGUAGES), "de" if "de" in languages else "en")
            dialog = MouOptionsDialog(partnership.title, default, self.parent_widget, signing=signing,
                                      climate_partnership=is_climate_partnership(partnership), next_draft=number)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            choice = dialog.choice()
        city = partner[0].city or partner[0].name if partner else partnership.title
        stem = f"MoU-Entwurf-{choice.draft}-{slug(city)}" if choice.draft else f"MoU-{slug(city)}"
        author = self.author()
        title = _("MoU draft {number}").format(number=choice.draft) if choice.draft else _("MoU (final version)")

        def options() -> Any:
            from partnerdesk.documents.mou.builder import MouOptions

            return MouOptions(language=choice.language, draft=choice.draft, on=choice.on, author=author,
                              clauses=choice.clauses, equal_versions=choice.equal_versions,
                              deputy_id=choice.deputy_id, personal_contacts=choice.personal_contacts,
                              first_language=choice.first_language, digits=choice.digits)

        def record(path: Path, build: Callable[[BinaryIO], object], fmt: str) -> Path:
            """Give the file its name and record it in the documents registry, in one transaction."""
            from partnerdesk.services.generated_documents import write_recorded

            opts = options()
            return write_recorded(db, path, build, partnership_id=partnership.id, fmt=fmt, draft=opts.draft,
                                  languages=opts.languages, on=opts.on)

        if choice.format == "docx":
            self._write_word(db, partnership, f"{stem}.docx", options, record, title)
            return None
        name = f"{stem}.pdf"
        target = Path(tempfile.mkdtemp(prefix="partnerdesk-")) / name

        def work(progress: Callable[..., None]) -> Written:
            from partnerdesk.documents.mou.builder import build_mou
            from partnerdesk.documents.mou.data import load_mou_data

            progress(0, 2)
            data = load_mou_data(db, partnership)
            progress(1, 2)
            written = build_mou(data, target, options())
            progress(2, 2)
            return written

        return self._make_and_show(_("Creating the MoU draft…"), work, target, f"{title} – {partnership.title}", name,
                                   writer=lambda path, build: record(path, build, "pdf"))

    def _write_word(
        self, db: Database, partnership: Any, name: str, options: Callable[[], Any],
        record: Callable[[Path, Callable[[BinaryIO], object], str], Path], title: str,
    ) -> Path | None:
        """The MoU as a Word document: where to save it is asked first, then it is written and recorded."""
        from partnerdesk.ui.file_dialogs import save_file_name

        chosen = save_file_name(self.parent_widget, "docx", _("Save Word document as"), name,
                                _("Word documents (*.docx)"))
        if chosen is None:
            return None
        target = chosen if chosen.suffix.lower() == ".docx" else chosen.with_name(chosen.name + ".docx")

        def work(progress: Callable[..., None]) -> Path:
            from partnerdesk.documents.mou.data import load_mou_data
            from partnerdesk.documents.mou.output import mou_build

            progress(0, 2)
            data = load_mou_data(db, partnership)
            progress(1, 2)
            path = record(target, mou_build(data, options(), "docx"), "docx")
            progress(2, 2)
            return path

        try:
            written: Path = _run(self.parent_widget, _("Creating the MoU draft…"), work)
        except PartnerDeskError as exc:
            self._inform(title, exc.message)
            return None
        except Exception as exc:
            if _cancelled(exc):
                return None
            raise
        self.last_written = written
        QMessageBox.information(
            self.parent_widget, title,
            _("The Word document was written to {path}. Changes made in Word are tracked.").format(path=written),
        )
        return written

    def show_generated(self) -> Any:
        """*Dokumente → Erstellte Dokumente*: every MoU written, newest first."""
        from partnerdesk.ui.documents.generated_list import GeneratedDocumentsDialog

        try:
            dialog = GeneratedDocumentsDialog(self.db(), self.parent_widget)
        except PartnerDeskError as exc:
            self._inform(_("Generated documents"), exc.message)
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.generated_dialog = dialog
        return dialog

    # Project sheets -----------------------------------------------------------------------

    def create_sheets(self, *, all_projects: bool = False, choice: SheetChoice | None = None) -> PdfPreviewDialog | None:
        """The sheets of the selected projects (or partnerships' projects, or all); ``choice``
        (language, letterhead) skips the options dialog."""
        register, ids = self.selection()
        if not all_projects and register == "partnerships" and ids:
            # A partnership is chosen: its projects are the ones meant ("no projects are
            # selected, all of them?" used to answer a choice the user had made).
            projects = self._projects_of_partnerships(ids)
            if projects is None:
                return None
            register, ids = "projects", projects
        if not all_projects and (register != "projects" or not ids):
            answer = QMessageBox.question(
                self.parent_widget, _("Project sheet"),
                _("No projects are selected. Create the sheets of all projects?"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
            all_projects = True
        db = self.db()
        chosen = None if all_projects else ids
        if choice is None:
            from partnerdesk.i18n import ngettext
            from partnerdesk.ui.documents.sheet_dialog import SheetOptionsDialog

            what = _("all projects") if chosen is None else ngettext(
                "{count} project", "{count} projects", len(chosen)).format(count=len(chosen))
            dialog = SheetOptionsDialog(what, self.settings(), self.parent_widget)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            choice = dialog.choice()
        author = self.author()
        name = "Projektsteckbriefe.pdf" if chosen is None or len(chosen) > 1 else "Projektsteckbrief.pdf"
        target = Path(tempfile.mkdtemp(prefix="partnerdesk-")) / name
        options_language, letterhead = choice.language, choice.letterhead

        def work(progress: Callable[..., None]) -> Written:
            from partnerdesk.documents.project_sheet import SheetOptions, build_sheets
            from partnerdesk.documents.project_sheet_data import load_sheet_data

            options = SheetOptions(author=author, language=options_language, letterhead=letterhead)
            options.check()  # a logo that is no image: said before the database is read
            data = load_sheet_data(db, chosen)
            progress(0, len(data.projects))
            return build_sheets(data, target, options, progress=progress)

        return self._make_and_show(_("Creating project sheets…"), work, target, _("Project sheets"), name)

    def _projects_of_partnerships(self, partnership_ids: list[str]) -> list[str] | None:
        from partnerdesk.services.records import ProjectService

        db = self.db()

        def read() -> list[str]:
            service = ProjectService(db)
            return [project.id for pid in partnership_ids for project in service.for_partnership(pid)]

        try:
            ids = background.call(db, read)  # off the GUI thread on a server, one read transaction
        except PartnerDeskError as exc:
            self._inform(_("Project sheet"), exc.message)
            return None
        if not ids:
            self._inform(_("Project sheet"), _("No project belongs to the selected partnership yet."))
            return None
        return ids

    # Shared -------------------------------------------------------------------------------

    def _make_and_show(
        self, busy: str, work: Callable[..., Written], target: Path, title: str, name: str,
        writer: Writer | None = None,
    ) -> PdfPreviewDialog | None:
        try:
            written = _run(self.parent_widget, busy, work)
        except PartnerDeskError as exc:
            self._inform(title, exc.message)
            self._remove(target)
            return None
        except Exception as exc:
            self._remove(target)
            if _cancelled(exc):
                return None
            raise
        from partnerdesk.ui.documents.preview import PdfPreviewDialog

        dialog = PdfPreviewDialog(written.path, title, name, self.parent_widget, owns_file=True, writer=writer)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result, d=dialog: self.previews.remove(d) if d in self.previews else None)
        self.previews.append(dialog)
        dialog.show()
        if written.missing:
            # Printed as "\ufffd": say which record and field, once the preview is up.
            self._inform(title, _("Some characters have no font and print as “\ufffd”:") + "\n\n"
                         + "\n".join(gap.message() for gap in written.missing[:10]))
        return dialog

    def _inform(self, title: str, message: str) -> None:
        QMessageBox.warning(self.parent_widget, title, message)

    @staticmethod
    def _remove(target: Path) -> None:
        try:
            target.unlink(missing_ok=True)
            target.parent.rmdir()
        except OSError:
            pass


def _signing_options(db: Database, partnership: Any) -> SigningOptions:
    """Who may sign in deputising, whose personal data may be printed, what a final version lacks."""
    from partnerdesk.documents.mou.content import untranslated
    from partnerdesk.documents.mou.data import load_mou_data, may_print_personal_data, missing_for_final
    from partnerdesk.ui.documents.options_dialog import ContactOption, SigningOptions

    data = load_mou_data(db, partnership)

    def shown(contact: Any) -> str:
        return f"{contact.name} – {contact.function}" if contact.function else contact.name

    return SigningOptions(
        mayor=data.home.representative,
        deputies=[ContactOption(c.id, shown(c)) for c in data.deputy_candidates],
        contacts=[ContactOption(c.id, shown(c), may_print_personal_data(c))
                  for c in [*data.home_contacts, *data.partner_contacts]],
        missing_for_final=missing_for_final(data),
        missing_without_council_clause=missing_for_final(data, council_clause=False),
        untranslated={code: [(gap.message(), gap.missing()) for gap in untranslated(data, [code])]
                      for code in ("en", "fr", "ro", "ar")},
    )


def install(window: Any) -> DocumentActions:
    """Add the document actions to ``window.menu("documents")``."""
    actions = DocumentActions(
        window,
        db=lambda: window.db,
        author=lambda: str(window.settings.get("author_name") or ""),
        selection=lambda: (window.current_register(), window.selected_ids()),
        settings=lambda: window.settings,
    )
    menu = window.menu("documents")
    for action in (actions.mou_action, actions.sheet_action, actions.all_sheets_action):
        menu.addAction(action)
    menu.addSeparator()
    menu.addAction(actions.generated_action)
    window.document_actions = actions
    return actions
