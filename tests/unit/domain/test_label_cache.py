"""Enum labels are kept per language (``grants check`` names a rule in thousands of warnings), and
the cycle collector's pause for bulk reads (``startup.collection_paused``) nests and ends cleanly:
neither may change what a user sees or leave the collector off."""

from __future__ import annotations

import gc
import threading

from partnerdesk import i18n
from partnerdesk.domain.enums import FinancingKind, GrantConditions
from partnerdesk.domain.grants import GrantRule, ObligationKind
from partnerdesk.startup import collection_paused


def test_a_label_follows_the_language_it_is_asked_in():
    try:
        i18n.set_language("de")
        assert GrantRule.PROOF_OVERDUE.label == "Nachweis überfällig"
        assert FinancingKind.DEFICIT.label == "Fehlbedarfsfinanzierung"
        i18n.set_language("en")
        assert GrantRule.PROOF_OVERDUE.label == "Proof overdue"
        assert FinancingKind.DEFICIT.label == "Deficit financing (Fehlbedarfsfinanzierung)"
        i18n.set_language("de")
        assert GrantRule.PROOF_OVERDUE.label == "Nachweis überfällig"
    finally:
        i18n.set_language("de")


def test_equal_values_of_different_enums_keep_their_own_labels():
    i18n.set_language("en")
    try:
        assert ObligationKind.OTHER == GrantConditions.OTHER == "other"  # StrEnums: equal as text
        assert (ObligationKind.OTHER.label, GrantConditions.OTHER.label) == (
            "Other obligation", "Other (see special conditions)")
    finally:
        i18n.set_language("de")


def test_the_collector_pause_nests_and_resumes_only_what_it_paused():
    assert gc.isenabled()
    with collection_paused():
        assert not gc.isenabled()
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled()  # it was off before: left off
    finally:
        gc.enable()


def test_pauses_in_two_threads_end_with_the_collector_on():
    inside, leave = threading.Barrier(2), threading.Event()

    def read() -> None:
        with collection_paused():
            inside.wait()
            leave.wait()

    reader = threading.Thread(target=read)
    reader.start()
    with collection_paused():
        inside.wait()
        leave.set()
        reader.join()
        assert not gc.isenabled()  # the other thread's pause ended; this one still holds
    assert gc.isenabled()
