"""The rules the seeds ask for beyond counting activities: counting secondments, students, awards and person
pairings; rules about chosen people (who); weekly and half-yearly periods; pooled per-recipient scopes;
programme-level activities; plans filed by a deadline, signed agreements, matched exchanges and departments
covered. Each with exact statuses on hand-built records."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conftest import outcome_of
from pairkit.messages import Lang
from pairkit.model.periods import Calendar, Period
from pairkit.rules import Finding, evaluate
from test_rules import SCHOOLS, records, school_year

AS_OF = date(2026, 11, 23)


def table(findings: list[Finding]) -> list[tuple[str, str, str, str, str]]:
    """(rule, period, scope id, done as shown, status) of each finding."""
    return [(f.rule_id, f.period.label, f.scope.id, f.done_in(Lang.ZH), str(f.status)) for f in findings]


def year(y: int) -> Period:
    return Period(date(y, 1, 1), date(y, 12, 31), f"{y}年")


# --- what a count rule counts (of) ----------------------------------------------------------------------------------


def test_secondments_count_people_or_person_times_overlapping_the_period(tree: Path) -> None:
    """每学年选派5名教师支教: 李娜 seconded twice is one person (人) but two 人次; 王芳's secondment that overlaps the
    school year by its last day (2025-09-01) counts; a 交流轮岗 does not count for 支教."""
    body = """\
rules:
  - {id: sent, title: 每学年选派教师支教, type: count, of: 选派, per: 全项目, select: {kinds: [支教]}, min: 3}
  - {id: times, title: 支教人次, type: count, of: 选派, select: {kinds: [支教]}, measure: 人次, min: 3}
secondments:
  - {id: s1, person: t-li, to: ez, pairing: yz-ez, start: 2025-09-01, end: 2026-01-31}
  - {id: s2, person: t-li, to: ez, pairing: yz-ez, start: 2026-02-01, end: 2026-07-31}
  - {id: s3, person: t-wang, to: ez, pairing: yz-ez, start: 2024-09-01, end: 2025-09-01}
  - {id: s4, person: t-zhang, to: ez, pairing: yz-ez, kind: 交流轮岗, start: 2026-08-31, end: 2027-06-30}
"""
    findings = evaluate(records(tree, body), school_year(2025), AS_OF)
    assert table(findings) == [
        ("sent", "2025—2026学年", "", "2 人", "missed"),
        ("times", "2025—2026学年", "yz-ez", "3 人次", "met"),
    ]


def test_students_sum_their_counts_and_awards_filter_by_level(tree: Path) -> None:
    """Students aided: 6 + 3 = 9 of 10 (the 30 enrolled are another kind); a paper at 市级 counts, one at 县级 does
    not, whether it was awarded, published or 交流."""
    body = """\
rules:
  - {id: aided, title: 每学年资助学生不少于10人, type: count, of: 学生, select: {kinds: [资助]}, min: 10}
  - id: paper
    title: 每学年至少1篇论文在市级获奖、交流或发表
    type: count
    of: 获奖和论文
    select: {kinds: [论文], levels: [市级, 省级, 国家级]}
    min: 1
students:
  - {date: 2025-09-10, kind: 资助, count: 6, unit: yz, pairing: yz-ez, title: 免除学杂费}
  - {date: 2026-03-10, kind: 资助, count: 3, unit: yz, pairing: yz-ez, title: 助学金}
  - {date: 2026-03-10, kind: 接收就读, count: 30, unit: yz, pairing: yz-ez}
awards:
  - {date: 2025-12-01, kind: 论文, level: 县级, title: 农村课堂的提问, unit: ez, pairing: yz-ez, people: [t-zhao]}
  - {date: 2026-05-01, kind: 论文, level: 市级, outcome: 交流, title: 同课异构的实践, unit: ez, pairing: yz-ez}
"""
    findings = evaluate(records(tree, body), school_year(2025), AS_OF)
    assert table(findings) == [
        ("aided", "2025—2026学年", "yz-ez", "9 人", "missed"),
        ("paper", "2025—2026学年", "yz-ez", "1 项", "met"),
    ]


# --- whom a rule is about (who) -------------------------------------------------------------------------------------

LEADERS = SCHOOLS.replace(
    "people:\n",
    """\
people:
  - {id: t-head, name: 周校长, gender: 男, unit: yz, position: 校长, birth_date: 1975-01-01}
  - {id: t-sec, name: 吴书记, gender: 女, unit: yz, position: 党支部书记, birth_date: 1978-01-01}
  - {id: t-mid, name: 郑主任, gender: 男, unit: yz, position: 教务处副主任, birth_date: 1985-01-01}
  - {id: t-young, name: 孙老师, gender: 女, unit: ez, birth_date: 1998-01-01}
  - {id: t-nob, name: 钱老师, gender: 男, unit: ez}
""",
)


def test_school_leaders_each_pair_with_a_household(tree: Path) -> None:
    """校领导每人结对1户困难户: the principal and the party secretary (…书记) are 校领导, the deputy head of 教务处 is
    not; over the pairing's life the principal's household is met, the secretary, with none yet, on track."""
    body = """\
rules:
  - id: household
    title: 校领导每人结对1户困难户
    type: count
    of: 个人结对
    per: 每人
    period: 结对期间
    who: {roles: [支援方人员, 校领导]}
    select: {kinds: [困难户]}
    min: 1
person_pairings:
  - {person: t-head, kind: 困难户, target: 王大伯家, start: 2024-10-01}
  - {person: t-mid, kind: 困难户, target: 李大妈家, start: 2024-10-01}
"""
    findings = evaluate(records(tree, body, LEADERS), school_year(2025), AS_OF)
    assert table(findings) == [
        ("household", "结对期间（2024.9起）", "t-head", "1 项", "met"),
        ("household", "结对期间（2024.9起）", "t-sec", "0 项", "on_track"),
    ]
    assert findings[0].scope.label == "周校长（云溪一中）"


def test_age_below_picks_young_teachers_and_an_unknown_birth_date_is_not_applicable(tree: Path) -> None:
    """中青年教师每学年上一节公开课 (under 45, receiving side): 赵磊 gave one (met), 孙老师 none (missed); 钱老师 has
    no birth date, so whether the rule is about him cannot be told: not applicable, shown —, never 0."""
    body = """\
rules:
  - id: young-open
    title: 中青年教师每学年上一节公开课
    type: count
    per: 每人
    who: {roles: [受援方人员], age_below: 45}
    select: {kinds: [公开课]}
    min: 1
activities:
  - {date: 2025-10-10, pairing: yz-ez, kind: 公开课, title: 公开课, people: [t-zhao]}
"""
    findings = evaluate(records(tree, body, LEADERS), school_year(2025), AS_OF)
    assert table(findings) == [
        ("young-open", "2025—2026学年", "t-nob", "—", "not_applicable"),
        ("young-open", "2025—2026学年", "t-young", "0 次", "missed"),
        ("young-open", "2025—2026学年", "t-zhao", "1 次", "met"),
    ]
    assert findings[0].note == "缺少出生日期，无法判断是否在人员范围内"


def test_mentor_load_checks_every_teacher_named_and_the_mentee_profile(tree: Path) -> None:
    """城区每一位中级职称以上的教师带2-3名农村青年教师: 李娜 (一级教师) has no mentee and is still checked (missed);
    张伟 coaches two, but one is 55 — not a young teacher — so he is missed with the reason."""
    base = SCHOOLS.replace("unit: yz, birth_date: 1990-05-01", "unit: yz, title: 一级教师, birth_date: 1990-05-01")
    elder = "  - {id: t-old, name: 周老师, gender: 男, unit: ez, birth_date: 1970-01-01}\n"
    base = base.replace("pairings:\n", elder + "pairings:\n")
    body = """\
rules:
  - id: every-mentor
    title: 城区每一位中级职称以上的教师带2-3名农村青年教师
    type: mentor_load
    who: {roles: [支援方人员], titles: [一级教师, 高级教师, 正高级教师]}
    mentee: {areas: [农村], age_below: 35}
    min: 2
    max: 3
mentorships:
  - {mentor: t-zhang, mentees: [t-zhao, t-old], pairing: yz-ez, start: 2025-09-01}
"""
    findings = evaluate(records(tree, body, base), school_year(2025), AS_OF)
    assert table(findings) == [
        ("every-mentor", "2025—2026学年", "t-li", "0 人", "missed"),
        ("every-mentor", "2025—2026学年", "t-zhang", "2 人", "missed"),
    ]
    assert findings[1].note == "徒弟 周老师：55 周岁（应未满 35 周岁）"


# --- scopes and periods ---------------------------------------------------------------------------------------------


def test_per_recipient_subject_pools_the_pairings_of_one_rural_school(tree: Path) -> None:
    """农村学校每学科每学期选派骨干教师赴城区学校学习2次以上: 山口中学 is paired with two urban schools; its math
    teachers went once to each, which together meet the 2 of the autumn term. The pooled finding belongs to no one
    pairing; 语文, only in one pairing, keeps it."""
    base = SCHOOLS.replace(
        "pairings:\n",
        "pairings:\n  - {id: sz-ez, supporter: sz, recipients: [ez], subjects: [math], start: 2024-09-01}\n",
    )
    body = """\
rules:
  - id: study
    title: 农村学校每学科每学期选派骨干教师赴城区学校学习2次以上
    type: count
    period: 学期
    per: 每所受援学校每学科
    select: {kinds: [跟岗观摩]}
    min: 2
activities:
  - {date: 2025-10-10, pairing: yz-ez, kind: 跟岗观摩, subject: math, title: 到一中跟岗}
  - {date: 2025-11-10, pairing: sz-ez, kind: 跟岗观摩, subject: math, title: 到石桥中学跟岗}
  - {date: 2025-11-12, pairing: yz-ez, kind: 跟岗观摩, subject: chinese, title: 语文跟岗}
"""
    findings = evaluate(records(tree, body, base), school_year(2025), AS_OF)
    assert [(f.period.label, f.scope.id, f.scope.pairing, f.done_in(Lang.ZH), str(f.status)) for f in findings] == [
        ("2025—2026学年秋季学期", "ez/math", None, "2 次", "met"),
        ("2025—2026学年春季学期", "ez/math", None, "0 次", "missed"),
        ("2025—2026学年秋季学期", "ez/chinese", "yz-ez", "1 次", "missed"),
        ("2025—2026学年春季学期", "ez/chinese", "yz-ez", "0 次", "missed"),
    ]
    assert findings[0].scope.label == "山口中学 · 数学"


def test_weeks_are_numbered_from_the_first_day_of_term(tree: Path) -> None:
    """每周开展说课教研: the autumn term starts on 2025-09-01, so 第1周 is 09-01..09-07 and 第2周 09-08..09-14; a
    September report shows the five weeks that touch it, in English as week n of autumn term 2025."""
    body = """\
rules:
  - {id: weekly, title: 每周开展说课教研, type: count, period: 周, select: {kinds: [说课教研]}, min: 1}
activities:
  - {date: 2025-09-07, pairing: yz-ez, kind: 说课教研, title: 第1周最后一天}
  - {date: 2025-09-08, pairing: yz-ez, kind: 说课教研, title: 第2周第一天}
"""
    findings = evaluate(records(tree, body), Period(date(2025, 9, 1), date(2025, 9, 30), "2025年9月"), AS_OF)
    assert [(f.period.label, f.period.start, f.done_in(Lang.ZH), str(f.status)) for f in findings] == [
        ("2025—2026学年秋季学期第1周", date(2025, 9, 1), "1 次", "met"),
        ("2025—2026学年秋季学期第2周", date(2025, 9, 8), "1 次", "met"),
        ("2025—2026学年秋季学期第3周", date(2025, 9, 15), "0 次", "missed"),
        ("2025—2026学年秋季学期第4周", date(2025, 9, 22), "0 次", "missed"),
        ("2025—2026学年秋季学期第5周", date(2025, 9, 29), "0 次", "missed"),
    ]
    assert findings[0].period.label_en == "week 1 of autumn term 2025"


def test_half_years_split_the_calendar_year(tree: Path) -> None:
    """每半年一次结对帮扶工作总结: a summary in June meets 上半年; 下半年 has none."""
    body = """\
rules:
  - {id: summary, title: 每半年一次结对帮扶工作总结, type: count, period: 半年, select: {kinds: [联席会议]}, min: 1}
activities:
  - {date: 2025-06-20, pairing: yz-ez, kind: 联席会议, title: 上半年工作总结}
"""
    findings = evaluate(records(tree, body), year(2025), AS_OF)
    assert table(findings) == [
        ("summary", "2025年上半年", "yz-ez", "1 次", "met"),
        ("summary", "2025年下半年", "yz-ez", "0 次", "missed"),
    ]


def test_programme_level_activities_count_for_the_programme_only(tree: Path) -> None:
    """每年举行支教教师欢送会: the county's send-off names no pairing. It meets the programme-wide rule and counts
    for no pairing."""
    body = """\
rules:
  - {id: send-off, title: 每年举行支教教师欢送会, type: count, per: 全项目, period: 自然年,
     select: {kinds: [联席会议]}, min: 1}
  - {id: per-pairing, title: 每个结对每年一次联席会议, type: count, period: 自然年, select: {kinds: [联席会议]}, min: 1}
activities:
  - {date: 2025-08-28, kind: 联席会议, title: 全县支教教师欢送会, attendance: 120}
"""
    findings = evaluate(records(tree, body), year(2025), AS_OF)
    assert table(findings) == [
        ("per-pairing", "2025年", "yz-ez", "0 次", "missed"),
        ("send-off", "2025年", "", "1 次", "met"),
    ]


def test_not_applicable_eligibility_shows_no_age(tree: Path) -> None:
    """Eligibility in a year without secondments is not applicable, and its figure is —, not 0 岁."""
    body = "rules:\n  - {id: elig, title: 支教教师选派条件, type: eligibility, age_below: {male: 45, female: 40}}\n"
    [finding] = evaluate(records(tree, body), school_year(2025), AS_OF)
    assert (str(finding.status), finding.done_in(Lang.ZH), finding.done_in(Lang.EN)) == ("not_applicable", "—", "—")


# --- plans, agreements, matching, coverage --------------------------------------------------------------------------

SCHEME = """\
rules:
  - {id: scheme, title: 每年8月份完成年度工作方案并送教育局备案, type: deadline, of: 工作方案, by: 08-31}
"""


def test_the_coming_years_plan_is_filed_by_the_end_of_august(tree: Path) -> None:
    """The plan for 2025—2026 is due on 2025-08-31, judged in the school year that ends then: filed on 08-20 is
    met; on 09-05, 5 days late; never filed, missed with the days since the deadline."""
    plan = "plans:\n  - {kind: 工作方案, school_year: 2025, pairing: yz-ez, text: 工作方案, filed_on: DAY}\n"
    cases = [("2025-08-20", "0 天", "met"), ("2025-09-05", "5 天", "missed")]
    for day, shown, status in cases:
        [finding] = evaluate(records(tree, SCHEME + plan.replace("DAY", day)), school_year(2024), AS_OF)
        seen = (finding.required, finding.done_in(Lang.ZH), str(finding.status))
        assert seen == ("2025年8月31日前备案", shown, status)
    [finding] = evaluate(records(tree, SCHEME), school_year(2024), AS_OF)
    assert (str(finding.status), finding.note) == ("missed", "2025—2026学年工作方案没有记录，截止 2025-08-31")


def test_each_pairing_signs_an_agreement_in_time(tree: Path) -> None:
    """签订结对帮扶协议: no agreement is missed; one signed 2024-10-08, more than a month after the pairing began on
    2024-09-01, misses a rule asking for it within 1个月 and meets one that asks only that it is signed."""
    [finding] = evaluate(
        records(tree, "rules:\n  - {id: signed, title: 签订协议, type: agreement}\n"), school_year(2024), AS_OF
    )
    assert (str(finding.status), finding.note) == ("missed", "没有协议记录")
    body = """\
rules:
  - {id: signed, title: 签订协议, type: agreement}
  - {id: in-time, title: 结对一个月内签订协议, type: agreement, within: 1个月}
agreements:
  - {id: a1, pairings: [yz-ez], title: 结对帮扶协议, signed_on: 2024-10-08}
"""
    findings = evaluate(records(tree, body), school_year(2024), AS_OF)
    assert [(f.rule_id, f.required, str(f.status), f.note) for f in findings] == [
        ("in-time", "开始后1个月内签订", "missed", "协议于 2024-10-08 签订，晚于 2024-09-30"),
        ("signed", "已签订", "met", "协议于 2024-10-08 签订"),
    ]


def test_exchanges_are_matched_subject_by_subject(tree: Path) -> None:
    """互派对应科目、对等数量的教师: math went both ways (met); chinese only out (missed, shown as both sides)."""
    base = SCHOOLS.replace("pairings:\n", "  - {id: t-qian, name: 钱芳, gender: 女, unit: ez}\npairings:\n")
    body = """\
rules:
  - {id: match, title: 互派对应科目、对等数量的教师, type: matching}
secondments:
  - {id: s1, person: t-li, to: ez, pairing: yz-ez, kind: 交流轮岗, subjects: [math], start: 2025-09-01,
     end: 2026-07-31}
  - {id: s2, person: t-qian, to: yz, pairing: yz-ez, kind: 交流轮岗, subjects: [math], start: 2025-09-01,
     end: 2026-07-31}
  - {id: s3, person: t-wang, to: ez, pairing: yz-ez, kind: 交流轮岗, subjects: [chinese], start: 2025-09-01,
     end: 2026-07-31}
"""
    findings = evaluate(records(tree, body, base), school_year(2025), AS_OF)
    assert [(f.scope.id, f.done_in(Lang.ZH), str(f.status), f.note) for f in findings] == [
        ("yz-ez/chinese", "派出 1 人、派入 0 人", "missed", "相差 1 人"),
        ("yz-ez/math", "派出 1 人、派入 1 人", "met", ""),
    ]


def test_departments_are_covered_over_the_pairing(tree: Path) -> None:
    """每个职能部门三年内交流一遍: over an open-ended pairing, two of three departments exchanged so far; on track,
    naming the one not yet exchanged."""
    body = """\
rules:
  - {id: cover, title: 每个职能部门三年内交流一遍, type: coverage, departments: [办公室, 教务处, 德育处]}
secondments:
  - {id: s1, person: t-li, to: ez, pairing: yz-ez, kind: 跟岗学习, department: 教务处, start: 2025-03-01,
     end: 2025-03-31}
  - {id: s2, person: t-wang, to: ez, pairing: yz-ez, kind: 跟岗学习, department: 办公室, start: 2025-10-01,
     end: 2025-10-31}
"""
    [finding] = evaluate(records(tree, body), school_year(2025), AS_OF)
    assert (finding.required, finding.done_in(Lang.ZH), str(finding.status)) == ("≥ 3", "2 个部门", "on_track")
    assert finding.note == "长期结对，尚未结束；尚未交流：德育处"


def test_a_period_not_yet_begun_is_on_track_with_a_note(tree: Path) -> None:
    """Checked on 2026-11-23, the school year 2027—2028 has not begun: a quota with nothing done and a mentor with
    too few mentees are on track (进行中), saying the period has not begun; three mentees, over the maximum, are
    already known and at risk."""
    body = """\
rules:
  - {id: demo, title: 示范课每学年不少于5次, type: count, select: {kinds: [示范课]}, min: 5}
  - {id: mentors, title: 每位导师带2名青年教师, type: mentor_load, min: 2, max: 2}
mentorships:
  - {mentor: t-zhang, mentees: [t-zhao], pairing: yz-ez, start: 2025-09-01}
  - {mentor: t-li, mentees: [t-zhao, t-wang, t-zhang], start: 2025-09-01}
"""
    findings = evaluate(records(tree, body), school_year(2027), AS_OF)
    assert sorted((f.rule_id, f.scope.id, str(f.status), f.note) for f in findings) == [
        ("demo", "yz-ez", "on_track", "本期尚未开始"),
        ("mentors", "t-li", "at_risk", ""),
        ("mentors", "t-zhang", "on_track", "本期尚未开始"),
    ]


def test_terms_are_numbered_within_the_school_year_and_gaps_belong_to_no_term(tree: Path) -> None:
    """`--term 2024-2` is the second term of 2024—2025, the spring of 2025. With a calendar that leaves the winter
    holiday out, a lesson on 2025-02-01 counts in February and the school year, but in neither term."""
    programme = """\
programme:
  name: 云溪县城乡学校结对帮扶
  office: 云溪县教育局
  calendar:
    - year: 2024
      terms:
        - {name: 秋季学期, start: 2024-09-01, end: 2025-01-19}
        - {name: 春季学期, start: 2025-02-17, end: 2025-07-10}
"""
    body = """\
rules:
  - {id: term, title: 每学期示范课, type: count, period: 学期, select: {kinds: [示范课]}, min: 1}
  - {id: year, title: 每学年示范课, type: count, period: 学年, select: {kinds: [示范课]}, min: 1}
  - {id: month, title: 每月示范课, type: count, period: 月, select: {kinds: [示范课]}, min: 1}
activities:
  - {date: 2025-02-01, pairing: yz-ez, kind: 示范课, title: 寒假里的示范课}
"""
    outcome = outcome_of(tree, {"programme.yaml": programme, "base.yaml": SCHOOLS, "body.yaml": body})
    assert outcome.diagnostics == []
    spring = Calendar(outcome.records.programme).parse_term("2024-2")
    assert (spring.label, spring.start, spring.end) == ("2024—2025学年春季学期", date(2025, 2, 17), date(2025, 7, 10))
    findings = evaluate(outcome.records, school_year(2024), AS_OF)
    counted = [(f.rule_id, f.period.label) for f in findings if f.actual]
    assert counted == [("month", "2025年2月"), ("year", "2024—2025学年")]
    assert [f.actual for f in findings if f.rule_id == "term"] == [0.0, 0.0]
