"""Pydantic's validation errors rewritten as located diagnostics a clerk can act on."""

from __future__ import annotations

import difflib
import typing
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from pairkit.diagnostics import Bilingual, Diagnostic, Source
from pairkit.model.fields import Labelled
from pairkit.personal import MASKED

_EXPECTED = {
    "int": Bilingual("整数", "a whole number"),
    "float": Bilingual("数字", "a number"),
    "bool": Bilingual("true 或 false", "true or false"),
    "string": Bilingual("文字", "text"),
    "list": Bilingual("列表（每项以 - 开头）", "a list (items starting with -)"),
    "dict": Bilingual("键值对（字段: 值）", "a mapping (field: value)"),
    "model": Bilingual("键值对（字段: 值）", "a mapping (field: value)"),
}
_TYPE_ERRORS = {
    "int_type": "int",
    "int_parsing": "int",
    "int_from_float": "int",
    "float_type": "float",
    "float_parsing": "float",
    "finite_number": "float",
    "bool_type": "bool",
    "bool_parsing": "bool",
    "string_type": "string",
    "list_type": "list",
    "dict_type": "dict",
    "model_type": "model",
    "model_attributes_type": "model",
}
_PERSONAL_ERRORS = {
    "id_number_form": "PK240",
    "id_number_date": "PK241",
    "id_number_check": "PK242",
    "phone_form": "PK243",
}
_RANGE_ERRORS = {
    "greater_than_equal": ("≥", "ge"),
    "greater_than": (">", "gt"),
    "less_than_equal": ("≤", "le"),
    "less_than": ("<", "lt"),
    "too_short": ("≥", "min_length"),
    "too_long": ("≤", "max_length"),
    "string_too_short": ("≥", "min_length"),
    "string_too_long": ("≤", "max_length"),
}


def shown(value: Any, limit: int = 40) -> str | Bilingual:
    """A value as the clerk wrote it, not as Python prints it."""
    if value is None:
        return Bilingual("空", "nothing")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return Bilingual("一个列表", "a list") if value else Bilingual("空列表", "an empty list")
    if isinstance(value, dict):
        return Bilingual("一组字段", "a mapping")
    if isinstance(value, int) and value.bit_length() > 4 * limit:  # long enough that Python may refuse to print it
        return Bilingual("一个位数极多的数", "a number with a great many digits")
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _inner(annotation: Any, want: type) -> Any:
    """The first class of kind ``want`` inside an annotation such as ``list[Item] | None``."""
    if isinstance(annotation, type) and issubclass(annotation, want):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner(arg, want)
        if found is not None:
            return found
    return None


def _field(model: type[BaseModel], loc: tuple[str | int, ...]) -> tuple[type[BaseModel] | None, FieldInfo | None]:
    """The model that holds the last named part of ``loc``, and that field."""
    current: type[BaseModel] | None = model
    owner, info = model, None
    for part in loc:
        if isinstance(part, int) or part == "[key]" or current is None:
            continue
        owner = current
        info = _by_name(current, part)
        current = _inner(info.annotation, BaseModel) if info else None
    return owner, info


def _by_name(model: type[BaseModel], name: str) -> FieldInfo | None:
    for field_name, info in model.model_fields.items():
        if name in (field_name, info.alias):
            return info
    return None


def field_label(model: type[BaseModel], loc: tuple[str | int, ...]) -> Bilingual:
    names = [p for p in loc if isinstance(p, str) and p != "[key]"]
    if not names:  # the record as a whole (a list item that is not a mapping)
        return Bilingual("记录", "record")
    name = names[-1]
    _, info = _field(model, loc)
    return Bilingual(info.title if info and info.title else name, name)


# "Did you mean" for the first unknown keys of a record or file only: a hundred of them are not slips of the pen,
# and each suggestion costs a comparison with every known key.
SUGGESTED = 20


def translate(err: ValidationError, model: type[BaseModel], source: Source, record: Bilingual) -> list[Diagnostic]:
    out, unknown = [], 0
    for e in err.errors(include_url=False):
        unknown += e["type"] == "extra_forbidden"
        out.append(_one(e, model, source, record, suggest=unknown <= SUGGESTED))
    return out


def _one(e: ErrorDetails, model: type[BaseModel], source: Source, record: Bilingual, suggest: bool) -> Diagnostic:
    loc = tuple(e["loc"])
    kind = e["type"]
    ctx = e.get("ctx") or {}
    at = source.at(*(p for p in loc if p != "[key]"))
    field = field_label(model, loc)
    given = e.get("input")
    # A blank value would print as nothing at all in the message: name it. Personal data is never echoed in full.
    if isinstance(given, str) and not given.strip():
        value: str | Bilingual = Bilingual("（空）", "(empty)")
    elif loc and loc[-1] in MASKED and isinstance(given, str | int):
        value = MASKED[str(loc[-1])](str(given))
    else:
        value = shown(given)
    common: dict[str, object] = {"record": record, "field": field, "value": value}
    if kind == "missing":
        return Diagnostic.at("PK204", Source(source.file, at.path[:-1]), **common)
    if kind == "extra_forbidden":
        # The unknown key sits in the model inside the field that holds it (an allowance, not the secondment).
        parent, holder = _field(model, loc[:-1])
        owner = (_inner(holder.annotation, BaseModel) if holder else None) or parent or model
        allowed = [info.alias or name for name, info in owner.model_fields.items()]
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6) if suggest else []
        return Diagnostic.at(
            "PK203",
            at,
            record=record,
            field=str(loc[-1]),
            allowed=", ".join(allowed),
            suggestion=close[0] if close else "",
        ).on_key()
    if kind == "date_invalid":
        return Diagnostic.at("PK201", at, **common)
    if kind == "date_range":
        return Diagnostic.at("PK209", at, limit="1900-01-01 — 2100-12-31", measure="value", **common)
    if kind == "date_format":
        return Diagnostic.at("PK202", at, **common)
    if kind in _TYPE_ERRORS:
        return Diagnostic.at("PK205", at, expected=_EXPECTED[_TYPE_ERRORS[kind]], **common)
    if kind == "enum":
        _, info = _field(model, loc)
        enum_cls = _inner(info.annotation, Labelled) if info else None
        choices = enum_cls.choices() if enum_cls else str(ctx.get("expected", ""))
        return Diagnostic.at("PK206", at, choices=choices, **common)
    if kind == "kind_choice":  # a kind of what a count rule counts (支教 when it counts secondments)
        return Diagnostic.at("PK206", at, choices=str(ctx["choices"]), **common)
    if kind == "length_format":
        return Diagnostic.at("PK221", at, **common)
    if kind == "deadline_by":  # raised for the rule as a whole: the missing day is what to add
        return Diagnostic.at("PK222", source.at("by"), **common)
    if kind == "vocab_unknown":
        return Diagnostic.at(
            "PK207", at, vocabulary=str(ctx["vocabulary"]), suggestion=str(ctx["suggestion"]), **common
        )
    if kind == "string_pattern_mismatch":
        return Diagnostic.at("PK208", at, what="code" if loc[-1] == "code" else "id", **common)
    if kind in _RANGE_ERRORS:
        sign, key = _RANGE_ERRORS[kind]
        limit = ctx.get(key, ctx.get("min_length", ctx.get("max_length", "")))
        measure = "length" if "length" in key else "value"
        return Diagnostic.at("PK209", at, limit=f"{sign} {limit}", measure=measure, **common)
    if kind in _PERSONAL_ERRORS:
        return Diagnostic.at(_PERSONAL_ERRORS[kind], at, **common)
    if kind == "donation_empty":
        return Diagnostic.at("PK210", at, **common)
    if kind == "political_conflict":  # raised for the record as a whole; the status is what to look at
        return Diagnostic.at("PK811", source.at("political_status"), **common)
    return Diagnostic.at("PK219", at, problem=e["msg"], **common)
