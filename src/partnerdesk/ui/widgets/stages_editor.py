"""A partnership's stages: the timeline above, the stages as editable rows below.

Each row: the kind of stage, its date, a note and a document reference; an "MoU signed" row
also shows the term (from, until, renews itself), a "project or climate partnership" row the
programme (SKEW "Kommunale Klimapartnerschaften" offered) and the phase. Rows are added with
the button below them (Alt+ its underlined letter) and removed with their "−"; Tab walks
through the visible fields. Saving the form sorts them by date; undo is the form's own.
"""

from __future__ import annotations

import dataclasses
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.domain import stages as timeline
from partnerdesk.domain.enums import StageKind
from partnerdesk.domain.records import PartnershipStage
from partnerdesk.i18n import _
from partnerdesk.ui.widgets.date_fields import DateField, format_date
from partnerdesk.ui.widgets.rows_editor import Row, RowsEditor, focus_chain


class _Body(QWidget):
    """The two lines of a stage row; Tab visits only the fields its kind shows."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.order: list[QWidget] = []

    def tab_widgets(self) -> list[QWidget]:
        return [w for widget in self.order if widget.isVisibleTo(self) for w in focus_chain(widget)]


class _StageRow(Row):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._original = PartnershipStage()
        body = self.body = _Body(self)
        lines = QVBoxLayout(body)
        lines.setContentsMargins(0, 0, 0, 0)
        lines.setSpacing(1)
        first, second = QHBoxLayout(), QHBoxLayout()
        lines.addLayout(first)
        lines.addLayout(second)

        self.kind = QComboBox(body)
        for member in StageKind:
            self.kind.addItem(member.label, member.value)
        self.kind.setAccessibleName(_("Stage"))
        self.date = DateField(body)
        self.date.setAccessibleName(_("Date of the stage"))
        self.date.edit.setPlaceholderText(_("DD.MM.YYYY"))
        self.date.setMaximumWidth(self.date.minimumSizeHint().width())
        self.note = QLineEdit(body)
        self.note.setPlaceholderText(_("Note"))
        self.note.setAccessibleName(_("Note on the stage"))
        self.document = QLineEdit(body)
        self.document.setPlaceholderText(_("Document (file, Drucksache, reference)"))
        self.document.setAccessibleName(_("Document of the stage"))
        for widget, stretch in ((self.kind, 0), (self.date, 0), (self.note, 2), (self.document, 1)):
            first.addWidget(widget, stretch)

        self.term = QWidget(body)
        term = QHBoxLayout(self.term)
        term.setContentsMargins(0, 0, 0, 0)
        self.term_from = DateField(self.term)
        self.term_from.setAccessibleName(_("Term from"))
        self.term_from.edit.setPlaceholderText(_("term from"))
        self.term_until = DateField(self.term)
        self.term_until.setAccessibleName(_("Term until"))
        self.term_until.edit.setPlaceholderText(_("term until"))
        self.renewal = QCheckBox(_("renews itself"), self.term)
        self.renewal.setToolTip(_("The MoU is extended automatically unless a party gives notice"))
        term.addWidget(QLabel(_("Term:"), self.term))
        for part in (self.term_from, self.term_until, self.renewal):
            term.addWidget(part)
        term.addStretch(1)

        self.programme_box = QWidget(body)
        programme = QHBoxLayout(self.programme_box)
        programme.setContentsMargins(0, 0, 0, 0)
        self.programme = QLineEdit(self.programme_box)
        self.programme.setPlaceholderText(_("Programme, e.g. {example}").format(example=timeline.SKEW_CLIMATE_PROGRAMME))
        self.programme.setAccessibleName(_("Programme"))
        self.programme.setCompleter(QCompleter([timeline.SKEW_CLIMATE_PROGRAMME], self.programme))
        self.phase = QLineEdit(self.programme_box)
        self.phase.setPlaceholderText(_("Phase"))
        self.phase.setAccessibleName(_("Phase"))
        programme.addWidget(QLabel(_("Programme:"), self.programme_box))
        programme.addWidget(self.programme, 3)
        programme.addWidget(self.phase, 1)
        second.addWidget(self.term)
        second.addWidget(self.programme_box)

        body.order = [self.kind, self.date, self.note, self.document, self.term_from, self.term_until,
                      self.renewal, self.programme, self.phase]
        body.setFocusProxy(self.kind)
        self.kind.currentIndexChanged.connect(lambda _i: self._show_extras())
        self.kind.currentIndexChanged.connect(lambda _i: self.changed.emit())
        for field in (self.date, self.term_from, self.term_until):
            field.changed.connect(self.changed)
        for line in (self.note, self.document, self.programme, self.phase):
            line.textEdited.connect(lambda _t: self.changed.emit())
        self.programme.textChanged.connect(lambda _t: self.changed.emit())  # a completion chosen
        self.renewal.toggled.connect(lambda _b: self.changed.emit())
        self.add(body, 1)
        self._show_extras()

    def current_kind(self) -> StageKind:
        return StageKind(self.kind.currentData())

    def _show_extras(self) -> None:
        kind = self.current_kind()
        self.term.setVisible(kind in timeline.TERM_KINDS)
        self.programme_box.setVisible(kind in timeline.PROGRAMME_KINDS)

    def value(self) -> PartnershipStage:
        kind = self.current_kind()
        has_term, has_programme = kind in timeline.TERM_KINDS, kind in timeline.PROGRAMME_KINDS
        return dataclasses.replace(
            self._original, kind=kind, date=self.date.value(), note=self.note.text().strip(),
            document=self.document.text().strip(),
            term_from=self.term_from.value() if has_term else None,
            term_until=self.term_until.value() if has_term else None,
            automatic_renewal=self.renewal.isChecked() if has_term else False,
            programme=self.programme.text().strip() if has_programme else "",
            phase=self.phase.text().strip() if has_programme else "",
        )

    def setValue(self, value: PartnershipStage) -> None:  # noqa: N802 (Qt naming)
        self._original = value
        self.kind.setCurrentIndex(max(0, self.kind.findData(str(value.kind))))
        self.date.setValue(value.date)
        self.note.setText(value.note)
        self.note.setCursorPosition(0)
        self.document.setText(value.document)
        self.term_from.setValue(value.term_from)
        self.term_until.setValue(value.term_until)
        self.renewal.setChecked(value.automatic_renewal)
        self.programme.setText(value.programme)
        self.phase.setText(value.phase)
        self._show_extras()

    def problem(self) -> str | None:
        fields = [self.date, self.term_from, self.term_until] if self.current_kind() in timeline.TERM_KINDS else [self.date]
        for field in fields:
            if message := field.problem():
                return message
        return None


class StagesEditor(RowsEditor):
    """``value()`` is a list of ``PartnershipStage`` (ids kept); the timeline is shown above."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Add sta&ge"), parent)
        self.timeline = QLabel(self)
        self.timeline.setObjectName("stageTimeline")
        self.timeline.setTextFormat(Qt.TextFormat.RichText)
        self.timeline.setWordWrap(True)
        self.timeline.setAccessibleName(_("Timeline"))
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, self.timeline)
        self.changed.connect(self._show_timeline)
        self._show_timeline()

    def make_row(self) -> Row:
        return _StageRow(self)

    def setValue(self, values: list[PartnershipStage]) -> None:  # type: ignore[override]  # noqa: N802 (Qt naming)
        super().setValue(timeline.ordered(list(values)))
        self._show_timeline()

    def _show_timeline(self) -> None:
        """The stages by date, the current one in bold; rows still being typed are left out."""
        try:
            entered = [row.value() for row in self.rows]
        except ValueError:
            entered = []
        dated = timeline.ordered([s for s in entered if s.date is not None])
        if not dated:
            self.timeline.setText(_("No stage entered yet."))
            return
        current = timeline.current_stage(dated)
        lines = []
        for stage in dated:
            text = f"{format_date(stage.date)} · {escape(stage.kind.label)}"
            extra = [stage.programme, stage.phase]
            if stage.term_until is not None:
                extra.append(_("until {date}").format(date=format_date(stage.term_until)))
            if stage.automatic_renewal:
                extra.append(_("renews itself"))
            if details := ", ".join(escape(e) for e in extra if e):
                text += f" ({details})"
            lines.append(f"<b>{text}</b>" if stage is current else text)
        self.timeline.setText("<br>".join(lines))
