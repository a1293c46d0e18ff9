"""Property: any valid records, dumped to YAML and read back through the pipeline, are the same records."""

from __future__ import annotations

import io
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from pairkit.model import SECTIONS
from pairkit.model.vocab import DEFAULT_ACTIVITY_KINDS, DEFAULT_SUBJECTS, Vocab
from pairkit.pipeline import validate_tree

# Chinese text with the characters that need quoting in YAML: colons, hashes, quotes, brackets, dashes,
# words YAML 1.1 would read as booleans, and text that looks like a number or a date.
_CHARS = st.sampled_from(
    list("城关第一小学山村初中林慧王芳教研讲座，。：（）《》、“”") + list(":#'\"[]{}-&*!|>%@`,? ab1")
)
_TRICKY = st.sampled_from(["NO", "on", "yes", "null", "~", "123", "0x1F", "2024-09-01", "1e3", ".inf", "- a", "a: b"])
TEXT = st.one_of(_TRICKY, st.text(_CHARS, min_size=1, max_size=12)).map(str.strip).filter(bool)
DAYS = st.dates(min_value=date(2001, 1, 1), max_value=date(2030, 12, 31))
MONEY = st.integers(min_value=0, max_value=10**8).map(lambda cents: cents / 100)


def _either(key: str, label: str) -> st.SearchStrategy[str]:
    """A fixed choice written as its key or as its Chinese label."""
    return st.sampled_from([key, label])


KINDS = st.sampled_from([k for pair in ((k, v[0]) for k, v in DEFAULT_ACTIVITY_KINDS.items()) for k in pair])
SUBJECTS = st.sampled_from([*DEFAULT_SUBJECTS, *DEFAULT_SUBJECTS.values()])


@st.composite
def trees(draw: st.DrawFn) -> dict[str, list[dict[str, Any]]]:
    """A consistent records tree: every reference resolves, every activity falls inside its open-ended pairing."""
    n_units = draw(st.integers(min_value=2, max_value=4))
    units = [
        {
            "id": f"u-{i}",
            "name": draw(TEXT),
            "area": draw(st.sampled_from(["urban", "城区", "rural", "农村", "town"])),
            **({"teachers": draw(st.integers(0, 500))} if draw(st.booleans()) else {}),
            **({"code": draw(st.from_regex(r"\A[0-9]{10}\Z"))} if draw(st.booleans()) else {}),
        }
        for i in range(n_units)
    ]
    people = [
        {
            "id": f"p-{i}",
            "name": draw(TEXT),
            "gender": draw(st.sampled_from(["male", "男", "female", "女"])),
            "unit": f"u-{draw(st.integers(0, n_units - 1))}",
            "subjects": draw(st.lists(SUBJECTS, max_size=2)),
            "rural_years": draw(st.integers(0, 400)) / 10,
            **({"birth_date": draw(DAYS)} if draw(st.booleans()) else {}),
        }
        for i in range(draw(st.integers(min_value=1, max_value=4)))
    ]
    pairings = [
        {
            "id": f"pr-{i}",
            "supporter": "u-0",
            "recipients": [f"u-{j}" for j in range(1, n_units)],
            "start": date(2000, 9, 1),
            **({"name": draw(TEXT)} if draw(st.booleans()) else {}),
        }
        for i in range(draw(st.integers(min_value=1, max_value=2)))
    ]
    activities = [
        {
            "date": draw(DAYS),
            **({"pairing": f"pr-{draw(st.integers(0, len(pairings) - 1))}"} if draw(st.booleans()) else {}),
            "kind": draw(KINDS),
            "title": draw(TEXT),
            "people": draw(st.lists(st.sampled_from([p["id"] for p in people]), max_size=3)),
            **({"subject": draw(SUBJECTS)} if draw(st.booleans()) else {}),
            **({"attendance": draw(st.integers(0, 300))} if draw(st.booleans()) else {}),
        }
        for _ in range(draw(st.integers(min_value=0, max_value=5)))
    ]
    secondments = [
        {
            "id": f"s-{i}",
            "person": person["id"],
            "kind": draw(_either("teaching", "支教")),
            "from": "u-0",
            "to": f"u-{n_units - 1}",
            "start": start,
            "end": date(start.year + 1, 7, 15),
            "allowances": [{"kind": "生活补助", "amount": draw(MONEY), "months": 10}],
        }
        for i, (person, start) in enumerate(zip(people, draw(st.lists(DAYS, max_size=len(people))), strict=False))
    ]
    donations = [
        {
            "date": draw(DAYS),
            "donor": "u-0",
            "recipient": "u-1",
            "cash": draw(MONEY.filter(bool)),
            "items": [
                {
                    "name": draw(TEXT),
                    "quantity": draw(st.integers(1, 500)),
                    **({"unit_value": draw(MONEY)} if draw(st.booleans()) else {}),  # goods without a value
                }
            ],
        }
        for _ in range(draw(st.integers(min_value=0, max_value=2)))
    ]
    students = [
        {
            "date": draw(DAYS),
            "kind": draw(st.sampled_from(["received", "接收就读", "aided", "资助", "入党积极分子"])),
            "count": draw(st.integers(1, 300)),
            "unit": "u-0",
            **({"cohort": draw(TEXT)} if draw(st.booleans()) else {}),
        }
        for _ in range(draw(st.integers(min_value=0, max_value=2)))
    ]
    awards = [
        {
            "date": draw(DAYS),
            "kind": draw(st.sampled_from(["paper", "论文", "表彰"])),
            "level": draw(st.sampled_from(["city", "市级", "县级"])),
            "title": draw(TEXT),
            "unit": "u-1",
            "people": draw(st.lists(st.sampled_from([p["id"] for p in people]), max_size=2)),
        }
        for _ in range(draw(st.integers(min_value=0, max_value=2)))
    ]
    return {
        "units": units,
        "people": people,
        "pairings": pairings,
        "secondments": secondments,
        "activities": activities,
        "donations": donations,
        "students": students,
        "awards": awards,
    }


def _dump(data: dict[str, Any]) -> str:
    out = io.StringIO()
    YAML().dump(data, out)
    return out.getvalue()


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees(), st.booleans())
def test_records_survive_a_yaml_round_trip(data: dict[str, list[dict[str, Any]]], one_file: bool) -> None:
    """Records dumped with ruamel.yaml (one file, or a file per section) load back without diagnostics and equal
    the records validated straight from the data, Chinese labels stored as keys."""
    programme = {"name": "云溪县城乡学校结对帮扶", "office": "云溪县教育局"}
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        if one_file:
            (root / "all.yaml").write_text(_dump({"programme": programme, **data}), encoding="utf-8")
        else:
            (root / "programme.yaml").write_text(_dump({"programme": programme}), encoding="utf-8")
            for name, items in data.items():
                (root / f"{name}.yaml").write_text(_dump({name: items}), encoding="utf-8")
        outcome = validate_tree(root)
    assert [(d.code, d.line, d.args) for d in outcome.diagnostics] == []
    context = {"vocab": Vocab.build()}
    for name, items in data.items():
        expected = [SECTIONS[name].model_validate(item, context=context).model_dump() for item in items]
        assert [r.model_dump() for r in outcome.records.section(name)] == expected
    labels = {v[0] for v in DEFAULT_ACTIVITY_KINDS.values()} | set(DEFAULT_SUBJECTS.values())
    stored = [a.kind for a in outcome.records.activities] + [s for p in outcome.records.people for s in p.subjects]
    assert not labels & set(stored)
