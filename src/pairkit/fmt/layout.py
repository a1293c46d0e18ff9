"""The canonical layout applied to round-trip data: key order from the schema, dates as dates, list styles.

Key order follows the order fields are declared in the record models (``pairkit.model``), looked up through
``SECTIONS`` at run time so that new record kinds are ordered without changes here. Unknown keys keep their
place after the known ones: the formatter never drops anything, validate reports them.
"""

from __future__ import annotations

import re
import typing
import unicodedata
from datetime import date
from typing import Any

from pydantic import BaseModel
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from pairkit.fmt.comments import has_comments, last_slot, pop_following, push_following, reorder
from pairkit.fmt.roundtrip import AsWritten
from pairkit.model import SECTIONS
from pairkit.model.programme import Programme

# A list of scalars is written on one line, [a, b], when its items fit in this many columns (a CJK character is
# two), so that the whole line stays within 120 columns.
FLOW_WIDTH = 100
_LOOSE_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def top_level() -> dict[str, Any]:
    """The annotation of each top-level key of a record file."""
    return {"programme": Programme, **{name: list[model] for name, model in SECTIONS.items()}}  # type: ignore[valid-type]


def normalize(data: Any) -> Any:
    """Apply the layout in place where possible; returns the (possibly replaced) root."""
    if isinstance(data, CommentedMap):
        annotations = top_level()
        for key in list(data):
            data[key] = _value(data, key, annotations.get(str(key)))
    return data


def _value(parent: CommentedMap | CommentedSeq, key: Any, annotation: Any) -> Any:
    value = parent[key]
    if isinstance(value, CommentedMap):
        _mapping(value, annotation, (parent, key))
        if not len(value):
            value.fa.set_flow_style()
        elif not (value.fa.flow_style() and _one_line_mapping(parent, value)):
            value.fa.set_block_style()
        return value
    if isinstance(value, CommentedSeq):
        item_annotation = _contained(annotation, list)
        for index in range(len(value)):
            value[index] = _value(value, index, item_annotation)
        _list_style(parent, key, value)
        return value
    return _scalar(value, annotation)


def _scalar(value: Any, annotation: Any) -> Any:
    """A date field written 2024-9-1 becomes 2024-09-01; text elsewhere that looks like a date stays text."""
    if type(value) is str and _holds_date(annotation):
        m = _LOOSE_DATE.fullmatch(value)
        if m:
            try:
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                return AsWritten(value)
    return value


def _mapping(mapping: CommentedMap, annotation: Any, within: tuple[CommentedMap | CommentedSeq, Any]) -> None:
    model = _pick_model(_models(annotation), mapping)
    if model is not None:
        fields = _fields(model)
        known = sorted((k for k in mapping if k in fields), key=lambda k: fields[k][0])
        reorder(mapping, known + [k for k in mapping if k not in fields], within)
        for key in list(mapping):
            mapping[key] = _value(mapping, key, fields[key][1] if key in fields else None)
        return
    values = _contained(annotation, dict)  # the vocabularies map IDs to terms
    for key in list(mapping):
        mapping[key] = _value(mapping, key, values)


def _list_style(parent: CommentedMap | CommentedSeq, key: Any, seq: CommentedSeq) -> None:
    if not seq:
        seq.fa.set_flow_style()
        return
    if any(isinstance(item, CommentedMap | CommentedSeq) for item in seq):
        seq.fa.set_block_style()
        return
    # The lines after the last item belong to what follows the list, not to the list itself.
    following = pop_following((seq, len(seq) - 1)) if not seq.fa.flow_style() else ""
    flow = not has_comments(seq) and _width(seq) <= FLOW_WIDTH and isinstance(parent, CommentedMap)
    if has_comments(seq) or (flow and seq.fa.flow_style()):
        push_following((seq, len(seq) - 1), following)  # as written: a comment on an item would be lost
        return
    if flow:
        seq.fa.set_flow_style()
        push_following(last_slot(parent, key), following)
        return
    seq.fa.set_block_style()
    push_following((seq, len(seq) - 1), following)


def _one_line_mapping(parent: CommentedMap | CommentedSeq, mapping: CommentedMap) -> bool:
    """A small mapping of scalars written on one line under a key (a vocabulary term) may stay on one line;
    in a list, mappings are always blocks."""
    if not isinstance(parent, CommentedMap) or has_comments(mapping):
        return False
    values = list(mapping.values())
    if any(isinstance(v, CommentedMap) or (isinstance(v, CommentedSeq) and not _flat_list(v)) for v in values):
        return False
    shown = ", ".join(
        f"{k}: {'[' + ', '.join(map(str, v)) + ']' if isinstance(v, list) else v}" for k, v in mapping.items()
    )
    return _text_width(shown + "{}") <= FLOW_WIDTH


def _flat_list(seq: CommentedSeq) -> bool:
    """A one-line list of scalars, which may sit inside a one-line mapping: select: {kinds: [示范课]}."""
    return bool(seq.fa.flow_style()) and not any(isinstance(item, CommentedMap | CommentedSeq) for item in seq)


def _width(seq: CommentedSeq) -> int:
    return _text_width(", ".join(str(item) for item in seq) + "[]")


def _text_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# --- reading the models -----------------------------------------------------------------------------------------


def _models(annotation: Any) -> list[type[BaseModel]]:
    """Every model an annotation such as ``Item | None`` or ``Annotated[Rule, …]`` can hold, directly."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    if typing.get_origin(annotation) in (list, dict):
        return []
    return [m for arg in typing.get_args(annotation) for m in _models(arg)]


def _pick_model(models: list[type[BaseModel]], mapping: CommentedMap) -> type[BaseModel] | None:
    """Of several possible models (a union of rule types), the one that knows most of the keys written."""
    if not models:
        return None
    best = max(models, key=lambda m: sum(1 for k in mapping if k in _fields(m)))
    variant = getattr(best, "variant", None)  # a record family (rules) picks its form from ``type``
    picked = variant(dict(mapping)) if callable(variant) else best
    return picked if isinstance(picked, type) and issubclass(picked, BaseModel) else best


def _fields(model: type[BaseModel]) -> dict[str, tuple[float, Any]]:
    """Key as written (alias or name) → (declaration position, annotation).

    One exception to declaration order: the ``type`` that picks a rule's form is declared by each form, so after
    the shared fields, but it is read first — it goes right after ``title``, as docs/rules.md lists it.
    """
    out: dict[str, tuple[float, Any]] = {}
    for position, (name, info) in enumerate(model.model_fields.items()):
        for key in {name, info.alias or name}:
            out[key] = (position, info.annotation)
    if "type" in out and "title" in out and getattr(model, "variant", None) is not None:
        out["type"] = (out["title"][0] + 0.5, out["type"][1])
    return out


def _holds_date(annotation: Any) -> bool:
    if annotation is date:
        return True
    return any(_holds_date(arg) for arg in typing.get_args(annotation))


def _contained(annotation: Any, container: type) -> Any:
    """What a ``list[X]`` holds (``X``), or a ``dict[K, V]`` maps to (``V``), even inside ``Optional``/``Annotated``."""
    if typing.get_origin(annotation) is container:
        return typing.get_args(annotation)[-1]
    for arg in typing.get_args(annotation):
        found = _contained(arg, container)
        if found is not None:
            return found
    return None
