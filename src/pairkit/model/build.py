"""Stage 2, model: plain data from the record files becomes typed, immutable records that know their source."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar

from pydantic import ValidationError

from pairkit.diagnostics import Bilingual, Diagnostic, Source
from pairkit.load import ParsedFile
from pairkit.model.programme import Programme
from pairkit.model.records import (
    Activity,
    Agreement,
    Award,
    Donation,
    Group,
    Mentorship,
    Pairing,
    Person,
    PersonPairing,
    Plan,
    Record,
    Secondment,
    Student,
    Unit,
)
from pairkit.model.rules import Rule, Waiver
from pairkit.model.schema_errors import SUGGESTED, translate
from pairkit.model.vocab import Vocab

R = TypeVar("R", bound=Record)

# Top-level keys of a record file, each a list of one kind of record (``programme`` is a single block).
SECTIONS: dict[str, type[Record]] = {
    "units": Unit,
    "people": Person,
    "pairings": Pairing,
    "secondments": Secondment,
    "activities": Activity,
    "donations": Donation,
    "mentorships": Mentorship,
    "rules": Rule,
    "waivers": Waiver,
    "plans": Plan,
    "groups": Group,
    "agreements": Agreement,
    "person_pairings": PersonPairing,
    "students": Student,
    "awards": Award,
}
# Leaf records are referred to by no other record; the core (the programme block and the other sections) is what
# they refer to. The consistency checks judge a leaf record against the core alone, IDs aside: a file of leaf
# records can then be validated, and its results cached, apart from the other leaf files (``pairkit.incremental``).
LEAF_SECTIONS = ("activities", "donations", "mentorships", "plans")
CORE_SECTIONS = tuple(name for name in ("programme", *SECTIONS) if name not in LEAF_SECTIONS)
SECTION_LABELS: dict[str, Bilingual] = {
    "programme": Bilingual("项目设置", "programme settings"),
    "units": Bilingual("单位", "unit"),
    "people": Bilingual("人员", "person"),
    "pairings": Bilingual("结对", "pairing"),
    "secondments": Bilingual("选派", "secondment"),
    "activities": Bilingual("活动", "activity"),
    "donations": Bilingual("捐赠", "donation"),
    "mentorships": Bilingual("师徒结对", "mentorship"),
    "rules": Bilingual("规则", "rule"),
    "waivers": Bilingual("豁免", "waiver"),
    "plans": Bilingual("工作计划", "plan"),
    "groups": Bilingual("领导小组", "group"),
    "agreements": Bilingual("协议", "agreement"),
    "person_pairings": Bilingual("个人结对", "person pairing"),
    "students": Bilingual("学生", "student"),
    "awards": Bilingual("获奖和论文", "award"),
}

DEFAULT_PROGRAMME = Programme(name="城乡学校结对帮扶工作", office="教育局")


@dataclass(frozen=True)
class Records:
    """Everything in a records tree, valid records only, in file order."""

    programme: Programme = DEFAULT_PROGRAMME
    units: tuple[Unit, ...] = ()
    people: tuple[Person, ...] = ()
    pairings: tuple[Pairing, ...] = ()
    secondments: tuple[Secondment, ...] = ()
    activities: tuple[Activity, ...] = ()
    donations: tuple[Donation, ...] = ()
    mentorships: tuple[Mentorship, ...] = ()
    rules: tuple[Rule, ...] = ()
    waivers: tuple[Waiver, ...] = ()
    plans: tuple[Plan, ...] = ()
    groups: tuple[Group, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    person_pairings: tuple[PersonPairing, ...] = ()
    students: tuple[Student, ...] = ()
    awards: tuple[Award, ...] = ()
    files: tuple[str, ...] = ()
    root: str = ""  # the records folder, for the files records name (evidence); "" when not read from disk
    # IDs of records that failed validation: references to them are not reported again as missing.
    broken_ids: frozenset[tuple[str, str]] = frozenset()

    @cached_property
    def vocab(self) -> Vocab:
        return Vocab.build(self.programme.vocabularies)

    def section(self, name: str) -> tuple[Record, ...]:
        records: tuple[Record, ...] = getattr(self, name)
        return records

    @cached_property
    def unit(self) -> dict[str, Unit]:
        return _index(self.units)

    @cached_property
    def person(self) -> dict[str, Person]:
        return _index(self.people)

    @cached_property
    def pairing(self) -> dict[str, Pairing]:
        return _index(self.pairings)


def _index(records: Iterable[R]) -> dict[str, R]:
    """By ID; the first of duplicate IDs wins (the duplicates are reported by the checks)."""
    out: dict[str, R] = {}
    for record in records:
        record_id = getattr(record, "id", None)
        if record_id is not None:
            out.setdefault(record_id, record)
    return out


_SECTION_NAMES = [*SECTIONS, "programme"]


def build(
    files: list[ParsedFile], root: str, *, programme: Programme | None = None
) -> tuple[Records, list[Diagnostic]]:
    """The records of ``files`` and the problems of each. ``programme`` gives the settings when ``files`` are only
    part of the tree (their own ``programme:`` blocks are then not looked at)."""
    problems: list[Diagnostic] = []
    if programme is None:
        programme = _programme(files, root, problems)
    context = {"vocab": Vocab.build(programme.vocabularies)}
    sections: dict[str, list[Record]] = {name: [] for name in SECTIONS}
    broken: set[tuple[str, str]] = set()
    for file in files:
        if file.data is None:
            continue
        if not isinstance(file.data, dict):
            problems.append(Diagnostic.at("PK105", Source(file.shown)))
            continue
        unknown = 0
        for key, items in file.data.items():
            where = Source(file.shown, (key,))
            if key == "programme":
                continue
            if key not in SECTIONS:
                unknown += 1  # past a few, not a slip of the pen: no "did you mean" (each costs a comparison)
                close = difflib.get_close_matches(key, _SECTION_NAMES, n=1, cutoff=0.6) if unknown <= SUGGESTED else []
                problems.append(
                    Diagnostic.at(
                        "PK106",
                        where,
                        section=key,
                        allowed=", ".join(["programme", *SECTIONS]),
                        suggestion=close[0] if close else "",
                    ).on_key()
                )
                continue
            if items is None:
                continue
            if not isinstance(items, list):
                problems.append(Diagnostic.at("PK107", where, section=key))
                continue
            kind, found, shown = SECTIONS[key], sections[key], file.shown
            for index, item in enumerate(items):  # the innermost loop of a province: kept lean
                model = kind.variant(item)  # a rule's ``type`` picks its form
                try:
                    record = model.__pydantic_validator__.validate_python(item, context=context)
                except ValidationError as err:
                    problems.extend(translate(err, model, Source(shown, (key, index)), SECTION_LABELS[key]))
                    if isinstance(item, dict) and isinstance(item.get("id"), str):
                        broken.add((key, item["id"]))
                    continue
                found.append(record.located(Source(shown, (key, index))))
    records = Records(
        programme=programme,
        files=tuple(f.shown for f in files),
        root=root,
        broken_ids=frozenset(broken),
        **{name: tuple(items) for name, items in sections.items()},  # type: ignore[arg-type]
    )
    return records, problems


def _programme(files: list[ParsedFile], root: str, problems: list[Diagnostic]) -> Programme:
    found: list[tuple[Source, Any]] = [
        (Source(f.shown, ("programme",)), f.data["programme"])
        for f in files
        if isinstance(f.data, dict) and "programme" in f.data
    ]
    if not found:
        problems.append(Diagnostic.at("PK041", Source(root)))
        return DEFAULT_PROGRAMME
    first, data = found[0]
    for again, _ in found[1:]:
        problems.append(Diagnostic.at("PK303", again, related=first.file).on_key().see_also(first))
    try:
        return Programme.model_validate(data).located(first)
    except ValidationError as err:
        problems.extend(translate(err, Programme, first, SECTION_LABELS["programme"]))
        return DEFAULT_PROGRAMME
