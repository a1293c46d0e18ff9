"""The ledger's sheets and columns, shared by the export, the blank template and the import.

Headers are the schemas' field titles, so the workbook speaks the words of docs/records.md. A column is either a
record field (written and read back) or a figure worked out from the record (written only, ignored on import).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel

from pairkit.model.records import Activity, Award, Donation, Item, Mentorship, Pairing, Person, Secondment, Student
from pairkit.personal import MASKED

Kind = Literal["date", "int", "number", "money", "text", "list", "flag", "ref", "refs", "label", "labels", "block"]


@dataclass(frozen=True)
class Column:
    key: str  # the YAML key of the field ("from", "items.quantity"), or a figure's name
    title: str  # the header
    kind: Kind
    width: int  # in characters of the Latin alphabet (a Chinese character is two)
    required: bool = False
    computed: bool = False  # a figure worked out from the record: written, not read back
    target: str = ""  # for references: "units", "people" or "pairings"; for labels: the vocabulary or enum
    personal: bool = False  # an ID or phone number: exported only with --personal


def _field(model: type[BaseModel], name: str, kind: Kind, width: int, target: str = "") -> Column:
    info = model.model_fields[name]
    key = info.alias or name
    prefix = "items." if model is Item else ""
    personal = model is Person and key in MASKED
    return Column(prefix + key, info.title or key, kind, width, info.is_required(), target=target, personal=personal)


@dataclass(frozen=True)
class Sheet:
    name: str  # the sheet's name in the workbook
    section: str  # the records it holds ("" for a sheet that is only read by people)
    columns: tuple[Column, ...]
    landscape: bool = True

    def field(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)


ACTIVITIES = Sheet(
    "活动台账",
    "activities",
    (
        _field(Activity, "date", "date", 11),
        _field(Activity, "pairing", "ref", 26, "pairings"),
        _field(Activity, "kind", "label", 14, "activity_kinds"),
        _field(Activity, "subject", "label", 8, "subjects"),
        _field(Activity, "title", "text", 40),
        _field(Activity, "people", "refs", 20, "people"),
        _field(Activity, "attendance", "int", 9),
        _field(Activity, "days", "int", 6),
        _field(Activity, "location", "text", 20),
        _field(Activity, "evidence", "list", 24),
        _field(Activity, "dimension", "label", 10, "dimensions"),
        _field(Activity, "highlight", "text", 24),
        _field(Activity, "note", "text", 20),
        _field(Activity, "id", "text", 12),
    ),
)

SECONDMENTS = Sheet(
    "选派台账",
    "secondments",
    (
        _field(Secondment, "id", "text", 12),
        _field(Secondment, "person", "ref", 10, "people"),
        _field(Secondment, "kind", "label", 9, "SecondmentKind"),
        _field(Secondment, "from_unit", "ref", 18, "units"),
        _field(Secondment, "to", "ref", 18, "units"),
        _field(Secondment, "pairing", "ref", 24, "pairings"),
        _field(Secondment, "batch", "text", 18),
        _field(Secondment, "start", "date", 11),
        _field(Secondment, "end", "date", 11),
        Column("length", "期限", "text", 12, computed=True),
        _field(Secondment, "selected_on", "date", 11),
        _field(Secondment, "voluntary", "flag", 9),
        _field(Secondment, "subjects", "labels", 10, "subjects"),
        _field(Secondment, "department", "text", 10),
        _field(Secondment, "assessments", "block", 18),
        _field(Secondment, "allowances", "block", 34),
        Column("allowance_total", "补助合计（元）", "money", 14, computed=True),
        _field(Secondment, "note", "text", 16),
    ),
)

DONATIONS = Sheet(
    "捐赠台账",
    "donations",
    (
        _field(Donation, "date", "date", 11),
        _field(Donation, "donor", "ref", 18, "units"),
        _field(Donation, "recipient", "ref", 18, "units"),
        _field(Donation, "pairing", "ref", 24, "pairings"),
        _field(Donation, "title", "text", 20),
        _field(Donation, "cash", "money", 14),
        _field(Item, "name", "text", 12),
        _field(Item, "quantity", "number", 8),
        _field(Item, "unit", "text", 8),
        _field(Item, "unit_value", "money", 12),
        Column("items.value", "金额（元）", "money", 14, computed=True),
        Column("total", "合计（元）", "money", 14, computed=True),
        _field(Donation, "note", "text", 16),
        _field(Donation, "id", "text", 12),
    ),
)

MENTORSHIPS = Sheet(
    "师徒结对",
    "mentorships",
    (
        _field(Mentorship, "id", "text", 12),
        _field(Mentorship, "mentor", "ref", 10, "people"),
        _field(Mentorship, "mentees", "refs", 22, "people"),
        _field(Mentorship, "pairing", "ref", 26, "pairings"),
        _field(Mentorship, "subject", "label", 8, "subjects"),
        _field(Mentorship, "start", "date", 11),
        _field(Mentorship, "end", "date", 11),
    ),
    landscape=False,
)

# The people the period's records name. ``party_member`` (the older way to write 中共党员) is read into 政治面貌.
PEOPLE = Sheet(
    "人员名册",
    "people",
    (
        _field(Person, "id", "text", 12),
        _field(Person, "name", "text", 8),
        _field(Person, "gender", "label", 5, "Gender"),
        _field(Person, "birth_date", "date", 11),
        _field(Person, "unit", "ref", 18, "units"),
        _field(Person, "position", "text", 12),
        _field(Person, "posts", "labels", 12, "Post"),
        _field(Person, "title", "label", 10, "titles"),
        _field(Person, "subjects", "labels", 10, "subjects"),
        _field(Person, "backbone", "label", 12, "Backbone"),
        _field(Person, "political_status", "label", 10, "PoliticalStatus"),
        _field(Person, "rural_years", "number", 8),
        _field(Person, "teaching_since", "date", 11),
        _field(Person, "joined_unit", "date", 11),
        _field(Person, "id_number", "text", 20),
        _field(Person, "phone", "text", 14),
    ),
)

PAIRINGS = Sheet(
    "结对关系",
    "",
    (
        _field(Pairing, "id", "text", 12),
        _field(Pairing, "name", "text", 26),
        _field(Pairing, "kind", "label", 10, "PairingKind"),
        _field(Pairing, "supporter", "ref", 18, "units"),
        _field(Pairing, "recipients", "refs", 24, "units"),
        _field(Pairing, "dimensions", "labels", 24, "dimensions"),
        _field(Pairing, "subjects", "labels", 18, "subjects"),
        _field(Pairing, "focus", "text", 6),
        _field(Pairing, "start", "date", 11),
        _field(Pairing, "end", "date", 11),
    ),
)

STUDENTS = Sheet(
    "学生台账",
    "students",
    (
        _field(Student, "date", "date", 11),
        _field(Student, "kind", "label", 12, "StudentKind"),
        _field(Student, "count", "int", 6),
        _field(Student, "name", "text", 8),
        _field(Student, "cohort", "text", 16),
        _field(Student, "unit", "ref", 18, "units"),
        _field(Student, "origin", "text", 18),
        _field(Student, "pairing", "ref", 24, "pairings"),
        _field(Student, "person", "ref", 10, "people"),
        _field(Student, "title", "text", 24),
        _field(Student, "note", "text", 16),
        _field(Student, "id", "text", 12),
    ),
)

AWARDS = Sheet(
    "获奖台账",
    "awards",
    (
        _field(Award, "date", "date", 11),
        _field(Award, "kind", "label", 8, "AwardKind"),
        _field(Award, "level", "label", 8, "AwardLevel"),
        _field(Award, "outcome", "label", 6, "AwardOutcome"),
        _field(Award, "title", "text", 30),
        _field(Award, "grade", "text", 8),
        _field(Award, "people", "refs", 16, "people"),
        _field(Award, "unit", "ref", 18, "units"),
        _field(Award, "pairing", "ref", 24, "pairings"),
        _field(Award, "issuer", "text", 20),
        _field(Award, "evidence", "list", 24),
        _field(Award, "note", "text", 16),
        _field(Award, "id", "text", 12),
    ),
)

# The sheets an import reads (in this order), and those only people read.
IMPORTED = (ACTIVITIES, SECONDMENTS, DONATIONS, MENTORSHIPS, STUDENTS, AWARDS, PEOPLE)
SUMMARY, FINDINGS, INSTRUCTIONS, LISTS = "汇总", "指标完成情况", "填表说明", "选项"
READ_ONLY = (SUMMARY, PAIRINGS.name, FINDINGS, INSTRUCTIONS, LISTS)
