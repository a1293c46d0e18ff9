"""Counting rules: quotas (how many activities, 人次, people, days, 元, secondments, students, awards or person
pairings) and ratios (a share of teachers)."""

from __future__ import annotations

from collections.abc import Iterator

from pairkit.diagnostics import Bilingual
from pairkit.model.fields import full_years
from pairkit.model.periods import Period
from pairkit.model.records import Activity, Person, Record, Student
from pairkit.model.rules import Counting, CountRule, Measure, PeriodUnit, Population, RatioRule, Rule
from pairkit.rules.results import Finding, Scope, number
from pairkit.rules.scopes import NO_BIRTH_DATE, Context, Counted, Facts, Sides, counted_scopes, has_role
from pairkit.rules.spans import (
    NO_NOTE,
    Span,
    active_part,
    judge_pace,
    judge_state,
    lifetime,
    overlaps,
    prorated,
    required_text,
    sub_periods,
)

NOT_IN_FORCE = Bilingual("规则在本期未生效", "the rule is not in force in this period")
NOT_PAIRED = Bilingual("本期不在结对期间", "not paired in this period")


def evaluate_count(rule: Rule, ctx: Context) -> Iterator[Finding]:
    assert isinstance(rule, CountRule)
    required = required_text(rule.min, rule.max)
    measure = rule.counts.label
    effective = ctx.effective(rule)
    # The periods and the days the rule is in force in each depend on the rule alone: worked out once, not per scope.
    fixed = (
        None
        if rule.period is PeriodUnit.LIFETIME
        else _in_force(effective, sub_periods(rule.period, ctx.requested, ctx.calendar))
    )
    for counted in counted_scopes(ctx, rule, rule.per, rule.select.subjects, rule.who):
        if not overlaps(counted.span.intervals, ctx.requested):
            continue
        periods = fixed if fixed is not None else _in_force(effective, [lifetime(counted.span)])
        for period, in_force, whole in periods:
            if not in_force:
                yield ctx.not_applicable(rule, period, counted.scope, required, measure, NOT_IN_FORCE)
                continue
            paired = counted.span.clip(period.start, period.end)
            active = paired if whole else paired.within(in_force)
            if not active:
                yield ctx.not_applicable(rule, period, counted.scope, required, measure, NOT_PAIRED)
                continue
            part = active_part(period, active)
            outside = counted.outside(part)
            if outside == [NO_BIRTH_DATE]:
                why = Bilingual(
                    f"{NO_BIRTH_DATE.zh}，无法判断是否在人员范围内",
                    "no date of birth: whether the rule applies is unknown",
                )
                yield ctx.not_applicable(rule, period, counted.scope, required, measure, why)
                continue
            if outside:
                continue  # not among the people the rule is about in this period
            low, high = rule.min, rule.max
            note = NO_NOTE
            if rule.prorate and rule.period is not PeriodUnit.LIFETIME and active.days < period.days:
                low, high = prorated(low, active.days, period.days), prorated(high, active.days, period.days)
                days = f"{active.days}/{period.days}"
                note = Bilingual(
                    f"本期只有 {days} 天在结对期间，指标按天数折算",
                    f"paired on {days} days of the period: the quota is prorated",
                )
            actual, unvalued = _measure(rule, ctx, counted, active)
            verdict = judge_pace(actual, low, high, active, period, ctx.as_of)
            if unvalued:
                apart = Bilingual(f"另有未折价物资{unvalued}，不计入金额", f"goods given without a value ({unvalued})")
                note = apart if not note.zh else Bilingual(f"{note.zh}；{apart.zh}", f"{note.en}; {apart.en}")
            yield ctx.finding(
                rule,
                part,
                counted.scope,
                required=required_text(low, high),
                actual=actual,
                measure=measure,
                verdict=verdict,
                bounds=(low, high),
                note=note,
            )


def _in_force(effective: Span, periods: list[Period]) -> list[tuple[Period, Span, bool]]:
    """Each period with the days the rule is in force in it, and whether that is the whole period."""
    out = []
    for period in periods:
        in_force = effective.clip(period.start, period.end)
        out.append((period, in_force, in_force.intervals == ((period.start, period.end),)))
    return out


# Records that last: they count in every period they overlap, not only the one they start in.
SPANNING = (Counting.SECONDMENTS, Counting.PERSON_PAIRINGS)


def _measure(rule: CountRule, ctx: Context, counted: Counted, active: Span) -> tuple[float, str]:
    """The amount done in ``active`` days, and for money the goods given without a value (never summed as 0)."""
    records = ctx.records
    measure = rule.counts
    if measure is Measure.MONEY:
        given = [d for d in records.donations if d.date in active and counted.donation(d)]
        unvalued = "、".join(f"{i.name}{number(i.quantity)}{i.unit or ''}" for d in given for i in d.unvalued)
        return round(sum(d.cash + d.goods_value for d in given), 2), unvalued
    by_head = bool(rule.select.roles) or counted.scope.kind == "person"
    heads_needed = by_head or measure is Measure.PEOPLE  # otherwise who took part does not change the count
    spanning = rule.of in SPANNING
    days_needed = spanning or measure is Measure.DAYS  # otherwise a record's days in the period are not looked at
    found = 0
    person_times = 0
    days = 0
    people: set[str] = set()
    for record in _candidates(rule, ctx, counted, active):
        facts = ctx.facts(record)
        # A dated record counts in the period it starts in; a secondment or a person pairing in every period it
        # overlaps; an activity's days count in every period they fall in.
        span_days = active.clip(facts.start, min(facts.end, active.end)).days if days_needed else 0
        counts_here = span_days > 0 or (not spanning and facts.start in active)
        if not counts_here or not counted.belongs(facts) or not _selected(record, facts, rule, ctx):
            continue
        heads: list[Person] = []
        if heads_needed:
            sides = _sides(ctx, facts)
            heads = [
                p
                for p in _people(facts, ctx)
                if counted.person(p) and all(has_role(p, r, ctx, sides) for r in rule.select.roles)
            ]
            if by_head and not heads:
                continue
            people.update(p.id for p in heads)
        found += 1
        days += span_days
        if isinstance(record, Activity):
            person_times += len(heads) if by_head else record.person_times
        else:
            person_times += record.count if isinstance(record, Student) else 1
    if rule.of is Counting.STUDENTS:  # students come in cohorts: 人 is the sum of their counts
        return float(person_times), ""
    amounts = {
        Measure.ACTIVITIES: found,
        Measure.RECORDS: found,
        Measure.PERSON_TIMES: person_times,
        Measure.PEOPLE: len(people),
        Measure.DAYS: days,
    }
    return float(amounts[measure]), ""


def _candidates(rule: CountRule, ctx: Context, counted: Counted, active: Span) -> Iterator[Record]:
    """The records that may count for a scope, found by index: by person, else by pairing (activities also by kind
    and date, as a province has hundreds of thousands)."""
    if counted.person_id is not None:
        yield from ctx.naming(rule.of, counted.person_id)
    elif rule.of is Counting.ACTIVITIES:
        spanning = rule.counts is Measure.DAYS
        pairings = sorted(counted.pairings, key=lambda p: p or "")
        yield from ctx.activities(pairings, rule.select.kinds, active.start, active.end, spanning=spanning)
    else:
        index = ctx.by_pairing(rule.of)
        for pairing in sorted(counted.pairings, key=lambda p: p or ""):
            yield from index.get(pairing, ())


def _selected(record: Record, facts: Facts, rule: CountRule, ctx: Context) -> bool:
    select = rule.select
    if select.kinds and str(getattr(record, "kind", "")) not in select.kinds:
        return False
    if select.subjects and not set(facts.subjects) & set(select.subjects):
        return False
    if select.levels and getattr(record, "level", None) not in select.levels:
        return False
    if select.dimensions and isinstance(record, Activity):
        term = ctx.records.vocab.activity_kinds.terms.get(record.kind)
        dimension = record.dimension or (term.dimension if term else None)
        if dimension not in select.dimensions:
            return False
    return True


def _people(facts: Facts, ctx: Context) -> list[Person]:
    index = ctx.records.person
    return [index[p] for p in dict.fromkeys(facts.people) if p in index]


def _sides(ctx: Context, facts: Facts) -> Sides:
    """The sides of the record's own pairing: who is 支援方 or 受援方 for it."""
    pairing = ctx.records.pairing.get(facts.pairing or "")
    return Sides.of([pairing] if pairing else [])


# --- ratios -----------------------------------------------------------------------------------------------------


def evaluate_ratio(rule: Rule, ctx: Context) -> Iterator[Finding]:
    assert isinstance(rule, RatioRule)
    required = required_text(rule.min_percent, rule.max_percent, "%")
    pairings = ctx.targeted(rule)
    sides: dict[str, list[str]] = {}
    for p in pairings:
        if rule.per in ("supporter", "unit", "programme"):
            sides.setdefault(p.supporter, []).append(p.id)
        if rule.per in ("recipient", "unit", "programme"):
            for r in p.recipients:
                sides.setdefault(r, []).append(p.id)
    spans = {
        u: Span.of((ctx.records.pairing[i].start, ctx.records.pairing[i].end) for i in ids) for u, ids in sides.items()
    }
    groups: list[tuple[Scope, set[str]]]
    if rule.per == "programme":
        single = pairings[0].id if len(pairings) == 1 else None
        groups = [(Scope("programme", "", ctx.records.programme.name, single), set(sides))]
    else:
        kind = str(rule.per)
        groups = [
            (Scope(kind, u, ctx.unit_name(u), ids[0] if len(set(ids)) == 1 else None), {u})
            for u, ids in sorted(sides.items())
        ]
    unit = rule.period if rule.period is not PeriodUnit.LIFETIME else PeriodUnit.SCHOOL_YEAR
    effective = ctx.effective(rule)
    for period in sub_periods(unit, ctx.requested, ctx.calendar):
        for scope, units in groups:
            active = {u for u in units if overlaps(spans[u].intervals, period)}
            if not overlaps(effective.intervals, period):
                yield ctx.not_applicable(rule, period, scope, required, "%", NOT_IN_FORCE)
                continue
            if not active:
                if overlaps([iv for u in units for iv in spans[u].intervals], ctx.requested):
                    yield ctx.not_applicable(rule, period, scope, required, "%", NOT_PAIRED)
                continue
            top = _population(rule.numerator, active, period, ctx)
            bottom = _population(rule.denominator, active, period, ctx)
            if bottom == 0:
                why = Bilingual("分母为 0：本期没有计入分母的人员", "nobody in the denominator in this period")
                yield ctx.not_applicable(rule, period, scope, required, "%", why)
                continue
            percent = round(top * 100 / bottom, 1)
            low, high = rule.min_percent, rule.max_percent
            ok = (low is None or percent >= low) and (high is None or percent <= high)
            gap = max((low or 0) - percent, 0.0)
            share = Bilingual(f"{top}/{bottom} 人", f"{top} of {bottom} people")
            verdict = judge_state(ok, period, ctx.as_of, round(gap, 1), share)
            bounds = (low, high)
            yield ctx.finding(
                rule, period, scope, required=required, actual=percent, measure="%", verdict=verdict, bounds=bounds
            )


def _population(pop: Population, units: set[str], period: Period, ctx: Context) -> int:
    records = ctx.records
    if pop.of == "staff_count":
        return sum(records.unit[u].teachers or 0 for u in units if u in records.unit)
    if pop.of == "teachers":
        people = [p for unit in sorted(units) for p in ctx.people_by_unit.get(unit, ())]
    else:
        chosen: dict[str, Person] = {}
        for sec in (sec for unit in sorted(units) for sec in ctx.secondments_by_home.get(unit, ())):
            if pop.kinds and sec.kind not in pop.kinds:
                continue
            if sec.start <= period.end and sec.end >= period.start:
                chosen[sec.person] = records.person[sec.person]
        people = list(chosen.values())
    return sum(1 for p in people if _fits(p, pop, period))


def _fits(person: Person, pop: Population, period: Period) -> bool:
    if pop.backbone is not None and (person.backbone is not None) != pop.backbone:
        return False
    if pop.min_years_at_unit is not None:
        if person.joined_unit is None:
            return False
        return full_years(person.joined_unit, period.start) >= pop.min_years_at_unit
    return True
