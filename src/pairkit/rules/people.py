"""Rules about people and their exchanges: who may be seconded, for how long, selected by when; mentor load and
profiles; title prerequisites; exchanges that match; departments all exchanged.

Each gives one finding per secondment, person or pairing in the period where the fact falls: a secondment in the
period it starts in, a mentor and a titled teacher in every period. A period with nobody to judge gives one
finding "not applicable" for the programme, so an empty period is visible rather than silently absent.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterator
from datetime import date

from pairkit.diagnostics import Bilingual
from pairkit.model.fields import full_years
from pairkit.model.periods import Period
from pairkit.model.records import Area, Gender, Person, Secondment
from pairkit.model.rules import (
    CoverageRule,
    Deadlined,
    DeadlineRule,
    DurationRule,
    EligibilityRule,
    Length,
    MatchingRule,
    MentorLoadRule,
    PeriodUnit,
    Rule,
    TitlePrerequisiteRule,
    Who,
)
from pairkit.rules import documents
from pairkit.rules.results import Finding, Scope, Status, number
from pairkit.rules.scopes import NO_BIRTH_DATE, Context, Sides, misfits
from pairkit.rules.spans import (
    NO_NOTE,
    NOT_BEGUN,
    Span,
    Verdict,
    judge_pace,
    judge_state,
    last_day,
    length_between,
    lifetime,
    overlaps,
    required_text,
    sub_periods,
)

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
    for period in ctx.periods(rule):
        found = _secondments(rule, ctx, list(rule.kinds), period)
        if not found:
            yield ctx.not_applicable(rule, period, _programme(ctx, rule), required, measure, NO_SECONDMENT)
        for sec in found:
            person = ctx.records.person.get(sec.person)
            scope = ctx.secondment_scope(sec)
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
    """Calendar lengths: a term of 1年 from 2024-09-01 ends on 2025-08-31 (the day before the same date a year
    later). The result counts days and shows the length in words."""
    assert isinstance(rule, DurationRule)
    required = duration_text(rule)
    for period in ctx.periods(rule):
        found = _secondments(rule, ctx, list(rule.kinds), period)
        if not found:
            yield ctx.not_applicable(rule, period, _programme(ctx, rule), required, "天", NO_SECONDMENT)
        for sec in found:
            days = (sec.end - sec.start).days + 1
            length = length_between(sec.start, sec.end)
            shortest = last_day(sec.start, rule.min) if rule.min else None
            longest = last_day(sec.start, rule.max) if rule.max else None
            short = max((shortest - sec.end).days, 0) if shortest else 0
            over = max((sec.end - longest).days, 0) if longest else 0
            problem = Bilingual("", "")
            if short and rule.min:
                problem = Bilingual(
                    f"，{rule.min}应至 {shortest}，少 {short} 天",
                    f"; {_english(rule.min)} runs to {shortest}, {short} days short",
                )
            elif over and rule.max:
                problem = Bilingual(
                    f"，{rule.max}应至 {longest}，多 {over} 天",
                    f"; {_english(rule.max)} ends on {longest}, {over} days over",
                )
            note = Bilingual(
                f"选派 {sec.id}：{sec.start} 至 {sec.end}，共{length}{problem.zh}",
                f"secondment {sec.id}: {sec.start} to {sec.end}, {_english(length)}{problem.en}",
            )
            verdict = judge_state(not (short or over), period, ctx.as_of, float(short), note)
            yield ctx.finding(
                rule, period, ctx.secondment_scope(sec), required=required, actual=float(days), measure="天",
                verdict=verdict, shown=Bilingual(str(length), _english(length)),
            )  # fmt: skip


def duration_text(rule: DurationRule) -> Bilingual:
    low, high = rule.min, rule.max
    if low and high:
        if low == high:
            return Bilingual(str(low), _english(low))
        return Bilingual(f"{low}至{high}", f"{_english(low)} to {_english(high)}")
    if low:
        return Bilingual(f"≥ {low}", f"≥ {_english(low)}")
    return Bilingual(f"≤ {high}", f"≤ {_english(high or Length())}")


def _english(length: Length) -> str:
    """1 year; 11 months and 30 days."""
    parts = [(length.years, "year"), (length.months, "month"), (length.days, "day")]
    words = [f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in parts if n]
    if not words:
        return "0 days"
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def evaluate_deadline(rule: Rule, ctx: Context) -> Iterator[Finding]:
    assert isinstance(rule, DeadlineRule)
    if rule.of is Deadlined.PLANS:
        yield from documents.plan_deadlines(rule, ctx)
        return
    assert rule.by is not None  # the schema requires it for secondments
    month, day = (int(x) for x in rule.by.split("-"))
    required = Bilingual(f"{month}月{day}日前", f"by {day} {calendar.month_name[month]}")
    for period in ctx.periods(rule):
        found = _secondments(rule, ctx, list(rule.kinds), period)
        if not found:
            yield ctx.not_applicable(rule, period, _programme(ctx, rule), required, "天", NO_SECONDMENT)
        for sec in found:
            scope = ctx.secondment_scope(sec)
            if sec.selected_on is None:
                why = Bilingual(f"选派 {sec.id} 未记录选派确定日期", f"secondment {sec.id} has no selection date")
                yield ctx.not_applicable(rule, period, scope, required, "天", why)
                continue
            due = documents.deadline_for(rule.by, sec.start)
            late = max((sec.selected_on - due).days, 0)
            when = f"{sec.selected_on} 确定" + (f"，晚于截止日期 {due}" if late else f"，截止 {due}")
            after = f"{sec.selected_on}, " + (f"after the deadline {due}" if late else f"deadline {due}")
            note = Bilingual(f"选派 {sec.id}：{when}", f"secondment {sec.id} selected on {after}")
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
            for unit in sorted(home_of):
                for person in ctx.people_by_unit.get(unit, ()):
                    if person.id in mentees:
                        continue
                    reasons = misfits(person, rule.who, period, ctx, sides)
                    if not reasons:
                        mentees[person.id] = set()
                        home[person.id] = home_of[unit]
                    elif reasons == [NO_BIRTH_DATE]:
                        unknown.append(person.id)
        if not mentees and not unknown:
            why = Bilingual("本期没有师徒结对", "no mentorship in this period")
            yield ctx.not_applicable(rule, period, _programme(ctx, rule), required, "人", why)
        for person_id in sorted(unknown):
            scope = ctx.person_scope(person_id, home_of.get(ctx.records.person[person_id].unit))
            why = Bilingual(f"{NO_BIRTH_DATE.zh}，无法判断是否应带徒弟", "no date of birth: whether they should mentor")
            yield ctx.not_applicable(rule, period, scope, required, "人", why)
        for mentor in sorted(mentees):
            count = len(mentees[mentor])
            ok = (rule.min is None or count >= rule.min) and (rule.max is None or count <= rule.max)
            problems, missing = _profiles(rule, mentor, mentees[mentor], period, ctx, sides)
            scope = ctx.person_scope(mentor, home[mentor])
            if ok and not problems and missing:
                why = _joined(missing, Bilingual("，无法判断是否符合条件", ": whether they fit cannot be told"))
                yield ctx.not_applicable(rule, period, scope, required, "人", why)
                continue
            gap = float(max((rule.min or 0) - count, 0))
            if gap and not problems and ctx.as_of < period.start:  # too few mentees so far, in a year to come
                verdict = Verdict(Status.ON_TRACK, gap, NOT_BEGUN)
            else:
                verdict = judge_state(ok and not problems, period, ctx.as_of, gap, _joined(problems))
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


def _joined(parts: list[Bilingual], tail: Bilingual = NO_NOTE) -> Bilingual:
    if not parts:
        return NO_NOTE
    return Bilingual("；".join(p.zh for p in parts) + tail.zh, "; ".join(p.en for p in parts) + tail.en)


def _profiles(
    rule: MentorLoadRule, mentor: str, mentees: set[str], period: Period, ctx: Context, sides: Sides
) -> tuple[list[Bilingual], list[Bilingual]]:
    """What does not fit the mentor and mentee profiles (problems), and what cannot be told (missing facts)."""
    problems: list[Bilingual] = []
    missing: list[Bilingual] = []
    checks: list[tuple[Bilingual, Who | None, list[str]]] = [
        (Bilingual("导师", "mentor "), rule.mentor, [mentor] if mentees else []),
        (Bilingual("徒弟", "mentee "), rule.mentee, sorted(mentees)),
    ]
    for role, profile, people in checks:
        for person_id in people:
            person = ctx.records.person.get(person_id)
            if profile is None or person is None:
                continue
            reasons = misfits(person, profile, period, ctx, sides)
            known = [r for r in reasons if r != NO_BIRTH_DATE]
            if known:
                zh, en = "、".join(r.zh for r in known), ", ".join(r.en for r in known)
                problems.append(Bilingual(f"{role.zh} {person.name}：{zh}", f"{role.en}{person.name}: {en}"))
            elif reasons:
                name, unknown = person.name, NO_BIRTH_DATE
                missing.append(Bilingual(f"{role.zh} {name}：{unknown.zh}", f"{role.en}{name}: {unknown.en}"))
    return problems, missing


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


def _exchanges(rule: MatchingRule | CoverageRule, ctx: Context, pairing: str, period: Period) -> list[Secondment]:
    """The pairing's secondments of the rule's kinds that overlap the period."""
    return [
        s
        for s in ctx.records.secondments
        if s.pairing == pairing and s.kind in rule.kinds and s.start <= period.end and s.end >= period.start
    ]


MATCHED = Bilingual("派出 = 派入", "sent = received")


def evaluate_matching(rule: Rule, ctx: Context) -> Iterator[Finding]:
    """对等交流: per pairing (and subject), teachers sent from the supporting school equal those it receives."""
    assert isinstance(rule, MatchingRule)
    subjects_vocab = ctx.records.vocab.subjects
    for period in ctx.periods(rule):
        for pairing in ctx.targeted(rule):
            if pairing.start > period.end or (pairing.end is not None and pairing.end < period.start):
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
                why = Bilingual("本期没有互派交流", "no exchange in this period")
                yield ctx.not_applicable(rule, period, whole, MATCHED, "人", why)
                continue
            for subject in sorted(set(sent) | set(received), key=_subject_order(ctx)):
                out, back = sent.get(subject, 0), received.get(subject, 0)
                scope = whole
                if subject:
                    scope = Scope(
                        "pairing_subject",
                        f"{pairing.id}/{subject}",
                        f"{label} · {subjects_vocab.label(subject)}",
                        pairing.id,
                        f"{label} · {subjects_vocab.label_en(subject)}",
                    )
                # The figure is the difference; what a reader sees is both sides (派出 1 人、派入 0 人).
                shown = Bilingual(f"派出 {out} 人、派入 {back} 人", f"{out} sent, {back} received")
                gap = abs(out - back)
                note = Bilingual(f"相差 {gap} 人", f"{gap} apart") if gap else NO_NOTE
                verdict = judge_state(out == back, period, ctx.as_of, float(gap), note)
                yield ctx.finding(
                    rule, period, scope, required=MATCHED, actual=float(gap), measure="人", verdict=verdict, shown=shown
                )


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
            note = (
                Bilingual("尚未交流：" + "、".join(missing), "not yet exchanged: " + ", ".join(missing))
                if missing
                else Bilingual("已全部交流", "all exchanged")
            )
            actual = float(len(wanted) - len(missing))
            verdict = judge_pace(actual, float(len(wanted)), None, active, period, ctx.as_of)
            yield ctx.finding(
                rule, period, scope, required=required, actual=actual, measure="个部门", verdict=verdict,
                note=note, bounds=(float(len(wanted)), None),
            )  # fmt: skip
