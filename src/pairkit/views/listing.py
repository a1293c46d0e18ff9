"""`pairkit list KIND`: records of one kind as rows of names and labels, filtered, with their totals.

Which activities, secondments, donations, mentorships and pairings belong to a period and a pairing is decided by
``report.figures.select``, the selection the report counts with: `list activities --pairing X --year 2025` lists
exactly the activities the report of that pairing and year counts. The other filters narrow that selection.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pairkit.messages import Lang
from pairkit.model import Records
from pairkit.model.fields import FIRST_DAY, LAST_DAY, Labelled
from pairkit.model.periods import Period
from pairkit.model.records import (
    Activity,
    Agreement,
    Award,
    AwardKind,
    Donation,
    Group,
    Mentorship,
    Pairing,
    Person,
    PersonPairing,
    PersonPairingKind,
    Record,
    Secondment,
    Student,
    StudentKind,
    Unit,
)
from pairkit.model.rules import (
    AgreementRule,
    CountRule,
    CoverageRule,
    DeadlineRule,
    DurationRule,
    EligibilityRule,
    MatchingRule,
    MentorLoadRule,
    RatioRule,
    Rule,
    RuleType,
    TitlePrerequisiteRule,
)
from pairkit.personal import MASKED
from pairkit.report.figures import pairing_label, programme_level, select, sending_unit
from pairkit.rules.people import duration_text, eligibility_text
from pairkit.rules.spans import number, required_text

KINDS = (
    "units",
    "people",
    "pairings",
    "secondments",
    "activities",
    "donations",
    "mentorships",
    "rules",
    "groups",
    "agreements",
    "person_pairings",
    "students",
    "awards",
)
EVERYTHING = Period(FIRST_DAY, LAST_DAY, "", "custom")


@dataclass(frozen=True)
class Query:
    pairing: str | None = None
    unit: str | None = None
    person: str | None = None
    kind: str | None = None  # a key or a label (Chinese or English) of the kind's own types
    subject: str | None = None
    period: Period | None = None
    grep: str | None = None
    personal: bool = False  # people's ID and phone numbers as columns (``--personal``); searched only then


class Words:
    """Names and labels of what records refer to, in one language."""

    def __init__(self, records: Records, lang: Lang) -> None:
        self.records, self.lang = records, lang

    def unit(self, unit_id: str | None) -> str:
        unit = self.records.unit.get(unit_id or "")
        return unit.name if unit else unit_id or ""

    def person(self, person_id: str | None) -> str:
        person = self.records.person.get(person_id or "")
        return person.name if person else person_id or ""

    def pairing(self, pairing_id: str | None) -> str:
        """A pairing's name; a record of no pairing belongs to the whole programme (全县)."""
        if pairing_id is None:
            return programme_level(self.records) if self.lang is Lang.ZH else "programme"
        pairing = self.records.pairing.get(pairing_id)
        return pairing_label(self.records, pairing) if pairing else pairing_id

    def label(self, value: Labelled | None) -> str:
        if value is None:
            return ""
        return value.label_en if self.lang is Lang.EN else value.label

    def term(self, vocabulary: str, key: str | None) -> str:
        if not key:
            return ""
        terms = self.records.vocab[vocabulary]
        return terms.label_en(key) if self.lang is Lang.EN else terms.label(key)

    def terms(self, vocabulary: str, keys: Sequence[str]) -> str:
        return self.joined(self.term(vocabulary, k) for k in keys)

    def joined(self, parts: Any) -> str:
        return ("、" if self.lang is Lang.ZH else ", ").join(p for p in parts if p)

    def span(self, start: date, end: date | None) -> str:
        if end is None:
            return f"{start} 起" if self.lang is Lang.ZH else f"{start} onwards"
        return f"{start} 至 {end}" if self.lang is Lang.ZH else f"{start} to {end}"


Value = str | int | float


@dataclass(frozen=True)
class Column:
    key: str  # the name in JSON
    zh: str
    en: str
    value: Callable[[Any, Words], Value]
    wrap: bool = False  # text that may take several lines in a table
    number: bool = False

    def header(self, lang: Lang) -> str:
        return self.en if lang is Lang.EN else self.zh


def _rule_requirement(rule: Rule, w: Words) -> str:
    en = w.lang is Lang.EN
    if isinstance(rule, CountRule):
        unit = rule.counts.label_en if en else rule.counts.label
        return f"{required_text(rule.min, rule.max)} {unit}"
    if isinstance(rule, RatioRule):
        return required_text(rule.min_percent, rule.max_percent, "%")
    if isinstance(rule, MentorLoadRule):
        return required_text(rule.min, rule.max) + (" mentees" if en else " 人")
    if isinstance(rule, DurationRule):
        words = duration_text(rule)
        return words.en if en else words.zh
    if isinstance(rule, TitlePrerequisiteRule):
        return f"≥ {number(rule.min_rural_years)}" + (" years rural" if en else " 年农村经历")
    if isinstance(rule, DeadlineRule):
        if rule.by is None:
            return "by each scheme's due day" if en else "各方案的应完成日期前"
        month, day = rule.by.split("-")
        return f"by {rule.by}" if en else f"{int(month)}月{int(day)}日前"
    if isinstance(rule, MatchingRule):
        return "as many sent as received" if en else "派出 = 派入"
    if isinstance(rule, CoverageRule):
        return f"{len(rule.departments)} departments" if en else f"{len(rule.departments)}个部门全部交流"
    if isinstance(rule, AgreementRule):
        return "an agreement signed" if en else "签订协议"
    if isinstance(rule, EligibilityRule):
        words = eligibility_text(rule)
        return words.en if en else words.zh
    return ""


_ID = Column("id", "编号", "ID", lambda r, w: r.id or "")

COLUMNS: dict[str, list[Column]] = {
    "units": [
        _ID,
        Column("name", "名称", "Name", lambda r, w: r.name, wrap=True),
        Column("kind", "类别", "Kind", lambda r, w: w.label(r.kind)),
        Column("area", "城乡", "Area", lambda r, w: w.label(r.area)),
        Column("level", "学段", "Level", lambda r, w: w.label(r.level)),
        Column("township", "乡镇", "Township", lambda r, w: r.township or ""),
        Column(
            "teachers", "专任教师", "Teachers", lambda r, w: r.teachers if r.teachers is not None else "", number=True
        ),
    ],
    "people": [
        _ID,
        Column("name", "姓名", "Name", lambda r, w: r.name),
        Column("gender", "性别", "Gender", lambda r, w: w.label(r.gender)),
        Column("unit", "单位", "Unit", lambda r, w: w.unit(r.unit), wrap=True),
        Column("title", "职称", "Title", lambda r, w: w.term("titles", r.title), wrap=True),
        Column("subjects", "学科", "Subjects", lambda r, w: w.terms("subjects", r.subjects), wrap=True),
        Column("backbone", "骨干", "Backbone", lambda r, w: w.label(r.backbone), wrap=True),
    ],
    "pairings": [
        _ID,
        Column("name", "名称", "Name", lambda r, w: w.pairing(r.id), wrap=True),
        Column("kind", "类型", "Kind", lambda r, w: w.label(r.kind)),
        Column("supporter", "支援学校", "Supporter", lambda r, w: w.unit(r.supporter), wrap=True),
        Column(
            "recipients", "受援学校", "Recipients", lambda r, w: w.joined(w.unit(u) for u in r.recipients), wrap=True
        ),
        Column("subjects", "学科", "Subjects", lambda r, w: w.terms("subjects", r.subjects), wrap=True),
        Column("dates", "起止", "Dates", lambda r, w: w.span(r.start, r.end)),
    ],
    "secondments": [
        _ID,
        Column("person", "姓名", "Name", lambda r, w: w.person(r.person)),
        Column("kind", "类型", "Kind", lambda r, w: w.label(r.kind)),
        Column("from", "派出单位", "From", lambda r, w: w.unit(sending_unit(w.records, r)), wrap=True),
        Column("to", "接收单位", "To", lambda r, w: w.unit(r.to), wrap=True),
        Column("dates", "起止", "Dates", lambda r, w: w.span(r.start, r.end)),
    ],
    "activities": [
        Column("date", "日期", "Date", lambda r, w: r.date.isoformat()),
        Column("pairing", "结对", "Pairing", lambda r, w: w.pairing(r.pairing), wrap=True),
        Column("kind", "类型", "Kind", lambda r, w: w.term("activity_kinds", r.kind), wrap=True),
        Column("subject", "学科", "Subject", lambda r, w: w.term("subjects", r.subject)),
        Column("title", "主题", "Title", lambda r, w: r.title, wrap=True),
        Column("person_times", "人次", "Person-times", lambda r, w: r.person_times, number=True),
        Column("days", "天数", "Days", lambda r, w: r.days, number=True),
    ],
    "donations": [
        Column("date", "日期", "Date", lambda r, w: r.date.isoformat()),
        Column("donor", "捐赠单位", "Donor", lambda r, w: w.unit(r.donor), wrap=True),
        Column("recipient", "受赠单位", "Recipient", lambda r, w: w.unit(r.recipient), wrap=True),
        Column("title", "事由", "Purpose", lambda r, w: r.title or "", wrap=True),
        Column("cash", "资金（元）", "Cash (yuan)", lambda r, w: r.cash, number=True),
        Column("goods", "物资（元）", "Goods (yuan)", lambda r, w: round(r.goods_value, 2), number=True),
    ],
    "mentorships": [
        _ID,
        Column("mentor", "导师", "Mentor", lambda r, w: w.person(r.mentor)),
        Column("mentees", "徒弟", "Mentees", lambda r, w: w.joined(w.person(p) for p in r.mentees), wrap=True),
        Column("pairing", "结对", "Pairing", lambda r, w: w.pairing(r.pairing), wrap=True),
        Column("subject", "学科", "Subject", lambda r, w: w.term("subjects", r.subject)),
        Column("dates", "起止", "Dates", lambda r, w: w.span(r.start, r.end)),
    ],
    "groups": [
        _ID,
        Column("name", "名称", "Name", lambda r, w: r.name, wrap=True),
        Column("leaders", "组长", "Leaders", lambda r, w: w.joined(w.person(p) for p in r.leaders)),
        Column("deputies", "副组长", "Deputies", lambda r, w: w.joined(w.person(p) for p in r.deputies), wrap=True),
        Column("members", "成员", "Members", lambda r, w: len(r.members), number=True),
        Column("office", "办公室", "Office", lambda r, w: r.office or "", wrap=True),
    ],
    "agreements": [
        _ID,
        Column("title", "名称", "Title", lambda r, w: r.title, wrap=True),
        Column("pairings", "适用结对", "Pairings", lambda r, w: w.joined(w.pairing(p) for p in r.pairings), wrap=True),
        Column("signed_on", "签订日期", "Signed", lambda r, w: r.signed_on.isoformat()),
        Column("file", "文件", "File", lambda r, w: r.file or "", wrap=True),
    ],
    "person_pairings": [
        _ID,
        Column("person", "结对人", "Person", lambda r, w: w.person(r.person)),
        Column("kind", "对象类别", "Kind", lambda r, w: w.label(r.kind)),
        Column("target", "结对对象", "Paired with", lambda r, w: r.target, wrap=True),
        Column("dates", "起止", "Dates", lambda r, w: w.span(r.start, r.end)),
    ],
    "students": [
        Column("date", "日期", "Date", lambda r, w: r.date.isoformat()),
        Column("kind", "类别", "Kind", lambda r, w: w.label(r.kind)),
        Column("count", "人数", "Students", lambda r, w: r.count, number=True),
        Column("unit", "承担单位", "Unit", lambda r, w: w.unit(r.unit), wrap=True),
        Column("cohort", "年级", "Cohort", lambda r, w: r.cohort or ""),
        Column("title", "事由", "Purpose", lambda r, w: r.title or "", wrap=True),
    ],
    "awards": [
        Column("date", "日期", "Date", lambda r, w: r.date.isoformat()),
        Column("kind", "类别", "Kind", lambda r, w: w.label(r.kind)),
        Column("level", "级别", "Level", lambda r, w: w.label(r.level)),
        Column("title", "名称", "Title", lambda r, w: r.title, wrap=True),
        Column("people", "获奖人员", "People", lambda r, w: w.joined(w.person(p) for p in r.people), wrap=True),
        Column("unit", "单位", "Unit", lambda r, w: w.unit(r.unit), wrap=True),
    ],
    "rules": [
        _ID,
        Column("title", "名称", "Title", lambda r, w: r.title, wrap=True),
        Column("type", "类型", "Type", lambda r, w: w.label(RuleType.of(r.type))),
        Column("period", "周期", "Period", lambda r, w: w.label(r.period)),
        Column("required", "要求", "Required", lambda r, w: _rule_requirement(r, w), wrap=True),
        Column("severity", "级别", "Severity", lambda r, w: w.label(r.severity)),
    ],
}


@dataclass(frozen=True)
class Row:
    record: Record
    values: list[Value]


@dataclass(frozen=True)
class Listing:
    kind: str
    columns: list[Column]
    rows: list[Row]
    totals: list[tuple[float, str, str]] = field(default_factory=list)  # (amount, Chinese unit, English unit)

    def totals_text(self, lang: Lang) -> str:
        if lang is Lang.ZH:
            return "共 " + "，".join(f"{number(n)} {zh}" for n, zh, _ in self.totals)
        return ", ".join(f"{number(n)} {en}" for n, _, en in self.totals)


def _units(records: Records, record: Record) -> set[str]:
    """The units a record involves, for ``--unit``."""
    if isinstance(record, Person):
        return {record.unit}
    if isinstance(record, Pairing):
        return {record.supporter, *record.recipients}
    if isinstance(record, Secondment):
        return {record.to, sending_unit(records, record) or ""}
    if isinstance(record, Activity):
        pairing = records.pairing.get(record.pairing or "")
        return {pairing.supporter, *pairing.recipients} if pairing else set()
    if isinstance(record, Student | Award | Group):
        return {record.unit} if record.unit else set()
    if isinstance(record, PersonPairing):
        person = records.person.get(record.person)
        return {person.unit} if person else set()
    if isinstance(record, Agreement):
        return {u for p in record.pairings if p in records.pairing for u in _units(records, records.pairing[p])}
    if isinstance(record, Donation):
        return {record.donor, record.recipient}
    if isinstance(record, Mentorship):
        return {records.person[p].unit for p in (record.mentor, *record.mentees) if p in records.person}
    return set()


def _people(record: Record) -> set[str]:
    if isinstance(record, Secondment | PersonPairing):
        return {record.person}
    if isinstance(record, Activity | Award):
        return set(record.people)
    if isinstance(record, Student):
        return {record.person} if record.person else set()
    if isinstance(record, Group):
        return {*record.leaders, *record.deputies, *record.members, *(c.person for c in record.contacts)}
    if isinstance(record, Mentorship):
        return {record.mentor, *record.mentees}
    return set()


def _subjects(records: Records, record: Record) -> set[str]:
    if isinstance(record, Person | Pairing):
        return set(record.subjects)
    if isinstance(record, Secondment):
        person = records.person.get(record.person)
        return set(record.subjects or (person.subjects if person else []))
    if isinstance(record, Activity | Mentorship):
        return {record.subject} if record.subject else set()
    return set()


def _kind_of(record: Record) -> str:
    return str(getattr(record, "type", None) or getattr(record, "kind", ""))


# Which filters each kind takes (the period and --pairing through the report's selection where it applies).
APPLIES: dict[str, set[str]] = {
    "units": {"pairing", "kind", "grep"},
    "people": {"pairing", "unit", "subject", "grep"},
    "pairings": {"unit", "kind", "subject", "period", "pairing", "grep"},
    "secondments": {"pairing", "unit", "person", "kind", "subject", "period", "grep"},
    "activities": {"pairing", "unit", "person", "kind", "subject", "period", "grep"},
    "donations": {"pairing", "unit", "period", "grep"},
    "mentorships": {"pairing", "unit", "person", "subject", "period", "grep"},
    "rules": {"kind", "grep"},
    "groups": {"pairing", "unit", "person", "grep"},
    "agreements": {"pairing", "unit", "grep"},
    "person_pairings": {"pairing", "unit", "person", "kind", "grep"},
    "students": {"pairing", "unit", "person", "kind", "period", "grep"},
    "awards": {"pairing", "unit", "person", "kind", "period", "grep"},
}


def chosen(records: Records, kind: str, query: Query) -> list[Record]:
    """The records of ``kind`` the query picks, in file order."""
    if kind in ("pairings", "secondments", "activities", "donations", "mentorships", "students", "awards"):
        picked: list[Record] = list(getattr(select(records, query.period or EVERYTHING, query.pairing), kind))
    elif kind in ("groups", "person_pairings", "agreements") and query.pairing is not None:
        picked = [
            r
            for r in records.section(kind)
            if query.pairing in (getattr(r, "pairing", None), *getattr(r, "pairings", ()))
        ]
    else:
        picked = list(records.section(kind))
        if query.pairing is not None:
            pairing = records.pairing[query.pairing]
            units = {pairing.supporter, *pairing.recipients}
            picked = [r for r in picked if (r.id if isinstance(r, Unit) else getattr(r, "unit", None)) in units]
    if query.unit is not None:
        picked = [r for r in picked if query.unit in _units(records, r)]
    if query.person is not None:
        picked = [r for r in picked if query.person in _people(r)]
    if query.kind is not None:
        picked = [r for r in picked if _kind_of(r) == query.kind]
    if query.subject is not None:
        picked = [r for r in picked if query.subject in _subjects(records, r)]
    return picked


# Shown only where ``--personal`` is given.
PERSONAL_COLUMNS = [
    Column("id_number", "身份证号", "ID number", lambda r, w: r.id_number or ""),
    Column("phone", "联系电话", "Phone", lambda r, w: r.phone or ""),
]


def listing(records: Records, kind: str, query: Query, lang: Lang) -> Listing:
    words = Words(records, lang)
    columns = COLUMNS[kind] + (PERSONAL_COLUMNS if kind == "people" and query.personal else [])
    rows = [Row(r, [c.value(r, words) for c in columns]) for r in chosen(records, kind, query)]
    if query.grep:
        needle = query.grep.casefold()
        rows = [row for row in rows if needle in _text(row).casefold()]
    return Listing(kind, columns, rows, _totals(kind, [row.record for row in rows]))


def _text(row: Row) -> str:
    """Everything a row says and its record holds, for ``--grep`` (personal numbers left out: a search must not
    tell whether someone's number is such and such)."""
    raw = row.record.model_dump(mode="json", by_alias=True, exclude_none=True, exclude=set(MASKED))
    return " ".join(str(v) for v in row.values) + " " + json.dumps(raw, ensure_ascii=False)


_COUNTED = {
    "units": ("个单位", "units"),
    "people": ("人", "people"),
    "pairings": ("个结对", "pairings"),
    "secondments": ("人次", "secondments"),
    "activities": ("次活动", "activities"),
    "donations": ("笔捐赠", "donations"),
    "mentorships": ("对师徒", "mentorships"),
    "rules": ("条规则", "rules"),
    "groups": ("个领导小组", "groups"),
    "agreements": ("份协议", "agreements"),
    "person_pairings": ("个个人结对", "person pairings"),
    "students": ("条学生记录", "student records"),
    "awards": ("项获奖和论文", "awards"),
}


def _totals(kind: str, picked: list[Record]) -> list[tuple[float, str, str]]:
    """The count, and what else the report sums for these records: 人次 of activities, teachers seconded (人),
    the 元 given."""
    zh, en = _COUNTED[kind]
    totals: list[tuple[float, str, str]] = [(len(picked), zh, en)]
    if kind == "activities":
        totals.append((sum(a.person_times for a in picked if isinstance(a, Activity)), "人次", "person-times"))
    elif kind == "secondments":
        totals.append((len({s.person for s in picked if isinstance(s, Secondment)}), "人", "people"))
    elif kind == "donations":
        given = sum(d.cash + d.goods_value for d in picked if isinstance(d, Donation))
        totals.append((round(given, 2), "元", "yuan"))
    elif kind == "mentorships":
        mentees = {p for m in picked if isinstance(m, Mentorship) for p in m.mentees}
        totals.append((len(mentees), "名徒弟", "mentees"))
    elif kind == "students":
        totals.append((sum(s.count for s in picked if isinstance(s, Student)), "名学生", "students"))
    return totals


def _kind_enums() -> dict[str, type[Labelled]]:
    from pairkit.model.records import PairingKind, SecondmentKind, UnitKind

    return {
        "units": UnitKind,
        "pairings": PairingKind,
        "secondments": SecondmentKind,
        "rules": RuleType,
        "person_pairings": PersonPairingKind,
        "students": StudentKind,
        "awards": AwardKind,
    }


def kind_key(records: Records, kind: str, value: str) -> str | None:
    """``--kind``'s value as a key of ``kind``'s own types: 示范课 or demonstration lesson → demo_lesson."""
    if kind == "activities":
        return term_key(records, "activity_kinds", value)
    enum = _kind_enums().get(kind)
    if enum is None:
        return None
    wanted = value.strip().casefold()
    return next((m.value for m in enum if wanted in (m.value, m.label, m.label_en.casefold())), None)


def kind_choices(records: Records, kind: str, lang: Lang) -> list[str]:
    words = Words(records, lang)
    if kind == "activities":
        return [f"{k}（{words.term('activity_kinds', k)}）" for k in records.vocab.activity_kinds.terms]
    enum = _kind_enums()[kind]
    return [f"{m.value}（{words.label(m)}）" for m in enum]


def term_key(records: Records, vocabulary: str, value: str) -> str | None:
    """A vocabulary term from its key, its label or its English name."""
    terms = records.vocab[vocabulary]
    found = terms.key(value.strip())
    if found is not None:
        return found
    wanted = value.strip().casefold()
    return next((k for k in terms.terms if terms.label_en(k).casefold() == wanted), None)
