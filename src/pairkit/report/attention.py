"""What 三、指标完成情况 and 四、存在的问题 report: the rules' findings, idle pairings, unassessed secondments.

A province's report would list tens of thousands of items here. A list longer than ``LIST_LIMIT`` is summed up
instead (``summarised``): counted by rule and by county (or, in a programme of one county, by pairing); the items
themselves go to an annex with ``--annex full``, and the Excel ledger holds every finding.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from pairkit.model import Records
from pairkit.model.periods import Calendar, Period, cn_date
from pairkit.model.records import Pairing
from pairkit.report.figures import Selection, pairing_label
from pairkit.report.wording import number, plain, requirement
from pairkit.rules.results import Finding, Status

# Table 3's status columns, in this order; a column no finding has is left out.
STATUS_COLUMNS = (Status.MET, Status.ON_TRACK, Status.AT_RISK, Status.MISSED, Status.WAIVED)
NOT_MET = (Status.MISSED, Status.AT_RISK, Status.WAIVED)

IDLE_DAYS = 60
# 表3 lists every rule while there are at most this many (about a page); beyond that it lists the rules with items
# missed, at risk or waived, and sums up the rest, all met or on track, in one row (the annex of --annex full and the
# Excel ledger give each rule's every item).
RULE_ROWS = 20
# More items than this in one list (table 4, a list of 四) are summed up instead of listed: about two pages.
LIST_LIMIT = 50
COUNTY, PAIRING = "县（市、区）", "结对"  # what long lists are summed up by


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
    area: str = ""  # the county (or pairing) it concerns, for summing up a long list
    pairing: str | None = None  # the pairing it concerns, if one
    when: str = ""  # the period as the body says it: nothing for the report's own period, 秋季学期 for its term


@dataclass(frozen=True)
class Tally:
    """Items of a long list counted under one label (a rule, a county, a pairing): by status, and the pairings."""

    label: str
    counts: dict[str, int]  # status key → items ("" for a list without statuses)
    pairings: int = 0  # distinct pairings among the items

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def count(self, status: str) -> int:
        return self.counts.get(status, 0)


def tally(
    items: Iterable[tuple[str, str, str | None]], *, most_first: bool = False, limit: int | None = None
) -> list[Tally]:
    """(label, status, pairing) items counted per label, in the order labels first appear, or ``most_first``.
    Beyond ``limit`` labels the rest are summed up in one line, 其余N个."""
    counts: dict[str, Counter[str]] = {}
    pairings: dict[str, set[str]] = {}
    for label, status, pairing in items:
        counts.setdefault(label, Counter())[status] += 1
        if pairing is not None:
            pairings.setdefault(label, set()).add(pairing)
    out = [Tally(label, dict(c), len(pairings.get(label, ()))) for label, c in counts.items()]
    if most_first:
        out.sort(key=lambda t: -t.total)  # stable: equal counts keep the order they first appeared in
    if limit is not None and len(out) > limit:
        rest = out[limit:]
        summed: Counter[str] = Counter()
        for t in rest:
            summed.update(t.counts)
        out = [*out[:limit], Tally(f"其余{len(rest)}个", dict(summed), sum(t.pairings for t in rest))]
    return out


@dataclass(frozen=True)
class RuleGroup:
    """One rule's findings counted by status: a line of the table in 三、指标完成情况."""

    title: str
    required: str  # the requirement, or 各不相同 when it differs between scopes (pro-rated, per subject …)
    total: int
    counts: dict[str, int]
    running: bool = False  # counted over a period longer than the report's: progress so far
    rules: int = 1  # how many rules the line stands for: more in the line summing up the rules all met
    state: str = ""  # that line's state: 均已达标, or 均已达标或按进度推进

    def count(self, status: str) -> int:
        return self.counts.get(status, 0)

    @property
    def troubled(self) -> bool:
        """Whether any of its items is missed, at risk or waived."""
        return any(self.count(s) for s in NOT_MET)


@dataclass(frozen=True)
class RuleSummary:
    """The rules' findings as the report shows them. The lists below are worked out once: the templates ask for them
    again and again, and a province has tens of thousands of rows."""

    available: bool  # False when the rules engine could not be used
    rows: list[RuleRow]
    counts: dict[str, int]  # status key → number of findings
    cutoff: date | None = None  # the day progress of longer periods is counted to (the report period's end)

    def count(self, status: str) -> int:
        return self.counts.get(status, 0)

    def _chosen(self, status: str) -> list[RuleRow]:
        return self.not_met if not status else [r for r in self.rows if r.status_key == status]

    def tally_by_rule(self, status: str = "") -> list[Tally]:
        """The rows not met (or of one ``status``) counted per rule, in table 3's order."""
        order = {title: i for i, title in enumerate(dict.fromkeys(r.title for r in self.rows))}
        counted = tally((r.title, r.status_key, r.pairing) for r in self._chosen(status))
        return sorted(counted, key=lambda t: order[t.label])

    def tally_by_area(self, status: str = "", limit: int | None = None) -> list[Tally]:
        """The rows not met (or of one ``status``) counted per county or pairing, most first, the rest beyond
        ``limit`` summed up."""
        return tally(((r.area, r.status_key, r.pairing) for r in self._chosen(status)), most_first=True, limit=limit)

    def pairing_count(self, status: str = "") -> int:
        """How many pairings the rows not met (or of one ``status``) concern."""
        return len({r.pairing for r in self._chosen(status) if r.pairing is not None})

    @property
    def not_met_columns(self) -> list[tuple[str, str]]:
        """(status key, label) of the statuses among the rows not met, as table 4 heads them when summed up."""
        return [(str(s), "经批准豁免" if s is Status.WAIVED else s.label) for s in NOT_MET if self.count(s)]

    @property
    def columns(self) -> list[tuple[str, str]]:
        """(status key, label) of table 3's status columns: only statuses some finding has."""
        return [(str(s), s.label) for s in STATUS_COLUMNS if self.count(s)]

    @cached_property
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
    def listed_groups(self) -> list[RuleGroup]:
        """The rules 表3 lists one by one: all of them up to ``RULE_ROWS``, else those with items not met."""
        groups = self.groups
        return groups if len(groups) <= RULE_ROWS else [g for g in groups if g.troubled]

    @property
    def rest_group(self) -> RuleGroup | None:
        """The line of 表3 summing up the rules it does not list (all their items met or on track), if any."""
        groups = self.groups
        if len(groups) <= RULE_ROWS:
            return None
        rest = [g for g in groups if not g.troubled]
        if not rest:
            return None
        counts: Counter[str] = Counter()
        for g in rest:
            counts.update(g.counts)
        state = "均已达标" if set(counts) == {str(Status.MET)} else "均已达标或按进度推进"
        title = f"其余{len(rest)}项指标（{state}）"
        return RuleGroup(title, "", sum(g.total for g in rest), dict(counts), rules=len(rest), state=state)

    @cached_property
    def not_met(self) -> list[RuleRow]:
        """The rows table 4 lists: missed, at risk and waived, in that order."""
        return [r for status in NOT_MET for r in self.rows if r.status_key == status]

    @cached_property
    def missed(self) -> list[RuleRow]:
        return [r for r in self.rows if r.status_key == Status.MISSED]

    @cached_property
    def at_risk(self) -> list[RuleRow]:
        return [r for r in self.rows if r.status_key == Status.AT_RISK]

    @cached_property
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
    area: str = ""  # its county, when long lists are summed up by county


@dataclass(frozen=True)
class Unassessed:
    name: str
    to_unit: str
    start: date
    end: date
    missing_years: list[str]  # "2025—2026学年"
    area: str = ""  # the county of the school the teacher went to, when long lists are summed up by county

    @property
    def years(self) -> str:
        """The school years without an assessment, as 四 says them: 2024—2025学年、2025—2026学年."""
        return "、".join(self.missing_years)


class Areas:
    """Where an item of a long list is: its county when the pairings reported on lie in more than one (a city's or
    a province's report), else its pairing (a county's report), or the unit or person it is about."""

    def __init__(self, records: Records, pairings: Sequence[Pairing]) -> None:
        self.records = records
        counties = {self.county(u) for p in pairings for u in (p.supporter, *p.recipients)}
        self.kind = COUNTY if len(counties - {""}) > 1 else PAIRING

    def county(self, unit_id: str | None) -> str:
        unit = self.records.unit.get(unit_id or "")
        return (unit.county or "") if unit else ""

    def of_finding(self, f: Finding) -> str:
        """A pairing's county is its supporting school's; a school's or a person's is where the school is."""
        scope = f.scope
        if self.kind == PAIRING:
            pairing = self.records.pairing.get(scope.pairing or "")
            return pairing_label(self.records, pairing) if pairing else _scope(scope.label)
        if scope.kind in ("supporter", "recipient", "unit", "recipient_subject"):
            unit: str | None = scope.id.partition("/")[0]  # a school's ID, or school/subject
        elif scope.kind == "person":
            person = self.records.person.get(scope.id)
            unit = person.unit if person else None
        else:
            pairing = self.records.pairing.get(scope.pairing or "")
            unit = pairing.supporter if pairing else None
        return self.county(unit) or ("全项目" if scope.kind == "programme" else "其他")

    def of_pairing(self, pairing: Pairing) -> str:
        return self.county(pairing.supporter) if self.kind == COUNTY else ""

    def of_unit(self, unit_id: str) -> str:
        return self.county(unit_id) if self.kind == COUNTY else ""


def summarised(
    rules: RuleSummary, idle: Sequence[IdlePairing], unassessed: Sequence[Unassessed], limit: int = LIST_LIMIT
) -> frozenset[str]:
    """Which lists are too long to print item by item: ``not_met`` (table 4), ``missed``, ``at_risk``, ``waived``,
    ``idle``, ``unassessed``."""
    lists: dict[str, Sequence[object]] = {
        "not_met": rules.not_met,
        "missed": rules.missed,
        "at_risk": rules.at_risk,
        "waived": rules.waived,
        "idle": idle,
        "unassessed": unassessed,
    }
    return frozenset(name for name, items in lists.items() if len(items) > limit)


def area_tally(items: Iterable[str]) -> list[Tally]:
    """Areas (counties) of a list of items counted, most first; none when the list is not summed up by county."""
    return tally(((area, "", None) for area in items if area), most_first=True)


def _amount(value: float, measure: str) -> str:
    unit = {"月": "个月"}.get(measure, measure)
    return f"{number(value, 1)}{unit}"


def _scope(label: str) -> str:
    """A scope as prose names it: "一中—二中高中部（理科） · 数学" → "一中—二中高中部（理科）数学学科"."""
    if " · " in label:
        pairing, subject = label.rsplit(" · ", 1)
        return f"{pairing}{subject}学科"
    return label or "全项目"


def said_within(label: str, own: str | None) -> str:
    """A period as a report of period ``own`` says it: nothing for its own period, the rest of the label for a part
    of it ("2025—2026学年秋季学期" → "秋季学期"), any other period in full."""
    if own is None or not label.startswith(own):
        return label
    return label[len(own) :]


def _row(
    f: Finding, cutoff: date | None, area: Callable[[Finding], str] | None = None, own: str | None = None
) -> RuleRow:
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
        area=area(f) if area is not None and f.status in NOT_MET else "",
        pairing=f.scope.pairing,
        when=plain(label) if cutoff else said_within(plain(label), own),
    )


def rule_summary(
    findings: list[Finding] | None,
    running: list[Finding] | None = None,
    cutoff: date | None = None,
    areas: Areas | None = None,
    own: str | None = None,
) -> RuleSummary:
    """The report's view of the findings. ``running`` are findings of periods that go on after the report's
    (the school year in a term report), counted to ``cutoff``: shown as progress so far, never as missed.
    ``areas`` says where each item not met is, for summing up long lists; ``own`` is the label of the report's
    period, which the body does not repeat for each item."""
    if findings is None:
        return RuleSummary(False, [], {})
    area = areas.of_finding if areas is not None else None
    rows = [_row(f, None, area, own) for f in findings if f.status is not Status.NOT_APPLICABLE]
    rows += [_row(f, cutoff, area) for f in running or [] if f.status is not Status.NOT_APPLICABLE]
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


def idle_pairings(
    records: Records, chosen: Selection, period: Period, as_of: date, areas: Areas | None = None
) -> list[IdlePairing]:
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
            out.append(IdlePairing(pairing_label(records, p), seen, idle, areas.of_pairing(p) if areas else ""))
    return out


def unassessed(records: Records, chosen: Selection, as_of: date, areas: Areas | None = None) -> list[Unassessed]:
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
            name, to_unit = person.name if person else s.person, unit.name if unit else s.to
            area = areas.of_unit(s.to) if areas else ""
            out.append(Unassessed(name, to_unit, s.start, s.end, missing, area))
    return out
