"""What evaluating a rule gives: one finding per rule × period × scope. Shared by `check` and `report`."""

from __future__ import annotations

from dataclasses import dataclass

from pairkit.diagnostics import Source
from pairkit.model.fields import Labelled
from pairkit.model.periods import Period
from pairkit.model.rules import Waiver


class Status(Labelled):
    MET = "met", "达标"
    ON_TRACK = "on_track", "进行中"
    AT_RISK = "at_risk", "有风险"
    MISSED = "missed", "未达标"
    NOT_APPLICABLE = "not_applicable", "不适用"
    WAIVED = "waived", "已豁免"


@dataclass(frozen=True)
class Scope:
    """Who a finding is about: the whole programme, a pairing, a pairing × subject, a school (× subject), a person
    or a secondment."""

    # "programme", "pairing", "pairing_subject", "supporter", "recipient", "recipient_subject", "unit", "person",
    # "secondment"
    kind: str
    id: str  # "" for the programme; "pairing-id/subject" or "unit-id/subject" for a subject
    label: str  # Chinese, as a report prints it, e.g. "一中—二中高中部（理科）· 数学"
    pairing: str | None = None  # the pairing this scope belongs to, for grouping; None when not one pairing


@dataclass(frozen=True)
class Finding:
    rule_id: str
    rule_title: str
    clause: str | None  # the original Chinese clause the rule encodes
    severity: str  # "error" or "warning"
    period: Period  # the period evaluated (after pro-rating, the part the scope was active)
    scope: Scope
    required: str  # as printed: "≥ 3", "2–3", "≤ 5", "≥ 10%"
    actual: float
    measure: str  # what was counted, in Chinese: "次", "人次", "人", "天", "元", "%"
    status: Status
    gap: float = 0.0  # how far short of the minimum (0 when met or not applicable)
    note: str = ""  # why: pro-rating, waiver reason, eligibility detail
    source: Source | None = None  # the rule's place in the records
    waived_from: Status | None = None  # the status a waiver replaced ("counted apart": missed or at risk)
    waiver: Waiver | None = None  # the waiver applied: its reason, approver and expiry are stated in reports
    shown: str = ""  # the done figure in words where a number would mislead ("11个月又30天"; "—" when there is none)

    @property
    def done(self) -> str:
        """The done figure as a person reads it: ``shown``, else the number and what it counts."""
        return self.shown or f"{number(self.actual)} {self.measure}".strip()


def number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
