"""The two parse paths give the same data: every file the fast path vouches for is read identically by the careful
path (ruamel, positions and all), so callers cannot tell which one ran.

The corpus: the sample records, a generated province tree, the cases of the public YAML test suite, and scalar
and key forms where YAML parsers are known to differ.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any

import pytest

from pairkit.load import fastyaml, parse, yamldoc

REPO = Path(__file__).resolve().parent.parent
SUITE = REPO.parent / "shared" / "data" / "yaml-test-suite"
sys.path.insert(0, str(REPO / "benchmarks"))

from gen_province import write_province  # noqa: E402

# Forms where YAML 1.1, YAML 1.2 and the parsers' own readings differ.
TRICKY = [
    *(f"a: {v}\n" for v in ("NO", "on", "yes", "y", "off", "True", "TRUE", "null", "~", "Null", "")),
    *(f"a: {v}\n" for v in ("2024-09-01", "2024-9-1", "2024-02-30", "2024-09-01T10:00:00", "2024-09-01 10:00")),
    *(f"a: {v}\n" for v in ("0x1F", "0X1F", "0o17", "0O17", "017", "0b101", "+1", "-0", "+0x1F", "1_000", "_1")),
    *(f"a: {v}\n" for v in (".inf", "-.Inf", "+.inf", ".nan", "1e3", "1.5e-3", "1.", ".5", "1e", "12:30", "0.0")),
    *(f"{k}: x\n" for k in ("2024", "true", "null", "~", "1.5", "0x10", "'2024'", '"true"', "[a]", "{a: 1}")),
    "a: 1\na: 2\n",
    "a: &x 1\nb: *x\n",
    "<<: {a: 1}\n",
    "a: !!str 5\n",
    "a: !!python/object:os.system x\n",
    "%YAML 1.2\n---\na: 1\n",
    "a: 1\n---\nb: 2\n",
    "a:\n\t- 1\n",
    "a: |\n  line\n",
    "a: >\n  folded\n  text\n",
    "key:    # comment\n  value\n",
    "a: [x, [y, z]]\nb: {c: [d], e: f}\n",
    "a: [x, 'y, z', \"w]\"]\n",
    "a: [k: v]\n",
    "a: {x\n  : y}\n",
    "title: 函数[1]的应用 a] b\n",
    "title: R & D *note*\n",
    "- 1\n- [2, 3]\n",
    "plain text\n",
    "",
    "# only a comment\n",
    "[" * 100 + "]" * 100 + "\n",
]


def _same(value: Any) -> Any:
    """Data in a form that compares types, key order and NaN as equal to themselves."""
    if isinstance(value, float) and math.isnan(value):
        return ("nan",)
    if isinstance(value, dict):
        return ("dict", [(type(k).__name__, k, _same(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_same(v) for v in value])
    return (type(value).__name__, value)


def _assert_paths_agree(text: str) -> bool:
    """Whether the fast path vouched for ``text``; when it did, the careful path must build the same, silently."""
    vouched, fast = fastyaml.vouch(text)
    if not vouched:
        return False
    careful, problems = yamldoc.parse(text, "x.yaml")
    assert problems == [], f"the fast path vouched for text the careful path refuses: {text[:200]!r}"
    assert _same(fast) == _same(careful), text[:200]
    return True


def test_sample_records_take_the_fast_path_and_agree() -> None:
    """Every file of the sample is vouched for by the fast path and read identically by both paths."""
    files = sorted((REPO / "records").rglob("*.yaml"))
    assert files
    for path in files:
        assert _assert_paths_agree(path.read_text(encoding="utf-8")), path


def test_generated_tree_takes_the_fast_path_and_agrees(tmp_path: Path) -> None:
    """A generated county's files (units, people, pairings, secondments, activities) all agree on both paths."""
    write_province(tmp_path, scale=0.005)
    files = sorted(tmp_path.rglob("*.yaml"))
    assert len(files) > 20
    for path in files:
        assert _assert_paths_agree(path.read_text(encoding="utf-8")), path


@pytest.mark.skipif(not SUITE.is_dir(), reason="../shared/data/yaml-test-suite is not there")
def test_yaml_test_suite_cases_agree_wherever_the_fast_path_vouches() -> None:
    """For each case of the public YAML test suite the fast path either steps aside or gives the careful data;
    it vouches for none of the invalid cases."""
    cases = sorted(SUITE.rglob("in.yaml"))
    assert len(cases) > 300
    vouched = 0
    for case in cases:
        text = case.read_bytes().decode("utf-8", "replace")
        if _assert_paths_agree(text):
            vouched += 1
            assert not (case.parent / "error").exists(), case
    assert vouched > 40  # the fast path is not simply stepping aside (most cases show off special syntax)


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_forms_agree(text: str) -> None:
    """Scalar and key forms where parsers differ: the fast path vouches only where both read them alike."""
    _assert_paths_agree(text)


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("a: 1\na: 2\n", "PK102", 2),
        ("a: !!python/object:os.system x\n", "PK103", 1),
        ("<<: {a: 1}\n", "PK103", 1),
        ("a: &x [1]\nb: *x\n", None, 0),
        ("a:\n\t- 1\n", "PK101", 2),
        ("a: 'open\n", "PK101", 1),
        ("[" * 100 + "]" * 100 + "\n", "PK104", 1),
    ],
)
def test_the_seam_keeps_every_guarantee_of_the_careful_path(text: str, code: str | None, line: int) -> None:
    """Through the one seam, duplicate keys, object tags, merge keys, tabs, syntax errors and nesting bombs are
    still refused and located; a harmless alias still reads as data."""
    data, problems = parse(text, "x.yaml")
    assert [(d.code, d.line) for d in problems] == ([(code, line)] if code else [])
    if code is None:
        assert data == {"a": [1], "b": [1]}


def test_no_and_on_stay_text_and_dates_stay_text_on_the_fast_path() -> None:
    """YAML 1.2 on the fast path: NO and on are text, not booleans; dates are kept as written for the schema."""
    vouched, data = fastyaml.vouch("a: NO\nb: on\nc: 2024-9-1\nd: 2024-02-30\ne: true\n")
    assert vouched
    assert data == {"a": "NO", "b": "on", "c": "2024-9-1", "d": "2024-02-30", "e": True}
