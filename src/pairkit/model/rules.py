"""Rules and waivers: the programme's obligations as small declarative forms, one schema per rule ``type``.

A rule file lists forms such as ``type: count`` (a quota) or ``type: eligibility`` (who may be seconded); the
``type`` picks the schema (``Rule.variant``), so a typo in a field is reported against that form, with its line.
How each form is evaluated is in ``pairkit.rules`` and docs/rules.md.
"""

from __future__ import annotations

import calendar
import re
from contextvars import ContextVar
from dataclasses import dataclass
from functools import total_ordering
from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from pairkit.model.fields import Count, Day, Flag, Id, Labelled, Number, Ref, Text, empty_list
from pairkit.model.records import (
    Area,
    AwardKind,
    AwardLevel,
    PairingKind,
    Part,
    PersonPairingKind,
    Record,
    SecondmentKind,
    StudentKind,
)
from pairkit.model.vocab import Dimension, Subject, Title, resolver


class Severity(Labelled):
    ERROR = "error", "错误"
    WARNING = "warning", "警告"


class RuleType(Labelled):
    COUNT = "count", "数量指标"
    RATIO = "ratio", "比例指标"
    ELIGIBILITY = "eligibility", "选派条件"
    DURATION = "duration", "选派期限"
    DEADLINE = "deadline", "时限"
    MENTOR_LOAD = "mentor_load", "师徒结对人数"
    TITLE_PREREQUISITE = "title_prerequisite", "职称评聘条件"
    MATCHING = "matching", "对等交流"
    COVERAGE = "coverage", "部门全覆盖"
    AGREEMENT = "agreement", "签订协议"


class PeriodUnit(Labelled):
    WEEK = "week", "周"
    MONTH = "month", "月"
    TERM = "term", "学期"
    HALF_YEAR = "half_year", "半年"
    SCHOOL_YEAR = "school_year", "学年"
    CALENDAR_YEAR = "calendar_year", "自然年"
    LIFETIME = "lifetime", "结对期间"


class Per(Labelled):
    PROGRAMME = "programme", "全项目"
    PAIRING = "pairing", "每个结对"
    PAIRING_SUBJECT = "pairing_subject", "每个结对每学科"
    SUPPORTER = "supporter", "每所支援学校"
    RECIPIENT = "recipient", "每所受援学校"
    RECIPIENT_SUBJECT = "recipient_subject", "每所受援学校每学科"
    PERSON = "person", "每人"


class Counting(Labelled):
    """What a count rule counts."""

    ACTIVITIES = "activities", "活动"
    SECONDMENTS = "secondments", "选派"
    STUDENTS = "students", "学生"
    AWARDS = "awards", "获奖和论文"
    PERSON_PAIRINGS = "person_pairings", "个人结对"


class Measure(Labelled):
    ACTIVITIES = "activities", "次"
    PERSON_TIMES = "person_times", "人次"
    PEOPLE = "people", "人"
    DAYS = "days", "天"
    MONEY = "money", "元"
    RECORDS = "records", "项"


# The measures each kind of record can be counted in; the first is the default. (`money` counts donations.)
MEASURES: dict[Counting, tuple[Measure, ...]] = {
    Counting.ACTIVITIES: (Measure.ACTIVITIES, Measure.PERSON_TIMES, Measure.PEOPLE, Measure.DAYS, Measure.MONEY),
    Counting.SECONDMENTS: (Measure.PEOPLE, Measure.PERSON_TIMES),
    Counting.STUDENTS: (Measure.PEOPLE,),
    Counting.AWARDS: (Measure.RECORDS, Measure.PEOPLE),
    Counting.PERSON_PAIRINGS: (Measure.RECORDS,),
}


class Role(Labelled):
    SUPPORTER = "supporter", "支援方人员"
    RECIPIENT = "recipient", "受援方人员"
    BACKBONE = "backbone", "骨干教师"
    SENIOR = "senior", "高级职称"
    PARTY_MEMBER = "party_member", "党员"
    PRINCIPAL = "principal", "校长"
    LEADER = "leader", "校领导"
    PARTY_SECRETARY = "party_secretary", "党组织书记"
    MIDDLE_MANAGER = "middle_manager", "中层干部"
    HEAD_TEACHER = "head_teacher", "班主任"


class Targets(Part):
    """Which pairings a rule is about; every list left empty means no restriction."""

    kinds: list[PairingKind] = empty_list(title="结对类型")
    dimensions: list[Dimension] = empty_list(title="帮扶内容", description="结对的帮扶内容含其中之一即适用")
    pairings: list[Ref] = empty_list(title="指定结对")


# The kinds a count rule's ``select.kinds`` names depend on what it counts (``of``): the count rule sets this while
# its own fields are validated, so that 支教 is read as a kind of secondment and 示范课 as a kind of activity.
_COUNTING: ContextVar[Counting] = ContextVar("counting", default=Counting.ACTIVITIES)
KIND_ENUMS: dict[Counting, type[Labelled]] = {
    Counting.SECONDMENTS: SecondmentKind,
    Counting.STUDENTS: StudentKind,
    Counting.AWARDS: AwardKind,
    Counting.PERSON_PAIRINGS: PersonPairingKind,
}
_ACTIVITY_KIND = resolver("activity_kinds")


def _counted_kind(value: str, info: ValidationInfo) -> str:
    """A kind of what the rule counts: an activity kind from the vocabulary, or a fixed kind of the other records."""
    enum = KIND_ENUMS.get(_COUNTING.get())
    if enum is None:
        return _ACTIVITY_KIND(value, info)
    key = enum.key_of(value)
    if key not in enum._value2member_map_:
        raise PydanticCustomError("kind_choice", "not a kind of this record", {"choices": enum.choices()})
    return str(key)


CountedKind = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_counted_kind)]


class Selector(Part):
    """Which records count; every list left empty means no restriction."""

    kinds: list[CountedKind] = empty_list(
        title="类型",
        description="活动类型；计选派时为选派类型（支教……），计学生、获奖、个人结对时为它们的类别",
    )
    subjects: list[Subject] = empty_list(title="学科")
    dimensions: list[Dimension] = empty_list(title="帮扶内容", description="只用于活动")
    roles: list[Role] = empty_list(
        title="人员身份",
        description="参与（选派、获奖）人员须同时具备这些身份；按人数、人次计时只计这些人",
    )
    levels: list[AwardLevel] = empty_list(title="级别", description="只用于获奖和论文，如 [市级, 省级, 国家级]")


class Who(Part):
    """Whom a rule is about, person by person: every condition given must hold."""

    roles: list[Role] = empty_list(title="身份", description="须同时具备，如 [支援方人员, 校领导]")
    titles: list[Title] = empty_list(title="职称", description="其中之一")
    areas: list[Area] = empty_list(title="所在学校城乡类别", description="其中之一")
    age_below: Count | None = Field(
        None, ge=1, le=100, title="未满（周岁）", description="在统计期第一天的周岁，如 中青年教师 45"
    )
    paired_with: list[PersonPairingKind] = empty_list(
        title="有个人结对", description="统计期内结对了其中一类对象的人，如 [班级]、[困难户]"
    )
    seconded: Flag | None = Field(None, title="选派人员", description="true：只计统计期内有选派的人")

    @property
    def empty(self) -> bool:
        return not (self.roles or self.titles or self.areas or self.paired_with) and self.age_below is None


def _type_key(value: Any) -> Any:
    return RuleType.key_of(value)


class Rule(Record):
    """Fields every rule form shares. ``type`` (in each form) names the form."""

    FORMS: ClassVar[dict[str, type[Rule]]] = {}

    id: Id = Field(title="编号")
    title: Text = Field(title="名称")
    # Counting forms count per period; the per-person forms group their findings by it.
    period: PeriodUnit = Field(PeriodUnit.SCHOOL_YEAR, title="统计周期")
    clause: Text | None = Field(None, title="原文条款", description="规则所依据的文件原文")
    source_doc: Text | None = Field(None, title="依据文件")
    severity: Severity = Field(Severity.ERROR, title="级别", description="error（错误）或 warning（警告）")
    effective_from: Day | None = Field(None, title="生效日期")
    effective_to: Day | None = Field(None, title="失效日期")
    targets: Targets = Field(Targets(), title="适用结对")

    @classmethod
    def variant(cls, data: object) -> type[Record]:
        """The form the record's ``type`` names; an unknown or missing type gets a form that reports just that."""
        if isinstance(data, dict):
            form = cls.FORMS.get(str(_type_key(data.get("type"))))
            if form is not None:
                return form
        return UnknownRule


def _form(cls: type[Rule]) -> type[Rule]:
    Rule.FORMS[cls.model_fields["type"].default] = cls
    return cls


class UnknownRule(Rule):
    """Stands in when ``type`` is missing or unknown: validation then reports only the type."""

    model_config = ConfigDict(extra="ignore")

    type: RuleType = Field(title="规则类型")


@_form
class CountRule(Rule):
    """A quota: how many activities (人次, people, days, 元), secondments, students, awards or person pairings per
    period and scope, at least and/or at most."""

    type: Annotated[Literal["count"], BeforeValidator(_type_key)] = Field("count", title="规则类型")
    of: Counting = Field(
        Counting.ACTIVITIES, title="计数对象", description="活动（默认）、选派、学生、获奖和论文、个人结对"
    )
    per: Per = Field(Per.PAIRING, title="统计对象")
    who: Who | None = Field(None, title="人员范围", description="按人统计时对哪些人：不写表示所属结对的选派人员")
    select: Selector = Field(Selector(), title="计入的记录")
    measure: Measure | None = Field(
        None, title="计量", description="不写时：活动计次数，选派和学生计人数，获奖和个人结对计项数"
    )
    min: Number | None = Field(None, ge=0, title="最少")
    max: Number | None = Field(None, ge=0, title="最多")
    prorate: Flag = Field(True, title="按实际结对天数折算", description="结对在周期中途开始或结束时按天数折算")

    @model_validator(mode="wrap")
    @classmethod
    def _kinds_of(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        """``select.kinds`` are kinds of what ``of`` names (see ``_counted_kind``)."""
        of = Counting.key_of(data.get("of")) if isinstance(data, dict) else None
        token = _COUNTING.set(next((c for c in Counting if c.value == of), Counting.ACTIVITIES))
        try:
            return handler(data)
        finally:
            _COUNTING.reset(token)

    @model_validator(mode="after")
    def _bounds(self) -> Self:
        _check_bounds(self.min, self.max)
        return self

    @property
    def counts(self) -> Measure:
        """The measure in effect: as written, or the default of what is counted."""
        return self.measure or MEASURES[self.of][0]


def _check_bounds(low: Any, high: Any) -> None:
    if low is None and high is None:
        raise PydanticCustomError("rule_bounds", "应写出下限、上限或两者（give a minimum, a maximum or both）")
    if low is not None and high is not None and low > high:
        raise PydanticCustomError("rule_bounds", "下限大于上限（the minimum is above the maximum）")


class PopulationKind(Labelled):
    """Whom a ratio counts at a school."""

    TEACHERS = "teachers", "教师"
    EXCHANGED = "exchanged", "交流教师"
    STAFF_COUNT = "staff_count", "专任教师数"


class Population(Part):
    """A group of teachers counted for a ratio, from each school in scope."""

    of: PopulationKind = Field(
        title="人员范围",
        description="教师：人员记录中该校的教师；交流教师：本期有选派（交流）的该校教师；专任教师数：单位的 teachers",
    )
    kinds: list[SecondmentKind] = empty_list(title="选派类型", description="of 为 exchanged 时计入的类型，空表示全部")
    min_years_at_unit: Number | None = Field(None, ge=0, title="在本校任教满（年）")
    backbone: Flag | None = Field(None, title="骨干教师")


class RatioPer(Labelled):
    PROGRAMME = "programme", "全项目"
    SUPPORTER = "supporter", "每所支援学校"
    RECIPIENT = "recipient", "每所受援学校"
    UNIT = "unit", "每所学校", "every school"


@_form
class RatioRule(Rule):
    """A share: numerator ÷ denominator per school (or programme) and period, in percent."""

    type: Annotated[Literal["ratio"], BeforeValidator(_type_key)] = Field("ratio", title="规则类型")
    per: RatioPer = Field(RatioPer.UNIT, title="统计对象")
    numerator: Population = Field(title="分子")
    denominator: Population = Field(title="分母")
    min_percent: Number | None = Field(None, ge=0, title="最低比例（%）")
    max_percent: Number | None = Field(None, ge=0, title="最高比例（%）")

    @model_validator(mode="after")
    def _bounds(self) -> Self:
        _check_bounds(self.min_percent, self.max_percent)
        return self


class AgeLimits(Part):
    male: Count | None = Field(None, ge=1, le=100, title="男（未满周岁）")
    female: Count | None = Field(None, ge=1, le=100, title="女（未满周岁）")


_SECONDED = [SecondmentKind.TEACHING, SecondmentKind.ROTATION]


@_form
class EligibilityRule(Rule):
    """Who may be seconded, judged on the secondment's start date; volunteers may be exempt."""

    type: Annotated[Literal["eligibility"], BeforeValidator(_type_key)] = Field("eligibility", title="规则类型")
    kinds: list[SecondmentKind] = Field(_SECONDED, title="选派类型")
    age_below: AgeLimits | None = Field(None, title="年龄（未满）")
    rural_years_max: Number | None = Field(None, ge=0, title="农村教学经历不超过（年）")
    teaching_years_min: Number | None = Field(None, ge=0, title="教龄不少于（年）")
    titles: list[Title] = empty_list(title="职称限于")
    voluntary_exempt: Flag = Field(True, title="自愿者除外")


_LENGTH = re.compile(r"(?:(\d{1,3})\s*年)?\s*(?:(\d{1,4})\s*个?月)?\s*(?:又)?\s*(?:(\d{1,5})\s*天)?")


@total_ordering
@dataclass(frozen=True)
class Length:
    """A length of time in calendar terms: 1年, 10个月, 1年6个月, 90天."""

    years: int = 0
    months: int = 0
    days: int = 0

    def __str__(self) -> str:
        return words(self.years, self.months, self.days)

    @property
    def _key(self) -> tuple[int, int]:
        return self.years * 12 + self.months, self.days

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Length):
            return NotImplemented
        return self._key < other._key


def words(years: int, months: int, days: int) -> str:
    """1年, 11个月又30天, 1年2个月又3天, 0天: a length as a person says it."""
    parts = [f"{years}年"] * bool(years) + [f"{months}个月"] * bool(months)
    text = "、".join(parts)
    if days:
        text += f"又{days}天" if text else f"{days}天"
    return text or "0天"


def _length(value: Any) -> Any:
    if isinstance(value, Length):
        return value
    m = _LENGTH.fullmatch(value.strip()) if isinstance(value, str) else None
    if not m or not any(m.groups()):
        raise PydanticCustomError(
            "length_format", "应写成 1年、10个月、1年6个月 或 90天（a length such as 1年, 10个月 or 90天）"
        )
    return Length(*(int(g or 0) for g in m.groups()))


LengthText = Annotated[Length, BeforeValidator(_length), WithJsonSchema({"type": "string", "examples": ["1年"]})]


@_form
class DurationRule(Rule):
    """How long a secondment lasts, in calendar terms: a year runs from a date to the day before the same date a
    year later (2024-09-01 to 2025-08-31 is one year)."""

    type: Annotated[Literal["duration"], BeforeValidator(_type_key)] = Field("duration", title="规则类型")
    kinds: list[SecondmentKind] = Field(_SECONDED, title="选派类型")
    min: LengthText | None = Field(None, title="最短", description="如 1年、10个月、1年6个月、90天")
    max: LengthText | None = Field(None, title="最长", description="如 3年")

    @model_validator(mode="after")
    def _bounds(self) -> Self:
        _check_bounds(self.min, self.max)
        return self


_MONTH_DAY = re.compile(r"(\d{1,2})-(\d{1,2})")


def _month_day(value: Any) -> Any:
    m = _MONTH_DAY.fullmatch(value.strip()) if isinstance(value, str) else None
    # 2000 is a leap year, so 02-29 is accepted (it then means 28 February in other years).
    if m and 1 <= int(m[1]) <= 12 and 1 <= int(m[2]) <= calendar.monthrange(2000, int(m[1]))[1]:
        return f"{int(m[1]):02d}-{int(m[2]):02d}"
    raise PydanticCustomError("month_day", "应写成 月-日，例如 07-31（a month and day such as 07-31）")


MonthDay = Annotated[str, BeforeValidator(_month_day)]


class Deadlined(Labelled):
    SECONDMENTS = "secondments", "选派"
    PLANS = "plans", "工作方案"


@_form
class DeadlineRule(Rule):
    """Done by a day of the year (``by: 07-31``): a secondment selected by the last such day on or before its start;
    a pairing's 工作方案 for a school year filed by its due day (the plan's ``due``, else the last ``by`` on or
    before the school year starts)."""

    type: Annotated[Literal["deadline"], BeforeValidator(_type_key)] = Field("deadline", title="规则类型")
    of: Deadlined = Field(Deadlined.SECONDMENTS, title="对象", description="选派（默认）或 工作方案")
    kinds: list[SecondmentKind] = Field(_SECONDED, title="选派类型")
    by: MonthDay | None = Field(None, title="截止日（月-日）", description="例如 07-31；工作方案可按各自的 due")

    @model_validator(mode="after")
    def _by(self) -> Self:
        if self.by is None and self.of is Deadlined.SECONDMENTS:
            raise PydanticCustomError("deadline_by", "选派时限应写截止日 by（a deadline needs by）")
        return self


@_form
class MentorLoadRule(Rule):
    """师徒结对: how many mentees each mentor (or each teacher ``who`` names) coaches in the period, and whether
    mentors and mentees fit the profiles the rule gives."""

    type: Annotated[Literal["mentor_load"], BeforeValidator(_type_key)] = Field("mentor_load", title="规则类型")
    min: Count | None = Field(None, ge=0, title="最少徒弟数")
    max: Count | None = Field(None, ge=0, title="最多徒弟数")
    who: Who | None = Field(
        None, title="应带徒弟的人", description="这些人每人都要带徒弟（没有徒弟的也检查）；不写表示每名导师"
    )
    mentor: Who | None = Field(
        None, title="导师条件", description="如 中级职称以上：titles [一级教师, 高级教师, 正高级教师]"
    )
    mentee: Who | None = Field(None, title="徒弟条件", description="如 农村青年教师：areas [乡镇, 农村]，age_below 35")

    @model_validator(mode="after")
    def _bounds(self) -> Self:
        _check_bounds(self.min, self.max)
        return self


@_form
class TitlePrerequisiteRule(Rule):
    """Teachers of the given areas holding the given titles need enough rural service."""

    type: Annotated[Literal["title_prerequisite"], BeforeValidator(_type_key)] = Field(
        "title_prerequisite", title="规则类型"
    )
    titles: list[Title] = empty_list(title="职称", description="空表示词表中所有高级职称")
    areas: list[Area] = Field([Area.URBAN], title="所在学校城乡类别")
    min_rural_years: Number = Field(1, ge=0, title="农村学校工作经历不少于（年）")


@_form
class MatchingRule(Rule):
    """对等交流: a pairing's schools send each other as many teachers of each subject as they receive."""

    type: Annotated[Literal["matching"], BeforeValidator(_type_key)] = Field("matching", title="规则类型")
    kinds: list[SecondmentKind] = Field([SecondmentKind.ROTATION], title="选派类型")
    by_subject: Flag = Field(True, title="按学科对应", description="true：每个学科派出与派入人数相等")


@_form
class CoverageRule(Rule):
    """部门全覆盖: every department named is exchanged at least once in the period (``lifetime``: the pairing's)."""

    type: Annotated[Literal["coverage"], BeforeValidator(_type_key)] = Field("coverage", title="规则类型")
    period: PeriodUnit = Field(PeriodUnit.LIFETIME, title="统计周期")
    departments: list[Text] = Field(min_length=1, title="部门", description="如 [办公室, 教务处, 德育处, 总务处]")
    kinds: list[SecondmentKind] = Field([SecondmentKind.SHADOWING, SecondmentKind.ATTACHMENT], title="选派类型")


@_form
class AgreementRule(Rule):
    """签订协议: each pairing has a signed agreement (an ``agreements`` record naming it), in time if ``within``."""

    type: Annotated[Literal["agreement"], BeforeValidator(_type_key)] = Field("agreement", title="规则类型")
    within: LengthText | None = Field(
        None, title="签订时限", description="结对开始后多久内签订，如 1个月；不写表示只要签订了协议"
    )


RULE_FORMS = tuple(Rule.FORMS.values())


class Waiver(Record):
    """An approved exemption from a rule for one scope (or all) over a span of time; shown, never hidden."""

    id: Id | None = Field(None, title="编号")
    rule: Ref = Field(title="规则")
    scope: Text | None = Field(
        None, title="对象", description="结对、单位或人员的编号；结对×学科写成 结对编号/学科；空表示全部"
    )
    from_day: Day = Field(alias="from", title="起始日期")
    to_day: Day = Field(alias="to", title="截止日期")
    reason: Text = Field(title="理由")
    approver: Text = Field(title="批准人（单位）")
    approved_on: Day | None = Field(None, title="批准日期")
    expires: Day | None = Field(None, title="有效期至", description="此日之后的检查不再适用该豁免")
