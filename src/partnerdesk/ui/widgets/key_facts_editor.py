"""A municipality's key facts: what is shown above, every value with its source and date below.

Each row: the kind (inhabitants, area in km², mayor since, website), the value as typed
("42.000", "1.234,5", "2021" or "01.06.2021", "https://…"), the mayor's name (mayor only), the
source, the date ("Stand": a year or a day; empty reads "Stand unbekannt") and "show this one"
(instead of the newest). The line above names the value shown of each kind; hovering it lists
every value of that kind with its source and date. Saving checks them (``key_fact_checks``)
and names a problem at the field; rows are added with the button below them.
"""

from __future__ import annotations

import dataclasses
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from partnerdesk.domain import key_facts as kf
from partnerdesk.domain.enums import KeyFactKind
from partnerdesk.domain.records import KeyFact
from partnerdesk.i18n import _, ngettext
from partnerdesk.ui.widgets.rows_editor import Row, RowsEditor

_PLACEHOLDERS = {
    KeyFactKind.INHABITANTS: lambda: _("e.g. 42.000"),
    KeyFactKind.AREA: lambda: _("km², e.g. 1.234,5"),
    KeyFactKind.MAYOR: lambda: _("since (year or date)"),
    KeyFactKind.WEBSITE: lambda: _("https://…"),
}


class _FactRow(Row):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._original = KeyFact()
        self.kind = QComboBox(self)
        for member in KeyFactKind:
            self.kind.addItem(member.label, member.value)
        self.kind.setAccessibleName(_("Kind of key fact"))
        self.value_edit = QLineEdit(self)
        self.value_edit.setAccessibleName(_("Value"))
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(_("Name (optional)"))
        self.name.setAccessibleName(_("Mayor's name"))
        self.source = QLineEdit(self)
        self.source.setPlaceholderText(_("Source"))
        self.source.setAccessibleName(_("Source"))
        self.as_of = QLineEdit(self)
        self.as_of.setPlaceholderText(_("as of (year or date)"))
        self.as_of.setAccessibleName(_("As of"))
        self.as_of.setToolTip(_("When the value was true: a year (2014) or a day (30.06.2014); empty: date unknown"))
        self.chosen = QCheckBox(_("show"), self)
        self.chosen.setToolTip(_("Show this value instead of the newest"))
        for widget, stretch in ((self.kind, 0), (self.value_edit, 1), (self.name, 1), (self.source, 2),
                                (self.as_of, 1), (self.chosen, 0)):
            self.add(widget, stretch)
        self.kind.currentIndexChanged.connect(lambda _i: self._show_for_kind())
        self.kind.currentIndexChanged.connect(lambda _i: self.changed.emit())
        for line in (self.value_edit, self.name, self.source, self.as_of):
            line.textEdited.connect(lambda _t: self.changed.emit())
        self.chosen.toggled.connect(lambda _b: self.changed.emit())
        self._show_for_kind()

    def current_kind(self) -> KeyFactKind:
        return KeyFactKind(self.kind.currentData())

    def _show_for_kind(self) -> None:
        kind = self.current_kind()
        self.name.setVisible(kind == KeyFactKind.MAYOR)
        self.value_edit.setPlaceholderText(_PLACEHOLDERS[kind]())

    def value(self) -> KeyFact:
        kind = self.current_kind()
        return dataclasses.replace(
            self._original, kind=kind, value=kf.plain_value(kind, self.value_edit.text()),
            name=self.name.text().strip() if kind == KeyFactKind.MAYOR else "",
            source=self.source.text().strip(), as_of=kf.plain_date(self.as_of.text()), chosen=self.chosen.isChecked(),
        )

    def setValue(self, value: KeyFact) -> None:  # noqa: N802 (Qt naming)
        self._original = value
        self.kind.setCurrentIndex(max(0, self.kind.findData(str(value.kind))))
        self.value_edit.setText(kf.edit_text(value))
        self.name.setText(value.name)
        self.source.setText(value.source)
        self.as_of.setText(kf.date_text(value.as_of))
        self.chosen.setChecked(value.chosen)
        self._show_for_kind()


class KeyFactsEditor(RowsEditor):
    """``value()`` is a list of ``KeyFact`` (ids kept); what is shown stands above the rows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Add &key fact"), parent)
        self.summary = QLabel(self)
        self.summary.setObjectName("keyFactsShown")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(_("Key facts shown"))
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, self.summary)
        self.changed.connect(self._show_summary)
        self._show_summary()

    def make_row(self) -> Row:
        return _FactRow(self)

    def setValue(self, values: list[KeyFact]) -> None:  # type: ignore[override]  # noqa: N802 (Qt naming)
        super().setValue(list(values))
        self._show_summary()

    def _show_summary(self) -> None:
        text, hover = summary_of([row.value() for row in self.rows])
        self.summary.setText(text or escape(_("No key fact entered yet.")))
        self.summary.setToolTip(hover)


def summary_of(facts: list[KeyFact]) -> tuple[str, str]:
    """What a form shows of key facts (rich text; "" for none): one line per kind with a value,
    the shown one and how many stand beside it; and its tooltip, every value with its source and date."""
    lines, hover = [], []
    for kind in KeyFactKind:
        found = kf.of_kind(facts, kind)
        top = kf.shown(found, kind)
        if top is None:
            continue
        text = f"{escape(kind.label)}: <b>{escape(kf.value_text(top))}</b> ({escape(kf.as_of_text(top))})"
        if len(found) > 1:
            others = len(found) - 1
            text += " " + escape(ngettext("+ {count} more value", "+ {count} more values", others).format(count=others))
        lines.append(text)
        hover.append(f"{kind.label}:\n" + kf.hover_text(found, kind))
    return "<br>".join(lines), "\n\n".join(hover)
