"""What a rule is about: the pairings it targets and the scopes (pairing, school, person …) it is counted for.

Every kind of record a count rule can count (activities, secondments, students, awards, person pairings) is seen
through the same few ``Facts`` (its pairing, its schools on each side, its people and subjects), so that a scope
decides membership the same way whatever is counted. A record with no pairing belongs to the programme: it counts
for the whole programme (and for the people it names), never for a pairing or a school of one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from pairkit.model import Records
from pairkit.model.fields import full_years
from pairkit.model.periods import Calendar, Period, cn_date
from pairkit.model.records import LEADERS, Activity, Donation, Pairing, Person, Post, Record, Secondment
from pairkit.model.rules import Counting, Per, PeriodUnit, Role, Rule, Who
from pairkit.rules.results import Finding, Scope, Status
from pairkit.rules.spans import Span, Verdict, overlaps, sub_periods

NOT_APPLICABLE_SHOWN = "—"  # the done figure of a finding that is not applicable: there is none


@dataclass(frozen=True)
class Facts:
    """What scopes ask of a counted record."""

    pairing: str | None
    people: tuple[str, ...]
    subjects: tuple[str, ...]
    supporter: str | None  # the school of the supporting side it is counted for
    recipients: frozenset[str]  # the receiving schools it is counted for
    start: date
    end: date  # the same as ``start`` for a record of one day


@dataclass(frozen=True)
class Context:
    """One evaluation: the records, the period asked for, the day it is judged on, the pairings in view."""

    records: Records
    requested: Period
    as_of: date
    calendar: Calendar
    pairings: tuple[Pairing, ...]  # all pairings, or the one asked for with --pairing

    def targeted(self, rule: Rule) -> list[Pairing]:
        t = rule.targets
        return [
            p
            for p in self.pairings
            if (not t.kinds or p.kind in t.kinds)
            and (not t.dimensions or set(t.dimensions) & set(p.dimensions))
            and (not t.pairings or p.id in t.pairings)
        ]

    def records_of(self, counting: Counting) -> tuple[Record, ...]:
        return self.records.section(counting.value)

    def by_pairing(self, counting: Counting) -> dict[str | None, list[Record]]:
        return self._indexes[counting][0]

    def by_person(self, counting: Counting) -> dict[str, list[Record]]:
        return self._indexes[counting][1]

    @cached_property
    def _indexes(self) -> dict[Counting, tuple[dict[str | None, list[Any]], dict[str, list[Any]]]]:
        """Each kind of counted record by pairing and by person named: built once per evaluation."""
        out: dict[Counting, tuple[dict[str | None, list[Any]], dict[str, list[Any]]]] = {}
        for counting in Counting:
            pairings: dict[str | None, list[Any]] = {}
            people: dict[str, list[Any]] = {}
            for record in self.records_of(counting):
                facts = self.facts(record)
                pairings.setdefault(facts.pairing, []).append(record)
                for person in dict.fromkeys(facts.people):
                    people.setdefault(person, []).append(record)
            out[counting] = (pairings, people)
        return out

    @cached_property
    def _facts(self) -> dict[int, Facts]:
        return {}

    def facts(self, record: Record) -> Facts:
        known = self._facts.get(id(record))
        if known is None:
            known = self._facts[id(record)] = _facts_of(record, self.records)
        return known

    def restricted(self, rule: Rule) -> bool:
        """Whether only some pairings are in view (targets or --pairing): records without a pairing then drop out."""
        return len(self.pairings) != len(self.records.pairings) or bool(
            rule.targets.kinds or rule.targets.dimensions or rule.targets.pairings
        )

    def effective(self, rule: Rule) -> Span:
        return Span.of([(rule.effective_from or date.min, rule.effective_to)])

    def periods(self, rule: Rule) -> list[Period]:
        """The whole periods of the rule's unit within the requested period while the rule is in force (a rule of
        the pairing's lifetime judges people and documents school year by school year)."""
        unit = rule.period if rule.period is not PeriodUnit.LIFETIME else PeriodUnit.SCHOOL_YEAR
        effective = self.effective(rule)
        return [p for p in sub_periods(unit, self.requested, self.calendar) if overlaps(effective.intervals, p)]

    def unit_name(self, unit_id: str) -> str:
        unit = self.records.unit.get(unit_id)
        return unit.display_name if unit else unit_id

    def pairing_label(self, pairing: Pairing) -> str:
        if pairing.name:
            return pairing.name
        return f"{self.unit_name(pairing.supporter)}—{'、'.join(self.unit_name(r) for r in pairing.recipients)}"

    def person_label(self, person_id: str) -> str:
        person = self.records.person.get(person_id)
        if person is None:
            return person_id
        return f"{person.name}（{self.unit_name(person.unit)}）"

    def secondment_scope(self, sec: Secondment) -> Scope:
        """A secondment's own scope: two secondments of one person are two results (and two waivable scopes)."""
        person = self.records.person.get(sec.person)
        name = person.name if person else sec.person
        where = self.unit_name(person.unit) if person else ""
        label = f"{name}（{where}，{cn_date(sec.start)}起）" if where else f"{name}（{cn_date(sec.start)}起）"
        return Scope("secondment", sec.id, label, sec.pairing)

    def not_applicable(
        self, rule: Rule, period: Period, scope: Scope, required: str, measure: str, why: str
    ) -> Finding:
        verdict = Verdict(Status.NOT_APPLICABLE, 0.0, why)
        return self.finding(
            rule, period, scope, required=required, actual=0, measure=measure, verdict=verdict,
            shown=NOT_APPLICABLE_SHOWN,
        )  # fmt: skip

    def finding(
        self,
        rule: Rule,
        period: Period,
        scope: Scope,
        *,
        required: str,
        actual: float,
        measure: str,
        verdict: Verdict,
        note: str = "",
        shown: str = "",
    ) -> Finding:
        notes = "；".join(n for n in (verdict.note, note) if n)
        return Finding(
            rule_id=rule.id,
            rule_title=rule.title,
            clause=rule.clause,
            severity=str(rule.severity),
            period=period,
            scope=scope,
            required=required,
            actual=actual,
            measure=measure,
            status=verdict.status,
            gap=verdict.gap,
            note=notes,
            source=rule.source,
            shown=shown,
        )


def _facts_of(record: Record, records: Records) -> Facts:
    """Facts of a record of any counted kind (see the module docstring)."""
    from pairkit.model.records import Award, PersonPairing, Student

    if isinstance(record, Activity):
        pairing = records.pairing.get(record.pairing or "")
        recipients = frozenset(pairing.recipients) if pairing else frozenset()
        units = {records.person[p].unit for p in record.people if p in records.person}
        named = recipients & units
        last = date.fromordinal(record.date.toordinal() + record.days - 1)
        subjects: tuple[str, ...] = (record.subject,) if record.subject else ()
        supporter = pairing.supporter if pairing else None
        return Facts(record.pairing, tuple(record.people), subjects, supporter, named or recipients, record.date, last)
    if isinstance(record, Secondment):
        person = records.person.get(record.person)
        sender = record.from_unit or (person.unit if person else None)
        subjects = tuple(record.subjects or (person.subjects if person else []))
        return Facts(
            record.pairing, (record.person,), subjects, sender, frozenset([record.to]), record.start, record.end
        )
    if isinstance(record, Student):
        people = (record.person,) if record.person else ()
        return Facts(record.pairing, people, (), record.unit, frozenset([record.unit]), record.date, record.date)
    if isinstance(record, Award):
        return Facts(
            record.pairing, tuple(record.people), (), record.unit, frozenset([record.unit]), record.date, record.date
        )
    if isinstance(record, PersonPairing):
        person = records.person.get(record.person)
        unit = person.unit if person else None
        end = record.end or date.max
        return Facts(record.pairing, (record.person,), (), unit, frozenset([unit] if unit else []), record.start, end)
    raise TypeError(f"not a counted record: {type(record).__name__}")


# --- who a rule is about, person by person --------------------------------------------------------------------------


@dataclass(frozen=True)
class Sides:
    """The schools on each side of the pairings a rule targets: what 支援方人员 and 受援方人员 mean."""

    supporters: frozenset[str]
    recipients: frozenset[str]

    @classmethod
    def of(cls, pairings: list[Pairing]) -> Sides:
        return cls(frozenset(p.supporter for p in pairings), frozenset(r for p in pairings for r in p.recipients))


def has_role(person: Person, role: Role, ctx: Context, sides: Sides) -> bool:
    """Whether ``person`` plays ``role``; 支援方/受援方 by the schools of ``sides``."""
    if role is Role.SUPPORTER:
        return person.unit in sides.supporters
    if role is Role.RECIPIENT:
        return person.unit in sides.recipients
    if role is Role.BACKBONE:
        return person.backbone is not None
    if role is Role.PARTY_MEMBER:
        return person.in_party
    if role is Role.SENIOR:
        title = ctx.records.vocab.titles.terms.get(person.title or "")
        return title is not None and title.senior
    posts = person.post_set
    if role is Role.PRINCIPAL:
        return Post.PRINCIPAL in posts
    if role is Role.LEADER:
        return bool(posts & LEADERS)
    if role is Role.PARTY_SECRETARY:
        return Post.PARTY_SECRETARY in posts
    if role is Role.MIDDLE_MANAGER:
        return Post.MIDDLE_MANAGER in posts
    return Post.HEAD_TEACHER in posts


NO_BIRTH_DATE = "缺少出生日期"


def misfits(person: Person, who: Who, period: Period, ctx: Context, sides: Sides) -> list[str]:
    """What keeps ``person`` out of ``who`` in ``period``, in words ([] when the person fits). The age is taken on
    the period's first day; a person pairing or a secondment counts when it overlaps the period. An unknown birth
    date is said as such (``NO_BIRTH_DATE``)."""
    day = period.start
    out = []
    for role in who.roles:
        if not has_role(person, role, ctx, sides):
            out.append(f"不是{role.label}")
    if who.titles and person.title not in who.titles:
        title = ctx.records.vocab.titles.label(person.title) if person.title else "无职称"
        out.append(f"职称为{title}")
    unit = ctx.records.unit.get(person.unit)
    if who.areas and (unit is None or unit.area not in who.areas):
        out.append(f"所在学校为{unit.area.label if unit else '未知'}学校")
    if who.age_below is not None:
        if person.birth_date is None:
            out.append(NO_BIRTH_DATE)
        elif (age := full_years(person.birth_date, day)) >= who.age_below:
            out.append(f"{age}周岁（应未满{who.age_below}周岁）")
    if who.paired_with and not _paired(person.id, who, period, ctx):
        out.append("没有" + "、".join(k.label for k in who.paired_with) + "结对")
    if who.seconded and not any(
        s.person == person.id and s.start <= period.end and s.end >= period.start for s in ctx.records.secondments
    ):
        out.append("不是选派人员")
    return out


def _paired(person_id: str, who: Who, period: Period, ctx: Context) -> bool:
    return any(
        t.person == person_id
        and t.kind in who.paired_with
        and t.start <= period.end
        and (t.end is None or t.end >= period.start)
        for t in ctx.records.person_pairings
    )


# --- the scopes of a count rule -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Counted:
    """A scope of a counting rule: when it is active and which records, donations and people are its own."""

    scope: Scope
    span: Span
    pairings: frozenset[str | None]  # the pairings whose records may count: an index, so big trees stay fast
    belongs: Callable[[Facts], bool]
    donation: Callable[[Donation], bool] = field(default=lambda _: False)
    person: Callable[[Person], bool] = field(default=lambda _: True)  # whom a head count may include
    person_id: str | None = None  # a person's scope: the records naming them are found by person
    # For a scope chosen by ``who``: why the person is not in scope in a period ([] when they are); a missing birth
    # date makes the period not applicable rather than silently absent.
    outside: Callable[[Period], list[str]] = field(default=lambda _: [])


def _span(pairings: list[Pairing]) -> Span:
    return Span.of((p.start, p.end) for p in pairings)


def counted_scopes(
    ctx: Context, rule: Rule, per: Per, subjects: list[str], who: Who | None = None
) -> Iterator[Counted]:
    """The scopes of a count rule, in a stable order."""
    pairings = ctx.targeted(rule)
    ids: set[str | None] = {p.id for p in pairings}
    if not ctx.restricted(rule):
        ids.add(None)  # records of no pairing belong to the programme
    vocab = ctx.records.vocab
    if per is Per.PROGRAMME:
        label = ctx.records.programme.name
        single = pairings[0].id if len(pairings) == 1 else None
        yield Counted(Scope("programme", "", label, single), _span(pairings), frozenset(ids), _in(ids), _given_in(ids))
    elif per is Per.PAIRING:
        for p in pairings:
            scope = Scope("pairing", p.id, ctx.pairing_label(p), p.id)
            yield Counted(scope, _span([p]), frozenset([p.id]), _in({p.id}), _given_in({p.id}))
    elif per is Per.PAIRING_SUBJECT:
        for p in pairings:
            for subject in p.subjects:
                if subjects and subject not in subjects:
                    continue
                label = f"{ctx.pairing_label(p)} · {vocab.subjects.label(subject)}"
                scope = Scope("pairing_subject", f"{p.id}/{subject}", label, p.id)
                yield Counted(scope, _span([p]), frozenset([p.id]), _in_subject({p.id}, subject))
    elif per is Per.SUPPORTER:
        for unit in sorted({p.supporter for p in pairings}):
            own = [p for p in pairings if p.supporter == unit]
            scope = Scope("supporter", unit, ctx.unit_name(unit), own[0].id if len(own) == 1 else None)
            own_ids: set[str | None] = {p.id for p in own} | {None}  # and the school's records of no pairing
            belongs = _and(_in(own_ids), _supported_by(unit))
            yield Counted(scope, _span(own), frozenset(own_ids), belongs, _given(unit, donor=True))
    elif per is Per.RECIPIENT:
        for unit in sorted({r for p in pairings for r in p.recipients}):
            own = [p for p in pairings if unit in p.recipients]
            scope = Scope("recipient", unit, ctx.unit_name(unit), own[0].id if len(own) == 1 else None)
            own_ids = {p.id for p in own} | {None}
            belongs = _and(_in(own_ids), _received_by(unit))
            yield Counted(scope, _span(own), frozenset(own_ids), belongs, _given(unit))
    elif per is Per.RECIPIENT_SUBJECT:
        # A school's results pool its pairings that help in this subject; the result names the pairing only when
        # there is just one.
        for unit in sorted({r for p in pairings for r in p.recipients}):
            own = [p for p in pairings if unit in p.recipients]
            for subject in sorted({s for p in own for s in p.subjects}, key=list(vocab.subjects.terms).index):
                if subjects and subject not in subjects:
                    continue
                helping = [p for p in own if subject in p.subjects]
                label = f"{ctx.unit_name(unit)} · {vocab.subjects.label(subject)}"
                scope = Scope("recipient_subject", f"{unit}/{subject}", label, _single(helping))
                helping_ids: set[str | None] = {p.id for p in helping} | {None}
                belongs = _and(_in_subject(helping_ids, subject), _received_by(unit))
                yield Counted(scope, _span(helping), frozenset(helping_ids), belongs)
    elif per is Per.PERSON:
        yield from (_chosen_people(ctx, pairings, ids, who) if who else _seconded_people(ctx, ids))


def _seconded_people(ctx: Context, ids: set[str | None]) -> Iterator[Counted]:
    """Without ``who``: the people seconded under the pairings in view, active while seconded."""
    seconded: dict[str, list[tuple[date, date | None]]] = {}
    home: dict[str, str | None] = {}
    for sec in ctx.records.secondments:
        if sec.pairing is not None and sec.pairing in ids:
            seconded.setdefault(sec.person, []).append((sec.start, sec.end))
            home.setdefault(sec.person, sec.pairing)
    for person_id in sorted(seconded):
        scope = Scope("person", person_id, ctx.person_label(person_id), home[person_id])
        yield _person_counted(scope, Span.of(seconded[person_id]), ids, person_id)


def _chosen_people(ctx: Context, pairings: list[Pairing], ids: set[str | None], who: Who) -> Iterator[Counted]:
    """With ``who``: the people of the schools of the pairings in view who fit it, active while their school is
    paired. Whether they fit is judged per period (an age changes; a person pairing starts). Their own records
    count whatever pairing they are under, or none (a party lesson in their own school)."""
    sides = Sides.of(pairings)
    by_unit: dict[str, list[Pairing]] = {}
    for p in pairings:
        for unit in (p.supporter, *p.recipients):
            by_unit.setdefault(unit, []).append(p)
    for person in sorted(ctx.records.people, key=lambda p: p.id):
        own = by_unit.get(person.unit)
        if not own:
            continue
        timeless = Who(roles=who.roles, titles=who.titles, areas=who.areas)  # what no date changes
        if misfits(person, timeless, ctx.requested, ctx, sides):
            continue
        scope = Scope("person", person.id, ctx.person_label(person.id), _single(own))
        dated = Who(age_below=who.age_below, paired_with=who.paired_with, seconded=who.seconded)

        def outside(period: Period, person: Person = person, dated: Who = dated) -> list[str]:
            return misfits(person, dated, period, ctx, sides)

        yield Counted(
            scope, _span(own), frozenset(ids), _naming(person.id), person=_is(person.id), person_id=person.id,
            outside=outside,
        )  # fmt: skip


def _person_counted(scope: Scope, span: Span, ids: set[str | None], person_id: str) -> Counted:
    belongs = _and(_in(ids), _naming(person_id))
    return Counted(scope, span, frozenset(ids), belongs, person=_is(person_id), person_id=person_id)


def _naming(person_id: str) -> Callable[[Facts], bool]:
    return lambda f: person_id in f.people


def _is(person_id: str) -> Callable[[Person], bool]:
    return lambda p: p.id == person_id


def _single(pairings: list[Pairing]) -> str | None:
    return pairings[0].id if len(pairings) == 1 else None


def _and(first: Callable[[Facts], bool], second: Callable[[Facts], bool]) -> Callable[[Facts], bool]:
    return lambda f: first(f) and second(f)


def _in(ids: set[str] | set[str | None]) -> Callable[[Facts], bool]:
    return lambda f: f.pairing in ids


def _supported_by(unit: str) -> Callable[[Facts], bool]:
    return lambda f: f.supporter == unit


def _received_by(unit: str) -> Callable[[Facts], bool]:
    return lambda f: unit in f.recipients


def _in_subject(ids: set[str] | set[str | None], subject: str) -> Callable[[Facts], bool]:
    return lambda f: f.pairing in ids and subject in f.subjects


def _given_in(ids: set[str] | set[str | None]) -> Callable[[Donation], bool]:
    return lambda d: d.pairing in ids


def _given(unit: str, *, donor: bool = False) -> Callable[[Donation], bool]:
    return lambda d: (d.donor if donor else d.recipient) == unit
