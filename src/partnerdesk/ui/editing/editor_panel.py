"""The side panel that edits the selected record: one form per register in a stack.

Saving (Ctrl+S or "Speichern") writes at once through the services in one transaction
and puts an undo command on the window's undo stack. What goes wrong is shown where the
user can act on it: invalid input at the field, a conflicting edit by somebody else in a
dialog that lets them choose, a locked or read-only database as a message above the form
- and in every case the edit stays in the form, so it can be saved again.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.domain import validation
from partnerdesk.domain.errors import (
    EnvironmentProblem,
    NotFoundError,
    PartnerDeskError,
    StaleRecordError,
    ValidationError,
)
from partnerdesk.domain.records import RECORD_TYPES, Partnership, Record, references
from partnerdesk.i18n import _
from partnerdesk.services import me
from partnerdesk.services.records import service_for
from partnerdesk.services.workspace import Database
from partnerdesk.ui import background, read_only
from partnerdesk.ui.editing.choices import Choices
from partnerdesk.ui.editing.colleague_bar import ColleagueBar
from partnerdesk.ui.editing.conflict_dialog import OVERWRITE, TAKE_THEIRS, ConflictDialog, linked_ids
from partnerdesk.ui.editing.form_base import ERROR_COLOUR, RecordForm
from partnerdesk.ui.editing.register_forms import make_form
from partnerdesk.ui.editing.undo_commands import CreateCommand, EditCommand

NEW_TITLES = {
    "organisations": lambda: _("New organisation"),
    "partnerships": lambda: _("New partnership"),
    "projects": lambda: _("New project"),
    "contacts": lambda: _("New contact"),
    "activities": lambda: _("New activity"),
    "decisions": lambda: _("New council decision"),
    "programmes": lambda: _("New funding programme"),
    "grants": lambda: _("New grant"),
}


class RecordEditorPanel(QWidget):
    """Edits one record at a time; ``notify(kind)`` is called after every write."""

    saved = Signal(str, str)  # kind, id
    #: A record was created here (new or duplicate); the window selects it in its register.
    created = Signal(str, str)
    #: Emitted (standalone use) when this panel wrote records of a register.
    records_changed = Signal(str)
    #: A new record was discarded (Esc) before it was saved: show what is selected again.
    new_discarded = Signal()

    def __init__(
        self,
        db: Database,
        undo_stack: QUndoStack | None = None,
        notify: Callable[[str], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        self.notify = notify or self._notify_self
        self.choices = Choices(db)
        self.kind: str | None = None
        self.is_new = False
        self._choices_stale: set[str] = set()
        self._loads = 0  # show_record calls so far: an older answer arriving late is dropped
        #: (kind, id, version) of the record this form just wrote: the reload that the write's own
        #: notification causes need not read it again (the save returned it as stored).
        self._just_written: tuple[str, str, int] | None = None

        self.title = QLabel(self)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.setStyleSheet(
            f"QLabel {{ color: {ERROR_COLOUR}; border: 1px solid {ERROR_COLOUR}; padding: 4px; border-radius: 3px; }}"
        )
        self.banner.hide()
        #: "Von mmuster geändert – neu laden?" over an edit whose record a colleague changed (live refresh).
        self.colleague_bar = ColleagueBar(self, self)
        self.stack = QStackedWidget(self)
        self.placeholder = QLabel(_("Select a record to edit it, or create a new one with Ctrl+N."), self)
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.placeholder)
        #: The forms built so far: each is built when a record of its register is first shown
        #: (~20 ms), so a window used for one register never holds the widgets of all five.
        self.forms: dict[str, RecordForm] = {}
        self._pages: dict[str, QScrollArea] = {}

        self.save_button = QPushButton(_("Save"), self)
        self.save_button.setToolTip(_("Save the changes (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(_("Discard"), self)
        self.revert_button.setToolTip(_("Discard the changes in the form (Esc)"))
        self.revert_button.clicked.connect(self.revert)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.banner)
        layout.addWidget(self.colleague_bar)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)

        for keys, slot in ((QKeySequence.StandardKey.Save, self.save), (QKeySequence(Qt.Key.Key_Escape), self.revert)):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.show_nothing()

    def event(self, event: QEvent) -> bool:
        # Del and Backspace typed in the form edit the form (remove a chip, a character); they
        # must not reach the window's "delete record" action. The menu entry still works.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            event.accept()
            return True
        return super().event(event)

    # State ---------------------------------------------------------------------------------

    @property
    def form(self) -> RecordForm | None:
        return self.forms.get(self.kind) if self.kind else None

    @property
    def record_id(self) -> str | None:
        form = self.form
        return None if form is None or self.is_new else form.base.id

    def is_dirty(self) -> bool:
        return self.form is not None and (self.form.dirty or self.is_new)

    def _form_for(self, kind: str) -> RecordForm:
        form = self.forms.get(kind)
        if form is None:
            form = make_form(kind, self.choices)  # fills its choices as it is built
            form.changed.connect(self._update_buttons)
            scroll = QScrollArea(self)
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QScrollArea.Shape.NoFrame)
            scroll.setWidget(form)
            self.stack.addWidget(scroll)
            self.forms[kind] = form
            self._pages[kind] = scroll
            self._choices_stale.discard(kind)
        return form

    def _show_form(self, kind: str) -> RecordForm:
        form = self._form_for(kind)
        self.kind = kind
        if kind in self._choices_stale:
            self._choices_stale.discard(kind)
            form.refresh_choices()
        self.stack.setCurrentWidget(self._pages[kind])
        self.hide_banner()
        return form

    def show_nothing(self, text: str | None = None) -> None:
        self.kind = None
        self.is_new = False
        default = (
            _("Select a record to see it. This database is open for reading only.")
            if self.db.read_only else _("Select a record to edit it, or create a new one with Ctrl+N.")
        )
        self.placeholder.setText(text or default)
        self.stack.setCurrentWidget(self.placeholder)
        self.title.setText("")
        self.hide_banner()
        self.colleague_bar.clear()
        self._update_buttons()

    def show_record(self, kind: str, record_id: str) -> bool:
        """Load the record into its form; False if it does not exist (any more)."""
        self._loads += 1
        ticket = self._loads
        try:
            record = background.call(self.db, _get, self.db, kind, record_id, self.choices)
        except NotFoundError:
            self.show_nothing(_("The record no longer exists; somebody deleted it."))
            return False
        except EnvironmentProblem as exc:
            self.show_banner(exc.message)
            return False
        if ticket != self._loads:
            return True  # another record was asked for while this one came over the network: that one shows
        self.is_new = False
        self._load(kind, record)
        return True

    def start_new(self, kind: str, template: Record | None = None) -> RecordForm:
        """An empty form (or one filled from ``template``) that creates a record on save."""
        self.is_new = True
        record = template or RECORD_TYPES[kind]()
        if template is None and hasattr(record, "responsible_id"):  # "I am" (the Due tab) is responsible
            try:
                record.responsible_id = background.call(self.db, me.me, self.db)
            except PartnerDeskError:  # who I am is a convenience: the form opens without it
                record.responsible_id = None
        form = self._load(kind, record)
        form.dirty = False
        self.focus_first_field()
        return form

    def focus_first_field(self) -> None:
        form = self.form
        if form is not None:
            next(iter(form.fields.values())).widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def tab_chain(self) -> list[QWidget]:
        """What Tab visits: the form field by field, top to bottom, then Verwerfen and Speichern."""
        form = self.form
        widgets = [*(form.tab_chain() if form is not None else []), self.revert_button, self.save_button]
        return [
            w for w in widgets
            if w.isVisibleTo(self) and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus
        ]

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802 (Qt override)
        # Rows of participants or tasks come and go; computing the order from the fields
        # keeps Tab in reading order without re-wiring Qt's focus chain after every change.
        focus = QApplication.focusWidget()
        chain = self.tab_chain()
        for index, widget in enumerate(chain):
            if focus is not None and (widget is focus or widget.isAncestorOf(focus)):
                target = index + (1 if next else -1)
                if 0 <= target < len(chain):
                    reason = Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason
                    chain[target].setFocus(reason)
                    return True
                break
        return super().focusNextPrevChild(next)

    def _load(self, kind: str, record: Record) -> RecordForm:
        shown = self.form.base.id if self.form is not None and self.kind == kind and not self.is_new else None
        form = self._show_form(kind)
        self.colleague_bar.clear()  # the stored record (another, or saved, or reloaded) is in the form now
        form.load(record)
        read_only.apply_to_form(form, self.db.read_only)  # a reader sees the record, nothing to type into
        if self.is_new or record.id != shown:
            # Another record starts at its title; the same one reloaded (saved, F5) stays put.
            self._pages[kind].verticalScrollBar().setValue(0)
        self._update_title()
        self._update_buttons()
        return form

    def _update_title(self) -> None:
        form = self.form
        if form is None:
            self.title.setText("")
        elif self.is_new:
            self.title.setText(NEW_TITLES[form.kind]())
        else:
            self.title.setText(validation.record_label(form.base))

    def _update_buttons(self) -> None:
        why = read_only.reason(self.db)
        if why is not None:
            for button in (self.save_button, self.revert_button):
                button.setEnabled(False)
                button.setToolTip(read_only.tooltip(why))
            self.save_button.setDefault(False)
            return
        self.save_button.setToolTip(_("Save the changes (Ctrl+S)"))
        self.revert_button.setToolTip(_("Discard the changes in the form (Esc)"))
        dirty = self.is_dirty()
        # Not on an unchanged record: an enabled "Speichern" there suggested unsaved changes.
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
        self.save_button.setDefault(dirty)

    def show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.show()

    def hide_banner(self) -> None:
        self.banner.clear()
        self.banner.hide()

    # Saving --------------------------------------------------------------------------------

    def save(self) -> bool:
        """Write the form; True when it was saved (or there was nothing to save)."""
        form = self.form
        if form is None or self.db.read_only:  # a read-only form never has changes (Ctrl+S does nothing)
            return True
        self.hide_banner()
        form.clear_errors()
        try:
            record = form.collect()
        except ValidationError as exc:
            form.show_errors(exc.errors)
            return False
        service = service_for(self.db, form.kind)
        before = form.base
        command: CreateCommand | EditCommand
        try:
            if self.is_new:
                saved = background.call(self.db, service.create, record, entered=True)
                command = CreateCommand(self.db, saved, self.notify, self.show_banner)
            else:
                saved = background.call(self.db, service.update, record)
                command = EditCommand(self.db, before, saved, self.notify, self.show_banner)
        except ValidationError as exc:
            form.show_errors(exc.errors)
            return False
        except StaleRecordError as exc:
            return self._resolve_conflict(form, record, exc.current)  # type: ignore[arg-type]
        except NotFoundError as exc:
            self.show_banner(
                exc.message + " " + _("Your entries are still in the form; copy what you need or discard them.")
            )
            return False
        except PartnerDeskError as exc:  # locked, read-only, disk full, broken reference ...
            self.show_banner(exc.message + " " + _("Your entries are still in the form; save again when the problem is solved."))
            return False
        self._after_write(saved, command)
        return True

    def _after_write(self, saved: Record, command: CreateCommand | EditCommand) -> None:
        was_new = self.is_new
        self.is_new = False
        self._load(saved.KIND, saved)
        self._just_written = (saved.KIND, saved.id, saved.version)
        self.undo_stack.push(command)

        def tell_the_window() -> None:
            self.notify(saved.KIND)
            self.saved.emit(saved.KIND, saved.id)
            if was_new:
                self.created.emit(saved.KIND, saved.id)

        if background.is_remote(self.db):
            # Saved: the form shows it now. The register, the relationships and the choices are read
            # again right after (several round trips over the network), with the window painting.
            QTimer.singleShot(0, self, tell_the_window)
        else:
            tell_the_window()

    def ask_conflict(self, form: RecordForm, mine: Record, theirs: Record) -> int:
        # The names of the linked records, read at once before the dialog opens (off the GUI thread on a server).
        known = background.call(self.db, _names_of_links, self.choices, form.base, mine, theirs)

        def names(kind: str, ids: list[str]) -> dict[str, str]:
            return {i: known[kind][i] for i in ids if i in known.get(kind, {})}

        dialog = ConflictDialog(form.labels(), form.base, mine, theirs, self, names=names)
        try:
            return dialog.exec()
        finally:
            dialog.deleteLater()

    def _resolve_conflict(self, form: RecordForm, mine: Record, theirs: Record) -> bool:
        choice = self.ask_conflict(form, mine, theirs)
        if choice == TAKE_THEIRS:
            self._load(form.kind, theirs)
            self.show_banner(_("The changes saved by somebody else were taken over; yours were discarded."))
            return True
        if choice != OVERWRITE:
            self.show_banner(_("Not saved. Your entries are still in the form."))
            return False
        try:
            saved = background.call(self.db, service_for(self.db, form.kind).update, mine, force=True)
        except ValidationError as exc:
            form.show_errors(exc.errors)
            return False
        except PartnerDeskError as exc:
            self.show_banner(exc.message + " " + _("Your entries are still in the form; save again when the problem is solved."))
            return False
        self._after_write(saved, EditCommand(self.db, theirs, saved, self.notify, self.show_banner))
        return True

    def revert(self) -> None:
        """Put the form back to the stored record (Esc); a new, unsaved record is dropped."""
        form = self.form
        if form is None:
            return
        if self.is_new:
            self.show_nothing()
            self.new_discarded.emit()
            return
        if self.record_id and not self.show_record(form.kind, self.record_id):
            return
        self.hide_banner()

    def maybe_leave(self) -> bool:
        """Before showing something else: True if the form may be left (saved or discarded)."""
        form = self.form
        if form is None or not form.dirty:
            return True
        answer = self.ask_unsaved()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            form.dirty = False
            return True
        return False

    def ask_unsaved(self) -> QMessageBox.StandardButton:
        """Save, Discard or Cancel; our own buttons so they speak German without Qt's catalogue."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Unsaved changes"))
        label = NEW_TITLES[self.kind]() if self.is_new and self.kind else self.title.text()
        box.setText(_("Save the changes to {label}?").format(label=label))
        answers = {
            box.addButton(_("Save"), QMessageBox.ButtonRole.AcceptRole): QMessageBox.StandardButton.Save,
            box.addButton(_("Discard"), QMessageBox.ButtonRole.DestructiveRole): QMessageBox.StandardButton.Discard,
        }
        cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setEscapeButton(cancel)
        box.setDefaultButton(next(iter(answers)))
        box.exec()
        clicked = box.clickedButton()
        if not isinstance(clicked, QPushButton):  # None: closed without a button
            return QMessageBox.StandardButton.Cancel
        return answers.get(clicked, QMessageBox.StandardButton.Cancel)

    # Changes from elsewhere ----------------------------------------------------------------

    def _notify_self(self, kind: str) -> None:
        self.on_records_changed(kind)
        self.records_changed.emit(kind)

    def on_records_changed(self, kind: str | None = None) -> None:
        """Records changed (here, by undo, or outside): refresh choices; reload a clean form."""
        self.choices.invalidate(kind)
        self._choices_stale = set(self.forms)  # a form built later fills its choices then
        form = self.form
        reread = form is not None and not (self.is_new or form.dirty or (kind is not None and kind != form.kind))
        just_written, self._just_written = self._just_written, None
        if form is not None and just_written == (form.kind, form.base.id, form.base.version) and kind == form.kind:
            reread = False  # the notification of this form's own save: the form shows what was stored
        fetched: Record | NotFoundError | EnvironmentProblem | None = None
        if form is not None:
            self._choices_stale.discard(form.kind)
            if background.is_remote(self.db):  # the names the form shows, read off the GUI thread
                if reread:  # with the record, in one transaction (two round trips fewer)
                    try:
                        fetched = background.call(self.db, _names_and_record, self.db, form.kind, form.base, self.choices)
                    except (NotFoundError, EnvironmentProblem) as exc:
                        fetched = exc
                if not isinstance(fetched, Record):  # as before: the names on their own
                    background.call(self.db, _read_names, self.choices, form.base)
            form.refresh_choices()
        if form is None or not reread:
            return
        try:
            if isinstance(fetched, Exception):
                raise fetched
            record = fetched if fetched is not None else background.call(self.db, _get, self.db, form.kind, form.base.id, self.choices)
        except NotFoundError:
            self.show_nothing(_("The record no longer exists; somebody deleted it."))
            return
        except EnvironmentProblem:
            return
        if record.version != form.base.version:
            self._load(form.kind, record)

    def set_database(self, db: Database) -> None:
        self.db = db
        self.choices = Choices(db)
        for form in self.forms.values():
            form.choices = self.choices
            form.refresh_choices()
        self.show_nothing()


def _get(db: Database, kind: str, record_id: str, choices: Choices | None = None) -> Record:
    """The record ``record_id`` of the register ``kind`` (a worker may call it: plain in, plain out).

    With ``choices``, the names of the records it refers to are read too (in the same read
    transaction on a server), so filling the form reads nothing more on the GUI thread.
    """
    record: Record = service_for(db, kind).get(record_id)
    if choices is not None and background.is_remote(db):
        _read_names(choices, record)
    return record


def _names_of_links(choices: Choices, *records: Record) -> dict[str, dict[str, str]]:
    """{register: {id: name}} of the records these records link to (a worker may call it)."""
    known: dict[str, dict[str, str]] = {}
    for kind, ids in linked_ids(*records).items():
        try:
            known[kind] = choices.lookup(kind).names(ids)
        except PartnerDeskError:
            known[kind] = {}  # the ids are shown instead
    return known


def _names_and_record(db: Database, kind: str, shown: Record, choices: Choices) -> Record:
    """The names the form of ``shown`` asks for, and the record as stored now (with its names)."""
    _read_names(choices, shown)
    return _get(db, kind, shown.id, choices)


def _read_names(choices: Choices, record: Record) -> None:
    """Fill ``choices``' caches with what showing ``record`` in its form asks for."""
    wanted: dict[str, list[str]] = {}
    for _field, target, ident in references(record):
        wanted.setdefault(target, []).append(ident)
    for target, ids in wanted.items():
        choices.lookup(target).names(ids)
    if record.KIND == "partnerships":
        choices.themes()
        if isinstance(record, Partnership) and record.partner_id:
            choices.key_facts(record.partner_id)  # the form shows the partner's (read in this read)
