"""JSON Schema (draft 2020-12) of a record file, generated from ``SECTIONS`` and the record models.

Editors use it to complete and check fields (VS Code's YAML extension, see docs/maintaining.md). It accepts no
more than ``pairkit validate`` does; validate knows more (references, dates, vocabularies a programme adds).
"""

from __future__ import annotations

import typing
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter
from pydantic.fields import FieldInfo

from pairkit.model import SECTION_LABELS, SECTIONS
from pairkit.model.fields import Labelled
from pairkit.model.programme import Programme
from pairkit.model.vocab import VOCABULARY_NAMES, ActivityKind, Dimension, Subject, Title, Vocab

_VOCABULARY_TYPES = dict(zip((ActivityKind, Subject, Title, Dimension), VOCABULARY_NAMES, strict=True))

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _forms(model: type[BaseModel]) -> list[type[BaseModel]]:
    """The schemas a section's items may follow: one model, or each form of a family such as rules."""
    forms: dict[str, type[BaseModel]] = getattr(model, "FORMS", None) or {}
    return list(forms.values()) or [model]


def _type_labels(model: type[BaseModel]) -> dict[str, str]:
    """For a family of forms, the Chinese label of each ``type`` key (records may write either)."""
    variant = getattr(model, "variant", None)
    fallback = variant({}) if callable(variant) else None
    info = getattr(fallback, "model_fields", {}).get("type")
    enum = getattr(info, "annotation", None)
    if isinstance(enum, type) and issubclass(enum, Labelled):
        return {m.value: m.label for m in enum}
    return {}


def _markers(annotation: Any) -> list[Any]:
    """Every ``Annotated`` metadata object inside an annotation (``list[Subject] | None`` → Subject's validator)."""
    found = list(typing.get_args(annotation)[1:]) if typing.get_origin(annotation) is Annotated else []
    return found + [m for arg in typing.get_args(annotation) for m in _markers(arg)]


def vocabulary_of(info: FieldInfo) -> str | None:
    """The programme vocabulary a field takes its values from (``activity_kinds`` for an activity's kind)."""
    markers = [*info.metadata, *_markers(info.annotation)]
    for alias, name in _VOCABULARY_TYPES.items():
        validator = typing.get_args(alias)[-1]
        if any(m is validator for m in markers):
            return name
    return None


def _models(root: type[BaseModel], seen: dict[str, type[BaseModel]]) -> dict[str, type[BaseModel]]:
    """``root`` and every model its fields hold, by class name (the names pydantic gives the ``$defs``)."""
    if root.__name__ in seen:
        return seen
    seen[root.__name__] = root
    for info in root.model_fields.values():
        for inner in _classes(info.annotation):
            _models(inner, seen)
    return seen


def _classes(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [c for arg in typing.get_args(annotation) for c in _classes(arg)]


def _offer_vocabularies(defs: dict[str, Any], models: dict[str, type[BaseModel]]) -> None:
    """Vocabulary fields stay open text (a programme may add terms), with the default terms as examples an editor
    offers for completion."""
    vocab = Vocab.build()
    for name, definition in defs.items():
        model = models.get(name)
        for field_name, info in model.model_fields.items() if model else []:
            vocabulary = vocabulary_of(info)
            prop = definition.get("properties", {}).get(info.alias or field_name)
            if vocabulary is None or prop is None:
                continue
            terms = vocab[vocabulary].terms
            target = prop.get("items", prop)
            target["examples"] = [*terms, *(t.label for t in terms.values())]
            prop["description"] = "可写代码或中文名称：" + "，".join(f"{k}（{t.label}）" for k, t in terms.items())


def record_file_schema() -> dict[str, Any]:
    """The schema of one ``.yaml`` record file: optional sections, nothing else."""
    annotations: dict[str, Any] = {"programme": Programme | None}
    for name, model in SECTIONS.items():
        forms = _forms(model)
        item: Any = forms[0] if len(forms) == 1 else _union(forms)
        annotations[name] = list[item] | None
    defs: dict[str, Any] = {}
    properties: dict[str, Any] = {}
    for name, annotation in annotations.items():
        schema = TypeAdapter(annotation).json_schema(by_alias=True, ref_template="#/$defs/{model}")
        defs.update(schema.pop("$defs", {}))
        schema = _flatten_nullable(schema)
        schema["title"] = SECTION_LABELS[name].zh if name in SECTION_LABELS else name
        properties[name] = schema
    for name, model in SECTIONS.items():
        labels = _type_labels(model)
        keys: dict[str, str] = {}  # form name → its ``type`` key
        for form in _forms(model):
            definition = defs.get(form.__name__)
            if definition is None:
                continue
            definition["title"] = SECTION_LABELS[name].zh if name in SECTION_LABELS else name
            key = _accept_type_labels(definition, labels)
            if key is not None:
                definition["title"] += f"：{labels[key]}"
                keys[form.__name__] = key
        if len(keys) > 1:
            title = defs[next(iter(keys))]["properties"]["type"].get("title", "type")
            properties[name]["items"] = _by_type(keys, labels, title)
    models: dict[str, type[BaseModel]] = {}
    roots: list[type[BaseModel]] = [Programme, *SECTIONS.values()]
    for root in roots:
        for form in _forms(root):
            _models(form, models)
    _offer_vocabularies(defs, models)
    if Programme.__name__ in defs:
        defs[Programme.__name__]["title"] = SECTION_LABELS["programme"].zh
    for definition in defs.values():
        definition.pop("description", None)  # the models' docstrings are English notes for developers
        props = definition.get("properties", {})
        for key, prop in props.items():
            props[key] = _flatten_nullable(prop)
    return {
        "$schema": DIALECT,
        "$id": "https://pairkit.invalid/schema/record-file.json",
        "title": "pairkit 记录文件",
        "description": "城乡学校结对帮扶记录（YAML）。由 pairkit schema 生成，请勿手工修改。",
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
        "$defs": dict(sorted(defs.items())),
    }


def _flatten_nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """``anyOf: [list, null]`` becomes ``type: [array, null]``: an editor then points at the wrong item itself."""
    options = schema.get("anyOf")
    if not options or len(options) != 2 or {"type": "null"} not in options:
        return schema
    other = next(o for o in options if o != {"type": "null"})
    if "type" not in other:  # a $ref (the programme block): keep the anyOf
        return schema
    rest = {k: v for k, v in schema.items() if k != "anyOf"}
    return {**other, **rest, "type": [other["type"], "null"]}


def _by_type(keys: dict[str, str], labels: dict[str, str], title: str) -> dict[str, Any]:
    """Items of a family of forms: ``type`` is required and picks the form (if/then), so that an editor reports a
    wrong field against that form rather than "matches none of seven schemas"."""
    return {
        "type": "object",
        "required": ["type"],
        "properties": {"type": {"title": title, "enum": [*keys.values(), *(labels[k] for k in keys.values())]}},
        "allOf": [
            {
                "if": {"properties": {"type": {"enum": [key, labels[key]]}}, "required": ["type"]},
                "then": {"$ref": f"#/$defs/{form}"},
            }
            for form, key in keys.items()
        ],
    }


def _union(forms: list[type[BaseModel]]) -> Any:
    from typing import Union

    return Union[tuple(forms)]  # noqa: UP007 - built from a runtime list


def _accept_type_labels(definition: dict[str, Any], labels: dict[str, str]) -> str | None:
    """``type: count`` may also be written ``type: 数量指标``, and must be written: it picks the form."""
    prop = definition.get("properties", {}).get("type")
    if not prop or not labels:
        return None
    key = prop.pop("const", None) or (prop.get("enum") or [None])[0]
    if key not in labels:
        return None
    prop.pop("default", None)
    prop["enum"] = [key, labels[key]]
    required = definition.setdefault("required", [])
    if "type" not in required:
        required.append("type")
    return str(key)
