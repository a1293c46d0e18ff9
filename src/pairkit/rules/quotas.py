"""Counting rules: quotas (how many activities, 人次, people, days or 元) and ratios (a share of teachers)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from pairkit.diagnostics import Bilingual
from pairkit.model.periods import Period
from pairkit.model.records import Activity, Person
from pairkit.model.rules import CountRule, Measure, PeriodUnit, Population, RatioRule, Role, Rule, Selector
from pairkit.rules.results import Finding, Scope
from pairkit.rules.scopes import Context, Counted, counted_scopes
from pairkit.rules.spans import (
    NO_NOTE,
    Span,
    active_part,
    full_years,
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
    measure = rule.measure.label
    effective = ctx.effective(rule)
    # The periods and the days the rule is in force in each depend on the rule alone: worked out once, not per scope.
    fixed = (
        None
        if rule.period is PeriodUnit.LIFETIME
        else _in_force(effective, sub_periods(rule.period, ctx.requested, ctx.calendar))
    )
    for counted in counted_scopes(ctx, rule, rule.per, rule.select.subjects):
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
            low, high = rule.min, rule.max
            note = NO_NOTE
            if rule.prorate and rule.period is not PeriodUnit.LIFETIME and active.days < period.days:
                low, high = prorated(low, active.days, period.days), prorated(high, active.days, period.days)
                days = f"{active.days}/{period.days}"
                note = Bilingual(
                    f"本期只有 {days} 天在结对期间，指标按天数折算",
                    f"paired on {days} days of the period: the quota is prorated",
                )
            actual = _measure(rule, ctx, counted, active)
            verdict = judge_pace(actual, low, high, active, period, ctx.as_of)
            yield ctx.finding(
                rule,
                active_part(period, active),
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


def _measure(rule: CountRule, ctx: Context, counted: Counted, active: Span) -> float:
    records = ctx.records
    if rule.measure is Measure.MONEY:
        given = (d for d in records.donations if d.date in active and counted.donation(d))
        return round(sum(d.cash + d.goods_value for d in given), 2)
    by_head = bool(rule.select.roles) or counted.scope.kind == "person"
    heads_needed = by_head or rule.measure is Measure.PEOPLE  # otherwise who took part does not change the count
    activities = 0
    person_times = 0
    days = 0
    people: set[str] = set()
    spanning = rule.measure is Measure.DAYS
    single = len(active.intervals) == 1  # every candidate starts inside it (or, spanning, runs into it)
    candidates = ctx.activities(counted.pairings, rule.select.kinds, active.start, active.end, spanning=spanning)
    for activity in candidates:
        # An activity counts in the period it starts in; its days count in every period they fall in.
        span_days = (
            active.clip(activity.date, activity.date + timedelta(days=activity.days - 1)).days if spanning else 0
        )
        counts_here = span_days > 0 if spanning else single or activity.date in active
        if not counts_here or not counted.activity(activity) or not _selected(activity, rule.select, ctx):
            continue
        if heads_needed:
            roles = rule.select.roles
            heads = [p for p in _people(activity, ctx) if counted.person(p) and _plays(p, activity, roles, ctx)]
            if by_head and not heads:
                continue
            people.update(p.id for p in heads)
            person_times += len(heads) if by_head else activity.person_times
        else:
            person_times += activity.person_times
        activities += 1
        days += span_days
    if rule.measure is Measure.PERSON_TIMES:
        return float(person_times)
    if rule.measure is Measure.PEOPLE:
        return float(len(people))
    return float(days if spanning else activities)


def _selected(activity: Activity, select: Selector, ctx: Context) -> bool:
    if select.kinds and activity.kind not in select.kinds:
        return False
    if select.subjects and activity.subject not in select.subjects:
        return False
    if select.dimensions:
        term = ctx.records.vocab.activity_kinds.terms.get(activity.kind)
        dimension = activity.dimension or (term.dimension if term else None)
        if dimension not in select.dimensions:
            return False
    return True


def _people(activity: Activity, ctx: Context) -> list[Person]:
    index = ctx.records.person
    return [index[p] for p in dict.fromkeys(activity.people) if p in index]


def _plays(person: Person, activity: Activity, roles: list[Role], ctx: Context) -> bool:
    pairing = ctx.records.pairing.get(activity.pairing)
    for role in roles:
        if role is Role.SUPPORTER and (pairing is None or person.unit != pairing.supporter):
            return False
        if role is Role.RECIPIENT and (pairing is None or person.unit not in pairing.recipients):
            return False
        if role is Role.BACKBONE and person.backbone is None:
            return False
        if role is Role.PARTY_MEMBER and not person.in_party:
            return False
        if role is Role.SENIOR:
            title = ctx.records.vocab.titles.terms.get(person.title or "")
            if title is None or not title.senior:
                return False
    return True


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
        kind = "unit" if rule.per == "unit" else rule.per
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
