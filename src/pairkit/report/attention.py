"""What 三、指标完成情况 and 四、存在的问题 report: the rules' findings, idle pairings, unassessed secondments."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from pairkit.model import Records
from pairkit.model.periods import Calendar, Period
from pairkit.report.figures import Selection, pairing_label
from pairkit.rules.results import Finding, Status

IDLE_DAYS = 60


@dataclass(frozen=True)
class RuleRow:
    title: str
    period: str
    scope: str
    required: str
    actual: str
    status: str  # Chinese label
    status_key: str
    note: str
    detail: str  # what is short, as 四、存在的问题 says it: "要求≥ 5次，实际3次" or the rule's own explanation


@dataclass(frozen=True)
class RuleGroup:
    """One rule's findings counted by status: a line of the table in 三、指标完成情况."""

    title: str
    required: str  # the requirement, or 见附件 when it differs between scopes
    total: int
    counts: dict[str, int]

    def count(self, status: str) -> int:
        return self.counts.get(status, 0)


@dataclass(frozen=True)
class RuleSummary:
    available: bool  # False when the rules engine could not be used
    rows: list[RuleRow]
    counts: dict[str, int]  # status key → number of findings

    def count(self, status: str) -> int:
        return self.counts.get(status, 0)

    @property
    def groups(self) -> list[RuleGroup]:
        by_title: dict[str, list[RuleRow]] = {}
        for row in self.rows:
            by_title.setdefault(row.title, []).append(row)
        out = []
        for title, rows in by_title.items():
            required = {r.required for r in rows}
            out.append(
                RuleGroup(
                    title,
                    required.pop() if len(required) == 1 else "见附件",
                    len(rows),
                    dict(Counter(r.status_key for r in rows)),
                )
            )
        return out

    @property
    def missed(self) -> list[RuleRow]:
        return [r for r in self.rows if r.status_key == Status.MISSED]

    @property
    def at_risk(self) -> list[RuleRow]:
        return [r for r in self.rows if r.status_key == Status.AT_RISK]


@dataclass(frozen=True)
class IdlePairing:
    label: str
    last_activity: date | None
    idle_days: int


@dataclass(frozen=True)
class Unassessed:
    name: str
    to_unit: str
    start: date
    end: date
    missing_years: list[str]  # "2025—2026学年"


def _amount(value: float, measure: str) -> str:
    text = str(int(value)) if float(value).is_integer() else f"{value:.1f}"
    return f"{text}{measure}" if measure != "%" else f"{text}%"


def _row(f: Finding) -> RuleRow:
    numeric = f.required[-1:].isdigit()  # "≥ 5", "5–8"; not "7月31日前" or "男 < 45 岁，…"
    required = f"{f.required}{f.measure}" if numeric and f.measure != "%" else f.required
    actual = _amount(f.actual, f.measure)
    if numeric or f.required.endswith("%") or not f.note:
        detail = f"要求{required}，实际{actual}"
    else:  # a condition rather than an amount: the rule's note says what is wrong ("选派 s-1：男，已满 46 周岁…")
        detail = f.note.split("：", 1)[-1]
    return RuleRow(
        title=f.rule_title,
        period=f.period.label,
        scope=f.scope.label or "全项目",
        required=required,
        actual=actual,
        status=f.status.label,
        status_key=str(f.status),
        note=f.note,
        detail=detail,
    )


def rule_summary(findings: list[Finding] | None) -> RuleSummary:
    if findings is None:
        return RuleSummary(False, [], {})
    rows = [_row(f) for f in findings if f.status is not Status.NOT_APPLICABLE]
    return RuleSummary(True, rows, dict(Counter(r.status_key for r in rows)))


def term_days(calendar: Calendar, start: date, end: date) -> int:
    """Days from ``start`` (exclusive) to ``end`` (inclusive) that fall in a term: holidays do not count as idle."""
    if end <= start:
        return 0
    span = Period(start + timedelta(days=1), end, "")
    total = 0
    for term in calendar.terms_within(span):
        part = term.clip(span.start, span.end)
        total += part.days if part else 0
    return total


def idle_pairings(records: Records, chosen: Selection, period: Period, as_of: date) -> list[IdlePairing]:
    """Pairings running on the reference day (the period's end, or today if earlier) that have had no activity
    for more than 60 term days (school holidays are not counted)."""
    calendar = Calendar(records.programme)
    day = min(as_of, period.end)
    if day < period.start:  # a period that has not begun: nothing can have gone quiet yet
        return []
    last: dict[str, date] = {}
    for a in records.activities:
        if a.date <= day and (a.pairing not in last or a.date > last[a.pairing]):
            last[a.pairing] = a.date
    out = []
    for p in chosen.pairings:
        if not p.active_on(day):
            continue
        seen = last.get(p.id)
        idle = term_days(calendar, seen or p.start, day)
        if idle > IDLE_DAYS:
            out.append(IdlePairing(pairing_label(records, p), seen, idle))
    return out


def unassessed(records: Records, chosen: Selection, as_of: date) -> list[Unassessed]:
    """Secondments that have ended without an assessment for each school year they covered."""
    calendar = Calendar(records.programme)
    out = []
    for s in chosen.secondments:
        if s.end >= as_of:
            continue
        years = range(calendar.school_year_of(s.start), calendar.school_year_of(s.end) + 1)
        done = {a.school_year for a in s.assessments}
        missing = [calendar.school_year(y).label for y in years if y not in done]
        if missing:
            person = records.person.get(s.person)
            unit = records.unit.get(s.to)
            out.append(
                Unassessed(person.name if person else s.person, unit.name if unit else s.to, s.start, s.end, missing)
            )
    return out
