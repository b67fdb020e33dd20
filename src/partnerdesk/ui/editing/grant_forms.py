"""The detail forms of funding programmes and grants (issue 23).

A grant's funding plan, draw-downs, expenses and transfers are tables inside its form
(``PartsTable``): edited there, saved with the grant in one step and undone with it. The
expenses' plan line is chosen from the funding plan as the form holds it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from partnerdesk.domain.enums import FinancingKind, GrantConditions, GrantStatus
from partnerdesk.domain.grant_records import Drawdown, Expense, PlanLine, Transfer
from partnerdesk.i18n import _
from partnerdesk.ui.editing.form_base import RecordForm
from partnerdesk.ui.widgets import DateField, MoneyField, ReferenceListPicker, ReferencePicker
from partnerdesk.ui.widgets.amount_field import AmountField
from partnerdesk.ui.widgets.parts_table import PartColumn, PartsTable

WARNING_COLOUR = "#8a5a00"


def _optional(value: str) -> str | None:
    return value or None


class ProgrammeForm(RecordForm):
    kind = "programmes"

    def build(self) -> None:
        self.add_text("name", _("Name"))
        self.add_text("funder", _("Funder"))
        self.add_field("typical_rate", _("Typical funding rate"), AmountField(self, suffix="%"))
        smallest = MoneyField(self)
        self.add_field("min_amount", _("Smallest grant"), smallest, also=("currency",),
                       load=lambda r: smallest.setValue((r.min_amount, r.currency)),  # type: ignore[attr-defined]
                       store=lambda: dict(zip(("min_amount", "currency"), smallest.value(), strict=True)))
        self.add_field("max_amount", _("Largest grant"), AmountField(self))
        self.add_text("link", _("Link"))
        self.add_text("notes", _("Notes"), multiline=True)


class GrantForm(RecordForm):
    kind = "grants"

    def build(self) -> None:
        #: The rule warnings of the grant as saved (six weeks, own share, tolerance, ...).
        self.warnings = QLabel(self)
        self.warnings.setObjectName("grantWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(f"color: {WARNING_COLOUR};")
        self.warnings.hide()
        self.layout_.addRow(self.warnings)
        self.add_text("title", _("Title"))
        self.programme = self.add_field("programme_id", _("Funding programme"), ReferencePicker(self),
                                        store=lambda: {"programme_id": _optional(self.programme.value())})
        self.projects = self.add_field("project_ids", _("Funded projects"), ReferenceListPicker(self))
        self.add_enum("status", _("Status"), GrantStatus)
        self.add_text("file_reference", _("File reference (Aktenzeichen)"))
        self.add_field("decision_date", _("Decision date"), DateField(self))
        self.add_field("period_from", _("Approved from"), DateField(self))
        self.add_field("period_until", _("Approved until"), DateField(self))
        amount = MoneyField(self)
        self.add_field("approved_amount", _("Approved amount"), amount, also=("currency",),
                       load=lambda r: amount.setValue((r.approved_amount, r.currency)),  # type: ignore[attr-defined]
                       store=lambda: dict(zip(("approved_amount", "currency"), amount.value(), strict=True)))
        self.add_field("funding_rate", _("Funding rate"), AmountField(self, suffix="%"))
        self.add_enum("financing_kind", _("Financing"), FinancingKind)
        self.add_field("own_share", _("Own share"), AmountField(self))
        self.add_field("min_own_share_rate", _("Least own share"), AmountField(self, suffix="%"))
        self.add_field("third_party_funds", _("Third-party funds"), AmountField(self))
        self.add_enum("conditions", _("Conditions"), GrantConditions)
        self.add_text("special_conditions", _("Special conditions"), multiline=True)
        tolerance = AmountField(self, suffix="%")
        # Left empty, the tolerance stays what it was (20 % for a new grant): it is never "none".
        self.add_field("tolerance", _("Tolerance per plan line"), tolerance, store=lambda: {
            "tolerance": tolerance.value() if tolerance.value() is not None else self.base.tolerance})  # type: ignore[attr-defined]
        self.add_field("passed_on_limit", _("Limit for passing on"), AmountField(self, suffix="%"))
        self.add_field("interim_proof_due", _("Interim proof due"), DateField(self)).setToolTip(
            _("Only where the decision sets its own date; otherwise 30 April of each following year"))
        self.add_field("final_proof_due", _("Final proof due"), DateField(self)).setToolTip(
            _("Only where the decision sets its own date; otherwise six months after the end of the approved period"))
        self.add_field("receipts_kept_until", _("Receipts kept until"), DateField(self)).setToolTip(
            _("Only where the decision sets its own date; otherwise five years after the final proof"))
        self.plan = self.add_field("plan_lines", _("Funding plan"), PartsTable(
            [PartColumn("name", _("Plan line")), PartColumn("planned", _("Planned"), "amount")],
            PlanLine, lambda n: _("Plan line {number}").format(number=n), _("Add plan line"), self))
        self.add_field("drawdowns", _("Draw-downs"), PartsTable(
            [PartColumn("requested_on", _("Requested on"), "date"), PartColumn("amount", _("Amount"), "amount"),
             PartColumn("received_on", _("Received on"), "date"), PartColumn("spent", _("Spent"), "amount"),
             PartColumn("spent_on", _("Spent by"), "date")],
            Drawdown, lambda n: _("Draw-down {number}").format(number=n), _("Add draw-down"), self))
        self.expenses = self.add_field("expenses", _("Expenses"), PartsTable(
            [PartColumn("date", _("Date"), "date"), PartColumn("payee", _("Payee")),
             PartColumn("purpose", _("Purpose")), PartColumn("amount", _("Amount"), "amount"),
             PartColumn("plan_line_id", _("Plan line"), "line"), PartColumn("receipt", _("Receipt"))],
            Expense, lambda n: _("Expense {number}").format(number=n), _("Add expense"), self))
        self.add_field("transfers", _("Transfers to the partner"), PartsTable(
            [PartColumn("contract", _("Contract")), PartColumn("amount", _("Amount"), "amount"),
             PartColumn("transferred_on", _("Transferred on"), "date"), PartColumn("proof_due", _("Proof due"), "date"),
             PartColumn("proof_received_on", _("Proof received on"), "date")],
            Transfer, lambda n: _("Transfer {number}").format(number=n), _("Add transfer"), self))
        self.add_text("notes", _("Notes"), multiline=True)
        self.plan.changed.connect(self._plan_changed)

    def _plan_changed(self) -> None:
        self.expenses.set_lines([(line.id, line.name or "…") for line in self.plan.value()])

    def after_load(self) -> None:
        self._plan_changed()
        self.show_warnings()

    def show_warnings(self) -> None:
        """The rule warnings of the grant as loaded (``services.grant_rules``): what the office
        should look at, never a reason to refuse saving."""
        from partnerdesk.services.grant_rules import warning_lines

        lines = warning_lines(self.base)  # type: ignore[arg-type]  # base: a Grant
        self.warnings.setText("\n".join(f"⚠ {line}" for line in lines))
        self.warnings.setVisible(bool(lines))

    def refresh_choices(self) -> None:
        self.programme.set_lookup(self.choices.lookup("programmes"))
        self.projects.set_lookup(self.choices.lookup("projects"))


