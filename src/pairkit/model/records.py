"""The record kinds, as Pydantic schemas. Unknown keys are rejected; every field carries its Chinese title.

Cross-record facts (IDs exist, dates agree) are not checked here but in ``pairkit.check``: a schema only knows
one record.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from pairkit.diagnostics import Source
from pairkit.model.fields import Count, Day, Flag, Id, IdNumber, Labelled, Money, Number, Phone, Ref, Text, empty_list
from pairkit.model.vocab import ActivityKind, Dimension, Subject, Title


class Record(BaseModel):
    """Base of every record: immutable, strict about keys, and aware of where it was written."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # Where the record was written. Kept beside the fields, not as a pydantic private attribute: that one's set-up
    # for every new instance (a deep copy of its default) cost twice as much as validating the record itself.
    _source: ClassVar[Source] = Source("<memory>")

    @property
    def source(self) -> Source:
        return self._source

    def located(self, source: Source) -> Self:
        object.__setattr__(self, "_source", source)  # the fields are frozen; the source is not one of them
        return self

    @classmethod
    def variant(cls, data: object) -> type[Record]:
        """The schema that validates ``data``: this one, or for a family of forms (rules) the one ``type`` names."""
        return cls


class Part(BaseModel):
    """A block nested inside a record (an assessment, an allowance, a donated item)."""

    model_config = ConfigDict(frozen=True, extra="forbid")


# --- units ------------------------------------------------------------------------------------------------------


class UnitKind(Labelled):
    SCHOOL = "school", "学校"
    HEALTH_CENTRE = "health_centre", "卫生院"
    VILLAGE_BRANCH = "village_branch", "村党支部"
    BUREAU = "bureau", "机关单位"
    OTHER = "other", "其他单位"


class Area(Labelled):
    URBAN = "urban", "城区"
    TOWN = "town", "乡镇"
    RURAL = "rural", "农村"


class SchoolLevel(Labelled):
    KINDERGARTEN = "kindergarten", "幼儿园"
    PRIMARY = "primary", "小学"
    JUNIOR = "junior", "初中"
    SENIOR = "senior", "高中"
    COMPLETE = "complete", "完全中学"
    NINE_YEAR = "nine_year", "九年一贯制学校"
    VOCATIONAL = "vocational", "职业学校"


SchoolCode = Annotated[str, StringConstraints(pattern=r"^\d{10}$")]


class Unit(Record):
    """A school or another organisation taking part: health centre, village party branch, bureau."""

    id: Id = Field(title="编号")
    name: Text = Field(title="名称")
    short_name: Text | None = Field(None, title="简称")
    kind: UnitKind = Field(UnitKind.SCHOOL, title="单位类别")
    level: SchoolLevel | None = Field(None, title="学段")
    area: Area = Field(title="城乡类别")
    county: Text | None = Field(None, title="所在县（市、区）")
    township: Text | None = Field(None, title="所在乡镇")
    code: SchoolCode | None = Field(None, title="学校标识码", description="10 位数字，写成带引号的文字")
    teachers: Count | None = Field(None, ge=0, title="专任教师数")

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


# --- people -----------------------------------------------------------------------------------------------------


class Gender(Labelled):
    MALE = "male", "男"
    FEMALE = "female", "女"


class Backbone(Labelled):
    SCHOOL = "school", "校级骨干教师"
    COUNTY = "county", "县级骨干教师"
    CITY = "city", "市级骨干教师"
    PROVINCE = "province", "省级骨干教师"


class PoliticalStatus(Labelled):
    """政治面貌, in the order forms list them."""

    PARTY_MEMBER = "party_member", "中共党员"
    PROBATIONARY = "probationary", "中共预备党员"
    LEAGUE_MEMBER = "league_member", "共青团员"
    DEMOCRATIC_PARTY = "democratic_party", "民主党派成员"
    NON_PARTY = "non_party", "无党派人士"
    MASSES = "masses", "群众"

    @property
    def in_party(self) -> bool:
        return self in (PoliticalStatus.PARTY_MEMBER, PoliticalStatus.PROBATIONARY)


class Person(Record):
    """A teacher, head, doctor or official who takes part."""

    id: Id = Field(title="编号")
    name: Text = Field(title="姓名")
    gender: Gender = Field(title="性别")
    birth_date: Day | None = Field(None, title="出生日期")
    unit: Ref = Field(title="所在单位")
    position: Text | None = Field(None, title="职务")
    title: Title | None = Field(None, title="职称")
    subjects: list[Subject] = empty_list(title="任教学科")
    backbone: Backbone | None = Field(None, title="骨干教师级别")
    political_status: PoliticalStatus | None = Field(None, title="政治面貌")
    party_member: Flag | None = Field(
        None, title="中共党员", description="旧写法，仍然可用；写 political_status 更完整"
    )
    rural_years: Number = Field(0, ge=0, title="农村学校任教年限")
    teaching_since: Day | None = Field(None, title="参加教学工作时间")
    joined_unit: Day | None = Field(None, title="到现单位工作时间")
    id_number: IdNumber | None = Field(
        None, title="身份证号", description="18 位，末位可能是 X；只在加 --personal 的任教情况表、台账和列表中显示"
    )
    phone: Phone | None = Field(
        None, title="联系电话", description="手机号码或带区号的固定电话；只在加 --personal 的输出中显示"
    )

    @model_validator(mode="after")
    def _one_status(self) -> Self:
        status, flag = self.political_status, self.party_member
        if status is not None and flag is not None and flag != status.in_party:
            raise PydanticCustomError("political_conflict", "party_member contradicts political_status")
        return self

    @property
    def status(self) -> PoliticalStatus | None:
        """政治面貌 as written, or 中共党员 from the older ``party_member: true``; None when not known."""
        if self.political_status is not None:
            return self.political_status
        return PoliticalStatus.PARTY_MEMBER if self.party_member else None

    @property
    def in_party(self) -> bool:
        status = self.status
        return status is not None and status.in_party


# --- pairings ---------------------------------------------------------------------------------------------------


class PairingKind(Labelled):
    SUPPORT = "support", "结对帮扶"
    COMMUNITY = "community", "发展共同体"
    JOINT_BUILDING = "joint_building", "结对共建"


class Pairing(Record):
    """One supporter and its recipients; for a community, the core school and its members."""

    id: Id = Field(title="编号")
    name: Text | None = Field(None, title="名称")
    kind: PairingKind = Field(PairingKind.SUPPORT, title="结对类型")
    supporter: Ref = Field(title="支援学校（核心校）")
    recipients: list[Ref] = Field(min_length=1, title="受援学校（成员校）")
    dimensions: list[Dimension] = empty_list(title="帮扶内容")
    subjects: list[Subject] = empty_list(title="帮扶学科")
    focus: Text | None = Field(None, title="侧重", description="例如 理科、文科")
    start: Day = Field(title="开始日期")
    end: Day | None = Field(None, title="结束日期", description="空表示长期")
    agreement: Text | None = Field(None, title="协议文件")

    def active_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


# --- secondments ------------------------------------------------------------------------------------------------


class SecondmentKind(Labelled):
    TEACHING = "teaching", "支教"
    ROTATION = "rotation", "交流轮岗"
    SHADOWING = "shadowing", "跟岗学习"
    ATTACHMENT = "attachment", "挂职"


class AssessmentResult(Labelled):
    EXCELLENT = "excellent", "优秀"
    QUALIFIED = "qualified", "合格"
    BASIC = "basic", "基本合格"
    UNQUALIFIED = "unqualified", "不合格"


class Assessment(Part):
    school_year: Count = Field(ge=1990, le=2100, title="学年", description="学年开始的年份：2024 表示 2024—2025 学年")
    result: AssessmentResult = Field(title="考核结果")
    note: Text | None = Field(None, title="备注")


class AllowanceKind(Labelled):
    LIVING = "living", "生活补助"
    BEDDING = "bedding", "被褥置办费"
    TRAVEL = "travel", "差旅补助"
    TRANSPORT = "transport", "交通补助"
    OTHER = "other", "其他补助"


class Allowance(Part):
    kind: AllowanceKind = Field(title="补助类别")
    amount: Money = Field(title="金额（元）", description="每月或每次的金额")
    months: Count = Field(1, ge=1, title="月数（次数）")
    note: Text | None = Field(None, title="备注")

    @property
    def total(self) -> float:
        return self.amount * self.months


class Secondment(Record):
    """A teacher working away from the home unit: 支教, 交流轮岗, 跟岗学习 or 挂职."""

    id: Id = Field(title="编号")
    person: Ref = Field(title="人员")
    kind: SecondmentKind = Field(SecondmentKind.TEACHING, title="类型")
    from_unit: Ref | None = Field(None, alias="from", title="派出单位", description="空表示人员的所在单位")
    to: Ref = Field(title="接收单位")
    pairing: Ref | None = Field(None, title="所属结对")
    start: Day = Field(title="开始日期")
    end: Day = Field(title="结束日期")
    batch: Text | None = Field(None, title="批次")
    selected_on: Day | None = Field(None, title="选派确定日期")
    voluntary: Flag = Field(False, title="自愿报名", description="自愿支教者不受年龄等条件限制")
    subjects: list[Subject] = empty_list(title="任教学科")
    assessments: list[Assessment] = empty_list(title="年度考核")
    allowances: list[Allowance] = empty_list(title="补助")
    note: Text | None = Field(None, title="备注")


# --- activities -------------------------------------------------------------------------------------------------


class Activity(Record):
    """Something done under a pairing on a day: a lecture, a demonstration lesson, a meeting, a free clinic."""

    id: Id | None = Field(None, title="编号")
    date: Day = Field(title="日期")
    days: Count = Field(1, ge=1, le=366, title="天数")
    pairing: Ref = Field(title="所属结对")
    kind: ActivityKind = Field(title="活动类型")
    subject: Subject | None = Field(None, title="学科")
    dimension: Dimension | None = Field(None, title="帮扶内容", description="空表示按活动类型的默认归类")
    title: Text = Field(title="主题")
    people: list[Ref] = empty_list(title="参与人员")
    attendance: Count | None = Field(None, ge=0, le=100_000, title="参与人次", description="空表示按参与人员人数计")
    location: Text | None = Field(None, title="地点")
    evidence: list[Text] = empty_list(title="佐证材料")
    highlight: Text | None = Field(
        None, title="典型活动", description="写一句话概括成效，报告“主要做法和成效”优先举这项活动为例"
    )
    note: Text | None = Field(None, title="备注")

    @property
    def person_times(self) -> int:
        """人次: the stated attendance, else one per person named."""
        return self.attendance if self.attendance is not None else len(self.people)


# --- donations --------------------------------------------------------------------------------------------------


class Item(Part):
    name: Text = Field(title="物品")
    quantity: Number = Field(gt=0, title="数量")
    unit: Text | None = Field(None, title="计量单位", description="例如 套、台、册")
    unit_value: Money = Field(title="单价（元）")

    @property
    def value(self) -> float:
        return self.quantity * self.unit_value


class Donation(Record):
    """Money and goods given by one unit to another."""

    id: Id | None = Field(None, title="编号")
    date: Day = Field(title="日期")
    donor: Ref = Field(title="捐赠单位")
    recipient: Ref = Field(title="受赠单位")
    pairing: Ref | None = Field(None, title="所属结对")
    title: Text | None = Field(None, title="事由")
    cash: Money = Field(0, title="资金（元）")
    items: list[Item] = empty_list(title="物资")
    note: Text | None = Field(None, title="备注")

    @model_validator(mode="after")
    def _something(self) -> Self:
        if not self.cash and not self.items:
            raise PydanticCustomError("donation_empty", "a donation needs cash or items")
        return self

    @property
    def goods_value(self) -> float:
        return sum(item.value for item in self.items)


# --- mentorships ------------------------------------------------------------------------------------------------


class Mentorship(Record):
    """师徒结对: one mentor and the young teachers they coach."""

    id: Id | None = Field(None, title="编号")
    mentor: Ref = Field(title="导师")
    mentees: list[Ref] = Field(min_length=1, title="徒弟")
    pairing: Ref | None = Field(None, title="所属结对")
    subject: Subject | None = Field(None, title="学科")
    start: Day = Field(title="开始日期")
    end: Day | None = Field(None, title="结束日期")


# --- plans ------------------------------------------------------------------------------------------------------


class Plan(Record):
    """下一步工作打算: one thing the programme means to do in a coming school year (section 五 of the report)."""

    id: Id | None = Field(None, title="编号")
    school_year: Count = Field(
        ge=1990, le=2100, title="计划学年", description="计划实施的学年：2026 表示 2026—2027 学年"
    )
    pairing: Ref | None = Field(None, title="所属结对", description="空表示全县（全项目）")
    dimension: Dimension | None = Field(None, title="帮扶内容")
    text: Text = Field(title="内容")
