"""What a rule is about: the pairings it targets and the scopes (pairing, school, person …) it is counted for."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from operator import attrgetter

from pairkit.diagnostics import Bilingual
from pairkit.model import Records
from pairkit.model.periods import Calendar, Period
from pairkit.model.records import Activity, Donation, Pairing, Person, Secondment
from pairkit.model.rules import Per, Rule
from pairkit.rules.results import Finding, Scope, Status
from pairkit.rules.spans import NO_NOTE, Span, Verdict


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
    def _activities(self) -> dict[str, dict[str, tuple[list[int], list[Activity]]]]:
        """Activities by pairing and kind, sorted by date, with their day numbers for bisecting a period."""
        groups: dict[str, dict[str, list[Activity]]] = {}
        for activity in self.records.activities:
            by_kind = groups.get(activity.pairing)
            if by_kind is None:
                by_kind = groups[activity.pairing] = {}
            same = by_kind.get(activity.kind)
            if same is None:
                by_kind[activity.kind] = [activity]
            else:
                same.append(activity)
        out: dict[str, dict[str, tuple[list[int], list[Activity]]]] = {}
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
        self, pairings: Iterable[str], kinds: Collection[str], start: date, end: date, *, spanning: bool = False
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

    def restricted(self, rule: Rule) -> bool:
        """Whether only some pairings are in view (targets or --pairing): records without a pairing then drop out."""
        return len(self.pairings) != len(self.records.pairings) or bool(
            rule.targets.kinds or rule.targets.dimensions or rule.targets.pairings
        )

    def effective(self, rule: Rule) -> Span:
        return Span.of([(rule.effective_from or date.min, rule.effective_to)])

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

    def not_applicable(
        self, rule: Rule, period: Period, scope: Scope, required: str | Bilingual, measure: str, why: Bilingual
    ) -> Finding:
        verdict = Verdict(Status.NOT_APPLICABLE, 0.0, why)
        return self.finding(rule, period, scope, required=required, actual=0, measure=measure, verdict=verdict)

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
        )


@dataclass(frozen=True)
class Counted:
    """A scope of a counting rule: when it is active and which activities, donations and people are its own."""

    scope: Scope
    span: Span
    pairings: frozenset[str]  # the pairings whose activities may count: an index, so big trees stay fast
    activity: Callable[[Activity], bool]
    donation: Callable[[Donation], bool] = field(default=lambda _: False)
    person: Callable[[Person], bool] = field(default=lambda _: True)  # whom a head count may include


def _span(pairings: list[Pairing]) -> Span:
    return Span.of((p.start, p.end) for p in pairings)


def counted_scopes(ctx: Context, rule: Rule, per: Per, subjects: list[str]) -> Iterator[Counted]:
    """The scopes of a count rule, in a stable order."""
    pairings = ctx.targeted(rule)
    ids = {p.id for p in pairings}
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
                yield Counted(scope, span, only, _in_subject(p.id, subject))
    elif per is Per.SUPPORTER:
        for unit in sorted({p.supporter for p in pairings}):
            own = [p for p in pairings if p.supporter == unit]
            scope = Scope("supporter", unit, ctx.unit_name(unit), own[0].id if len(own) == 1 else None)
            own_ids = {p.id for p in own}
            yield Counted(scope, _span(own), frozenset(own_ids), _in(own_ids), _given(unit, donor=True))
    elif per is Per.RECIPIENT:
        for unit in sorted({r for p in pairings for r in p.recipients}):
            own = [p for p in pairings if unit in p.recipients]
            scope = Scope("recipient", unit, ctx.unit_name(unit), own[0].id if len(own) == 1 else None)
            belongs = _for_recipient(ctx, unit, {p.id: p for p in own})
            yield Counted(scope, _span(own), frozenset(p.id for p in own), belongs, _given(unit))
    elif per is Per.PERSON:
        seconded: dict[str, list[tuple[date, date | None]]] = {}
        home: dict[str, str] = {}
        for sec in ctx.records.secondments:
            if sec.pairing is not None and sec.pairing in ids:
                seconded.setdefault(sec.person, []).append((sec.start, sec.end))
                home.setdefault(sec.person, sec.pairing)
        for person_id in sorted(seconded):
            scope = ctx.person_scope(person_id, home[person_id])
            span = Span.of(seconded[person_id])
            yield Counted(scope, span, frozenset(ids), _naming(ids, person_id), person=_is(person_id))


def _in(ids: set[str]) -> Callable[[Activity], bool]:
    return lambda a: a.pairing in ids


def _in_subject(pairing: str, subject: str) -> Callable[[Activity], bool]:
    return lambda a: a.pairing == pairing and a.subject == subject


def _naming(ids: set[str], person: str) -> Callable[[Activity], bool]:
    return lambda a: a.pairing in ids and person in a.people


def _is(person: str) -> Callable[[Person], bool]:
    return lambda p: p.id == person


def _given_in(ids: set[str]) -> Callable[[Donation], bool]:
    return lambda d: d.pairing is not None and d.pairing in ids


def _given(unit: str, *, donor: bool = False) -> Callable[[Donation], bool]:
    return lambda d: (d.donor if donor else d.recipient) == unit


def _for_recipient(ctx: Context, unit: str, own: dict[str, Pairing]) -> Callable[[Activity], bool]:
    """An activity counts for a receiving school when its people include someone from that school; an activity
    naming nobody from any receiving school of its pairing counts for each of them (a joint activity)."""

    def belongs(activity: Activity) -> bool:
        pairing = own.get(activity.pairing)
        if pairing is None:
            return False
        if len(pairing.recipients) == 1:
            return True
        units = {ctx.records.person[p].unit for p in activity.people if p in ctx.records.person}
        sides = units & set(pairing.recipients)
        return unit in sides if sides else True

    return belongs
