"""Rules and waivers: the programme's obligations as small declarative forms, one schema per rule ``type``.

A rule file lists forms such as ``type: count`` (a quota) or ``type: eligibility`` (who may be seconded); the
``type`` picks the schema (``Rule.variant``), so a typo in a field is reported against that form, with its line.
How each form is evaluated is in ``pairkit.rules`` and docs/rules.md.
"""

from __future__ import annotations

import calendar
import re
from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from pairkit.model.fields import Count, Day, Flag, Id, Labelled, Number, Ref, Text, empty_list
from pairkit.model.records import Area, PairingKind, Part, Record, SecondmentKind
from pairkit.model.vocab import ActivityKind, Dimension, Subject, Title


class Severity(Labelled):
    ERROR = "error", "错误"
    WARNING = "warning", "警告"


class RuleType(Labelled):
    COUNT = "count", "数量指标"
    RATIO = "ratio", "比例指标"
    ELIGIBILITY = "eligibility", "选派条件"
    DURATION = "duration", "选派期限"
    DEADLINE = "deadline", "选派时限"
    MENTOR_LOAD = "mentor_load", "师徒结对人数"
    TITLE_PREREQUISITE = "title_prerequisite", "职称评聘条件"


class PeriodUnit(Labelled):
    MONTH = "month", "月"
    TERM = "term", "学期"
    SCHOOL_YEAR = "school_year", "学年"
    CALENDAR_YEAR = "calendar_year", "自然年"
    LIFETIME = "lifetime", "结对期间"


class Per(Labelled):
    PROGRAMME = "programme", "全项目"
    PAIRING = "pairing", "每个结对"
    PAIRING_SUBJECT = "pairing_subject", "每个结对每学科"
    SUPPORTER = "supporter", "每所支援学校"
    RECIPIENT = "recipient", "每所受援学校"
    PERSON = "person", "每名选派人员"


class Measure(Labelled):
    ACTIVITIES = "activities", "次"
    PERSON_TIMES = "person_times", "人次"
    PEOPLE = "people", "人"
    DAYS = "days", "天"
    MONEY = "money", "元"


class Role(Labelled):
    SUPPORTER = "supporter", "支援方人员"
    RECIPIENT = "recipient", "受援方人员"
    BACKBONE = "backbone", "骨干教师"
    SENIOR = "senior", "高级职称"
    PARTY_MEMBER = "party_member", "党员"


class Targets(Part):
    """Which pairings a rule is about; every list left empty means no restriction."""

    kinds: list[PairingKind] = empty_list(title="结对类型")
    dimensions: list[Dimension] = empty_list(title="帮扶内容", description="结对的帮扶内容含其中之一即适用")
    pairings: list[Ref] = empty_list(title="指定结对")


class Selector(Part):
    """Which activities count; every list left empty means no restriction."""

    kinds: list[ActivityKind] = empty_list(title="活动类型")
    subjects: list[Subject] = empty_list(title="学科")
    dimensions: list[Dimension] = empty_list(title="帮扶内容")
    roles: list[Role] = Field(
        [], title="人员身份", description="参与人员须同时具备这些身份；按人数、人次计时只计这些人"
    )


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
    """A quota: how many activities (人次, people, days, 元) per period and scope, at least and/or at most."""

    type: Annotated[Literal["count"], BeforeValidator(_type_key)] = Field("count", title="规则类型")
    per: Per = Field(Per.PAIRING, title="统计对象")
    select: Selector = Field(Selector(), title="计入的活动")
    measure: Measure = Field(Measure.ACTIVITIES, title="计量")
    min: Number | None = Field(None, ge=0, title="最少")
    max: Number | None = Field(None, ge=0, title="最多")
    prorate: Flag = Field(True, title="按实际结对天数折算", description="结对在周期中途开始或结束时按天数折算")

    @model_validator(mode="after")
    def _bounds(self) -> Self:
        _check_bounds(self.min, self.max)
        return self


def _check_bounds(low: float | None, high: float | None) -> None:
    if low is None and high is None:
        raise PydanticCustomError("rule_bounds", "应写出下限、上限或两者（give a minimum, a maximum or both）")
    if low is not None and high is not None and low > high:
        raise PydanticCustomError("rule_bounds", "下限大于上限（the minimum is above the maximum）")


class Population(Part):
    """A group of teachers counted for a ratio, from each school in scope."""

    of: Literal["teachers", "exchanged", "staff_count"] = Field(
        title="人员范围",
        description="teachers：人员记录中该校教师；exchanged：本期有交流（选派）的该校教师；staff_count：单位的专任教师数",
    )
    kinds: list[SecondmentKind] = empty_list(title="选派类型", description="of 为 exchanged 时计入的类型，空表示全部")
    min_years_at_unit: Number | None = Field(None, ge=0, title="在本校任教满（年）")
    backbone: Flag | None = Field(None, title="骨干教师")


@_form
class RatioRule(Rule):
    """A share: numerator ÷ denominator per school (or programme) and period, in percent."""

    type: Annotated[Literal["ratio"], BeforeValidator(_type_key)] = Field("ratio", title="规则类型")
    per: Literal["programme", "supporter", "recipient", "unit"] = Field("unit", title="统计对象")
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


@_form
class DurationRule(Rule):
    """How long a secondment lasts, in months (a month is 1/12 of a year: days × 12 ÷ 365.25)."""

    type: Annotated[Literal["duration"], BeforeValidator(_type_key)] = Field("duration", title="规则类型")
    kinds: list[SecondmentKind] = Field(_SECONDED, title="选派类型")
    min_months: Number | None = Field(None, ge=0, title="最短（月）")
    max_months: Number | None = Field(None, ge=0, title="最长（月）")

    @model_validator(mode="after")
    def _bounds(self) -> Self:
        _check_bounds(self.min_months, self.max_months)
        return self


_MONTH_DAY = re.compile(r"(\d{1,2})-(\d{1,2})")


def _month_day(value: Any) -> Any:
    m = _MONTH_DAY.fullmatch(value.strip()) if isinstance(value, str) else None
    # 2000 is a leap year, so 02-29 is accepted (it then means 28 February in other years).
    if m and 1 <= int(m[1]) <= 12 and 1 <= int(m[2]) <= calendar.monthrange(2000, int(m[1]))[1]:
        return f"{int(m[1]):02d}-{int(m[2]):02d}"
    raise PydanticCustomError("month_day", "应写成 月-日，例如 07-31（a month and day such as 07-31）")


MonthDay = Annotated[str, BeforeValidator(_month_day)]


@_form
class DeadlineRule(Rule):
    """Selection finished by a day of the year (``by: 07-31``): the last such day on or before the start."""

    type: Annotated[Literal["deadline"], BeforeValidator(_type_key)] = Field("deadline", title="规则类型")
    kinds: list[SecondmentKind] = Field(_SECONDED, title="选派类型")
    by: MonthDay = Field(title="截止日（月-日）", description="例如 07-31")


@_form
class MentorLoadRule(Rule):
    """师徒结对: how many mentees each mentor coaches in the period."""

    type: Annotated[Literal["mentor_load"], BeforeValidator(_type_key)] = Field("mentor_load", title="规则类型")
    min: Count | None = Field(None, ge=0, title="最少徒弟数")
    max: Count | None = Field(None, ge=0, title="最多徒弟数")

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


RULE_FORMS = (CountRule, RatioRule, EligibilityRule, DurationRule, DeadlineRule, MentorLoadRule, TitlePrerequisiteRule)
# For JSON Schema export: the forms as one union told apart by ``type``.
RuleSpec = Annotated[
    CountRule | RatioRule | EligibilityRule | DurationRule | DeadlineRule | MentorLoadRule | TitlePrerequisiteRule,
    Field(discriminator="type"),
]


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
