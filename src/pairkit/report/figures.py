"""Every number a report prints, computed once from the records for a period (and optionally one pairing).

The templates only format these values, so a figure in the text, in a table and in the chart is the same number.
Counting conventions (docs/reports.md): an activity, donation, student record or award counts when its date is in
the period; a pairing, secondment or mentorship counts when it overlaps the period. 人次 of activities is the
stated attendance, else the people named; 人次 of secondments is the number of secondments, 人 the distinct
teachers; students are the sum of the records' 人数. Goods given without a value are counted by quantity and never
summed as 0 元. Activities of no pairing (county events) count in the programme's report, not in a pairing's.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from pairkit.diagnostics import Bilingual, Diagnostic, Source
from pairkit.messages import Lang
from pairkit.model import Records
from pairkit.model.fields import FIRST_DAY, LAST_DAY
from pairkit.model.periods import Period, cn_date
from pairkit.model.records import (
    Activity,
    Award,
    AwardKind,
    AwardLevel,
    Donation,
    Group,
    Mentorship,
    Pairing,
    Secondment,
    Student,
    StudentKind,
    Unit,
    UnitKind,
)
from pairkit.report.wording import school_year

# 二、主要做法和成效 reports these dimensions in this order; others (党建, 卫生) follow if the records have them.
MAIN_DIMENSIONS = ("staff", "teaching", "management", "material", "student")
STAFF, MATERIAL = "staff", "material"
NAMED_KINDS = 3  # the prose names a dimension's three most frequent kinds and sums up the rest
EXAMPLES = 2  # activities a dimension cites when the records mark none of them as 典型
MAX_HIGHLIGHTS = 3  # marked (典型) activities a dimension cites at most
# How a count of units of each kind is said: 学校10所、卫生院1所、村党支部1个.
MEASURE_WORDS = {UnitKind.SCHOOL: "所", UnitKind.HEALTH_CENTRE: "所"}


@dataclass(frozen=True)
class KindCount:
    key: str
    label: str
    count: int  # 次 (activities) or 人次 (secondments)
    people: int  # 人次 of activities, 人 of secondments


@dataclass(frozen=True)
class SecondmentRow:
    name: str
    gender: str
    title: str
    subjects: str
    kind: str
    from_unit: str
    to_unit: str
    start: date
    end: date
    assessment: str


@dataclass(frozen=True)
class ActivityRow:
    date: date
    pairing: str
    kind: str
    subject: str
    title: str
    person_times: int
    location: str
    days: int = 1
    highlight: str = ""  # the one-sentence summary of an activity the records mark as 典型


@dataclass(frozen=True)
class DonationRow:
    date: date
    donor: str
    recipient: str
    title: str
    cash: float
    goods: float
    items: str

    @property
    def total(self) -> float:
        return self.cash + self.goods


@dataclass(frozen=True)
class DimensionSummary:
    key: str
    label: str
    activity_count: int
    person_times: int
    kinds: list[KindCount]
    examples: list[ActivityRow]  # the activities the text cites: those marked 典型, else the weightiest

    @property
    def named_kinds(self) -> list[KindCount]:
        """The kinds the prose names: all of them up to four, else the three most frequent."""
        return self.kinds if len(self.kinds) <= NAMED_KINDS + 1 else self.kinds[:NAMED_KINDS]

    @property
    def other_kinds(self) -> list[KindCount]:
        return self.kinds[len(self.named_kinds) :]

    @property
    def other_count(self) -> int:
        return sum(k.count for k in self.other_kinds)


@dataclass(frozen=True)
class UnitCount:
    """How many units of one kind: 受援学校10所, 卫生院1所, 村党支部1个."""

    key: str
    label: str
    measure: str
    count: int


@dataclass(frozen=True)
class DonationGroup:
    """What one kind of recipient (学校、卫生院、村党支部) was given in the period."""

    key: str
    label: str
    cash: float
    goods: float
    count: int

    @property
    def total(self) -> float:
        return self.cash + self.goods


@dataclass(frozen=True)
class ItemTotal:
    """One kind of donated goods summed over the period: 课桌椅40套 (``value`` None: given without a value)."""

    name: str
    quantity: float
    unit: str
    value: float | None


@dataclass(frozen=True)
class Member:
    """Someone of a leadership group as a report names them: 郑国梁（县教育局局长）."""

    name: str
    position: str

    def __str__(self) -> str:
        return f"{self.position}{self.name}"


@dataclass(frozen=True)
class Contact:
    name: str
    duty: str
    phone: str  # as written; the report masks it unless asked for personal data


@dataclass(frozen=True)
class GroupSummary:
    """A leadership group (领导小组) for 一、基本情况."""

    name: str
    document: str
    established: date | None
    leaders: list[Member]
    deputies: list[Member]
    members: list[Member]
    office: str
    contacts: list[Contact]


@dataclass(frozen=True)
class StudentCount:
    """Students of one kind in the period: 接收就读 90 人 in 3 records."""

    key: str
    label: str
    people: int
    records: int


@dataclass(frozen=True)
class AwardRow:
    date: date
    kind: str
    level: str
    outcome: str
    title: str
    grade: str
    people: str
    unit: str
    city_or_above: bool  # 市级 and above, as seeds count papers


@dataclass(frozen=True)
class CountOf:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class AllowanceTotal:
    """Allowances of one kind paid to seconded teachers in the period."""

    key: str
    label: str
    amount: float
    people: int


@dataclass(frozen=True)
class MonthSeries:
    """Activities per month by 帮扶内容 (dimension): the chart's data, in the period's months. Dimensions, not
    activity kinds: a year has twenty-odd kinds, too many to tell apart by colour, and 表2 already counts them."""

    months: list[str]  # "2025年9月"
    parts: list[tuple[str, str]]  # (dimension key, label) in the order 二、主要做法和成效 reports them
    counts: dict[str, list[int]]  # dimension key → count per month

    @property
    def total(self) -> int:
        return sum(sum(values) for values in self.counts.values())


@dataclass(frozen=True)
class Figures:
    period: Period
    pairings: list[Pairing]
    supporters: list[Unit]
    recipients: list[Unit]
    secondments: list[SecondmentRow]
    seconded_people: int
    seconded_times: int
    secondments_by_kind: list[KindCount]
    activity_count: int
    activity_person_times: int
    activities_by_kind: list[KindCount]
    dimensions: list[DimensionSummary]
    donations: list[DonationRow]
    cash_total: float
    goods_total: float
    mentorship_count: int
    mentor_count: int
    mentee_count: int
    monthly: MonthSeries
    pairing_labels: dict[str, str] = field(default_factory=dict)
    mentor_pairs: int = 0  # 师徒对数: distinct mentor–mentee pairs (a mentor with 3 mentees is 3 对)
    supporters_by_kind: list[UnitCount] = field(default_factory=list)
    recipients_by_kind: list[UnitCount] = field(default_factory=list)
    donations_by_recipient: list[DonationGroup] = field(default_factory=list)
    donated_items: list[ItemTotal] = field(default_factory=list)  # by value, largest first
    allowances: list[AllowanceTotal] = field(default_factory=list)
    allowance_total: float = 0.0
    unvalued_items: list[ItemTotal] = field(default_factory=list)  # goods given without a value, by quantity
    groups: list[GroupSummary] = field(default_factory=list)
    students: list[StudentCount] = field(default_factory=list)  # by kind, in the order of StudentKind
    awards: list[AwardRow] = field(default_factory=list)
    awards_by_kind: list[CountOf] = field(default_factory=list)
    # The activity ledger's rows, made when a document lists them (``--annex full``): a province has 100,000.
    ledger: Callable[[], list[ActivityRow]] = field(default=list, repr=False, compare=False)

    @cached_property
    def activities(self) -> list[ActivityRow]:
        """Every activity of the period as a ledger row, by date."""
        return self.ledger()

    @property
    def pairing_count(self) -> int:
        return len(self.pairings)

    @property
    def donation_total(self) -> float:
        return self.cash_total + self.goods_total

    @property
    def donation_count(self) -> int:
        return len(self.donations)

    @property
    def award_count(self) -> int:
        return len(self.awards)

    @property
    def awards_city_or_above(self) -> int:
        return sum(1 for a in self.awards if a.city_or_above)

    @property
    def award_examples(self) -> list[AwardRow]:
        """The awards 二 cites: city level and above first, then by date; three at most."""
        return sorted(self.awards, key=lambda a: (not a.city_or_above, a.date))[:3]

    def students_of(self, kind: str) -> int:
        """人数 of students of ``kind`` (received, aided, activist) in the period."""
        return sum(s.people for s in self.students if s.key == kind)


def overlaps(period: Period, start: date, end: date | None) -> bool:
    return start <= period.end and (end is None or end >= period.start)


def pairing_label(records: Records, pairing: Pairing) -> str:
    if pairing.name:
        return pairing.name
    names = [_unit_name(records, pairing.supporter)] + [_unit_name(records, r) for r in pairing.recipients]
    return names[0] + "—" + "、".join(names[1:])


def programme_level(records: Records) -> str:
    """How a record of no pairing is named where a pairing would be: 全县 (a county's programme) or 全项目."""
    return "全县" if records.programme.county else "全项目"


def _unit_name(records: Records, unit_id: str | None) -> str:
    if unit_id is None:
        return ""
    unit = records.unit.get(unit_id)
    return unit.name if unit else unit_id


@dataclass(frozen=True)
class Selection:
    """The records a report covers: those of the period, narrowed to one pairing if asked."""

    pairings: list[Pairing]
    secondments: list[Secondment]
    activities: list[Activity]
    donations: list[Donation]
    mentorships: list[Mentorship]
    students: list[Student] = field(default_factory=list)
    awards: list[Award] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)


def select(records: Records, period: Period, pairing: str | None = None) -> Selection:
    pairings = [p for p in records.pairings if overlaps(period, p.start, p.end)]
    secondments = [s for s in records.secondments if overlaps(period, s.start, s.end)]
    first, last = period.start, period.end  # compared in place: a province has 300,000 activities
    activities = [a for a in records.activities if first <= a.date <= last]
    donations = [d for d in records.donations if d.date in period]
    mentorships = [m for m in records.mentorships if overlaps(period, m.start, m.end)]
    students = [s for s in records.students if s.date in period]
    awards = [a for a in records.awards if a.date in period]
    groups = [g for g in records.groups if g.pairing is None]
    if pairing is not None:
        chosen = records.pairing[pairing]
        units = {chosen.supporter, *chosen.recipients}
        pairings = [p for p in pairings if p.id == pairing]

        def belongs(ref: str | None, *ends: str | None) -> bool:
            return ref == pairing or (ref is None and all(e in units for e in ends))

        secondments = [s for s in secondments if belongs(s.pairing, sending_unit(records, s), s.to)]
        activities = [a for a in activities if a.pairing == pairing]
        donations = [d for d in donations if belongs(d.pairing, d.donor, d.recipient)]
        mentorships = [m for m in mentorships if m.pairing == pairing]
        students = [s for s in students if belongs(s.pairing, s.unit)]
        awards = [a for a in awards if belongs(a.pairing, a.unit)]
        groups = [g for g in records.groups if g.pairing == pairing]
    return Selection(pairings, secondments, activities, donations, mentorships, students, awards, groups)


def nothing_in(records: Records, period: Period, pairing: str | None = None) -> Diagnostic | None:
    """PK850 when the period holds no activity, secondment or donation (of the pairing, if one is named): a report
    of it would be empty, most likely a wrong year. It names the days the records do cover."""
    chosen = select(records, period, pairing)
    if chosen.activities or chosen.secondments or chosen.donations:
        return None
    everything = select(records, Period(FIRST_DAY, LAST_DAY, ""), pairing)
    days = [a.date for a in everything.activities] + [d.date for d in everything.donations]
    days += [day for s in everything.secondments for day in (s.start, s.end)]
    if days:
        first, last = min(days), max(days)
        covered = Bilingual(
            f"记录中的活动、选派和捐赠在{cn_date(first)}至{cn_date(last)}之间",
            f"the records' activities, secondments and donations run from {first} to {last}",
        )
    else:
        covered = Bilingual("记录中还没有任何活动、选派或捐赠", "the records hold no activity, secondment or donation")
    return Diagnostic.at(
        "PK850",
        Source(""),
        period=Bilingual(period.label, period.shown(Lang.EN)),
        dates=Bilingual(f"{cn_date(period.start)}至{cn_date(period.end)}", f"{period.start} to {period.end}"),
        covered=covered,
    )


def sending_unit(records: Records, secondment: Secondment) -> str | None:
    """The unit a secondment sends a teacher from: its own ``from``, else the teacher's unit."""
    if secondment.from_unit is not None:
        return secondment.from_unit
    person = records.person.get(secondment.person)
    return person.unit if person else None


def compute(records: Records, period: Period, pairing: str | None = None) -> Figures:
    chosen = select(records, period, pairing)
    vocab = records.vocab
    labels = {p.id: pairing_label(records, p) for p in records.pairings}

    supporters = _distinct_units(records, [p.supporter for p in chosen.pairings])
    recipients = _distinct_units(records, [r for p in chosen.pairings for r in p.recipients])

    roster = [secondment_row(records, s) for s in sorted(chosen.secondments, key=lambda s: (s.start, s.person))]
    by_kind: dict[str, list[Secondment]] = defaultdict(list)
    for s in chosen.secondments:
        by_kind[str(s.kind)].append(s)
    secondments_by_kind = [
        KindCount(kind, s_list[0].kind.label, len(s_list), len({s.person for s in s_list}))
        for kind, s_list in by_kind.items()
    ]

    ordered = sorted(chosen.activities, key=lambda a: (a.date, a.pairing or ""))
    activities_by_kind = _kind_counts(records, ordered)

    by_dimension: dict[str, list[Activity]] = defaultdict(list)
    for a in ordered:
        by_dimension[_dimension(records, a)].append(a)
    dimensions: list[DimensionSummary] = []
    for key in [*MAIN_DIMENSIONS, *sorted(set(by_dimension) - set(MAIN_DIMENSIONS))]:
        chosen_acts = by_dimension.get(key, [])
        dimensions.append(
            DimensionSummary(
                key,
                vocab.dimensions.label(key),
                len(chosen_acts),
                sum(a.person_times for a in chosen_acts),
                _kind_counts(records, chosen_acts),
                [_activity_row(records, a, labels) for a in examples(records, chosen_acts)],
            )
        )

    donation_rows = [_donation_row(records, d) for d in sorted(chosen.donations, key=lambda d: d.date)]
    mentors = {m.mentor for m in chosen.mentorships}
    mentees = {p for m in chosen.mentorships for p in m.mentees}
    allowances = _allowances(chosen.secondments, period)
    return Figures(
        period=period,
        pairings=chosen.pairings,
        supporters=supporters,
        recipients=recipients,
        secondments=roster,
        seconded_people=len({s.person for s in chosen.secondments}),
        seconded_times=len(chosen.secondments),
        secondments_by_kind=secondments_by_kind,
        activity_count=len(ordered),
        activity_person_times=sum(a.person_times for a in ordered),
        activities_by_kind=activities_by_kind,
        dimensions=dimensions,
        donations=donation_rows,
        cash_total=round(sum(d.cash for d in chosen.donations), 2),
        goods_total=round(sum(d.goods_value for d in chosen.donations), 2),
        mentorship_count=len(chosen.mentorships),
        mentor_count=len(mentors),
        mentee_count=len(mentees),
        monthly=_monthly(records, period, ordered, [(d.key, d.label) for d in dimensions if d.activity_count]),
        pairing_labels=labels,
        mentor_pairs=len({(m.mentor, p) for m in chosen.mentorships for p in m.mentees}),
        supporters_by_kind=_by_kind(supporters),
        recipients_by_kind=_by_kind(recipients),
        donations_by_recipient=_donation_groups(records, chosen.donations),
        donated_items=_items(chosen.donations, valued=True),
        allowances=allowances,
        allowance_total=round(sum(a.amount for a in allowances), 2),
        unvalued_items=_items(chosen.donations, valued=False),
        groups=[_group(records, g) for g in chosen.groups],
        students=_students(chosen.students),
        awards=[_award_row(records, a) for a in sorted(chosen.awards, key=lambda a: a.date)],
        awards_by_kind=_award_kinds(chosen.awards),
        ledger=lambda: [_activity_row(records, a, labels) for a in ordered],
    )


def weight(records: Records, activity: Activity) -> tuple[int, int]:
    """How much an activity weighs when a summary picks examples: 人次 × days, then the schools it reached."""
    pairing = records.pairing.get(activity.pairing or "")
    return activity.person_times * activity.days, len(pairing.recipients) if pairing else 0


def examples(records: Records, activities: list[Activity]) -> list[Activity]:
    """The activities a dimension cites: those the records mark as 典型 (up to three), otherwise the two
    weightiest; ties go to the earlier activity. Never simply the first by date."""
    marked = [a for a in activities if a.highlight]
    pool, keep = (marked, MAX_HIGHLIGHTS) if marked else (activities, EXAMPLES)
    # The same as sorted(…)[:keep], stable (earlier first on ties), without sorting a province's every activity.
    ranked = heapq.nsmallest(keep, pool, key=lambda a: tuple(-w for w in weight(records, a)))
    return sorted(ranked, key=lambda a: a.date)


def _by_kind(units: list[Unit]) -> list[UnitCount]:
    counts = Counter(u.kind for u in units)
    return [UnitCount(str(k), k.label, MEASURE_WORDS.get(k, "个"), counts[k]) for k in UnitKind if counts[k]]


def _donation_groups(records: Records, donations: list[Donation]) -> list[DonationGroup]:
    groups: dict[UnitKind, list[Donation]] = defaultdict(list)
    for d in donations:
        unit = records.unit.get(d.recipient)
        groups[unit.kind if unit else UnitKind.OTHER].append(d)
    return [
        DonationGroup(
            str(kind),
            kind.label,
            round(sum(d.cash for d in groups[kind]), 2),
            round(sum(d.goods_value for d in groups[kind]), 2),
            len(groups[kind]),
        )
        for kind in UnitKind
        if kind in groups
    ]


def _items(donations: list[Donation], *, valued: bool) -> list[ItemTotal]:
    """The goods given, by name and unit: those with a value (largest first), or those without (by quantity)."""
    totals: dict[tuple[str, str], list[float]] = {}
    for d in donations:
        for item in d.items:
            if item.valued != valued:
                continue
            quantity, value = totals.setdefault((item.name, item.unit or ""), [0.0, 0.0])
            totals[(item.name, item.unit or "")] = [quantity + item.quantity, value + item.value]
    if not valued:
        out = [ItemTotal(name, q, unit, None) for (name, unit), (q, _) in totals.items()]
        return sorted(out, key=lambda i: -i.quantity)
    valued_out = [ItemTotal(name, q, unit, round(v, 2)) for (name, unit), (q, v) in totals.items()]
    return sorted(valued_out, key=lambda i: -(i.value or 0))


def _member(records: Records, person_id: str, home: str | None) -> Member:
    """A member named with their unit and position (县教育局局长郑国梁); the unit is left out when the group's name
    already says it (卫生职业学校结对帮扶工作领导小组: 校长周建国)."""
    person = records.person.get(person_id)
    if person is None:
        return Member(person_id, "")
    unit = records.unit.get(person.unit)
    where = unit.display_name if unit and unit.id != home else ""
    return Member(person.name, f"{where}{person.position or ''}")


def _group(records: Records, g: Group) -> GroupSummary:
    unit = records.unit.get(g.unit or "")
    home = unit.id if unit and g.name.startswith((unit.name, unit.display_name)) else None
    contacts = [
        Contact(records.person[c.person].name if c.person in records.person else c.person, c.duty or "", c.phone or "")
        for c in g.contacts
    ]
    return GroupSummary(
        name=g.name,
        document=g.document or "",
        established=g.established,
        leaders=[_member(records, p, home) for p in g.leaders],
        deputies=[_member(records, p, home) for p in g.deputies],
        members=[_member(records, p, home) for p in g.members],
        office=g.office or "",
        contacts=contacts,
    )


def _students(students: list[Student]) -> list[StudentCount]:
    out = []
    for kind in StudentKind:
        own = [s for s in students if s.kind is kind]
        if own:
            out.append(StudentCount(str(kind), kind.label, sum(s.count for s in own), len(own)))
    return out


_CITY_OR_ABOVE = (AwardLevel.CITY, AwardLevel.PROVINCE, AwardLevel.NATIONAL)


def _award_row(records: Records, a: Award) -> AwardRow:
    return AwardRow(
        date=a.date,
        kind=a.kind.label,
        level=a.level.label,
        outcome=a.outcome.label,
        title=a.title,
        grade=a.grade or "",
        people="、".join(_person_name(records, p) for p in a.people),
        unit=records.unit[a.unit].display_name if a.unit in records.unit else a.unit,
        city_or_above=a.level in _CITY_OR_ABOVE,
    )


def _award_kinds(awards: list[Award]) -> list[CountOf]:
    counts = Counter(a.kind for a in awards)
    return [CountOf(str(k), k.label, counts[k]) for k in AwardKind if counts[k]]


def allowance_months(secondment: Secondment, months: int, period: Period) -> int:
    """The payments of a monthly allowance that fall in the period: its months spread evenly over the secondment's
    days, rounded half up. A one-off allowance (one payment) is paid in the period the secondment starts."""
    if months == 1:
        return 1 if secondment.start in period else 0
    inside = (min(secondment.end, period.end) - max(secondment.start, period.start)).days + 1
    whole = (secondment.end - secondment.start).days + 1
    return int(months * max(inside, 0) / whole + 0.5)


def _allowances(secondments: list[Secondment], period: Period) -> list[AllowanceTotal]:
    amounts: dict[str, float] = defaultdict(float)
    people: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    for s in secondments:
        for a in s.allowances:
            paid = allowance_months(s, a.months, period)
            if paid:
                amounts[a.kind] += a.amount * paid
                people[a.kind].add(s.person)
                labels[a.kind] = a.kind.label
    out = [AllowanceTotal(str(k), labels[k], round(v, 2), len(people[k])) for k, v in amounts.items()]
    return sorted(out, key=lambda a: -a.amount)


def _distinct_units(records: Records, ids: list[str]) -> list[Unit]:
    seen: dict[str, Unit] = {}
    for unit_id in ids:
        unit = records.unit.get(unit_id)
        if unit is not None:
            seen.setdefault(unit_id, unit)
    return list(seen.values())


def _dimension(records: Records, activity: Activity) -> str:
    if activity.dimension:
        return activity.dimension
    term = records.vocab.activity_kinds.terms.get(activity.kind)
    return term.dimension if term and term.dimension else "teaching"


def _kind_counts(records: Records, activities: list[Activity]) -> list[KindCount]:
    counts = Counter(a.kind for a in activities)
    people: Counter[str] = Counter()
    for a in activities:
        people[a.kind] += a.person_times
    label = records.vocab.activity_kinds.label
    return [KindCount(kind, label(kind), n, people[kind]) for kind, n in counts.most_common()]


def _person_name(records: Records, person_id: str) -> str:
    person = records.person.get(person_id)
    return person.name if person else person_id


def secondment_row(records: Records, s: Secondment) -> SecondmentRow:
    person = records.person.get(s.person)
    vocab = records.vocab
    title = vocab.titles.label(person.title) if person and person.title else ""
    subjects = s.subjects or (person.subjects if person else [])
    results = "；".join(f"{school_year(a.school_year)}{a.result.label}" for a in s.assessments)
    return SecondmentRow(
        name=_person_name(records, s.person),
        gender=person.gender.label if person else "",
        title=title,
        subjects="、".join(vocab.subjects.label(x) for x in subjects),
        kind=s.kind.label,
        from_unit=_unit_name(records, sending_unit(records, s)),
        to_unit=_unit_name(records, s.to),
        start=s.start,
        end=s.end,
        assessment=results,
    )


def _activity_row(records: Records, a: Activity, labels: dict[str, str]) -> ActivityRow:
    vocab = records.vocab
    return ActivityRow(
        date=a.date,
        pairing=labels.get(a.pairing, a.pairing) if a.pairing else programme_level(records),
        kind=vocab.activity_kinds.label(a.kind),
        subject=vocab.subjects.label(a.subject) if a.subject else "",
        title=a.title,
        person_times=a.person_times,
        location=a.location or "",
        days=a.days,
        highlight=a.highlight or "",
    )


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _donation_row(records: Records, d: Donation) -> DonationRow:
    items = "、".join(f"{i.name}{_number(i.quantity)}{i.unit or ''}{'' if i.valued else '（未折价）'}" for i in d.items)
    return DonationRow(
        date=d.date,
        donor=_unit_name(records, d.donor),
        recipient=_unit_name(records, d.recipient),
        title=d.title or "",
        cash=d.cash,
        goods=round(d.goods_value, 2),
        items=items,
    )


def _monthly(records: Records, period: Period, activities: list[Activity], parts: list[tuple[str, str]]) -> MonthSeries:
    months = period.months()
    index = {(m.start.year, m.start.month): i for i, m in enumerate(months)}
    counts = {key: [0] * len(months) for key, _ in parts}
    for a in activities:
        counts[_dimension(records, a)][index[(a.date.year, a.date.month)]] += 1
    return MonthSeries([m.label for m in months], parts, counts)
