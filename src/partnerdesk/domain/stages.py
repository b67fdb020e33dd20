"""Where a partnership stands: its dated stages, and which fields of the record they decide.

The timeline (``Partnership.stages``) is the record of what happened and when. Of the fields
that existed before it:

* ``mou_signed_on`` is derived: the date of the latest "MoU signed" stage. A record that
  brings a signing date but no such stage (an older archive, travel copy or table import)
  gets the stage made from it, so nothing read from outside is lost.
* ``mou_status`` stays a field of its own (it knows "in preparation" and "expired", which are
  no stages), but an "MoU signed" stage makes "none" or "in preparation" into "signed".
* ``status`` (exploring, active, dormant, ended) stays the office's own judgment, as the
  register, the exports and the statistics read it; the current stage stands beside it.
* ``start_year``/``start_date`` stay: the official start ("seit 2008") the national
  statistics count, which the first contact may precede by years.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from partnerdesk.domain.enums import MouStatus, PartnershipType, StageKind
from partnerdesk.domain.records import Partnership, PartnershipStage

#: The programme of the SKEW's municipal climate partnerships (Engagement Global).
SKEW_CLIMATE_PROGRAMME = "SKEW – Kommunale Klimapartnerschaften"
#: Stage kinds that carry an MoU term, and those that carry a programme and phase.
TERM_KINDS = frozenset({StageKind.MOU_SIGNED})
PROGRAMME_KINDS = frozenset({StageKind.PROJECT_PARTNERSHIP})
_ORDER = {kind: i for i, kind in enumerate(StageKind)}


def sort_key(stage: PartnershipStage) -> tuple[date, int]:
    return (stage.date or date.max, _ORDER.get(stage.kind, 99))


def ordered(stages: list[PartnershipStage]) -> list[PartnershipStage]:
    """Oldest first; on the same day in the usual order of stages (stable otherwise)."""
    return sorted(stages, key=sort_key)


def current_stage(stages: list[PartnershipStage]) -> PartnershipStage | None:
    """The latest dated stage, or None for an empty timeline."""
    dated = [s for s in stages if s.date is not None]
    return ordered(dated)[-1] if dated else None


def latest(stages: list[PartnershipStage], kind: StageKind) -> PartnershipStage | None:
    found = [s for s in stages if s.kind == kind and s.date is not None]
    return ordered(found)[-1] if found else None


def mou_signed_on(stages: list[PartnershipStage]) -> date | None:
    """The derived signing date: that of the latest "MoU signed" stage."""
    stage = latest(stages, StageKind.MOU_SIGNED)
    return stage.date if stage is not None else None


def reconciled(p: Partnership) -> Partnership:
    """``p`` with its stages in order and the fields they decide filled from them (see above)."""
    stages = list(p.stages)
    if p.mou_signed_on is not None and latest(stages, StageKind.MOU_SIGNED) is None:
        stages.append(PartnershipStage(kind=StageKind.MOU_SIGNED, date=p.mou_signed_on))
    stages = ordered(stages)
    signed = mou_signed_on(stages)
    mou_status = p.mou_status
    if signed is not None and mou_status in (MouStatus.NONE, MouStatus.IN_PREPARATION):
        mou_status = MouStatus.SIGNED
    if stages == p.stages and signed == p.mou_signed_on and mou_status == p.mou_status:
        return p
    return dataclasses.replace(p, stages=stages, mou_signed_on=signed, mou_status=mou_status)


def is_climate_partnership(p: Partnership) -> bool:
    """A project partnership in the SKEW programme of municipal climate partnerships (the MoU
    then carries the joint action programme by default)."""
    if p.type != PartnershipType.PROJECT_PARTNERSHIP:
        return False
    return any(s.kind == StageKind.PROJECT_PARTNERSHIP and "klima" in s.programme.casefold() for s in p.stages)


def mou_term_end(p: Partnership) -> date | None:
    """The end of the current MoU's term when it does not renew itself, else None."""
    stage = latest(p.stages, StageKind.MOU_SIGNED)
    if stage is None or stage.automatic_renewal:
        return None
    return stage.term_until
