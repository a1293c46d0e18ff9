"""The docs name only fields that exist and labels the schema accepts.

An outsider writes records from the tables of docs/records.md and docs/rules.md: every `` `key` 中文 `` pair there
must be a key of the field's fixed choices (or of a default vocabulary) whose Chinese label validation accepts, and
every field a table row names must be a field of the section's record (or of a part of it). The default
vocabularies listed in prose are checked against the defaults too.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel

from pairkit.model import SECTIONS, Records
from pairkit.model.fields import Labelled
from pairkit.model.programme import Programme
from pairkit.model.rules import Rule, UnknownRule

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAIR = re.compile(r"`([A-Za-z_][\w]*)` ([\u4e00-\u9fff]+)")
FIELD_CELL = re.compile(r"^(`[a-z_]+`)(\s*/\s*`[a-z_]+`)*$")


def _types(annotation: object) -> Iterator[type]:
    """The classes an annotation is made of (through Optional, list, Annotated …)."""
    if isinstance(annotation, type):
        yield annotation
    for arg in typing.get_args(annotation):
        yield from _types(arg)


def _reach(model: type[BaseModel], seen: set[type] | None = None) -> dict[str, list[type]]:
    """Every field name reachable from ``model`` (its own and its parts') with the classes of its annotation."""
    seen = seen if seen is not None else set()
    seen.add(model)
    out: dict[str, list[type]] = {}
    for name, info in model.model_fields.items():
        kinds = list(_types(info.annotation))
        for key in {name, info.alias or name}:
            out.setdefault(key, []).extend(kinds)
        for t in kinds:
            if issubclass(t, BaseModel) and t not in seen:
                for inner, classes in _reach(t, seen).items():
                    out.setdefault(inner, []).extend(classes)
    return out


def _enums(classes: list[type], fields: dict[str, list[type]]) -> list[type[Labelled]]:
    """The fixed choices among ``classes`` and inside the parts they name."""
    found = [t for t in classes if issubclass(t, Labelled)]
    for t in classes:
        if issubclass(t, BaseModel):
            found += [c for f in t.model_fields.values() for c in _types(f.annotation) if issubclass(c, Labelled)]
    return found


VOCAB = Records().vocab
VOCABULARIES = [VOCAB.activity_kinds, VOCAB.subjects, VOCAB.titles, VOCAB.dimensions]
MODELS: list[type[BaseModel]] = [Programme, *SECTIONS.values(), *Rule.FORMS.values()]
ALL_FIELDS = {name for model in MODELS for name in _reach(model)}


def _model(doc: str, heading: str) -> type[BaseModel] | None:
    word = heading.split()[0]
    if doc == "records.md":
        return Programme if word == "programme" else SECTIONS.get(word) if word != "rules" else None
    if word == "规则的写法":
        return UnknownRule
    return Rule.FORMS.get(word)


def _accepts(key: str, label: str, enums: list[type[Labelled]]) -> bool:
    if any(key in e._value2member_map_ and e.key_of(label) == key for e in enums):
        return True
    return any(key in v.terms and v.key(label) == key for v in VOCABULARIES)


def _problems(doc: str) -> Iterator[str]:
    heading = ""
    for number, line in enumerate((DOCS / doc).read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("## "):
            heading = line[3:]
            continue
        model = _model(doc, heading) if line.startswith("| ") else None
        if model is None:
            continue
        fields = _reach(model)
        first = line.split("|")[1].strip()
        if FIELD_CELL.match(first):
            names = re.findall(r"`([a-z_]+)`", first)
            missing = [n for n in names if n not in fields]
            if missing:
                yield f"{doc}:{number}: {missing} is no field of {model.__name__}"
                continue
            enums = _enums([c for n in names for c in fields[n]], fields)
        else:  # a table of choices: any fixed choice of the section
            enums = _enums([c for classes in fields.values() for c in classes], fields)
        for key, label in PAIR.findall(line):
            choice = any(key in e._value2member_map_ for e in enums) or any(key in v.terms for v in VOCABULARIES)
            if key in ("true", "false") or (key in ALL_FIELDS and not choice):
                continue  # a field named in passing ("`attendance` 用它"), not a choice
            if not _accepts(key, label, enums):
                yield f"{doc}:{number}: `{key}` {label} is not a label the schema accepts for {first}"


def test_every_label_in_the_docs_tables_is_accepted_by_the_schema() -> None:
    """`county 县级骨干教师`, not `county 县级`: each key and label of the records and rules tables validates."""
    assert [*_problems("records.md"), *_problems("rules.md")] == []


def test_the_default_vocabularies_in_the_docs_are_the_defaults() -> None:
    """The prose list of default activity kinds, subjects, titles and dimensions names each key with its label."""
    text = (DOCS / "records.md").read_text(encoding="utf-8").split('<a id="vocabularies"></a>', 1)[1]
    listed = text.split('<a id="yaml"></a>', 1)[0].split("```", 2)[2]
    pairs = re.findall(r"\b([a-z][a-z_]*) ([\u4e00-\u9fff]+)", listed)
    assert len(pairs) > 50
    wrong = [
        (key, label)
        for key, label in pairs
        if not any(v.terms.get(key) and v.label(key) == label for v in VOCABULARIES)
    ]
    assert wrong == []
    every = {key for v in VOCABULARIES for key in v.terms}
    assert every - {key for key, _ in pairs} == set()
