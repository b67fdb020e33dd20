"""One definition of each grant enum (issue 23): the rules, the register, its form and its
filters, the documents and the command line name a grant's status and financing kind with the
same members, stored values and labels (``domain.enums``; the values are the database's)."""

from __future__ import annotations

import ast
from pathlib import Path

import partnerdesk
from partnerdesk import i18n
from partnerdesk.domain import enums
from partnerdesk.domain import grants as rules

PACKAGE = Path(partnerdesk.__file__).parent


def test_status_and_financing_kind_are_each_defined_once_in_the_enums_module():
    defined = sorted(
        (str(path.relative_to(PACKAGE)), node.name)
        for path in PACKAGE.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.ClassDef) and node.name in ("GrantStatus", "FinancingKind")
    )
    assert defined == [("domain/enums.py", "FinancingKind"), ("domain/enums.py", "GrantStatus")]


def test_the_rules_grant_carries_the_register_s_members_and_labels():
    grant = rules.Grant("g", "Klimapartnerschaft", financing_kind=enums.FinancingKind.FIXED)
    assert grant.status is enums.GrantStatus.IDEA
    assert grant.financing_kind.value == "fixed"  # as stored in the grants table
    i18n.set_language("de")
    assert grant.financing_kind.label == "Festbetragsfinanzierung"
    assert enums.GrantStatus.OUTLINE.label == "Projektskizze eingereicht"
    assert rules.GRANTED == {enums.GrantStatus.APPROVED, enums.GrantStatus.RUNNING,
                             enums.GrantStatus.PROOF_SUBMITTED, enums.GrantStatus.CLOSED}
    assert enums.GrantStatus.RUNNING.is_granted and not enums.GrantStatus.APPLICATION.is_granted
