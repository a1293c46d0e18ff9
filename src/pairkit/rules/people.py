"""Rules about people: who may be seconded, for how long, selected by when; mentor load; title prerequisites.

Each gives one finding per person (per secondment) in the period where the fact falls: a secondment in the period
it starts in, a mentor and a titled teacher in every period. A period with nobody to judge gives one finding
"not applicable" for the programme, so an empty period is visible rather than silently absent.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import date

from pairkit.diagnostics import Bilingual
from pairkit.model.periods import Period
from pairkit.model.records import Area, Gender, Person, Secondment
from pairkit.model.rules import (
    DeadlineRule,
    DurationRule,
    EligibilityRule,
    MentorLoadRule,
    PeriodUnit,
    Rule,
    TitlePrerequisiteRule,
)
from pairkit.rules.results import Finding, Scope
from pairkit.rules.scopes import Context
from pairkit.rules.spans import full_years, judge_state, number, overlaps, required_text, sub_periods

DAYS_PER_MONTH = 365.25 / 12


def _periods(rule: Rule, ctx: Context) -> list[Period]:
    unit = rule.period if rule.period is not PeriodUnit.LIFETIME else PeriodUnit.SCHOOL_YEAR
    periods = sub_periods(unit, ctx.requested, ctx.calendar)
    effective = ctx.effective(rule)
    return [p for p in periods if overlaps(effective.intervals, p)]


NO_SECONDMENT = Bilingual("本期没有新的选派", "no new secondment in this period")


def _programme(ctx: Context, rule: Rule) -> Scope:
    return Scope("programme", "", ctx.records.programme.name, ctx.pairings[0].id if len(ctx.pairings) == 1 else None)


def _secondments(rule: Rule, ctx: Context, kinds: list[str], period: Period) -> list[Secondment]:
    targeted = {p.id for p in ctx.targeted(rule)}
    filtered = ctx.restricted(rule)
    return [
        s
        for s in ctx.records.secondments
        if s.start in period
        and (not kinds or s.kind in kinds)
        and (s.pairing in targeted if s.pairing is not None else not filtered)
    ]


def evaluate_eligibility(rule: Rule, ctx: Context) -> Iterator[Finding]:
    assert isinstance(rule, EligibilityRule)
    required = eligibility_text(rule)
    measure = "岁" if rule.age_below else ""
    for period in _periods(rule, ctx):
        found = _secondments(rule, ctx, list(rule.kinds), period)
        if not found:
            yield ctx.not_applicable(rule, period, _programme(ctx, rule), required, measure, NO_SECONDMENT)
        for sec in found:
            person = ctx.records.person.get(sec.person)
            scope = ctx.person_scope(sec.person, sec.pairing)
            if person is None:
                continue  # an unknown person is reported by validate
            age = full_years(person.birth_date, sec.start) if person.birth_date else None
            if sec.voluntary and rule.voluntary_exempt:
                note = Bilingual(f"选派 {sec.id}：自愿支教，不受条件限制", f"secondment {sec.id}: a volunteer, exempt")
                verdict = judge_state(True, period, ctx.as_of, note=note)
            else:
                problems, unknown = _ineligible(rule, person, sec.start, age)
                if unknown and not problems:
                    why = Bilingual(
                        f"选派 {sec.id}：无法判断，缺少{'、'.join(u.zh for u in unknown)}",
                        f"secondment {sec.id}: cannot be judged without the {' and '.join(u.en for u in unknown)}",
                    )
                    yield ctx.not_applicable(rule, period, scope, required, measure, why)
                    continue
                note = Bilingual(
                    f"选派 {sec.id}：" + ("；".join(p.zh for p in problems) if problems else "符合条件"),
                    f"secondment {sec.id}: " + ("; ".join(p.en for p in problems) if problems else "eligible"),
                )
                verdict = judge_state(not problems, period, ctx.as_of, note=note)
            yield ctx.finding(
                rule, period, scope, required=required, actual=float(age or 0), measure=measure, verdict=verdict
            )


def eligibility_text(rule: EligibilityRule) -> Bilingual:
    parts: list[Bilingual] = []
    if rule.age_below:
        if rule.age_below.male is not None:
            parts.append(Bilingual(f"男 < {rule.age_below.male} 岁", f"men < {rule.age_below.male}"))
        if rule.age_below.female is not None:
            parts.append(Bilingual(f"女 < {rule.age_below.female} 岁", f"women < {rule.age_below.female}"))
    if rule.rural_years_max is not None:
        most = number(rule.rural_years_max)
        parts.append(Bilingual(f"农村教龄 ≤ {most} 年", f"rural service ≤ {most} years"))
    if rule.teaching_years_min is not None:
        least = number(rule.teaching_years_min)
        parts.append(Bilingual(f"教龄 ≥ {least} 年", f"teaching ≥ {least} years"))
    if rule.titles:
        parts.append(Bilingual("职称：" + "、".join(rule.titles), "title: " + ", ".join(rule.titles)))
    return Bilingual("，".join(p.zh for p in parts) or "—", ", ".join(p.en for p in parts) or "—")


def _ineligible(
    rule: EligibilityRule, person: Person, start: date, age: int | None
) -> tuple[list[Bilingual], list[Bilingual]]:
    problems: list[Bilingual] = []
    unknown: list[Bilingual] = []
    if rule.age_below:
        limit = rule.age_below.male if person.gender is Gender.MALE else rule.age_below.female
        if limit is not None:
            if age is None:
                unknown.append(Bilingual("出生日期", "date of birth"))
            elif age >= limit:
                problems.append(
                    Bilingual(
                        f"{person.gender.label}，选派时已满 {age} 周岁（应未满 {limit} 周岁）",
                        f"{person.gender.label_en}, aged {age} when seconded (should be under {limit})",
                    )
                )
    if rule.rural_years_max is not None and person.rural_years > rule.rural_years_max:
        years, most = number(person.rural_years), number(rule.rural_years_max)
        problems.append(
            Bilingual(
                f"农村教学经历 {years} 年（应不超过 {most} 年）",
                f"{years} years of rural teaching (at most {most})",
            )
        )
    if rule.teaching_years_min is not None:
        if person.teaching_since is None:
            unknown.append(Bilingual("参加教学工作时间", "start of teaching"))
        elif (taught := full_years(person.teaching_since, start)) < rule.teaching_years_min:
            least = number(rule.teaching_years_min)
            problems.append(
                Bilingual(f"教龄 {taught} 年（应不少于 {least} 年）", f"{taught} years of teaching (at least {least})")
            )
    if rule.titles and person.title not in rule.titles:
        problems.append(Bilingual(f"职称为{person.title or '无'}", f"title {person.title or 'none'}"))
    return problems, unknown


def evaluate_duration(rule: Rule, ctx: Context) -> Iterator[Finding]:
    assert isinstance(rule, DurationRule)
    required = required_text(rule.min_months, rule.max_months)
    for period in _periods(rule, ctx):
        found = _secondments(rule, ctx, list(rule.kinds), period)
        if not found:
            yield ctx.not_applicable(rule, period, _programme(ctx, rule), required, "月", NO_SECONDMENT)
        for sec in found:
            months = round(((sec.end - sec.start).days + 1) / DAYS_PER_MONTH, 1)
            ok = (rule.min_months is None or months >= rule.min_months) and (
                rule.max_months is None or months <= rule.max_months
            )
            gap = max((rule.min_months or 0) - months, 0.0)
            note = Bilingual(
                f"选派 {sec.id}：{sec.start} 至 {sec.end}", f"secondment {sec.id}: {sec.start} to {sec.end}"
            )
            verdict = judge_state(ok, period, ctx.as_of, round(gap, 1), note)
            scope = ctx.person_scope(sec.person, sec.pairing)
            bounds = (rule.min_months, rule.max_months)
            yield ctx.finding(
                rule, period, scope, required=required, actual=months, measure="月", verdict=verdict, bounds=bounds
            )


def deadline_for(by: str, start: date) -> date:
    """The last ``by`` (month-day) on or before ``start``; 02-29 means 28 February in other years."""
    month, day = (int(x) for x in by.split("-"))
    for year in (start.year, start.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            candidate = date(year, month, day - 1)
        if candidate <= start:
            return candidate
    return date(start.year - 2, month, min(day, 28))


def evaluate_deadline(rule: Rule, ctx: Context) -> Iterator[Finding]:
    assert isinstance(rule, DeadlineRule)
    month, day = (int(x) for x in rule.by.split("-"))
    required = Bilingual(f"{month}月{day}日前", f"by {day} {calendar.month_name[month]}")
    for period in _periods(rule, ctx):
        found = _secondments(rule, ctx, list(rule.kinds), period)
        if not found:
            yield ctx.not_applicable(rule, period, _programme(ctx, rule), required, "天", NO_SECONDMENT)
        for sec in found:
            scope = ctx.person_scope(sec.person, sec.pairing)
            if sec.selected_on is None:
                why = Bilingual(f"选派 {sec.id} 未记录选派确定日期", f"secondment {sec.id} has no selection date")
                yield ctx.not_applicable(rule, period, scope, required, "天", why)
                continue
            due = deadline_for(rule.by, sec.start)
            late = max((sec.selected_on - due).days, 0)
            when = f"{sec.selected_on} 确定" + (f"，晚于截止日期 {due}" if late else f"，截止 {due}")
            after = f"{sec.selected_on}, " + (f"after the deadline {due}" if late else f"deadline {due}")
            note = Bilingual(f"选派 {sec.id}：{when}", f"secondment {sec.id} selected on {after}")
            verdict = judge_state(late == 0, period, ctx.as_of, float(late), note)
            yield ctx.finding(rule, period, scope, required=required, actual=float(late), measure="天", verdict=verdict)


def evaluate_mentor_load(rule: Rule, ctx: Context) -> Iterator[Finding]:
    assert isinstance(rule, MentorLoadRule)
    required = required_text(rule.min, rule.max)
    targeted = {p.id for p in ctx.targeted(rule)}
    filtered = ctx.restricted(rule)
    for period in _periods(rule, ctx):
        mentees: dict[str, set[str]] = {}
        home: dict[str, str | None] = {}
        for m in ctx.records.mentorships:
            if m.start > period.end or (m.end is not None and m.end < period.start):
                continue
            if m.pairing not in targeted if m.pairing is not None else filtered:
                continue
            mentees.setdefault(m.mentor, set()).update(m.mentees)
            home.setdefault(m.mentor, m.pairing)
        if not mentees:
            why = Bilingual("本期没有师徒结对", "no mentorship in this period")
            yield ctx.not_applicable(rule, period, _programme(ctx, rule), required, "人", why)
        for mentor in sorted(mentees):
            count = len(mentees[mentor])
            ok = (rule.min is None or count >= rule.min) and (rule.max is None or count <= rule.max)
            verdict = judge_state(ok, period, ctx.as_of, float(max((rule.min or 0) - count, 0)))
            scope = ctx.person_scope(mentor, home[mentor])
            yield ctx.finding(
                rule,
                period,
                scope,
                required=required,
                actual=float(count),
                measure="人",
                verdict=verdict,
                bounds=(rule.min, rule.max),
            )


def rural_service(person: Person, until: date, ctx: Context) -> float:
    """Years of rural service by ``until``: the recorded years before the programme plus its secondments to
    schools outside the city, as far as they have run."""
    days = 0
    for sec in ctx.secondments_by_person.get(person.id, ()):
        unit = ctx.records.unit.get(sec.to)
        if unit is None or unit.area is Area.URBAN or sec.start > until:
            continue
        days += (min(sec.end, until) - sec.start).days + 1
    return round(person.rural_years + days / 365.25, 1)


def evaluate_title_prerequisite(rule: Rule, ctx: Context) -> Iterator[Finding]:
    assert isinstance(rule, TitlePrerequisiteRule)
    required = f"≥ {number(rule.min_rural_years)}"
    titles = ctx.records.vocab.titles
    wanted = set(rule.titles) or {k for k, t in titles.terms.items() if t.senior}
    pairings = ctx.targeted(rule)
    units = {p.supporter for p in pairings} | {r for p in pairings for r in p.recipients}
    home = {p.supporter: p.id for p in pairings} | {r: p.id for p in pairings for r in p.recipients}
    filtered = ctx.restricted(rule)
    for period in _periods(rule, ctx):
        until = min(period.end, ctx.as_of)
        found = []
        for person in ctx.records.people:
            unit = ctx.records.unit.get(person.unit)
            if unit is None or unit.area not in rule.areas or person.title not in wanted:
                continue
            if filtered and person.unit not in units:
                continue
            found.append(person)
        if not found:
            why = Bilingual("没有需要检查的教师", "no teacher to check")
            yield ctx.not_applicable(rule, period, _programme(ctx, rule), required, "年", why)
        for person in found:
            years = rural_service(person, until, ctx)
            ok = years >= rule.min_rural_years
            title = person.title or ""
            note = Bilingual(
                f"{titles.label(title)}，农村学校工作经历 {number(years)} 年",
                f"{titles.label_en(title)}, {number(years)} years in rural schools",
            )
            gap = round(max(rule.min_rural_years - years, 0.0), 1)
            verdict = judge_state(ok, period, ctx.as_of, gap, note)
            scope = ctx.person_scope(person.id, home.get(person.unit))
            bounds = (rule.min_rural_years, None)
            yield ctx.finding(
                rule, period, scope, required=required, actual=years, measure="年", verdict=verdict, bounds=bounds
            )
