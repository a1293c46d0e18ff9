"""Rules about people and their exchanges: who may be seconded, for how long, selected by when; schemes filed in
time; mentor load and profiles; title prerequisites; exchanges that match; departments all exchanged.

Each gives one finding per secondment, plan, person or pairing in the period where the fact falls: a secondment in
the period it starts in, a plan in the period its due day falls in, a mentor and a titled teacher in every period.
A period with nobody to judge gives one finding "not applicable" for the programme, so an empty period is visible
rather than silently absent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

from pairkit.model.fields import full_years
from pairkit.model.periods import Period
from pairkit.model.records import Area, Gender, Person, Secondment
from pairkit.model.rules import (
    CoverageRule,
    Deadlined,
    DeadlineRule,
    DurationRule,
    EligibilityRule,
    MatchingRule,
    MentorLoadRule,
    PeriodUnit,
    Rule,
    TitlePrerequisiteRule,
    Who,
)
from pairkit.rules import documents
from pairkit.rules.results import Finding, Scope, number
from pairkit.rules.scopes import NO_BIRTH_DATE, Context, Sides, misfits
from pairkit.rules.spans import (
    Span,
    judge_pace,
    judge_state,
    last_day,
    length_between,
    lifetime,
    overlaps,
    required_text,
    sub_periods,
)


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


def _person_scope(ctx: Context, person_id: str, pairing: str | None) -> Scope:
    return Scope("person", person_id, ctx.person_label(person_id), pairing)


def evaluate_eligibility(rule: Rule, ctx: Context) -> Iterator[Finding]:
    assert isinstance(rule, EligibilityRule)
    required = _eligibility_text(rule)
    measure = "岁" if rule.age_below else ""
    for period in ctx.periods(rule):
        found = _secondments(rule, ctx, list(rule.kinds), period)
        if not found:
            yield ctx.not_applicable(rule, period, _programme(ctx, rule), required, measure, "本期没有新的选派")
        for sec in found:
            person = ctx.records.person.get(sec.person)
            scope = ctx.secondment_scope(sec)
            if person is None:
                continue  # an unknown person is reported by validate
            age = full_years(person.birth_date, sec.start) if person.birth_date else None
            if sec.voluntary and rule.voluntary_exempt:
                verdict = judge_state(True, period, ctx.as_of, note=f"选派 {sec.id}：自愿支教，不受条件限制")
            else:
                problems, unknown = _ineligible(rule, person, sec.start, age)
                if unknown and not problems:
                    why = f"选派 {sec.id}：无法判断，缺少{'、'.join(unknown)}"
                    yield ctx.not_applicable(rule, period, scope, required, measure, why)
                    continue
                note = f"选派 {sec.id}：" + ("；".join(problems) if problems else "符合条件")
                verdict = judge_state(not problems, period, ctx.as_of, note=note)
            yield ctx.finding(
                rule, period, scope, required=required, actual=float(age or 0), measure=measure, verdict=verdict
            )


def _eligibility_text(rule: EligibilityRule) -> str:
    parts = []
    if rule.age_below:
        if rule.age_below.male is not None:
            parts.append(f"男 < {rule.age_below.male} 岁")
        if rule.age_below.female is not None:
            parts.append(f"女 < {rule.age_below.female} 岁")
    if rule.rural_years_max is not None:
        parts.append(f"农村教龄 ≤ {number(rule.rural_years_max)} 年")
    if rule.teaching_years_min is not None:
        parts.append(f"教龄 ≥ {number(rule.teaching_years_min)} 年")
    if rule.titles:
        parts.append("职称：" + "、".join(rule.titles))
    return "，".join(parts) or "—"


def _ineligible(rule: EligibilityRule, person: Person, start: date, age: int | None) -> tuple[list[str], list[str]]:
    problems: list[str] = []
    unknown: list[str] = []
    if rule.age_below:
        limit = rule.age_below.male if person.gender is Gender.MALE else rule.age_below.female
        if limit is not None:
            if age is None:
                unknown.append("出生日期")
            elif age >= limit:
                problems.append(f"{person.gender.label}，选派时已满 {age} 周岁（应未满 {limit} 周岁）")
    if rule.rural_years_max is not None and person.rural_years > rule.rural_years_max:
        problems.append(f"农村教学经历 {number(person.rural_years)} 年（应不超过 {number(rule.rural_years_max)} 年）")
    if rule.teaching_years_min is not None:
        if person.teaching_since is None:
            unknown.append("参加教学工作时间")
        elif (years := full_years(person.teaching_since, start)) < rule.teaching_years_min:
            problems.append(f"教龄 {years} 年（应不少于 {number(rule.teaching_years_min)} 年）")
    if rule.titles and person.title not in rule.titles:
        problems.append(f"职称为{person.title or '无'}")
    return problems, unknown


def evaluate_duration(rule: Rule, ctx: Context) -> Iterator[Finding]:
    """Calendar lengths: a term of 1年 from 2024-09-01 ends on 2025-08-31 (the day before the same date a year
    later). The result counts days and shows the length in words."""
    assert isinstance(rule, DurationRule)
    required = _length_text(rule)
    for period in ctx.periods(rule):
        found = _secondments(rule, ctx, list(rule.kinds), period)
        if not found:
            yield ctx.not_applicable(rule, period, _programme(ctx, rule), required, "天", "本期没有新的选派")
        for sec in found:
            days = (sec.end - sec.start).days + 1
            length = length_between(sec.start, sec.end)
            shortest = last_day(sec.start, rule.min) if rule.min else None
            longest = last_day(sec.start, rule.max) if rule.max else None
            short = max((shortest - sec.end).days, 0) if shortest else 0
            over = max((sec.end - longest).days, 0) if longest else 0
            problem = ""
            if short:
                problem = f"，{rule.min}应至 {shortest}，少 {short} 天"
            elif over:
                problem = f"，{rule.max}应至 {longest}，多 {over} 天"
            note = f"选派 {sec.id}：{sec.start} 至 {sec.end}，共{length}{problem}"
            verdict = judge_state(not (short or over), period, ctx.as_of, float(short), note)
            scope = ctx.secondment_scope(sec)
            yield ctx.finding(
                rule, period, scope, required=required, actual=float(days), measure="天", verdict=verdict,
                shown=str(length),
            )  # fmt: skip


def _length_text(rule: DurationRule) -> str:
    if rule.min and rule.max:
        return f"{rule.min}" if rule.min == rule.max else f"{rule.min}至{rule.max}"
    return f"≥ {rule.min}" if rule.min else f"≤ {rule.max}"


def evaluate_deadline(rule: Rule, ctx: Context) -> Iterator[Finding]:
    assert isinstance(rule, DeadlineRule)
    if rule.of is Deadlined.PLANS:
        yield from documents.plan_deadlines(rule, ctx)
        return
    assert rule.by is not None  # the schema requires it for secondments
    month, day = (int(x) for x in rule.by.split("-"))
    required = f"{month}月{day}日前"
    for period in ctx.periods(rule):
        found = _secondments(rule, ctx, list(rule.kinds), period)
        if not found:
            yield ctx.not_applicable(rule, period, _programme(ctx, rule), required, "天", "本期没有新的选派")
        for sec in found:
            scope = ctx.secondment_scope(sec)
            if sec.selected_on is None:
                yield ctx.not_applicable(rule, period, scope, required, "天", f"选派 {sec.id} 未记录选派确定日期")
                continue
            due = documents.deadline_for(rule.by, sec.start)
            late = max((sec.selected_on - due).days, 0)
            when = f"{sec.selected_on} 确定" + (f"，晚于截止日期 {due}" if late else f"，截止 {due}")
            note = f"选派 {sec.id}：{when}"
            verdict = judge_state(late == 0, period, ctx.as_of, float(late), note)
            yield ctx.finding(rule, period, scope, required=required, actual=float(late), measure="天", verdict=verdict)


def evaluate_mentor_load(rule: Rule, ctx: Context) -> Iterator[Finding]:
    """Each mentor (and each teacher ``who`` names, with or without mentees) coaches ``min``–``max`` distinct
    mentees in the period; mentors fit ``mentor`` and mentees fit ``mentee`` (an age on the period's first day)."""
    assert isinstance(rule, MentorLoadRule)
    required = required_text(rule.min, rule.max)
    pairings = ctx.targeted(rule)
    targeted = {p.id for p in pairings}
    filtered = ctx.restricted(rule)
    sides = Sides.of(pairings)
    home_of = {u: p.id for p in pairings for u in (p.supporter, *p.recipients)}
    for period in ctx.periods(rule):
        mentees: dict[str, set[str]] = {}
        home: dict[str, str | None] = {}
        for m in ctx.records.mentorships:
            if m.start > period.end or (m.end is not None and m.end < period.start):
                continue
            if m.pairing not in targeted if m.pairing is not None else filtered:
                continue
            mentees.setdefault(m.mentor, set()).update(m.mentees)
            home.setdefault(m.mentor, m.pairing)
        unknown: list[str] = []
        if rule.who is not None:
            for person in ctx.records.people:
                if person.unit not in home_of or person.id in mentees:
                    continue
                reasons = misfits(person, rule.who, period, ctx, sides)
                if not reasons:
                    mentees[person.id] = set()
                    home[person.id] = home_of[person.unit]
                elif reasons == [NO_BIRTH_DATE]:
                    unknown.append(person.id)
        if not mentees and not unknown:
            yield ctx.not_applicable(rule, period, _programme(ctx, rule), required, "人", "本期没有师徒结对")
        for person_id in sorted(unknown):
            scope = _person_scope(ctx, person_id, home_of.get(ctx.records.person[person_id].unit))
            why = f"{NO_BIRTH_DATE}，无法判断是否应带徒弟"
            yield ctx.not_applicable(rule, period, scope, required, "人", why)
        for mentor in sorted(mentees):
            count = len(mentees[mentor])
            ok = (rule.min is None or count >= rule.min) and (rule.max is None or count <= rule.max)
            problems, missing = _profiles(rule, mentor, mentees[mentor], period, ctx, sides)
            scope = _person_scope(ctx, mentor, home[mentor])
            if ok and not problems and missing:
                why = "；".join(missing) + "，无法判断是否符合条件"
                yield ctx.not_applicable(rule, period, scope, required, "人", why)
                continue
            gap = float(max((rule.min or 0) - count, 0))
            verdict = judge_state(ok and not problems, period, ctx.as_of, gap, "；".join(problems))
            yield ctx.finding(
                rule, period, scope, required=required, actual=float(count), measure="人", verdict=verdict
            )


def _profiles(
    rule: MentorLoadRule, mentor: str, mentees: set[str], period: Period, ctx: Context, sides: Sides
) -> tuple[list[str], list[str]]:
    """What does not fit the mentor and mentee profiles (problems), and what cannot be told (missing facts)."""
    problems: list[str] = []
    missing: list[str] = []
    checks: list[tuple[str, Who | None, list[str]]] = [("导师", rule.mentor, [mentor] if mentees else [])]
    checks.append(("徒弟", rule.mentee, sorted(mentees)))
    for role, profile, people in checks:
        for person_id in people:
            person = ctx.records.person.get(person_id)
            if profile is None or person is None:
                continue
            reasons = misfits(person, profile, period, ctx, sides)
            known = [r for r in reasons if r != NO_BIRTH_DATE]
            if known:
                problems.append(f"{role}{person.name}{'、'.join(known)}")
            elif reasons:
                missing.append(f"{role}{person.name}{NO_BIRTH_DATE}")
    return problems, missing


def rural_service(person: Person, until: date, ctx: Context) -> float:
    """Years of rural service by ``until``: the recorded years before the programme plus its secondments to
    schools outside the city, as far as they have run."""
    days = 0
    for sec in ctx.records.secondments:
        unit = ctx.records.unit.get(sec.to)
        if sec.person != person.id or unit is None or unit.area is Area.URBAN or sec.start > until:
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
    for period in ctx.periods(rule):
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
            why = "没有需要检查的教师"
            yield ctx.not_applicable(rule, period, _programme(ctx, rule), required, "年", why)
        for person in found:
            years = rural_service(person, until, ctx)
            ok = years >= rule.min_rural_years
            note = f"{titles.label(person.title or '')}，农村学校工作经历 {number(years)} 年"
            gap = round(max(rule.min_rural_years - years, 0.0), 1)
            verdict = judge_state(ok, period, ctx.as_of, gap, note)
            scope = _person_scope(ctx, person.id, home.get(person.unit))
            yield ctx.finding(rule, period, scope, required=required, actual=years, measure="年", verdict=verdict)


def _exchanges(rule: MatchingRule | CoverageRule, ctx: Context, pairing: str, period: Period) -> list[Secondment]:
    """The pairing's secondments of the rule's kinds that overlap the period."""
    return [
        s
        for s in ctx.records.secondments
        if s.pairing == pairing and s.kind in rule.kinds and s.start <= period.end and s.end >= period.start
    ]


def evaluate_matching(rule: Rule, ctx: Context) -> Iterator[Finding]:
    """对等交流: per pairing (and subject), teachers sent from the supporting school equal those it receives."""
    assert isinstance(rule, MatchingRule)
    for period in ctx.periods(rule):
        for pairing in ctx.targeted(rule):
            if not pairing.active_on(max(pairing.start, period.start)) or pairing.start > period.end:
                continue
            sent: dict[str, int] = {}
            received: dict[str, int] = {}
            for sec in _exchanges(rule, ctx, pairing.id, period):
                facts = ctx.facts(sec)
                subjects = (facts.subjects or ("",)) if rule.by_subject else ("",)
                tally = sent if facts.supporter == pairing.supporter else received
                for subject in subjects:
                    tally[subject] = tally.get(subject, 0) + 1
            label = ctx.pairing_label(pairing)
            whole = Scope("pairing", pairing.id, label, pairing.id)
            if not sent and not received:
                yield ctx.not_applicable(rule, period, whole, "派出 = 派入", "人", "本期没有互派交流")
                continue
            for subject in sorted(set(sent) | set(received), key=_subject_order(ctx)):
                out, back = sent.get(subject, 0), received.get(subject, 0)
                if subject:
                    name = ctx.records.vocab.subjects.label(subject)
                    scope = Scope("pairing_subject", f"{pairing.id}/{subject}", f"{label} · {name}", pairing.id)
                else:
                    scope = whole
                note = f"派出 {out} 人、派入 {back} 人"
                verdict = judge_state(out == back, period, ctx.as_of, float(abs(out - back)), note)
                yield ctx.finding(
                    rule, period, scope, required="派出 = 派入", actual=float(abs(out - back)), measure="人",
                    verdict=verdict,
                )  # fmt: skip


def _subject_order(ctx: Context) -> Callable[[str], int]:
    order = {key: i for i, key in enumerate(ctx.records.vocab.subjects.terms)}
    return lambda subject: order.get(subject, -1)


def evaluate_coverage(rule: Rule, ctx: Context) -> Iterator[Finding]:
    """部门全覆盖: each department named is exchanged (a secondment with that ``department``) at least once in the
    period; judged as a quota of departments, so a running period is on track or at risk by its pace."""
    assert isinstance(rule, CoverageRule)
    wanted = list(dict.fromkeys(rule.departments))
    required = f"≥ {len(wanted)}"
    for pairing in ctx.targeted(rule):
        span = Span.of([(pairing.start, pairing.end)])
        if not overlaps(span.intervals, ctx.requested):
            continue
        if rule.period is PeriodUnit.LIFETIME:
            periods = [lifetime(span)]
        else:
            periods = [p for p in sub_periods(rule.period, ctx.requested, ctx.calendar) if overlaps(span.intervals, p)]
        scope = Scope("pairing", pairing.id, ctx.pairing_label(pairing), pairing.id)
        for period in periods:
            active = span.clip(period.start, period.end)
            covered = {s.department for s in _exchanges(rule, ctx, pairing.id, period) if s.department}
            missing = [d for d in wanted if d not in covered]
            note = ("尚未交流：" + "、".join(missing)) if missing else "已全部交流"
            actual = float(len(wanted) - len(missing))
            verdict = judge_pace(actual, float(len(wanted)), None, active, period, ctx.as_of)
            yield ctx.finding(
                rule, period, scope, required=required, actual=actual, measure="个部门", verdict=verdict, note=note
            )
