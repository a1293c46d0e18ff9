"""The public YAML test suite as record files: every case put as one file in a records tree, and the commands run.

No command ends in an internal error; every invalid case is an error located in its own file; every valid case is
read as the data the suite says it means, unless it is written with something pairkit refuses on purpose (tags, a
key that is not plain text, a key written twice, several documents) — and then it is a located error saying so.
(``tests/test_fast_path.py`` holds the two parse paths equal on the same cases.)
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import assert_clean_exit, digest, invoke
from pairkit.load import parse
from pairkit.messages import Lang, text
from pairkit.pipeline import validate_tree

REPO = Path(__file__).resolve().parent.parent
SUITE = REPO.parent / "shared" / "data" / "yaml-test-suite"
pytestmark = pytest.mark.skipif(not SUITE.is_dir(), reason="../shared/data/yaml-test-suite is not there")

# Why pairkit refuses valid YAML: the message (Chinese) of each refusal.
REFUSALS = {
    "PK101": ("一个文件只能有一份内容", "字段名必须是简单的文字", "pairkit 不支持这种写法"),
    "PK102": ("",),  # a key written twice
    "PK103": ("",),  # a tag
}


def _cases() -> list[Path]:
    return sorted(p.parent for p in SUITE.rglob("in.yaml"))


def _name(case: Path) -> str:
    return case.relative_to(SUITE).as_posix().replace("/", "-") + ".yaml"


def _documents(case: Path) -> list[Any] | None:
    """The data each document of the case means, from in.json (None when JSON cannot say)."""
    path = case / "in.json"
    if not path.exists():
        return None
    decoder, raw, at = json.JSONDecoder(), path.read_text(encoding="utf-8"), 0
    out: list[Any] = []
    while True:
        while at < len(raw) and raw[at].isspace():
            at += 1
        if at >= len(raw):
            return out
        value, at = decoder.raw_decode(raw, at)
        out.append(value)


def _same(value: Any) -> Any:
    """Data in a form that compares types (1 is not True, 1 is not 1.0) and NaN as equal to itself."""
    if isinstance(value, float) and math.isnan(value):
        return ("nan",)
    if isinstance(value, dict):
        return ("dict", sorted((k, _same(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("list", [_same(v) for v in value])
    return (type(value).__name__, value)


@pytest.fixture(scope="module")
def suite_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("suite") / "records"
    root.mkdir()
    for case in _cases():
        shutil.copyfile(case / "in.yaml", root / _name(case))
    return root


def test_every_case_read_as_it_means_or_refused_for_a_stated_reason() -> None:
    """Each valid case is read as its in.json (first document), or refused with a located error of one of the
    stated reasons — and those refused are only cases with several documents, tags, keys that are not text (in.json
    cannot even express them) or keys written twice. Each invalid case is a located PK101."""
    cases = _cases()
    assert len(cases) > 350
    read = refused = invalid = 0
    for case in cases:
        source = (case / "in.yaml").read_bytes().decode("utf-8")
        data, problems = parse(source, _name(case))
        if (case / "error").exists():
            assert [p.code for p in problems if p.is_error][:1] == ["PK101"], case.name
            assert all(p.line >= 1 and p.column >= 1 for p in problems), case.name
            invalid += 1
            continue
        documents = _documents(case)
        if not problems:
            if documents:  # absent: JSON cannot express it (a key that is not text); empty: an empty stream
                assert _same(data) == _same(documents[0]), case.name
            read += 1
            continue
        (problem,) = problems[:1]
        reasons = REFUSALS.get(problem.code, ())
        assert any(r in text(problem, Lang.ZH)[0] for r in reasons), (case.name, text(problem, Lang.ZH))
        assert problem.line >= 1, case.name
        judged = "!" in source or "?" in source or "&" in source or "*" in source or "---" in source
        assert documents is None or len(documents) != 1 or judged or problem.code == "PK102", case.name
        refused += 1
    assert invalid == 94
    assert read > 240
    assert refused < 60


def test_the_suite_as_a_records_tree_through_every_command(suite_tree: Path, tmp_path: Path) -> None:
    """The whole suite as one records tree: validate (text, JSON, GitHub), check, status, list, report, export,
    fmt --check and fmt end in a clean exit with no internal error; validate locates an error in the file of every
    invalid case; the commands that only read change nothing, and fmt writes only files it can read back as the
    same data."""
    before = digest(suite_tree)
    outcome = validate_tree(suite_tree)
    located = {Path(d.file).name for d in outcome.diagnostics if d.is_error and d.line >= 1}
    invalid = {_name(case) for case in _cases() if (case / "error").exists()}
    assert invalid <= located
    assert not [d for d in outcome.diagnostics if d.code == "PK900"]
    for command in (
        ["validate", str(suite_tree)],
        ["validate", str(suite_tree), "-f", "json"],
        ["validate", str(suite_tree), "-f", "github"],
        ["check", str(suite_tree), "--year", "2025"],
        ["status", str(suite_tree)],
        ["list", "activities", str(suite_tree)],
        ["report", str(suite_tree), "--year", "2025", "-o", str(tmp_path / "r.docx")],
        ["export", str(suite_tree), "--year", "2025", "-o", str(tmp_path / "l.xlsx")],
        ["fmt", str(suite_tree), "--check"],
    ):
        result = invoke(command)
        assert_clean_exit(result, 1)
        assert "内部错误" not in result.output, command
    assert digest(suite_tree) == before
    formatted = tmp_path / "formatted"
    shutil.copytree(suite_tree, formatted)
    result = invoke(["fmt", str(formatted)])
    assert_clean_exit(result, 1)
    assert "内部错误" not in result.output
    for path in sorted(formatted.glob("*.yaml")):
        original = (suite_tree / path.name).read_text(encoding="utf-8")
        now = path.read_text(encoding="utf-8")
        if now != original:  # formatted: the same data as before
            assert _same(parse(now, path.name)[0]) == _same(parse(original, path.name)[0]), path.name
