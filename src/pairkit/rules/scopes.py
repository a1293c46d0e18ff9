"""What a rule is about: the pairings it targets and the scopes (pairing, school, person …) it is counted for.

Every kind of record a count rule can count (activities, secondments, students, awards, person pairings) is seen
through the same few ``Facts`` (its pairing, its schools on each side, its people and subjects), so that a scope
decides membership the same way whatever is counted. A record with no pairing belongs to the programme: it counts
for the whole programme, for the school it names and for the people it names, never for a pairing.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from operator import attrgetter
from typing import Any, NamedTuple

from pairkit.diagnostics import Bilingual
from pairkit.model import Records
from pairkit.model.fields import full_years
from pairkit.model.periods import Calendar, Period, cn_date
from pairkit.model.records import (
    LEADERS,
    Activity,
    Award,
    Donation,
    Pairing,
    Person,
    PersonPairing,
    Post,
    Record,
    Secondment,
    Student,
)
from pairkit.model.rules import Counting, Per, PeriodUnit, Role, Rule, Who
from pairkit.rules.results import Finding, Scope, Status
from pairkit.rules.spans import NO_NOTE, Span, Verdict, overlaps, sub_periods

# The done figure of a finding that is not applicable: there is none (never "0 岁").
NOT_APPLICABLE_SHOWN = "—"


class Facts(NamedTuple):
    """What scopes ask of a counted record (a tuple: made for every record counted, it must be cheap)."""

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

    # Indexes built once per evaluation, so that a rule × scope × period looks only at its own records: a
    # province has 300,000 activities and tens of thousands of scopes.

    @cached_property
    def _activities(self) -> dict[str | None, dict[str, tuple[list[int], list[Activity]]]]:
        """Activities by pairing (None: of no pairing) and kind, sorted by date, with their day numbers for
        bisecting a period."""
        groups: dict[str | None, dict[str, list[Activity]]] = {}
        for activity in self.records.activities:
            by_kind = groups.get(activity.pairing)
            if by_kind is None:
                by_kind = groups[activity.pairing] = {}
            same = by_kind.get(activity.kind)
            if same is None:
                by_kind[activity.kind] = [activity]
            else:
                same.append(activity)
        out: dict[str | None, dict[str, tuple[list[int], list[Activity]]]] = {}
        for pairing, kinds in groups.items():
            out[pairing] = {}
            for kind, items in kinds.items():
                items.sort(key=attrgetter("date"))  # stable: activities of one day stay in file order
                out[pairing][kind] = ([a.date.toordinal() for a in items], items)
        return out

    @cached_property
    def _longest(self) -> int:
        return max((a.days for a in self.records.activities), default=1)

    def activities(
        self, pairings: Iterable[str | None], kinds: Collection[str], start: date, end: date, *, spanning: bool = False
    ) -> Iterator[Activity]:
        """The activities of ``pairings`` (of ``kinds``; all when empty) that start from ``start`` to ``end``;
        with ``spanning``, also those that started earlier and run into it."""
        first = start.toordinal() - (self._longest - 1 if spanning else 0)
        last = end.toordinal()
        index = self._activities
        for pairing in pairings:
            by_kind = index.get(pairing)
            if by_kind is None:
                continue
            for kind in kinds or by_kind:
                found = by_kind.get(kind)
                if found is not None:
                    days, items = found
                    yield from items[bisect_left(days, first) : bisect_right(days, last)]

    def by_pairing(self, counting: Counting) -> dict[str | None, list[Any]]:
        """Records of a kind other than activities by pairing (they are few: no date index is needed)."""
        return self._by_pairing[counting]

    @cached_property
    def _by_pairing(self) -> dict[Counting, dict[str | None, list[Any]]]:
        out: dict[Counting, dict[str | None, list[Any]]] = {}
        for counting in Counting:
            if counting is not Counting.ACTIVITIES:
                group: dict[str | None, list[Any]] = {}
                for record in self.records.section(counting.value):
                    group.setdefault(getattr(record, "pairing", None), []).append(record)
                out[counting] = group
        return out

    def naming(self, counting: Counting, person_id: str) -> list[Any]:
        """Records of a kind that name a person: the index is built the first time a rule counts per person."""
        return self._people_index(counting).get(person_id, [])

    def _people_index(self, counting: Counting) -> dict[str, list[Any]]:
        cache: dict[Counting, dict[str, list[Any]]] = self.__dict__.setdefault("_people_cache", {})
        if counting not in cache:
            index: dict[str, list[Any]] = {}
            for record in self.records.section(counting.value):
                for person in dict.fromkeys(self.facts(record).people):
                    index.setdefault(person, []).append(record)
            cache[counting] = index
        return cache[counting]

    def facts(self, record: Record) -> Facts:
        known = self._facts.get(id(record))
        if known is None:
            known = self._facts[id(record)] = _facts_of(record, self.records, self._pairing_sides)
        return known

    @cached_property
    def _facts(self) -> dict[int, Facts]:
        """Each counted record's facts, by the record's identity: worked out once, however many rules count it."""
        return {}

    @cached_property
    def _pairing_sides(self) -> dict[str | None, tuple[str | None, frozenset[str]]]:
        """Each pairing's supporting school and receiving schools (None: of no pairing), for its records' facts."""
        sides: dict[str | None, tuple[str | None, frozenset[str]]] = {None: (None, frozenset())}
        for pairing in self.records.pairings:
            sides.setdefault(pairing.id, (pairing.supporter, frozenset(pairing.recipients)))
        return sides

    @cached_property
    def people_by_unit(self) -> dict[str, list[Person]]:
        out: dict[str, list[Person]] = {}
        for person in self.records.people:
            out.setdefault(person.unit, []).append(person)
        return out

    @cached_property
    def secondments_by_person(self) -> dict[str, list[Secondment]]:
        out: dict[str, list[Secondment]] = {}
        for sec in self.records.secondments:
            out.setdefault(sec.person, []).append(sec)
        return out

    @cached_property
    def secondments_by_home(self) -> dict[str, list[Secondment]]:
        """Secondments by the unit that sent the person (``from``, else the person's own unit)."""
        out: dict[str, list[Secondment]] = {}
        for sec in self.records.secondments:
            person = self.records.person.get(sec.person)
            if person is not None:
                out.setdefault(sec.from_unit or person.unit, []).append(sec)
        return out

    @cached_property
    def person_pairings_by_person(self) -> dict[str, list[PersonPairing]]:
        out: dict[str, list[PersonPairing]] = {}
        for tie in self.records.person_pairings:
            out.setdefault(tie.person, []).append(tie)
        return out

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

    def person_scope(self, person_id: str, pairing: str | None) -> Scope:
        """A person as a scope: 周文杰（云溪八中）, in English 周文杰 (云溪八中)."""
        person = self.records.person.get(person_id)
        if person is None:
            return Scope("person", person_id, person_id, pairing)
        unit = self.unit_name(person.unit)
        return Scope("person", person_id, f"{person.name}（{unit}）", pairing, f"{person.name} ({unit})")

    def secondment_scope(self, sec: Secondment) -> Scope:
        """A secondment's own scope: two secondments of one person in a year are two results (and two waivable
        scopes): 陈建华（云溪一中，2024年9月1日起）."""
        person = self.records.person.get(sec.person)
        name = person.name if person else sec.person
        unit = f"{self.unit_name(person.unit)}，" if person else ""
        label = f"{name}（{unit}{cn_date(sec.start)}起）"
        english = f"{name} ({unit.rstrip('，')}{', ' if person else ''}from {sec.start})"
        return Scope("secondment", sec.id, label, sec.pairing, english)

    def not_applicable(
        self, rule: Rule, period: Period, scope: Scope, required: str | Bilingual, measure: str, why: Bilingual
    ) -> Finding:
        verdict = Verdict(Status.NOT_APPLICABLE, 0.0, why)
        shown = Bilingual(NOT_APPLICABLE_SHOWN, NOT_APPLICABLE_SHOWN)
        return self.finding(
            rule, period, scope, required=required, actual=0, measure=measure, verdict=verdict, shown=shown
        )

    def finding(
        self,
        rule: Rule,
        period: Period,
        scope: Scope,
        *,
        required: str | Bilingual,
        actual: float,
        measure: str,
        verdict: Verdict,
        note: Bilingual = NO_NOTE,
        bounds: tuple[float | None, float | None] = (None, None),
        shown: Bilingual = NO_NOTE,
    ) -> Finding:
        notes = [n for n in (verdict.note, note) if n.zh]
        words = required if isinstance(required, Bilingual) else Bilingual(required, "")
        return Finding(
            rule_id=rule.id,
            rule_title=rule.title,
            clause=rule.clause,
            severity=str(rule.severity),
            period=period,
            scope=scope,
            required=words.zh,
            required_en=words.en,
            actual=actual,
            measure=measure,
            status=verdict.status,
            gap=verdict.gap,
            note="；".join(n.zh for n in notes),
            note_en="; ".join(n.en for n in notes),
            source=rule.source,
            low=bounds[0],
            high=bounds[1],
            shown=shown.zh,
            shown_en=shown.en,
        )


def _facts_of(record: Record, records: Records, sides: dict[str | None, tuple[str | None, frozenset[str]]]) -> Facts:
    """Facts of a record of any counted kind (see the module docstring); ``sides``: each pairing's schools."""
    if isinstance(record, Activity):
        supporter, recipients = sides.get(record.pairing, (None, frozenset()))
        if len(recipients) > 1:  # a joint activity counts for every receiving school, else for those it names
            units = {records.person[p].unit for p in record.people if p in records.person}
            recipients = (recipients & units) or recipients
        last = record.date if record.days == 1 else record.date + timedelta(days=record.days - 1)
        subjects: tuple[str, ...] = (record.subject,) if record.subject else ()
        return Facts(record.pairing, tuple(record.people), subjects, supporter, recipients, record.date, last)
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


NO_BIRTH_DATE = Bilingual("缺少出生日期", "no date of birth")


def misfits(person: Person, who: Who, period: Period, ctx: Context, sides: Sides) -> list[Bilingual]:
    """What keeps ``person`` out of ``who`` in ``period``, in words ([] when the person fits). The age is taken on
    the period's first day; a person pairing or a secondment counts when it overlaps the period. An unknown birth
    date is said as such (``NO_BIRTH_DATE``)."""
    out: list[Bilingual] = []
    for role in who.roles:
        if not has_role(person, role, ctx, sides):
            out.append(Bilingual(f"不是{role.label}", f"not {role.label_en}"))
    if who.titles and person.title not in who.titles:
        titles = ctx.records.vocab.titles
        title = (titles.label(person.title), titles.label_en(person.title)) if person.title else ("无", "none")
        out.append(Bilingual(f"职称为 {title[0]}", f"title {title[1]}"))
    unit = ctx.records.unit.get(person.unit)
    if who.areas and (unit is None or unit.area not in who.areas):
        area = (unit.area.label, unit.area.label_en) if unit else ("未知", "unknown")
        out.append(Bilingual(f"所在学校为{area[0]}学校", f"a school in a {area[1]} area"))
    if who.age_below is not None:
        if person.birth_date is None:
            out.append(NO_BIRTH_DATE)
        elif (age := full_years(person.birth_date, period.start)) >= who.age_below:
            out.append(
                Bilingual(f"{age} 周岁（应未满 {who.age_below} 周岁）", f"aged {age} (should be under {who.age_below})")
            )
    if who.paired_with and not _paired(person.id, who, period, ctx):
        kinds = (who.paired_with[0].label, who.paired_with[0].label_en)
        out.append(Bilingual(f"没有{'、'.join(k.label for k in who.paired_with)}结对", f"not paired with a {kinds[1]}"))
    if who.seconded and not any(
        s.start <= period.end and s.end >= period.start for s in ctx.secondments_by_person.get(person.id, ())
    ):
        out.append(Bilingual("不是选派人员", "not seconded"))
    return out


def _paired(person_id: str, who: Who, period: Period, ctx: Context) -> bool:
    return any(
        t.kind in who.paired_with and t.start <= period.end and (t.end is None or t.end >= period.start)
        for t in ctx.person_pairings_by_person.get(person_id, ())
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
    outside: Callable[[Period], list[Bilingual]] = field(default=lambda _: [])


def _grouped(items: Iterable[tuple[str, Pairing]]) -> dict[str, list[Pairing]]:
    """Pairings under each unit they name, in their own order: one pass, not one per unit (a province has 2,000)."""
    out: dict[str, list[Pairing]] = {}
    for unit, pairing in items:
        same = out.setdefault(unit, [])
        if not same or same[-1] is not pairing:  # a pairing naming a school twice is counted once
            same.append(pairing)
    return out


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
            name, span, only = ctx.pairing_label(p), _span([p]), frozenset([p.id])
            for subject in p.subjects:
                if subjects and subject not in subjects:
                    continue
                label, label_en = (
                    f"{name} · {vocab.subjects.label(subject)}",
                    f"{name} · {vocab.subjects.label_en(subject)}",
                )
                scope = Scope("pairing_subject", f"{p.id}/{subject}", label, p.id, label_en)
                yield Counted(scope, span, only, _in_subject({p.id}, subject))
    elif per is Per.SUPPORTER:
        supported = _grouped((p.supporter, p) for p in pairings)
        for unit, own in sorted(supported.items()):
            scope = Scope("supporter", unit, ctx.unit_name(unit), _single(own))
            own_ids: set[str | None] = {p.id for p in own} | {None}  # and the school's records of no pairing
            belongs = _and(_in(own_ids), _supported_by(unit))
            yield Counted(scope, _span(own), frozenset(own_ids), belongs, _given(unit, donor=True))
    elif per is Per.RECIPIENT:
        for unit, own in sorted(_grouped((r, p) for p in pairings for r in p.recipients).items()):
            scope = Scope("recipient", unit, ctx.unit_name(unit), _single(own))
            own_ids = {p.id for p in own} | {None}
            belongs = _and(_in(own_ids), _received_by(unit))
            yield Counted(scope, _span(own), frozenset(own_ids), belongs, _given(unit))
    elif per is Per.RECIPIENT_SUBJECT:
        # A school's results pool its pairings that help in this subject; the result names the pairing only when
        # there is just one.
        order = {key: i for i, key in enumerate(vocab.subjects.terms)}
        for unit, own in sorted(_grouped((r, p) for p in pairings for r in p.recipients).items()):
            for subject in sorted({s for p in own for s in p.subjects}, key=lambda s: order.get(s, len(order))):
                if subjects and subject not in subjects:
                    continue
                helping = [p for p in own if subject in p.subjects]
                label = f"{ctx.unit_name(unit)} · {vocab.subjects.label(subject)}"
                label_en = f"{ctx.unit_name(unit)} · {vocab.subjects.label_en(subject)}"
                scope = Scope("recipient_subject", f"{unit}/{subject}", label, _single(helping), label_en)
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
        scope = ctx.person_scope(person_id, home[person_id])
        belongs = _and(_in(ids), _naming(person_id))
        yield Counted(
            scope, Span.of(seconded[person_id]), frozenset(ids), belongs, person=_is(person_id), person_id=person_id
        )


def _chosen_people(ctx: Context, pairings: list[Pairing], ids: set[str | None], who: Who) -> Iterator[Counted]:
    """With ``who``: the people of the schools of the pairings in view who fit it, active while their school is
    paired. Whether they fit is judged per period (an age changes; a person pairing starts). Their own records
    count whatever pairing they are under, or none (a party lesson in their own school)."""
    sides = Sides.of(pairings)
    by_unit: dict[str, list[Pairing]] = {}
    for p in pairings:
        for unit in (p.supporter, *p.recipients):
            by_unit.setdefault(unit, []).append(p)
    timeless = Who(roles=who.roles, titles=who.titles, areas=who.areas)  # what no date changes
    dated = Who(age_below=who.age_below, paired_with=who.paired_with, seconded=who.seconded)
    for unit in sorted(by_unit):
        own = by_unit[unit]
        for person in sorted(ctx.people_by_unit.get(unit, ()), key=attrgetter("id")):
            if misfits(person, timeless, ctx.requested, ctx, sides):
                continue

            def outside(period: Period, person: Person = person) -> list[Bilingual]:
                return misfits(person, dated, period, ctx, sides)

            scope = ctx.person_scope(person.id, _single(own))
            yield Counted(
                scope, _span(own), frozenset(ids), _naming(person.id), person=_is(person.id), person_id=person.id,
                outside=outside,
            )  # fmt: skip


def _single(pairings: list[Pairing]) -> str | None:
    return pairings[0].id if len(pairings) == 1 else None


def _and(first: Callable[[Facts], bool], second: Callable[[Facts], bool]) -> Callable[[Facts], bool]:
    return lambda f: first(f) and second(f)


def _in(ids: set[str] | set[str | None]) -> Callable[[Facts], bool]:
    return lambda f: f.pairing in ids


def _in_subject(ids: set[str] | set[str | None], subject: str) -> Callable[[Facts], bool]:
    return lambda f: f.pairing in ids and subject in f.subjects


def _supported_by(unit: str) -> Callable[[Facts], bool]:
    return lambda f: f.supporter == unit


def _received_by(unit: str) -> Callable[[Facts], bool]:
    return lambda f: unit in f.recipients


def _naming(person_id: str) -> Callable[[Facts], bool]:
    return lambda f: person_id in f.people


def _is(person_id: str) -> Callable[[Person], bool]:
    return lambda p: p.id == person_id


def _given_in(ids: set[str] | set[str | None]) -> Callable[[Donation], bool]:
    return lambda d: d.pairing in ids


def _given(unit: str, *, donor: bool = False) -> Callable[[Donation], bool]:
    return lambda d: (d.donor if donor else d.recipient) == unit
