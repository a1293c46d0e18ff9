"""A finding in words — status, amounts, scope, what it takes to get back on track — and findings in order.

``back_on_track`` turns a finding's numbers into the sentence a programme lead acts on: 还需 2 次示范课，本学期还剩
34 天 (the minimum less what was done, and the days from the as-of day to the end of the period).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from pairkit.messages import Lang
from pairkit.model import Records
from pairkit.model.periods import Period, cn_date
from pairkit.model.rules import Counting, CountRule, Measure
from pairkit.report.wording import plain, requirement
from pairkit.rules.results import SEVERITY_ORDER, Finding, Status, measure_in
from pairkit.rules.spans import number

# How a period is referred to from inside it: 本学期还剩 34 天, 60 days left this term.
_THIS = {
    "term": ("本学期", "this term"),
    "school_year": ("本学年", "this school year"),
    "calendar_year": ("本年度", "this year"),
    "half_year": ("本半年", "this half-year"),
    "month": ("本月", "this month"),
    "week": ("本周", "this week"),
    "lifetime": ("结对期内", "the pairing"),
    "custom": ("本期", "this period"),
}


def required_words(finding: Finding, lang: Lang) -> str:
    """The requirement as an office writes it (不少于2次, 5至8人, 7月31日前); ``≥ 2`` stays for JSON and English."""
    return finding.required_in(lang) if lang is Lang.EN else requirement(finding.required, finding.measure)


def note_words(finding: Finding, lang: Lang) -> str:
    """The finding's note with Chinese dates and no symbols (2025年7月31日, 不少于1年)."""
    return finding.note_in(lang) if lang is Lang.EN else plain(finding.note)


def status_word(status: Status, lang: Lang) -> str:
    return status.label_en if lang is Lang.EN else status.label


def amount(value: float, measure: str, lang: Lang) -> str:
    """12 次, 3.5 %, 12 times."""
    unit = measure_in(measure, lang, value)
    return f"{number(value)} {unit}".strip() if unit else number(value)


def fails(finding: Finding, strict: bool = False) -> bool:
    """A missed rule of a closed period fails the check when it is an error (or any rule, with ``--strict``)."""
    return finding.status is Status.MISSED and (finding.severity == "error" or strict)


def counts(findings: Iterable[Finding]) -> dict[Status, int]:
    """Findings per status, in the order statuses are listed (``Status``), only those present."""
    found = Counter(f.status for f in findings)
    return {s: found[s] for s in Status if found[s]}


def counts_text(findings: Iterable[Finding], lang: Lang) -> str:
    parts = [f"{status_word(s, lang)} {n}" for s, n in counts(findings).items()]
    return ("，" if lang is Lang.ZH else ", ").join(parts) or ("没有结果" if lang is Lang.ZH else "no results")


def done_share(finding: Finding) -> float:
    """How much of what is required is done, 0–1: done ÷ minimum, or 1 for a condition met and 0 for one not."""
    if finding.low:
        return min(finding.actual / finding.low, 1.0)
    return 1.0 if finding.status is Status.MET else 0.0


def worst_first(findings: Iterable[Finding]) -> list[Finding]:
    """Missed before at risk before the rest; then the furthest behind; then the period that ends first."""
    rank = {s: i for i, s in enumerate(SEVERITY_ORDER)}
    return sorted(findings, key=lambda f: (rank[f.status], done_share(f), f.period.end, f.rule_title))


@dataclass(frozen=True)
class Remedy:
    """What a finding needs: ``more`` to do (in its measure, of ``what``), or ``excess`` over the maximum; the
    days left in its period (None when the period has closed)."""

    more: float
    excess: float
    what: str  # the activity kind counted, when the rule counts one kind: 示范课
    days_left: int | None


def remedy(finding: Finding, records: Records, as_of: date, lang: Lang) -> Remedy:
    rule = next((r for r in records.rules if r.id == finding.rule_id), None)
    what = ""
    counts_one_kind = isinstance(rule, CountRule) and rule.of is Counting.ACTIVITIES and len(rule.select.kinds) == 1
    if isinstance(rule, CountRule) and counts_one_kind and rule.counts is Measure.ACTIVITIES:
        kinds = records.vocab.activity_kinds
        what = kinds.label_en(rule.select.kinds[0]) if lang is Lang.EN else kinds.label(rule.select.kinds[0])
    excess = max(finding.actual - finding.high, 0.0) if finding.high is not None else 0.0
    days_left = None if finding.period.is_closed(as_of) else (finding.period.end - as_of).days
    return Remedy(finding.gap if finding.low is not None else 0.0, excess, what, days_left)


def back_on_track(finding: Finding, records: Records, as_of: date, lang: Lang) -> str:
    """还需 2 次示范课，本学期还剩 34 天 / 2 more demonstration lessons, 34 days left this term; for a condition
    (who may be seconded, a deadline) the reason it is not met."""
    r = remedy(finding, records, as_of, lang)
    this_zh, this_en = _THIS.get(finding.period.kind, _THIS["custom"])
    start, end = finding.period.start, finding.period.end
    if as_of < start:  # a period still to come: how long is left would mislead
        this_zh, this_en = this_zh.removeprefix("本"), this_en.removeprefix("this ")
    if lang is Lang.ZH:
        when = f"{this_zh}已于{cn_date(end)}结束" if r.days_left is None else f"{this_zh}还剩 {r.days_left} 天"
        if as_of < start:
            when = f"{this_zh}于{cn_date(start)}开始"
        unit = "个百分点" if finding.measure == "%" else finding.measure
        if r.more > 0:
            verb = ("还差" if finding.measure == "%" else "还需") if r.days_left is not None else "差"
            return f"{verb} {number(r.more)} {unit}{r.what}，{when}"
        if r.excess > 0:
            return f"超出上限 {number(r.excess)} {unit}，{when}"
        return finding.note or when
    when = f"{this_en} ended on {end}" if r.days_left is None else f"{r.days_left} days left {this_en}"
    if as_of < start:
        when = f"the {this_en} starts on {start}"

    def units(count: float) -> str:
        return "percentage points" if finding.measure == "%" else measure_in(finding.measure, lang, count)

    if r.more > 0:
        thing = (r.what + ("" if r.more == 1 else "s")) if r.what else units(r.more)
        if r.days_left is None:
            return f"{number(r.more)} {thing} short; {when}"
        return f"{number(r.more)} more {thing}; {when}"
    if r.excess > 0:
        return f"{number(r.excess)} {units(r.excess)} over the maximum; {when}"
    return finding.note_en or when


def pairing_title(records: Records, pairing_id: str | None, lang: Lang) -> str:
    """A pairing by its name; findings of no single pairing go under the programme as a whole."""
    from pairkit.report.figures import pairing_label

    pairing = records.pairing.get(pairing_id or "")
    if pairing is None:
        return "全项目、学校和人员" if lang is Lang.ZH else "Programme, schools and people"
    return pairing_label(records, pairing)


def scope_in_names(records: Records, f: Finding, lang: Lang) -> str:
    """The scope with its pairing's name when the scope does not say it already: a person or a school of a
    pairing reads 云溪一中—二中高中部（理科） · 张秀英（云溪一中）."""
    label = f.scope.shown(lang)
    if f.scope.pairing is None or f.scope.kind in ("pairing", "pairing_subject", "programme"):
        return label
    return f"{pairing_title(records, f.scope.pairing, lang)} · {label}"


def short_period(period: Period, requested: Period, lang: Lang) -> str:
    """A sub-period's label without the year the whole check is about: 秋季学期 inside 2025—2026学年."""
    label = period.shown(lang)
    outer = requested.shown(lang)
    if lang is Lang.ZH and label != outer and label.startswith(outer) and requested.kind == "school_year":
        return label[len(outer) :]
    return label


def as_json(f: Finding, lang: Lang = Lang.ZH) -> dict[str, Any]:
    """One finding as the JSON object the contract names (docs/rules.md); labels follow ``lang``."""
    return {
        "rule": f.rule_id,
        "rule_title": f.rule_title,
        "severity": f.severity,
        "period": {"label": f.period.shown(lang), "start": f.period.start.isoformat(), "end": f.period.end.isoformat()},
        "scope": {"kind": f.scope.kind, "id": f.scope.id, "label": f.scope.shown(lang)},
        "pairing": f.scope.pairing,
        "required": f.required_in(lang),
        "actual": f.actual,
        "measure": measure_in(f.measure, lang),
        "done": f.done_in(lang),
        "gap": f.gap,
        "minimum": f.low,
        "maximum": f.high,
        "status": str(f.status),
        "waived_from": str(f.waived_from) if f.waived_from else None,
        "note": f.note_in(lang),
        "clause": f.clause,
        "file": f.source.file if f.source else None,
    }
