"""The record kinds, as Pydantic schemas. Unknown keys are rejected; every field carries its Chinese title.

Cross-record facts (IDs exist, dates agree) are not checked here but in ``pairkit.check``: a schema only knows
one record.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, ClassVar, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from pairkit.diagnostics import Source
from pairkit.model.fields import (
    Count,
    Day,
    Flag,
    Id,
    IdNumber,
    Labelled,
    Money,
    Number,
    Phone,
    Ref,
    Text,
    empty_list,
    full_years,
)
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


class Post(Labelled):
    """职务类别: what a rule selects people by (校领导, 中层干部 …); ``position`` stays the title as written."""

    PRINCIPAL = "principal", "校长"
    VICE_PRINCIPAL = "vice_principal", "副校长"
    PARTY_SECRETARY = "party_secretary", "党组织书记"
    MIDDLE_MANAGER = "middle_manager", "中层干部"
    HEAD_TEACHER = "head_teacher", "班主任"
    GROUP_LEADER = "group_leader", "教研组长"


# 校领导: the school's leadership (seed 000 "校领导每人结1户穷亲").
LEADERS = frozenset({Post.PRINCIPAL, Post.VICE_PRINCIPAL, Post.PARTY_SECRETARY})
_MIDDLE = re.compile(r"(处|室|办公室|中心|部)(副)?主任$")


def posts_of(position: str | None) -> frozenset[Post]:
    """The posts a ``position`` as written names, when ``posts`` is not given: 校长, 副校长 and the other labels
    exactly; …书记 (党支部书记, 党总支书记) is 党组织书记; …处主任, …室主任 (教务处副主任) is 中层干部;
    …教研组长 is 教研组长. Anything else names no post."""
    text = (position or "").strip()
    found = {post for post in Post if text == post.label}
    if text.endswith("书记") and not text.endswith("副书记"):
        found.add(Post.PARTY_SECRETARY)
    if _MIDDLE.search(text):
        found.add(Post.MIDDLE_MANAGER)
    if text.endswith("教研组长"):
        found.add(Post.GROUP_LEADER)
    return frozenset(found)


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
    position: Text | None = Field(None, title="职务", description="如 副校长、教务处主任，照实际写")
    posts: list[Post] = empty_list(
        title="职务类别",
        description="规则按它选人（校领导、中层干部……）；不写时按职务推断：校长、副校长、…书记、…处主任、…教研组长",
    )
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

    @property
    def post_set(self) -> frozenset[Post]:
        """The posts as written, else as the ``position`` names them."""
        return frozenset(self.posts) if self.posts else posts_of(self.position)

    def age_on(self, day: date) -> int | None:
        """Completed years on ``day`` (reached on the birthday; 29 February: on 1 March); None without a birth date."""
        return None if self.birth_date is None else full_years(self.birth_date, day)


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

    def active_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


# --- secondments ------------------------------------------------------------------------------------------------


class SecondmentKind(Labelled):
    TEACHING = "teaching", "支教"
    ROTATION = "rotation", "交流轮岗"
    SHADOWING = "shadowing", "跟岗学习"
    ATTACHMENT = "attachment", "挂职"


class AssessmentResult(Labelled):
    """年度考核结果: teachers are rated 优秀/合格/基本合格/不合格, cadres and some programmes 称职/基本称职/不称职."""

    EXCELLENT = "excellent", "优秀"
    QUALIFIED = "qualified", "合格"
    BASIC = "basic", "基本合格"
    UNQUALIFIED = "unqualified", "不合格"
    COMPETENT = "competent", "称职"
    BASICALLY_COMPETENT = "basically_competent", "基本称职"
    INCOMPETENT = "incompetent", "不称职"


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
    department: Text | None = Field(
        None, title="交流部门", description="中层干部跟班、挂职时到对方学校的哪个部门，如 教务处"
    )
    assessments: list[Assessment] = empty_list(title="年度考核")
    allowances: list[Allowance] = empty_list(title="补助")
    note: Text | None = Field(None, title="备注")


# --- activities -------------------------------------------------------------------------------------------------


class Activity(Record):
    """Something done on a day: a lecture, a demonstration lesson, a meeting, a free clinic. Under a pairing, or
    for the whole programme (a county mobilisation meeting, a send-off) when ``pairing`` is left out."""

    id: Id | None = Field(None, title="编号")
    date: Day = Field(title="日期")
    days: Count = Field(1, ge=1, le=366, title="天数")
    pairing: Ref | None = Field(None, title="所属结对", description="空表示全县（全项目）的活动，如动员会、欢送会")
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
    unit_value: Money | None = Field(
        None, title="单价（元）", description="空表示未折价：按数量统计，不计入金额（不当作 0 元）"
    )

    @property
    def valued(self) -> bool:
        return self.unit_value is not None

    @property
    def value(self) -> float:
        """数量 × 单价; 0 for goods without a stated value, which sums leave out and reports name apart."""
        return self.quantity * self.unit_value if self.unit_value is not None else 0.0


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
        """The value of the goods that have one; goods without a stated value are counted apart (``unvalued``)."""
        return sum(item.value for item in self.items if item.valued)

    @property
    def unvalued(self) -> list[Item]:
        return [item for item in self.items if not item.valued]


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


class PlanKind(Labelled):
    TASK = "task", "工作打算"
    SCHEME = "scheme", "工作方案"


class Plan(Record):
    """A plan for a coming school year: a 工作打算 (one thing to do, section 五 of the report) or a 工作方案 (the
    year's written scheme, due by a date and filed with the bureau: "8月份完成年度工作方案并送教育局备案")."""

    id: Id | None = Field(None, title="编号")
    kind: PlanKind = Field(PlanKind.TASK, title="类别", description="工作打算（默认，写进报告第五部分）或 工作方案")
    school_year: Count = Field(
        ge=1990, le=2100, title="计划学年", description="计划实施的学年：2026 表示 2026—2027 学年"
    )
    pairing: Ref | None = Field(None, title="所属结对", description="空表示全县（全项目）")
    dimension: Dimension | None = Field(None, title="帮扶内容")
    text: Text = Field(title="内容", description="工作方案写方案名称")
    due: Day | None = Field(None, title="应完成日期", description="不写时按规则的截止日（by）")
    filed_on: Day | None = Field(None, title="备案日期", description="送教育局备案的日期；空表示尚未备案")
    file: Text | None = Field(None, title="文件", description="方案文件在记录仓库中的路径")


# --- the leadership group ---------------------------------------------------------------------------------------


class Contact(Part):
    person: Ref = Field(title="联络人")
    duty: Text | None = Field(None, title="负责事项", description="如 校际联络和活动安排")
    phone: Phone | None = Field(
        None, title="联系电话", description="个人信息：报告中遮盖中间四位，生成报告时加 --personal 才完整显示"
    )


class Group(Record):
    """领导小组: who leads the work (组长, 副组长, 成员), where its office sits and who keeps in touch."""

    id: Id = Field(title="编号")
    name: Text = Field(title="名称", description="如 云溪县城乡学校结对帮扶工作领导小组")
    unit: Ref | None = Field(None, title="成立单位")
    pairing: Ref | None = Field(None, title="所属结对", description="空表示全县（全项目）的领导小组")
    established: Day | None = Field(None, title="成立日期")
    document: Text | None = Field(None, title="成立文件", description="文号或文件名")
    leaders: list[Ref] = Field(min_length=1, title="组长")
    deputies: list[Ref] = empty_list(title="副组长")
    members: list[Ref] = empty_list(title="成员")
    office: Text | None = Field(None, title="办公室", description="领导小组办公室设在哪里，如 县教育局人事股")
    contacts: list[Contact] = empty_list(title="联络人")
    note: Text | None = Field(None, title="备注")


# --- students received, aided or trained ------------------------------------------------------------------------


class StudentKind(Labelled):
    RECEIVED = "received", "接收就读"
    AIDED = "aided", "资助"
    ACTIVIST = "activist", "入党积极分子"


class Student(Record):
    """Students a unit received to study, aided, or trained as 入党积极分子: one student or a cohort."""

    id: Id | None = Field(None, title="编号")
    date: Day = Field(title="日期", description="接收入学、资助或确定培养的日期")
    kind: StudentKind = Field(title="类别")
    count: Count = Field(1, ge=1, le=100_000, title="人数")
    name: Text | None = Field(None, title="学生姓名", description="一名学生时可写")
    cohort: Text | None = Field(None, title="年级", description="如 2012级、高一年级")
    unit: Ref = Field(title="承担单位", description="接收、资助或培养学生的单位")
    origin: Text | None = Field(None, title="生源", description="学生来自的学校或地区")
    pairing: Ref | None = Field(None, title="所属结对")
    person: Ref | None = Field(None, title="负责人", description="培养联系人或资助人")
    title: Text | None = Field(None, title="事由", description="如 免除学杂费、汽修专业就读")
    note: Text | None = Field(None, title="备注")


# --- awards and papers ------------------------------------------------------------------------------------------


class AwardKind(Labelled):
    PAPER = "paper", "论文"
    LESSON = "lesson", "优质课"
    HONOUR = "honour", "表彰"
    CONTEST = "contest", "竞赛"


class AwardLevel(Labelled):
    SCHOOL = "school", "校级"
    COUNTY = "county", "县级"
    CITY = "city", "市级"
    PROVINCE = "province", "省级"
    NATIONAL = "national", "国家级"


class AwardOutcome(Labelled):
    AWARDED = "awarded", "获奖"
    PUBLISHED = "published", "发表"
    PRESENTED = "presented", "交流"


class Award(Record):
    """An award, an honour or a paper (获奖、交流或发表) of people or a unit taking part."""

    id: Id | None = Field(None, title="编号")
    date: Day = Field(title="日期")
    kind: AwardKind = Field(title="类别")
    level: AwardLevel = Field(title="级别")
    outcome: AwardOutcome = Field(AwardOutcome.AWARDED, title="结果", description="获奖（默认）、发表或交流")
    title: Text = Field(title="名称", description="论文题目、奖项或荣誉称号")
    grade: Text | None = Field(None, title="等次", description="如 一等奖")
    people: list[Ref] = empty_list(title="获奖人员")
    unit: Ref = Field(title="所在单位")
    pairing: Ref | None = Field(None, title="所属结对")
    issuer: Text | None = Field(None, title="颁发单位", description="或发表的刊物")
    evidence: list[Text] = empty_list(title="佐证材料")
    note: Text | None = Field(None, title="备注")


# --- agreements -------------------------------------------------------------------------------------------------


class Agreement(Record):
    """结对帮扶协议: signed for one or more pairings (one county document may cover several)."""

    id: Id = Field(title="编号")
    pairings: list[Ref] = Field(min_length=1, title="适用结对")
    title: Text = Field(title="名称")
    number: Text | None = Field(None, title="文号")
    signed_on: Day = Field(title="签订日期")
    file: Text | None = Field(None, title="协议文件", description="在记录仓库中的路径，如 files/协议/2024-一中二中.pdf")
    note: Text | None = Field(None, title="备注")


# --- a person paired with a class, a household or a student -------------------------------------------------------


class PersonPairingKind(Labelled):
    CLASS = "class", "班级"
    HOUSEHOLD = "household", "困难户"
    PARTY_MEMBER = "party_member", "困难党员"
    STUDENT = "student", "困难学生"


class PersonPairing(Record):
    """个人结对: a party member with a class, a leader with a poor household, a poor party member or a student."""

    id: Id | None = Field(None, title="编号")
    person: Ref = Field(title="结对人")
    kind: PersonPairingKind = Field(title="结对对象类别")
    target: Text = Field(title="结对对象", description="班级名称、户主姓名或学生姓名")
    unit: Ref | None = Field(None, title="对象所在单位", description="班级所在学校、农户所在村等")
    pairing: Ref | None = Field(None, title="所属结对")
    start: Day = Field(title="开始日期")
    end: Day | None = Field(None, title="结束日期")
    note: Text | None = Field(None, title="备注")
