"""What evaluating a rule gives: one finding per rule × period × scope. Shared by `check` and `report`."""

from __future__ import annotations

from dataclasses import dataclass

from pairkit.diagnostics import Source
from pairkit.messages import Lang
from pairkit.model.fields import Labelled
from pairkit.model.periods import Period
from pairkit.model.rules import Waiver


class Status(Labelled):
    MET = "met", "达标"
    ON_TRACK = "on_track", "进行中"
    AT_RISK = "at_risk", "有风险"
    MISSED = "missed", "未达标"
    NOT_APPLICABLE = "not_applicable", "不适用", "n/a"
    WAIVED = "waived", "已豁免"


# Worst first: the order a reader wants problems in.
SEVERITY_ORDER = (Status.MISSED, Status.AT_RISK, Status.ON_TRACK, Status.WAIVED, Status.MET, Status.NOT_APPLICABLE)

# What a finding counts in (``Finding.measure``), as English says it after a number.
MEASURES_EN = {
    "次": "activities",
    "人次": "person-times",
    "人": "people",
    "天": "days",
    "元": "yuan",
    "%": "%",
    "月": "months",
    "岁": "years old",
    "年": "years",
    "项": "items",
    "份": "copies",
    "个部门": "departments",
}


def number(value: float) -> str:
    """12 → "12", 12.5 → "12.5": a figure as a finding prints it."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


_ONE = {"activities": "activity", "person-times": "person-time", "people": "person", "days": "day", "months": "month"}


def measure_in(measure: str, lang: Lang, count: float | None = None) -> str:
    """次 or, in English, activities (activity when ``count`` is 1)."""
    if lang is Lang.ZH:
        return measure
    english = MEASURES_EN.get(measure, measure)
    return _ONE.get(english, english.replace("years", "year")) if count == 1 else english


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
    label_en: str = ""  # the label in English where its words are ours (a subject, punctuation); else as label

    def shown(self, lang: Lang) -> str:
        return self.label_en or self.label if lang is Lang.EN else self.label


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
    required_en: str = ""  # ``required`` in English where it has words ("by 31 July"); empty when the same
    note_en: str = ""  # ``note`` in English (record contents such as a waiver's reason stay as written)
    low: float | None = None  # the minimum and maximum ``required`` states, as numbers (after pro-rating);
    high: float | None = None  # None for a condition (eligibility, deadline) or a bound the rule does not set
    shown: str = ""  # the done figure in words where a number would mislead (11个月又30天); "—" when there is none
    shown_en: str = ""  # ``shown`` in English (11 months and 30 days)

    def done_in(self, lang: Lang) -> str:
        """The done figure as a person reads it: ``shown``, else the number and what it counts (12 次, 12 times)."""
        if self.shown:
            return self.shown_en or self.shown if lang is Lang.EN else self.shown
        unit = measure_in(self.measure, lang, self.actual)
        return f"{number(self.actual)} {unit}".strip()

    def required_in(self, lang: Lang) -> str:
        return self.required_en or self.required if lang is Lang.EN else self.required

    def note_in(self, lang: Lang) -> str:
        return self.note_en if lang is Lang.EN else self.note
