"""A record kind as a form: its fields in order, and each answer read and checked on its own.

`pairkit add` fills a record from options or prompts. Both go through here, so an answer is judged the same way
wherever it was typed: a date must be a calendar date, a reference names an existing record by its ID or by its
name (with "did you mean" when it names none), a vocabulary or fixed choice is taken as its number in the list,
its key or its label, and the field's own limits apply. A nested list (a secondment's allowances, a donation's
items) is a list of small forms written ``field=value, field=value``. What needs the whole record and every other
record (an activity inside its pairing's dates, a duplicate ID) is judged afterwards, with all records, by
``change.plan``.
"""

from __future__ import annotations

import difflib
import functools
import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ValidationError, create_model
from pydantic.fields import FieldInfo

from pairkit.diagnostics import Bilingual, Diagnostic, Source
from pairkit.model import SECTION_LABELS, Records
from pairkit.model.fields import Labelled, Ref
from pairkit.model.schema_errors import translate
from pairkit.schema import vocabulary_of

# Fields that name another record, and the section they name.
REFERENCES = {
    "unit": "units",
    "supporter": "units",
    "recipients": "units",
    "from": "units",
    "to": "units",
    "donor": "units",
    "recipient": "units",
    "person": "people",
    "people": "people",
    "mentor": "people",
    "mentees": "people",
    "leaders": "people",
    "deputies": "people",
    "members": "people",
    "pairing": "pairings",
    "pairings": "pairings",
}
SPLIT = re.compile(r"\s*[,，、;；]\s*")
_PAIR = re.compile(r"\s*([^=:：\s][^=:：]*?)\s*[=:：]\s*(.*?)\s*$")
_DAY = re.compile(r"(\d{4})\s*(?:-|/|\.|年)\s*(\d{1,2})\s*(?:-|/|\.|月)\s*(\d{1,2})\s*日?")
_TRUE, _FALSE = {"true", "yes", "y", "是", "对"}, {"false", "no", "n", "否", "不是"}


def _flat(annotation: Any) -> list[Any]:
    """The alternatives of an annotation, through ``Optional`` (``Annotated`` kept whole for vocabularies)."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [a for arg in typing.get_args(annotation) for a in _flat(arg)]
    return [annotation]


def _base(annotation: Any) -> Any:
    return typing.get_args(annotation)[0] if typing.get_origin(annotation) is Annotated else annotation


@dataclass(frozen=True)
class Ask:
    """One field of a form."""

    key: str  # as written in YAML
    info: FieldInfo
    model: type[BaseModel]  # the record or part that holds the field

    @property
    def many(self) -> bool:
        return any(typing.get_origin(_base(a)) is list for a in _flat(self.info.annotation))

    @property
    def item(self) -> Any:
        """The type of one value (of one list item, for a list)."""
        for alternative in _flat(self.info.annotation):
            if typing.get_origin(_base(alternative)) is list:
                return typing.get_args(_base(alternative))[0]
        return next(a for a in _flat(self.info.annotation) if a is not type(None))

    @property
    def part(self) -> type[BaseModel] | None:
        """The model of a nested block (an allowance, a donated item), or None for a plain value."""
        base = _base(self.item)
        return base if isinstance(base, type) and issubclass(base, BaseModel) else None

    @property
    def required(self) -> bool:
        return self.info.is_required()

    @property
    def title(self) -> str:
        return self.info.title or self.key

    @property
    def option(self) -> str:
        return "--" + self.key.replace("_", "-")

    @property
    def reference(self) -> str | None:
        """The section the field refers to: a reference field (``Ref``) of a known name (a donated item's ``unit``
        is text, a unit of measure)."""
        # pydantic keeps ``Ref`` whole inside a list or an Optional, and unwraps it into the metadata of a plain field
        is_ref = self.item is Ref or (self.item is str and list(self.info.metadata) == list(typing.get_args(Ref)[1:]))
        return REFERENCES.get(self.key) if is_ref else None

    def kinds(self) -> set[Any]:
        return {_base(a) for a in _flat(self.item)}

    def default(self) -> Any:
        """The value a record gets when the field is left out (None when there is none worth saying)."""
        if self.required or self.info.default_factory is not None:
            return None
        default = self.info.default
        return default.label if isinstance(default, Labelled) else default


def fields(model: type[BaseModel]) -> list[Ask]:
    """Every field of a record kind (or of a nested part), in the schema's order; a rule's ``type`` is not asked."""
    return [Ask(info.alias or name, info, model) for name, info in model.model_fields.items() if name != "type"]


def choices(ask: Ask, records: Records) -> list[tuple[str, str]]:
    """(key, Chinese label) pairs a field offers: a programme vocabulary or a fixed set."""
    vocabulary = vocabulary_of(ask.info)
    if vocabulary is not None:
        return [(key, term.label) for key, term in records.vocab[vocabulary].terms.items()]
    base = _base(ask.item)
    if isinstance(base, type) and issubclass(base, Labelled):
        return [(m.value, m.label) for m in base]
    return []


def candidates(section: str, records: Records) -> list[tuple[str, str]]:
    """(ID, name) of every record a reference to ``section`` may name."""
    return [(record_id, names[0] if names else "") for record_id, names in _named(section, records)]


def _named(section: str, records: Records) -> list[tuple[str, list[str]]]:
    """(ID, the names it goes by: full name, short name) of every record of ``section``."""
    out = []
    for record in records.section(section):
        record_id = getattr(record, "id", None)
        if isinstance(record_id, str):
            names = [getattr(record, attr, None) for attr in ("name", "short_name")]
            out.append((record_id, [n for n in names if isinstance(n, str) and n]))
    return out


@functools.cache
def _one(model: type[BaseModel], key: str) -> type[BaseModel]:
    """A model of the single field ``key`` of ``model``, to judge one answer with the field's own limits."""
    name, info = next((n, i) for n, i in model.model_fields.items() if key in (n, i.alias))
    single: type[BaseModel] = create_model(  # type: ignore[call-overload]
        f"{model.__name__}_{name}", __config__=model.model_config, **{name: (info.annotation, info)}
    )
    return single


class Reader:
    """Reads answers for the fields of one record kind against the records as they are."""

    def __init__(self, records: Records, section: str) -> None:
        self.records = records
        self.section = section
        self.label = SECTION_LABELS[section]

    def read(self, ask: Ask, text: str) -> tuple[Any, list[Diagnostic]]:
        """The value to write for ``text`` (None: leave the field out) and the problems with it. ``text`` empty
        leaves an optional field out; a required one is then a missing field."""
        text = text.strip()
        where = Source("", (ask.key,))
        if not text:
            if ask.required:
                return None, [Diagnostic.at("PK204", Source("", ()), record=self.label, field=_label(ask))]
            return None, []
        if ask.part is not None:
            block, problems = self._part(ask, text)
            return [block], problems
        if ask.many:
            values, problems = [], []
            for i, piece in enumerate(p for p in SPLIT.split(text) if p):
                value, found = self._value(ask, piece, Source("", (ask.key, i)))
                values.append(value)
                problems += found
            return values, problems or self._check(ask, values)
        value, problems = self._value(ask, text, where)
        return value, problems or self._check(ask, value)

    def _value(self, ask: Ask, text: str, where: Source) -> tuple[Any, list[Diagnostic]]:
        """One value typed: a choice's number (written as its label), key or label; a reference by ID or name;
        a date, a number or yes/no in the forms people write them."""
        offered = choices(ask, self.records)
        if offered and text.isdigit() and 1 <= int(text) <= len(offered):
            return offered[int(text) - 1][1], []  # a number in the list shown: written as its label
        if offered:
            return text, []  # a key or a label, written as typed
        if ask.reference is not None:
            return self._reference(ask.reference, text, where)
        kinds = ask.kinds()
        if date in kinds and (m := _DAY.fullmatch(text)):
            try:
                return date(int(m[1]), int(m[2]), int(m[3])), []
            except ValueError:
                return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}", []  # judged below: not a calendar date
        if bool in kinds and text.lower() in _TRUE | _FALSE:
            return text.lower() in _TRUE, []
        if int in kinds and re.fullmatch(r"[-+]?\d+", text):
            return int(text), []
        if float in kinds and re.fullmatch(r"[-+]?\d+(\.\d+)?", text):
            number = float(text)
            return int(number) if number.is_integer() else number, []
        return text, []

    def _reference(self, section: str, text: str, where: Source) -> tuple[str, list[Diagnostic]]:
        """An ID, or the name of exactly one record: the ID to write."""
        known = candidates(section, self.records)
        if any(record_id == text for record_id, _ in known):
            return text, []
        shown = dict(known)
        named = [(record_id, shown[record_id]) for record_id, names in _named(section, self.records) if text in names]
        if len(named) == 1:
            return named[0][0], []
        target = SECTION_LABELS[section]
        if named:
            listed = "、".join(f"{name}（{record_id}）" for record_id, name in named)
            return text, [Diagnostic.at("PK613", where, value=text, target=target, candidates=listed)]
        close = difflib.get_close_matches(text, [k for k, _ in known] + [n for _, n in known if n], n=1, cutoff=0.6)
        suggestion = ""
        if close:
            record_id, name = next((k, n) for k, n in known if close[0] in (k, n))
            suggestion = f"{record_id}（{name}）" if name else record_id
        return text, [Diagnostic.at("PK302", where, target=target, id=text, suggestion=suggestion)]

    def _check(self, ask: Ask, value: Any) -> list[Diagnostic]:
        """The field's own limits (type, range, form, vocabulary), in the words `validate` uses."""
        single = _one(ask.model, ask.key)
        try:
            single.model_validate({ask.key: value}, context={"vocab": self.records.vocab})
        except ValidationError as err:
            return translate(err, single, Source(""), self.label)
        return []

    def read_each(self, ask: Ask, texts: list[str]) -> tuple[Any, list[Diagnostic]]:
        """The value of a field given several times (an option repeated): nested blocks one per time, numbered in
        the problems; other values joined as a list would be."""
        if ask.part is None:
            return self.read(ask, "，".join(texts))
        blocks, problems = [], []
        for index, text in enumerate(texts):
            block, found = self._part(ask, text)
            blocks.append(block)
            problems += [replace(d, path=(ask.key, index, *d.path[1:])) for d in found]
        return blocks, problems

    def _part(self, ask: Ask, text: str) -> tuple[dict[str, Any], list[Diagnostic]]:
        """One nested block written ``field=value, field=value`` (keys or Chinese titles)."""
        assert ask.part is not None
        part_fields = {f.key: f for f in fields(ask.part)}
        titles = {_short(f.title): f.key for f in part_fields.values()}
        block: dict[str, Any] = {}
        problems: list[Diagnostic] = []
        for piece in (p for p in re.split(r"\s*[,，;；]\s*", text) if p):
            m = _PAIR.fullmatch(piece)
            if m is None:
                example = ",".join(f"{f.key}=…" for f in part_fields.values() if f.required)
                return {}, [Diagnostic.at("PK730", Source("", (ask.key,)), value=piece, example=example)]
            key = m[1] if m[1] in part_fields else titles.get(_short(m[1])) or _within_title(m[1], titles) or m[1]
            if key not in part_fields:  # the schema says so, with "did you mean"
                block[key] = m[2]
                continue
            value, found = self.read(part_fields[key], m[2])
            block[key] = value
            problems += [replace(d, path=(ask.key, *d.path)) for d in found]
        return block, problems


def _within_title(word: str, titles: Mapping[str, str]) -> str | None:
    """The key of the one field whose title holds ``word`` (类别 → 补助类别), if exactly one does."""
    found = {key for title, key in titles.items() if word and word in title}
    return found.pop() if len(found) == 1 else None


def _short(title: str) -> str:
    """A title without its parenthesised unit: 单价（元） → 单价."""
    return re.sub(r"（.*?）|\(.*?\)", "", title).strip()


def _label(ask: Ask) -> Bilingual:
    return Bilingual(ask.title, ask.key)


def plain(values: Mapping[str, Any]) -> dict[str, Any]:
    """The values to write, without the ones left out."""
    return {k: v for k, v in values.items() if v is not None and v != []}
