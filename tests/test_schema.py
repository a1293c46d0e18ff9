"""`pairkit schema`: a JSON Schema of record files that editors use; what it rejects, validate rejects too."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import BASE, PROGRAMME, assert_clean_exit, diagnose, invoke
from pairkit.load.files import discover, read_text
from pairkit.load.yamldoc import parse
from pairkit.model import SECTIONS
from pairkit.schema import record_file_schema

ROOT = Path(__file__).resolve().parent.parent


def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(record_file_schema())


def _schema_errors(root: Path) -> list[str]:
    """Every schema error in every record file under ``root``, read the way pairkit reads them (dates as text)."""
    validator = _validator()
    out = []
    for path in discover(root):
        text = read_text(path, str(path))
        assert isinstance(text, str)
        data, problems = parse(text, str(path))
        assert problems == []
        out += [f"{path}: {list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    return out


def test_schema_command_prints_a_draft_2020_12_document() -> None:
    """The printed JSON is a valid 2020-12 schema with one optional property per section and nothing else."""
    result = invoke(["schema"])
    assert_clean_exit(result, 0)
    document = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(document)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert document["additionalProperties"] is False
    assert list(document["properties"]) == ["programme", *SECTIONS]
    assert "required" not in document
    assert document["properties"]["activities"]["title"] == "活动"
    assert document["$defs"]["Activity"]["properties"]["date"]["title"] == "日期"


def test_fixed_choices_accept_key_or_chinese_label() -> None:
    """An enum lists both forms, as validate accepts both: gender male/female/男/女."""
    gender = record_file_schema()["$defs"]["Person"]["properties"]["gender"]
    assert gender["enum"] == ["male", "female", "男", "女"]


def test_vocabulary_fields_offer_the_default_terms_but_accept_a_programmes_own() -> None:
    """An activity's kind lists the default kinds (keys and labels) as examples for completion, and stays open
    text: a kind the programme adds in its settings passes the schema."""
    schema = record_file_schema()
    kind = schema["$defs"]["Activity"]["properties"]["kind"]
    assert "enum" not in kind
    assert kind["examples"][:2] == ["lecture", "demo_lesson"]
    assert "示范课" in kind["examples"]
    subjects = schema["$defs"]["Person"]["properties"]["subjects"]
    assert "数学" in subjects["items"]["examples"]
    own = parse(ACTIVITY.replace("kind: 示范课", "kind: 送教下乡"), "a.yaml")[0]
    assert list(_validator().iter_errors(own)) == []


def test_output_option_writes_the_same_document(tmp_path: Path) -> None:
    """-o FILE writes exactly what the command prints."""
    target = tmp_path / "pairkit.schema.json"
    assert_clean_exit(invoke(["schema", "-o", str(target)]), 0)
    assert target.read_text(encoding="utf-8") == invoke(["schema"]).stdout


def test_sample_records_validate_against_the_schema() -> None:
    """Every file of the repository's sample records/ passes the exported schema."""
    assert len(list(discover(ROOT / "records"))) >= 5
    assert _schema_errors(ROOT / "records") == []


def test_a_fresh_init_validates_against_the_schema(tmp_path: Path) -> None:
    """The records `pairkit init` writes pass the exported schema."""
    assert_clean_exit(invoke(["init", str(tmp_path / "new")]), 0)
    assert _schema_errors(tmp_path / "new" / "records") == []


ACTIVITY = """\
activities:
  - date: 2024-10-15
    pairing: pr-1
    kind: 示范课
    title: 示范课
"""


@pytest.mark.parametrize(
    ("change", "validator", "code"),
    [
        pytest.param(
            ("title: 示范课", "title: 示范课\n    teacher: 林慧"), "additionalProperties", "PK203", id="unknown field"
        ),
        pytest.param(("title: 示范课", "title: 示范课\n    attendance: 很多"), "type", "PK205", id="wrong type"),
        pytest.param(("title: 示范课", "title: 示范课\n    people: p-linhui"), "type", "PK205", id="text for a list"),
        pytest.param(
            ("activities:", "units:\n  - id: u-x\n    name: X\n    area: 郊区\nactivities:"),
            "enum",
            "PK206",
            id="bad enum",
        ),
        pytest.param(("    kind: 示范课\n", ""), "required", "PK204", id="missing field"),
        pytest.param(("activities:", "activity:"), "additionalProperties", "PK106", id="unknown section"),
        pytest.param(("title: 示范课", 'title: 示范课\n    attendance: "40"'), "type", "PK205", id="quoted number"),
        pytest.param(("title: 示范课", "title: 示范课\n    attendance: true"), "type", "PK205", id="bool for a count"),
        pytest.param(
            ("activities:", "units:\n  - id: u-x\n    name: X\n    area: 农村\n    teachers: 1.5\nactivities:"),
            "type",
            "PK205",
            id="fraction for a count",
        ),
    ],
)
def test_what_the_schema_rejects_validate_rejects_too(
    tree: Path, change: tuple[str, str], validator: str, code: str
) -> None:
    """A schema-level error found by jsonschema is also found by `pairkit validate`, with its own code."""
    text = ACTIVITY.replace(*change)
    data: Any = parse(text, "a.yaml")[0]
    error = jsonschema.exceptions.best_match(_validator().iter_errors(data))
    assert error is not None
    assert error.validator == validator
    codes = [f.code for f in diagnose(tree, {"programme.yaml": PROGRAMME, "base.yaml": BASE, "a.yaml": text})]
    assert codes == [code]


RULE = """\
rules:
  - id: r-demo
    title: 每学期示范课不少于 1 次
    type: 数量指标
    period: term
    select: {kinds: [示范课]}
    min: 1
"""


@pytest.mark.parametrize(
    ("change", "validator", "code"),
    [
        pytest.param(("    type: 数量指标\n", ""), "required", "PK204", id="rule without type"),
        pytest.param(("select:", "selekt:"), "additionalProperties", "PK203", id="unknown field of a count rule"),
        pytest.param(("period: term", "period: fortnight"), "enum", "PK206", id="bad period"),
    ],
)
def test_rule_forms_are_picked_by_type_in_the_schema_too(
    tree: Path, change: tuple[str, str], validator: str, code: str
) -> None:
    """A rule's ``type`` (key or Chinese label) picks its form in the schema as in validate: the schema's error is
    about that form, and validate reports the same problem."""
    assert list(_validator().iter_errors(parse(RULE, "r.yaml")[0])) == []
    text = RULE.replace(*change)
    error = jsonschema.exceptions.best_match(_validator().iter_errors(parse(text, "r.yaml")[0]))
    assert error is not None
    assert error.validator == validator
    assert [f.code for f in diagnose(tree, {"programme.yaml": PROGRAMME, "r.yaml": text})] == [code]


def test_valid_records_pass_both() -> None:
    """The unchanged activity passes the schema (and the other cases differ from it by one line)."""
    assert list(_validator().iter_errors(parse(textwrap.dedent(ACTIVITY), "a.yaml")[0])) == []
