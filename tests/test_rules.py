"""Rule evaluation on hand-built records: each rule type with exact statuses, and the edges of periods."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

from conftest import PROGRAMME, outcome_of
from pairkit.messages import Lang
from pairkit.model import Records
from pairkit.model.periods import Calendar, Period
from pairkit.rules import Finding, Status, evaluate

# An urban school paired with a rural one since 2024; teachers of both sides.
SCHOOLS = """\
units:
  - {id: yz, name: 云溪一中, area: urban, teachers: 120}
  - {id: ez, name: 山口中学, area: rural, teachers: 40}
  - {id: sz, name: 石桥中学, area: rural}
people:
  - {id: t-zhang, name: 张伟, gender: 男, unit: yz, birth_date: 1980-09-01, title: senior, backbone: county,
     joined_unit: 2015-09-01}
  - {id: t-li, name: 李娜, gender: 女, unit: yz, birth_date: 1990-05-01, joined_unit: 2012-09-01}
  - {id: t-wang, name: 王芳, gender: 女, unit: yz, birth_date: 1992-03-01, joined_unit: 2021-09-01}
  - {id: t-zhao, name: 赵磊, gender: 男, unit: ez, birth_date: 1996-01-10}
pairings:
  - {id: yz-ez, supporter: yz, recipients: [ez], subjects: [math, chinese], dimensions: [teaching],
     start: 2024-09-01}
"""


def records(tree: Path, body: str, base: str = SCHOOLS) -> Records:
    """Validate an inline tree (the programme block, ``base`` and ``body``) and return its records; no errors."""
    outcome = outcome_of(tree, {"programme.yaml": PROGRAMME, "base.yaml": base, "body.yaml": body})
    assert [d for d in outcome.diagnostics if d.is_error] == []
    return outcome.records


def school_year(y: int) -> Period:
    return Calendar(Records().programme).school_year(y)


def rows(findings: list[Finding]) -> list[tuple[str, str, str, str, float, str]]:
    """(period label, scope id, required, actual, status) of each finding, in the engine's order."""
    return [(f.period.label, f.scope.id, f.required, f.measure, f.actual, str(f.status)) for f in findings]


# --- count quotas -----------------------------------------------------------------------------------------------

DEMO_RULE = """\
rules:
  - id: demo-5
    title: 示范课每学年不少于5次
    clause: 结对学校要定期选派优秀教师到共建学校上示范课，每学年不少于5次
    type: count
    period: 学年
    select: {kinds: [示范课]}
    min: 5
"""


def test_count_closed_year_below_minimum_is_missed_with_gap(tree: Path) -> None:
    """3 demonstration lessons in a closed school year against "≥ 5": missed, actual 3, gap 2; other kinds ignored."""
    body = (
        DEMO_RULE
        + """\
activities:
  - {date: 2025-09-15, pairing: yz-ez, kind: demo_lesson, title: 示范课一}
  - {date: 2025-12-01, pairing: yz-ez, kind: demo_lesson, title: 示范课二}
  - {date: 2026-08-31, pairing: yz-ez, kind: demo_lesson, title: 示范课三}
  - {date: 2026-09-01, pairing: yz-ez, kind: demo_lesson, title: 下一学年的示范课}
  - {date: 2025-10-01, pairing: yz-ez, kind: lecture, title: 讲座不计入}
"""
    )
    findings = evaluate(records(tree, body), school_year(2025), date(2026, 11, 23))
    assert rows(findings) == [("2025—2026学年", "yz-ez", "≥ 5", "次", 3.0, "missed")]
    assert findings[0].gap == 2
    assert findings[0].clause == "结对学校要定期选派优秀教师到共建学校上示范课，每学年不少于5次"
    assert findings[0].scope.label == "云溪一中—山口中学"


def test_count_meeting_the_minimum_is_met(tree: Path) -> None:
    """Five demonstration lessons in the year: met, gap 0."""
    lessons = "".join(
        f"  - {{date: 2025-{m:02d}-10, pairing: yz-ez, kind: demo_lesson, title: 示范课{m}}}\n" for m in (9, 10, 11, 12)
    )
    body = DEMO_RULE + "activities:\n" + lessons + "  - {date: 2026-03-10, pairing: yz-ez, kind: 示范课, title: 五}\n"
    [finding] = evaluate(records(tree, body), school_year(2025), date(2026, 11, 23))
    assert (finding.actual, finding.status, finding.gap) == (5.0, Status.MET, 0.0)


def test_empty_period_is_missed_with_nothing_done(tree: Path) -> None:
    """A closed year with no activity at all: one finding, actual 0, gap 5, missed."""
    [finding] = evaluate(records(tree, DEMO_RULE), school_year(2024), date(2026, 11, 23))
    assert (finding.period.label, finding.actual, finding.gap, finding.status) == (
        "2024—2025学年",
        0.0,
        5.0,
        Status.MISSED,
    )


TERM_RULE = """\
rules:
  - id: prep-3
    title: 每学期每学科集体备课3次以上
    type: count
    period: term
    per: pairing_subject
    select: {kinds: [lesson_prep]}
    min: 3
"""


def test_per_term_per_subject_over_a_year_splits_at_the_term_boundary(tree: Path) -> None:
    """A per-term × subject rule over a school year gives one finding per term and subject of the pairing;
    31 January falls in the autumn term, 1 February in the spring term."""
    body = (
        TERM_RULE
        + """\
activities:
  - {date: 2025-09-20, pairing: yz-ez, kind: lesson_prep, subject: math, title: 备课1}
  - {date: 2025-11-20, pairing: yz-ez, kind: lesson_prep, subject: math, title: 备课2}
  - {date: 2026-01-31, pairing: yz-ez, kind: lesson_prep, subject: math, title: 备课3}
  - {date: 2026-02-01, pairing: yz-ez, kind: lesson_prep, subject: math, title: 备课4}
  - {date: 2026-03-01, pairing: yz-ez, kind: lesson_prep, subject: chinese, title: 语文备课}
"""
    )
    findings = evaluate(records(tree, body), school_year(2025), date(2026, 11, 23))
    assert rows(findings) == [
        ("2025—2026学年秋季学期", "yz-ez/chinese", "≥ 3", "次", 0.0, "missed"),
        ("2025—2026学年秋季学期", "yz-ez/math", "≥ 3", "次", 3.0, "met"),
        ("2025—2026学年春季学期", "yz-ez/chinese", "≥ 3", "次", 1.0, "missed"),
        ("2025—2026学年春季学期", "yz-ez/math", "≥ 3", "次", 1.0, "missed"),
    ]
    assert findings[1].scope.label == "云溪一中—山口中学 · 数学"


def test_running_term_is_never_missed_pace_decides_at_risk(tree: Path) -> None:
    """Autumn term 2026 (1 Sep – 31 Jan, 153 days) judged on 23 Nov (84 days in): math has 2 sessions, projected
    2 × 153 ÷ 84 = 3.6 ≥ 3, on track; Chinese has 1, projected 1.8 < 3, at risk; neither is missed."""
    body = (
        TERM_RULE
        + """\
activities:
  - {date: 2026-09-20, pairing: yz-ez, kind: lesson_prep, subject: math, title: 备课1}
  - {date: 2026-10-20, pairing: yz-ez, kind: lesson_prep, subject: math, title: 备课2}
  - {date: 2026-10-21, pairing: yz-ez, kind: lesson_prep, subject: chinese, title: 语文备课}
"""
    )
    autumn = Calendar(Records().programme).parse_term("2026-1")
    findings = evaluate(records(tree, body), autumn, date(2026, 11, 23))
    assert rows(findings) == [
        ("2026—2027学年秋季学期", "yz-ez/chinese", "≥ 3", "次", 1.0, "at_risk"),
        ("2026—2027学年秋季学期", "yz-ez/math", "≥ 3", "次", 2.0, "on_track"),
    ]
    assert findings[0].note == "按目前进度预计 1.8"
    assert findings[1].note == "按目前进度预计 3.6"


def test_pairing_starting_mid_term_is_prorated(tree: Path) -> None:
    """A pairing from 1 November: 92 of the autumn term's 153 days, so "≥ 3" becomes ceil(3 × 92 ÷ 153) = "≥ 2";
    the finding's period is the active part; the spring term is whole."""
    base = SCHOOLS.replace("start: 2024-09-01", "start: 2025-11-01")
    body = (
        TERM_RULE.replace("per: pairing_subject", "per: pairing")
        + """\
activities:
  - {date: 2025-11-20, pairing: yz-ez, kind: lesson_prep, subject: math, title: 备课1}
  - {date: 2026-01-10, pairing: yz-ez, kind: lesson_prep, subject: math, title: 备课2}
"""
    )
    findings = evaluate(records(tree, body, base), school_year(2025), date(2026, 11, 23))
    assert rows(findings) == [
        ("2025—2026学年秋季学期", "yz-ez", "≥ 2", "次", 2.0, "met"),
        ("2025—2026学年春季学期", "yz-ez", "≥ 3", "次", 0.0, "missed"),
    ]
    assert (findings[0].period.start, findings[0].period.end) == (date(2025, 11, 1), date(2026, 1, 31))
    assert findings[0].note == "本期只有 92/153 天在结对期间，指标按天数折算"


def test_leap_day_counts_in_february_and_prorates_over_29_days(tree: Path) -> None:
    """Monthly rule in February 2028 (29 days): a visit on 29 February counts, one on 1 March does not; a pairing
    from 15 February is active 15 of 29 days, so "≥ 3" becomes ceil(3 × 15 ÷ 29) = ceil(1.55) = "≥ 2"."""
    base = SCHOOLS.replace("start: 2024-09-01", "start: 2028-02-15")
    body = """\
rules:
  - {id: monthly, title: 每月到结对学校工作, type: count, period: month, select: {kinds: [visit]}, min: 3}
activities:
  - {date: 2028-02-15, pairing: yz-ez, kind: visit, title: 走访}
  - {date: 2028-02-29, pairing: yz-ez, kind: visit, title: 闰日走访}
  - {date: 2028-03-01, pairing: yz-ez, kind: visit, title: 三月走访}
"""
    february = Calendar(Records().programme).custom(date(2028, 2, 1), date(2028, 2, 29))
    [finding] = evaluate(records(tree, body, base), february, date(2028, 3, 2))
    assert (finding.period.label, finding.period.days, finding.required, finding.actual, finding.status) == (
        "2028年2月",
        15,
        "≥ 2",
        2.0,
        Status.MET,
    )


def test_pairing_not_active_in_a_month_is_not_applicable(tree: Path) -> None:
    """A pairing ending 31 October: November and December are "not applicable", October is judged."""
    base = SCHOOLS.replace("start: 2024-09-01", "start: 2024-09-01, end: 2025-10-31")
    body = """\
rules:
  - {id: monthly, title: 每月业务指导, type: count, period: month, select: {kinds: [health_guidance]}, min: 1}
activities:
  - {date: 2025-10-08, pairing: yz-ez, kind: health_guidance, title: 指导}
"""
    autumn = Calendar(Records().programme).custom(date(2025, 10, 1), date(2025, 12, 31))
    findings = evaluate(records(tree, body, base), autumn, date(2026, 11, 23))
    assert rows(findings) == [
        ("2025年10月", "yz-ez", "≥ 1", "次", 1.0, "met"),
        ("2025年11月", "yz-ez", "≥ 1", "次", 0.0, "not_applicable"),
        ("2025年12月", "yz-ez", "≥ 1", "次", 0.0, "not_applicable"),
    ]


def test_range_of_distinct_backbone_teachers_from_the_supporter(tree: Path) -> None:
    """ "派5-8名骨干教师开示范课": distinct people from the supporting school who are backbone teachers;
    the rural teacher and the non-backbone teacher are not counted, a repeat visit counts once."""
    body = """\
rules:
  - {id: backbone, title: 每学期派5-8名骨干教师开示范课, type: count, period: term, measure: people,
     select: {kinds: [demo_lesson], roles: [supporter, backbone]}, min: 5, max: 8}
activities:
  - {date: 2025-10-10, pairing: yz-ez, kind: demo_lesson, title: 一, people: [t-zhang, t-zhao]}
  - {date: 2025-11-10, pairing: yz-ez, kind: demo_lesson, title: 二, people: [t-zhang, t-li]}
"""
    term = Calendar(Records().programme).parse_term("2025-1")
    [finding] = evaluate(records(tree, body), term, date(2026, 11, 23))
    assert (finding.required, finding.actual, finding.measure, finding.status, finding.gap) == (
        "5–8",
        1.0,
        "人",
        Status.MISSED,
        4.0,
    )


def test_person_times_days_and_money(tree: Path) -> None:
    """人次 uses the stated attendance else the people named; days add up; 元 adds cash and goods value."""
    body = """\
rules:
  - {id: pt, title: 培训人次, type: count, measure: person_times, select: {kinds: [training]}, min: 100}
  - {id: days, title: 驻点天数, type: count, measure: days, select: {kinds: [visit]}, min: 10}
  - {id: money, title: 捐赠金额, type: count, per: supporter, measure: 元, min: 10000}
activities:
  - {date: 2025-10-10, pairing: yz-ez, kind: training, title: 培训, attendance: 60}
  - {date: 2025-10-11, pairing: yz-ez, kind: training, title: 培训二, people: [t-li, t-wang]}
  - {date: 2025-10-12, pairing: yz-ez, kind: visit, title: 驻点, days: 5}
  - {date: 2025-11-12, pairing: yz-ez, kind: visit, title: 驻点二, days: 6}
donations:
  - {date: 2025-12-01, donor: yz, recipient: ez, pairing: yz-ez, cash: 5000,
     items: [{name: 投影仪, quantity: 2, unit_value: 2600}]}
"""
    findings = evaluate(records(tree, body), school_year(2025), date(2026, 11, 23))
    assert rows(findings) == [
        ("2025—2026学年", "yz-ez", "≥ 10", "天", 11.0, "met"),
        ("2025—2026学年", "yz", "≥ 10000", "元", 10200.0, "met"),
        ("2025—2026学年", "yz-ez", "≥ 100", "人次", 62.0, "missed"),
    ]


def test_school_scopes_join_open_ended_pairings_and_split_joint_activities(tree: Path) -> None:
    """Per supporting school: two open-ended pairings of 云溪一中 count together. Per receiving school: an activity
    naming a teacher of 山口中学 counts for it alone; one naming no receiving teacher counts for both schools."""
    base = SCHOOLS + "  - {id: yz-sz, supporter: yz, recipients: [ez, sz], start: 2025-01-01}\n"
    body = """\
rules:
  - {id: by-school, title: 每校示范课, type: count, per: 每所支援学校, select: {kinds: [demo_lesson]}, min: 3}
  - {id: by-recipient, title: 受援校示范课, type: count, per: recipient, select: {kinds: [demo_lesson]}, min: 2}
activities:
  - {date: 2025-10-10, pairing: yz-ez, kind: demo_lesson, title: 一}
  - {date: 2025-10-11, pairing: yz-sz, kind: demo_lesson, title: 二, people: [t-zhao]}
  - {date: 2025-10-12, pairing: yz-sz, kind: demo_lesson, title: 三, people: [t-li]}
"""
    findings = evaluate(records(tree, body, base), school_year(2025), date(2026, 11, 23))
    assert [(f.rule_id, f.scope.kind, f.scope.id, f.scope.pairing, f.actual, str(f.status)) for f in findings] == [
        ("by-recipient", "recipient", "ez", None, 3.0, "met"),
        ("by-school", "supporter", "yz", None, 3.0, "met"),
        ("by-recipient", "recipient", "sz", "yz-sz", 1.0, "missed"),
    ]


def test_lifetime_and_calendar_year_periods(tree: Path) -> None:
    """A whole-life quota of a pairing that ended is judged over its dates (missed); over an open-ended pairing
    it stays on track; a calendar-year rule checked over a school year covers both calendar years it touches."""
    base = SCHOOLS + "  - {id: old, supporter: yz, recipients: [sz], start: 2024-09-01, end: 2025-08-31}\n"
    body = """\
rules:
  - {id: life, title: 结对期间交流10次, type: count, period: lifetime, select: {kinds: [visit]}, min: 10}
  - {id: clinic, title: 每年一次义诊, type: count, period: 自然年, select: {kinds: [free_clinic]}, min: 1,
     targets: {pairings: [yz-ez]}}
activities:
  - {date: 2024-10-10, pairing: old, kind: visit, title: 走访}
  - {date: 2025-05-10, pairing: yz-ez, kind: free_clinic, title: 义诊}
"""
    findings = evaluate(records(tree, body, base), school_year(2024), date(2026, 11, 23))
    assert rows(findings) == [
        ("结对期间（2024.9—2025.8）", "old", "≥ 10", "次", 1.0, "missed"),
        ("2024年", "yz-ez", "≥ 1", "次", 0.0, "missed"),
        ("2025年", "yz-ez", "≥ 1", "次", 1.0, "met"),
        ("结对期间（2024.9起）", "yz-ez", "≥ 10", "次", 0.0, "on_track"),
    ]
    assert findings[3].note == "长期结对，尚未结束"


def test_rule_not_yet_effective_is_not_applicable(tree: Path) -> None:
    """A rule effective from 2026-09-01 is "not applicable" in 2025–2026 even with nothing done."""
    body = DEMO_RULE.replace("min: 5", "min: 5\n    effective_from: 2026-09-01")
    [finding] = evaluate(records(tree, body), school_year(2025), date(2026, 11, 23))
    assert (finding.status, finding.note) == (Status.NOT_APPLICABLE, "规则在本期未生效")


def test_targets_by_pairing_kind_and_pairing_filter(tree: Path) -> None:
    """A rule for communities ignores a support pairing; --pairing keeps only the pairing asked for."""
    base = SCHOOLS + "  - {id: yz-sz, kind: community, supporter: yz, recipients: [sz], start: 2024-09-01}\n"
    body = DEMO_RULE.replace("min: 5", "min: 5\n    targets: {kinds: [发展共同体]}")
    recs = records(tree, body, base)
    assert [f.scope.id for f in evaluate(recs, school_year(2025), date(2026, 11, 23))] == ["yz-sz"]
    assert evaluate(recs, school_year(2025), date(2026, 11, 23), pairing="yz-ez") == []


# --- ratios -----------------------------------------------------------------------------------------------------


def test_ratio_of_exchanged_to_eligible_teachers(tree: Path) -> None:
    """2014 rotation rule at the supporting school: eligible = 6+ years at the school on 1 September 2025
    (张伟 from 2015 and 李娜 from 2012; 王芳 from 2021 is not); exchanged = 1 → 50%, met against ≥ 10%;
    backbone share of the exchanged: 张伟 is a backbone teacher → 100% ≥ 20%."""
    body = """\
rules:
  - id: rotate-10
    title: 交流轮岗教师不低于符合条件教师的10%
    type: ratio
    per: supporter
    numerator: {of: exchanged, kinds: [rotation, teaching]}
    denominator: {of: teachers, min_years_at_unit: 6}
    min_percent: 10
  - id: rotate-backbone
    title: 骨干教师不低于交流总数的20%
    type: ratio
    per: supporter
    numerator: {of: exchanged, backbone: true}
    denominator: {of: exchanged}
    min_percent: 20
secondments:
  - {id: s1, person: t-zhang, to: ez, pairing: yz-ez, kind: 交流轮岗, start: 2025-09-01, end: 2026-07-15}
"""
    findings = evaluate(records(tree, body), school_year(2025), date(2026, 11, 23))
    assert [(f.rule_id, f.scope.id, f.required, f.actual, str(f.status), f.note) for f in findings] == [
        ("rotate-10", "yz", "≥ 10%", 50.0, "met", "1/2 人"),
        ("rotate-backbone", "yz", "≥ 20%", 100.0, "met", "1/1 人"),
    ]


def test_ratio_below_minimum_against_staff_count_is_missed(tree: Path) -> None:
    """One exchanged teacher of 120 (the school's 专任教师数) is 0.8% < 10%: missed, gap 9.2 points."""
    body = """\
rules:
  - {id: r, title: 交流比例, type: ratio, per: supporter, numerator: {of: exchanged},
     denominator: {of: staff_count}, min_percent: 10}
secondments:
  - {id: s1, person: t-li, to: ez, pairing: yz-ez, start: 2025-09-01, end: 2026-07-15}
"""
    [finding] = evaluate(records(tree, body), school_year(2025), date(2026, 11, 23))
    assert (finding.actual, finding.gap, finding.status) == (0.8, 9.2, Status.MISSED)


# --- secondments: eligibility, duration, deadline ----------------------------------------------------------------

ELIGIBILITY = """\
rules:
  - id: eligible
    title: 支教教师选派条件
    clause: 农村教学经历10年以下、男未满45周岁、女未满40周岁（自愿支教的除外）
    type: eligibility
    age_below: {male: 45, female: 40}
    rural_years_max: 10
"""


def test_age_is_reached_on_the_birthday(tree: Path) -> None:
    """张伟 (born 1980-09-01) starting on 2025-09-01 is 45 that day: not eligible; starting a day earlier,
    on 2025-08-31, he is still 44: eligible."""
    body = (
        ELIGIBILITY
        + """\
secondments:
  - {id: s1, person: t-zhang, to: ez, pairing: yz-ez, start: 2025-09-01, end: 2026-07-15}
"""
    )
    [finding] = evaluate(records(tree, body), school_year(2025), date(2026, 11, 23))
    assert (finding.scope.kind, finding.scope.id, finding.actual, finding.measure, finding.status) == (
        "secondment",
        "s1",
        45.0,
        "岁",
        Status.MISSED,
    )
    assert finding.scope.label == "张伟（云溪一中，2025年9月1日起）"
    assert finding.note == "选派 s1：男，选派时已满 45 周岁（应未满 45 周岁）"
    assert finding.required == "男 < 45 岁，女 < 40 岁，农村教龄 ≤ 10 年"

    earlier = body.replace("start: 2025-09-01", "start: 2025-08-31")
    [finding] = evaluate(records(tree, earlier), school_year(2024), date(2026, 11, 23))
    assert (finding.actual, finding.status) == (44.0, Status.MET)


def test_volunteers_are_exempt_and_rural_years_are_checked(tree: Path) -> None:
    """A volunteer over the age limit is met (exempt); a woman of 35 with 12 rural years is not eligible."""
    base = SCHOOLS.replace("joined_unit: 2012-09-01}", "joined_unit: 2012-09-01, rural_years: 12}")
    body = (
        ELIGIBILITY
        + """\
secondments:
  - {id: s1, person: t-zhang, to: ez, pairing: yz-ez, start: 2025-09-01, end: 2026-07-15, voluntary: true}
  - {id: s2, person: t-li, to: ez, pairing: yz-ez, start: 2025-09-01, end: 2026-07-15}
"""
    )
    findings = evaluate(records(tree, body, base), school_year(2025), date(2026, 11, 23))
    assert [(f.scope.id, str(f.status), f.note) for f in findings] == [
        ("s1", "met", "选派 s1：自愿支教，不受条件限制"),
        ("s2", "missed", "选派 s2：农村教学经历 12 年（应不超过 10 年）"),
    ]


def test_no_secondment_in_the_period_is_not_applicable(tree: Path) -> None:
    """Eligibility over a year without secondments: one programme finding, not applicable."""
    [finding] = evaluate(records(tree, ELIGIBILITY), school_year(2025), date(2026, 11, 23))
    assert (finding.scope.kind, finding.status, finding.note) == (
        "programme",
        Status.NOT_APPLICABLE,
        "本期没有新的选派",
    )


def test_duration_and_selection_deadline(tree: Path) -> None:
    """A secondment 2025-09-01..2026-01-31 lasts 5个月 (153 days, short of a year: missed); one selected on
    2025-08-12 is 12 days after the 31 July deadline (missed), one selected on 31 July is on time (met)."""
    body = """\
rules:
  - {id: one-year, title: 支教期限一年, type: duration, min: 1年}
  - {id: by-july, title: 7月底前完成选派, type: deadline, by: 07-31}
secondments:
  - {id: s1, person: t-li, to: ez, pairing: yz-ez, start: 2025-09-01, end: 2026-01-31, selected_on: 2025-08-12}
  - {id: s2, person: t-wang, to: ez, pairing: yz-ez, start: 2025-09-01, end: 2026-08-31, selected_on: 2025-07-31}
"""
    findings = evaluate(records(tree, body), school_year(2025), date(2026, 11, 23))
    rows = [
        (f.rule_id, f.scope.id, f.required, f.actual, f.measure, f.done_in(Lang.ZH), str(f.status)) for f in findings
    ]
    assert rows == [
        ("by-july", "s1", "7月31日前", 12.0, "天", "12 天", "missed"),
        ("by-july", "s2", "7月31日前", 0.0, "天", "0 天", "met"),
        ("one-year", "s1", "≥ 1年", 153.0, "天", "5个月", "missed"),
        ("one-year", "s2", "≥ 1年", 365.0, "天", "1年", "met"),
    ]
    assert findings[2].note == "选派 s1：2025-09-01 至 2026-01-31，共5个月，1年应至 2026-08-31，少 212 天"


def test_a_year_runs_to_the_day_before_the_same_date_a_year_later(tree: Path) -> None:
    """期限为一年: 2024-09-01 to 2025-08-31 meets it; 2024-09-01 to 2025-08-30 (364 days) misses it by one day and is
    shown as 11个月又30天, never as 12.0 months. 2024-02-29 to 2025-02-28 is a year (29 February moves to 1 March)."""
    rule = "rules:\n  - {id: one-year, title: 对口支教工作期限为一年, type: duration, kinds: [支教], min: 1年}\n"
    cases = [
        ("2024-09-01", "2025-08-31", "1年", 365.0, "met"),
        ("2024-09-01", "2025-08-30", "11个月又30天", 364.0, "missed"),
        ("2024-02-29", "2025-02-28", "1年", 366.0, "met"),
        ("2024-03-31", "2025-03-29", "11个月又29天", 364.0, "missed"),
    ]
    for start, end, shown, days, status in cases:
        body = rule + f"secondments:\n  - {{id: s1, person: t-li, to: ez, start: {start}, end: {end}}}\n"
        period = Period(date(2024, 1, 1), date(2025, 12, 31), "两年")
        [finding] = [f for f in evaluate(records(tree, body), period, date(2026, 11, 23)) if f.scope.id == "s1"]
        assert (finding.shown, finding.actual, str(finding.status)) == (shown, days, status), (start, end)
    assert finding.gap == 1.0  # 2024-03-31 + 1年 ends on 2025-03-30: one day more was needed


# --- people: mentor load, title prerequisite ---------------------------------------------------------------------

MENTORS = """\
rules:
  - {id: mentor-2-3, title: 每位教师带2-3名青年教师, type: mentor_load, min: 2, max: 3}
mentorships:
  - {mentor: t-zhang, mentees: [t-zhao, t-y, t-w], pairing: yz-ez, start: 2025-09-01}
  - {mentor: t-zhang, mentees: [t-zhao, t-x], pairing: yz-ez, start: 2025-09-01}
  - {mentor: t-li, mentees: [t-zhao], pairing: yz-ez, start: 2025-09-01}
"""


def test_mentor_load_counts_distinct_mentees(tree: Path) -> None:
    """张伟 coaches 4 distinct mentees (missed, over 3), 李娜 1 (missed, under 2) in the closed year;
    in the running year the same facts are at risk, not missed."""
    base = SCHOOLS.replace(
        "  - {id: t-zhao, name: 赵磊, gender: 男, unit: ez, birth_date: 1996-01-10}",
        "  - {id: t-zhao, name: 赵磊, gender: 男, unit: ez, birth_date: 1996-01-10}\n"
        "  - {id: t-x, name: 陈晨, gender: 女, unit: ez}\n"
        "  - {id: t-y, name: 周敏, gender: 女, unit: ez}\n"
        "  - {id: t-w, name: 吴凡, gender: 男, unit: ez}",
    )
    recs = records(tree, MENTORS, base)
    closed = evaluate(recs, school_year(2025), date(2026, 11, 23))
    assert [(f.scope.id, f.actual, str(f.status)) for f in closed] == [
        ("t-li", 1.0, "missed"),
        ("t-zhang", 4.0, "missed"),
    ]
    running = evaluate(recs, school_year(2026), date(2026, 11, 23))
    assert [str(f.status) for f in running] == ["at_risk", "at_risk"]


def test_senior_title_needs_a_year_of_rural_service(tree: Path) -> None:
    """An urban senior teacher with no rural service misses "≥ 1 year"; 1.5 recorded rural years meet it."""
    body = """\
rules:
  - {id: senior-rural, title: 评聘高级职称须有一年以上农村学校工作经历, type: title_prerequisite}
"""
    [finding] = evaluate(records(tree, body), school_year(2025), date(2026, 11, 23))
    assert (finding.scope.id, finding.required, finding.actual, finding.measure, finding.status, finding.gap) == (
        "t-zhang",
        "≥ 1",
        0.0,
        "年",
        Status.MISSED,
        1.0,
    )
    served = SCHOOLS.replace("joined_unit: 2015-09-01}", "joined_unit: 2015-09-01, rural_years: 1.5}")
    [finding] = evaluate(records(tree, body, served), school_year(2025), date(2026, 11, 23))
    assert (finding.actual, finding.status) == (1.5, Status.MET)


# --- waivers ----------------------------------------------------------------------------------------------------


def test_waiver_marks_a_missed_finding_waived_and_keeps_the_numbers(tree: Path) -> None:
    """An approved waiver for the pairing's year: status waived, waived_from missed, numbers kept, reason shown;
    the same waiver expired before the check day does not apply."""
    body = (
        DEMO_RULE
        + """\
waivers:
  - rule: demo-5
    scope: yz-ez
    from: 2025-09-01
    to: 2026-08-31
    reason: 受台风影响停课两周
    approver: 云溪县教育局
    expires: 2026-12-31
"""
    )
    [finding] = evaluate(records(tree, body), school_year(2025), date(2026, 11, 23))
    assert (finding.status, finding.waived_from, finding.actual, finding.gap) == (
        Status.WAIVED,
        Status.MISSED,
        0.0,
        5.0,
    )
    assert finding.note == "已豁免：受台风影响停课两周（云溪县教育局批准）"
    [finding] = evaluate(records(tree, body), school_year(2025), date(2027, 1, 1))
    assert (finding.status, finding.waived_from) == (Status.MISSED, None)


def test_days_of_a_long_activity_count_in_every_month_they_fall_in(tree: Path) -> None:
    """A 40-day stay from 30 December counts 2 days in December, 31 in January and 7 in February — and the
    activity itself once, in December, when it started."""
    body = """\
        rules:
          - id: stay-monthly
            title: 每月到结对学校工作1天
            type: count
            period: 月
            measure: days
            min: 1
        activities:
          - {date: 2025-12-30, days: 40, pairing: yz-ez, kind: 跟岗观摩, title: 长期驻校指导, people: [t-zhang]}
        """
    found = evaluate(
        records(tree, textwrap.dedent(body)), Period(date(2025, 12, 1), date(2026, 2, 28), "冬季"), date(2026, 11, 1)
    )
    assert [(f.period.label, f.actual, str(f.status)) for f in found] == [
        ("2025年12月", 2.0, "met"),
        ("2026年1月", 31.0, "met"),
        ("2026年2月", 7.0, "met"),
    ]
