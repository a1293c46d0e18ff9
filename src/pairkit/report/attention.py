"""What 三、指标完成情况 and 四、存在的问题 report: the rules' findings, idle pairings, unassessed secondments."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from pairkit.model import Records
from pairkit.model.periods import Calendar, Period, cn_date
from pairkit.report.figures import Selection, pairing_label
from pairkit.report.wording import number, plain, requirement
from pairkit.rules.results import Finding, Status

# Table 3's status columns, in this order; a column no finding has is left out.
STATUS_COLUMNS = (Status.MET, Status.ON_TRACK, Status.AT_RISK, Status.MISSED, Status.WAIVED)
NOT_MET = (Status.MISSED, Status.AT_RISK, Status.WAIVED)

IDLE_DAYS = 60


@dataclass(frozen=True)
class Waived:
    """Why a finding is waived, as the report states it."""

    reason: str
    approver: str
    approved_on: date | None
    expires: date | None

    @property
    def sentence(self) -> str:
        """因……，经……批准豁免（2025年8月20日），有效期至2027年8月31日"""
        when = f"于{cn_date(self.approved_on)}" if self.approved_on else ""
        until = f"，有效期至{cn_date(self.expires)}" if self.expires else ""
        return f"因{plain(self.reason)}，经{self.approver}{when}批准豁免{until}"


@dataclass(frozen=True)
class RuleRow:
    title: str
    period: str
    scope: str
    required: str  # in words: 不少于5次, 5至8人, 男未满45周岁……
    actual: str
    status: str  # Chinese label
    status_key: str
    note: str
    detail: str  # what is short, as 四、存在的问题 says it: "要求不少于5次，实际3次" or the rule's own explanation
    running: bool = False  # a longer period (the year in a term report): progress so far, not judged
    waived: Waived | None = None
    condition: bool = False  # a condition (eligibility, a deadline): ``detail`` explains it in the rule's words


@dataclass(frozen=True)
class RuleGroup:
    """One rule's findings counted by status: a line of the table in 三、指标完成情况."""

    title: str
    required: str  # the requirement, or 各不相同 when it differs between scopes (pro-rated, per subject …)
    total: int
    counts: dict[str, int]
    running: bool = False  # counted over a period longer than the report's: progress so far

    def count(self, status: str) -> int:
        return self.counts.get(status, 0)


@dataclass(frozen=True)
class RuleSummary:
    available: bool  # False when the rules engine could not be used
    rows: list[RuleRow]
    counts: dict[str, int]  # status key → number of findings
    cutoff: date | None = None  # the day progress of longer periods is counted to (the report period's end)

    def count(self, status: str) -> int:
        return self.counts.get(status, 0)

    @property
    def columns(self) -> list[tuple[str, str]]:
        """(status key, label) of table 3's status columns: only statuses some finding has."""
        return [(str(s), s.label) for s in STATUS_COLUMNS if self.count(s)]

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
                    required.pop() if len(required) == 1 else "各不相同",
                    len(rows),
                    dict(Counter(r.status_key for r in rows)),
                    all(r.running for r in rows),
                )
            )
        return out

    @property
    def not_met(self) -> list[RuleRow]:
        """The rows table 4 lists: missed, at risk and waived, in that order."""
        return [r for status in NOT_MET for r in self.rows if r.status_key == status]

    @property
    def missed(self) -> list[RuleRow]:
        return [r for r in self.rows if r.status_key == Status.MISSED]

    @property
    def at_risk(self) -> list[RuleRow]:
        return [r for r in self.rows if r.status_key == Status.AT_RISK]

    @property
    def waived(self) -> list[RuleRow]:
        return [r for r in self.rows if r.status_key == Status.WAIVED]

    @staticmethod
    def by_rule(rows: list[RuleRow]) -> list[tuple[str, list[RuleRow]]]:
        """Rows grouped under their rule's title, in the order the rules first appear: 四 names a rule once."""
        out: dict[str, list[RuleRow]] = {}
        for row in rows:
            out.setdefault(row.title, []).append(row)
        return list(out.items())

    @property
    def running(self) -> bool:
        return any(r.running for r in self.rows)


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
    unit = {"月": "个月"}.get(measure, measure)
    return f"{number(value, 1)}{unit}"


def _scope(label: str) -> str:
    """A scope as prose names it: "一中—二中高中部（理科） · 数学" → "一中—二中高中部（理科）数学学科"."""
    if " · " in label:
        pairing, subject = label.rsplit(" · ", 1)
        return f"{pairing}{subject}学科"
    return label or "全项目"


def _row(f: Finding, cutoff: date | None) -> RuleRow:
    numeric = f.required[-1:].isdigit() or f.required.endswith("%")  # "≥ 5", "5–8"; not "7月31日前" or "男 < 45 岁"
    required = requirement(f.required, f.measure)
    actual = _amount(f.actual, f.measure)
    if numeric or not f.note:
        detail = f"要求{required}，{'目前' if cutoff else '实际'}{actual}"
        if f.note and not f.gap and f.status in (Status.MISSED, Status.AT_RISK):  # short of nothing: say what else
            detail += f"，{plain(f.note.split('；已豁免：')[0])}"
    else:  # a condition rather than an amount: the rule's note says what is wrong ("选派 s-1：男，已满 46 周岁…")
        detail = plain(f.note.split("：", 1)[-1].split("；已豁免：")[0])
        if f.shown and f.shown != "—" and f.shown not in detail:  # "派出 1 人、派入 0 人，相差 1 人"
            detail = f"{f.shown}，{detail}"
    label = f"{f.period.label}（截至{cn_date(cutoff)}）" if cutoff else f.period.label
    waiver = f.waiver
    condition = not (numeric or not f.note)
    return RuleRow(
        title=f.rule_title,
        period=plain(label),
        scope=_scope(f.scope.label),
        required=required,
        # A condition's figure (days late, an age) is in its explanation, unless it has words of its own (5个月).
        actual=(f.shown or "—") if condition else actual,
        status=f.status.label,
        status_key=str(f.status),
        note=plain(f.note),
        detail=detail,
        running=cutoff is not None,
        condition=condition,
        waived=Waived(waiver.reason, waiver.approver, waiver.approved_on, waiver.expires) if waiver else None,
    )


def rule_summary(
    findings: list[Finding] | None, running: list[Finding] | None = None, cutoff: date | None = None
) -> RuleSummary:
    """The report's view of the findings. ``running`` are findings of periods that go on after the report's
    (the school year in a term report), counted to ``cutoff``: shown as progress so far, never as missed."""
    if findings is None:
        return RuleSummary(False, [], {})
    rows = [_row(f, None) for f in findings if f.status is not Status.NOT_APPLICABLE]
    rows += [_row(f, cutoff) for f in running or [] if f.status is not Status.NOT_APPLICABLE]
    return RuleSummary(True, rows, dict(Counter(r.status_key for r in rows)), cutoff if running else None)


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
        if a.pairing is not None and a.date <= day and (a.pairing not in last or a.date > last[a.pairing]):
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
