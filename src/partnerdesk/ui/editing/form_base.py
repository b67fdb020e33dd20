"""The frame every detail form shares: labelled fields, errors shown at the field, dirty state.

A form edits a copy of a record. ``load`` fills the widgets; ``collect`` reads them back
into a new record (fields the form does not show are kept from the loaded one) or raises
``ValidationError`` for input that cannot even be read (an impossible date, an amount that
is no number). ``show_errors`` puts the services' messages under the fields they name.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.domain import validation
from partnerdesk.domain.errors import FieldError, ValidationError
from partnerdesk.domain.records import RECORD_TYPES, Record
from partnerdesk.i18n import _
from partnerdesk.ui.editing.choices import Choices
from partnerdesk.ui.editing.enum_combo import EnumCombo
from partnerdesk.ui.widgets.rows_editor import focus_chain

#: The widget type a form row holds; add_field hands the same widget back, typed.
W = TypeVar("W", bound=QWidget)

ERROR_COLOUR = "#c62828"


@dataclass
class Field:
    """One row of a form: the widget, its frame and error label, and how it maps to the record."""

    names: tuple[str, ...]
    label: str
    widget: QWidget
    frame: QFrame
    error: QLabel
    load: Callable[[Record], None]
    store: Callable[[], dict[str, Any]]
    problem: Callable[[], str | None]
    messages: list[str] = field(default_factory=list)


def _signal_of(widget: QWidget) -> Any:
    for name in ("changed", "textChanged"):
        if hasattr(widget, name):
            return getattr(widget, name)
    raise TypeError(f"{type(widget).__name__} has no change signal")


class RecordForm(QWidget):
    """Base of the five register forms; subclasses call ``add_*`` in ``build``."""

    kind = ""
    changed = Signal()

    def __init__(self, choices: Choices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = choices
        self.fields: dict[str, Field] = {}
        self.base: Record = RECORD_TYPES[self.kind]()
        self.dirty = False
        self._loading = False
        self.general_error = QLabel(self)
        self.general_error.setWordWrap(True)
        self.general_error.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.general_error.hide()
        self.layout_ = QFormLayout()
        self.layout_.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer = QVBoxLayout(self)
        outer.addWidget(self.general_error)
        outer.addLayout(self.layout_)
        outer.addStretch(1)
        self.build()
        self.refresh_choices()

    # Building ------------------------------------------------------------------------------

    def build(self) -> None:
        raise NotImplementedError

    def refresh_choices(self) -> None:
        """Fill reference pickers from ``self.choices`` (called again when records changed)."""

    def add_responsible(self) -> Any:
        """The "Verantwortlich" picker: contacts of the city's own units (``Choices.staff``)."""
        from partnerdesk.ui.widgets import ReferencePicker

        picker = ReferencePicker(self)
        picker.setToolTip(_("A contact of one of the city's own units; new records name you (“I am” in “Due”)."))
        return self.add_field("responsible_id", _("Responsible"), picker,
                              store=lambda: {"responsible_id": picker.value() or None})

    def add_field(
        self,
        name: str,
        label: str,
        widget: W,
        *,
        also: Iterable[str] = (),
        load: Callable[[Record], None] | None = None,
        store: Callable[[], dict[str, Any]] | None = None,
    ) -> W:
        """Add a row; ``also`` names further record fields whose errors belong here."""
        frame = QFrame(self)
        frame.setObjectName("fieldFrame")
        frame.setFrameShape(QFrame.Shape.NoFrame)
        inner = QVBoxLayout(frame)
        inner.setContentsMargins(2, 2, 2, 2)
        inner.setSpacing(1)
        inner.addWidget(widget)
        error = QLabel(frame)
        error.setObjectName("fieldError")
        error.setWordWrap(True)
        error.setStyleSheet(f"color: {ERROR_COLOUR};")
        error.hide()
        inner.addWidget(error)
        title = QLabel(label + ":", self)
        title.setBuddy(widget)
        self.layout_.addRow(title, frame)
        problem = getattr(widget, "problem", lambda: None)
        self.fields[name] = Field(
            names=(name, *also),
            label=label,
            widget=widget,
            frame=frame,
            error=error,
            load=load or (lambda record: self._set(widget, getattr(record, name))),
            store=store or (lambda: {name: self._get(widget)}),
            problem=problem,
        )
        _signal_of(widget).connect(self._on_changed)
        _signal_of(widget).connect(lambda *_args, f=self.fields[name]: self._edited(f))
        return widget

    def add_text(self, name: str, label: str, *, multiline: bool = False) -> QWidget:
        widget: QWidget = QPlainTextEdit(self) if multiline else QLineEdit(self)
        if isinstance(widget, QPlainTextEdit):
            widget.setTabChangesFocus(True)
            line = widget.fontMetrics().lineSpacing()
            widget.setMinimumHeight(line * 3 + 12)
            widget.setMaximumHeight(line * 6 + 12)
        return self.add_field(name, label, widget)

    def add_enum(self, name: str, label: str, enum: type) -> EnumCombo:
        return self.add_field(name, label, EnumCombo(enum, self))

    @staticmethod
    def _get(widget: QWidget) -> Any:
        if hasattr(widget, "value"):  # our field widgets (a reference picker is a QLineEdit too)
            return widget.value()
        if isinstance(widget, QLineEdit):
            return widget.text().strip()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText().strip()
        raise TypeError(f"{type(widget).__name__} is not a form field widget (no value())")

    @staticmethod
    def _set(widget: QWidget, value: Any) -> None:
        if hasattr(widget, "setValue"):
            widget.setValue(value)
        elif isinstance(widget, QLineEdit):
            widget.setText("" if value is None else str(value))
            widget.setCursorPosition(0)  # show the beginning of a long text
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value or "")
        else:
            raise TypeError(f"{type(widget).__name__} is not a form field widget (no setValue())")

    # Loading and reading back --------------------------------------------------------------

    def load(self, record: Record) -> None:
        self._loading = True
        try:
            self.base = record
            for f in self.fields.values():
                f.load(record)
            self.after_load()
        finally:
            self._loading = False
        self.clear_errors()
        self.dirty = False

    def tab_chain(self) -> list[QWidget]:
        """Every widget Tab visits, top to bottom."""
        return [w for f in self.fields.values() for w in focus_chain(f.widget)]

    def after_load(self) -> None:
        """Hook for fields that depend on others (SDG targets on goals)."""

    def _on_changed(self, *_args: object) -> None:
        if not self._loading:
            self.dirty = True
            self.changed.emit()

    def _edited(self, f: Field) -> None:
        """The user changed a field: its old message no longer describes what is typed there."""
        if not self._loading and f.messages:
            self._clear_field_error(f)

    def collect(self) -> Record:
        """The edited record; raises ``ValidationError`` for input that cannot be read."""
        for f in self.fields.values():
            commit = getattr(f.widget, "commit_pending", None)
            if commit is not None:
                commit()
        errors = [FieldError(f.names[0], message) for f in self.fields.values() if (message := f.problem())]
        if errors:
            raise ValidationError(validation.record_label(self.base), errors, kind=self.base.KIND, record_id=self.base.id)
        values: dict[str, Any] = {}
        for f in self.fields.values():
            values.update(f.store())
        return dataclasses.replace(self.base, **values)

    # Errors --------------------------------------------------------------------------------

    def field_for(self, name: str) -> Field | None:
        for f in self.fields.values():
            if name in f.names:
                return f
        return None

    def show_errors(self, errors: Iterable[FieldError]) -> None:
        self.clear_errors()
        general: list[str] = []
        first: Field | None = None
        for error in errors:
            f = self.field_for(error.field)
            if f is None:
                general.append(error.message)
                continue
            if error.message not in f.messages:
                f.messages.append(error.message)
            first = first or f
        for f in self.fields.values():
            if f.messages:
                f.error.setText("\n".join(f.messages))
                f.error.show()
                f.frame.setStyleSheet(f"QFrame#fieldFrame {{ border: 2px solid {ERROR_COLOUR}; border-radius: 3px; }}")
                f.frame.setToolTip("\n".join(f.messages))
        if general:
            self.show_general_error("\n".join(general))
        if first is not None:
            first.widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_general_error(self, text: str) -> None:
        self.general_error.setText(text)
        self.general_error.show()

    def clear_errors(self) -> None:
        for f in self.fields.values():
            self._clear_field_error(f)
        self.general_error.clear()
        self.general_error.hide()

    @staticmethod
    def _clear_field_error(f: Field) -> None:
        f.messages.clear()
        f.error.clear()
        f.error.hide()
        f.frame.setStyleSheet("")
        f.frame.setToolTip("")

    def error_of(self, name: str) -> str:
        """The message shown at field ``name`` ("" when none): for tests and screen readers."""
        f = self.field_for(name)
        return f.error.text() if f is not None and not f.error.isHidden() else ""

    def labels(self) -> dict[str, str]:
        """Record field name -> label, for dialogs that list changed fields."""
        result: dict[str, str] = {}
        for f in self.fields.values():
            for name in f.names:
                result.setdefault(name, f.label)
        return result
