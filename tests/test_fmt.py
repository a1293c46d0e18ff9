"""`pairkit fmt`: one canonical layout that keeps every comment, idempotent, safe on broken files."""

from __future__ import annotations

import io
import random
import textwrap
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from conftest import PROGRAMME, assert_clean_exit, digest, invoke, write_tree
from pairkit.fmt import format_text
from pairkit.fmt.comments import reorder
from pairkit.fmt.roundtrip import load
from pairkit.load import ParsedFile
from pairkit.load.yamldoc import parse
from pairkit.model import build


def fmt(text: str) -> str:
    return format_text(textwrap.dedent(text))


def test_layout_indents_orders_keys_and_quotes_only_where_needed() -> None:
    """Two-space indentation with list items at offset 2, keys in schema order, unknown keys last in their order,
    lists of scalars on one line, dates as YYYY-MM-DD, quotes only for text that would read as a number."""
    out = fmt(
        """\
        units:
            -   area: 城区
                zz_unknown: 1
                name: '城关第一小学'
                code: '3505250001'
                aa_unknown: 2
                id: u-city
        people:
        - name: 林慧
          subjects:
          - 数学
          - 语文
          id: p-linhui
          birth_date: 1985-3-7
          party_member: True
          gender: 女
          unit: u-city
        """
    )
    assert out == textwrap.dedent(
        """\
        units:
          - id: u-city
            name: 城关第一小学
            area: 城区
            code: "3505250001"
            zz_unknown: 1
            aa_unknown: 2
        people:
          - id: p-linhui
            name: 林慧
            gender: 女
            birth_date: 1985-03-07
            unit: u-city
            subjects: [数学, 语文]
            party_member: true
        """
    )


def test_comments_and_blank_lines_stay_with_what_they_introduce() -> None:
    """Reordering keys keeps each comment line before the key it was written before (before the whole record
    when that key comes first), end-of-line comments on their line two spaces after the value, blank lines
    between records, and the comment before the next section before that section."""
    out = fmt(
        """\
        # 2024 学年活动
        activities:
          # 第一次
          - title: 示范课        # 主题
            # 日期按校历
            date: 2024-10-15
            pairing: pr-1
            kind: 示范课

          - pairing: pr-1
            date: 2024-11-05
            kind: lecture
            title: 讲座

        # 捐赠
        donations: []
        """
    )
    assert out == textwrap.dedent(
        """\
        # 2024 学年活动
        activities:
          # 第一次
          # 日期按校历
          - date: 2024-10-15
            pairing: pr-1
            kind: 示范课
            title: 示范课  # 主题

          - date: 2024-11-05
            pairing: pr-1
            kind: lecture
            title: 讲座

        # 捐赠
        donations: []
        """
    )


def test_formatting_twice_equals_formatting_once() -> None:
    """fmt is idempotent on a messy file with comments, nested blocks, a literal block and unknown keys."""
    once = fmt(
        """\
        secondments:
            - end: 2025-7-15   # 一年
              id: s-1
              allowances:
                  - months: 10
                    kind: 生活补助
                    amount: 3000
              person: p-1
              # 接收学校
              to: u-2
              start: 2024-09-01
              note: |
                第一行
                # 这一行是文字，不是注释
              extra: [a, b]
        """
    )
    assert format_text(once) == once
    assert "    note: |\n      第一行\n      # 这一行是文字，不是注释\n" in once
    assert "    # 接收学校\n    to: u-2\n" in once


def test_text_that_other_readers_would_take_for_something_else_keeps_double_quotes() -> None:
    """Quotes stay on text that reads as a number, date, null or (in YAML 1.1 tools) a boolean, and become double
    quotes; needless quotes go."""
    out = fmt(
        """\
        units:
          - id: 'u-1'
            name: "yes"
            short_name: '0123'
            county: 'null'
            township: "2024-09-01"
            code: '3505250001'
            area: "urban"
        """
    )
    assert out == textwrap.dedent(
        """\
        units:
          - id: u-1
            name: "yes"
            short_name: "0123"
            area: urban
            county: "null"
            township: "2024-09-01"
            code: "3505250001"
        """
    )


def test_impossible_date_is_kept_as_written_for_validate_to_report() -> None:
    """A date that is not in the calendar is neither quoted nor changed: validate still reports it (PK201)."""
    assert fmt("activities:\n  - date: 2025-02-30\n") == "activities:\n  - date: 2025-02-30\n"


def test_file_ends_with_one_newline_and_keeps_crlf(tmp_path: Path) -> None:
    """Trailing blank lines are dropped; a CRLF file stays CRLF; a BOM is removed."""
    root = tmp_path / "records"
    root.mkdir()
    (root / "a.yaml").write_bytes(
        b"\xef\xbb\xbfunits:\r\n    - id: u-1\r\n      name: A\r\n      area: urban\r\n\r\n\r\n"
    )
    result = invoke(["fmt", str(root)])
    assert_clean_exit(result, 0)
    assert (root / "a.yaml").read_bytes() == b"units:\r\n  - id: u-1\r\n    name: A\r\n    area: urban\r\n"


def test_check_lists_the_file_then_fmt_fixes_it_and_keeps_the_comment(tmp_path: Path) -> None:
    """A re-indented file with a new comment: --check exits 1 naming it (and changes nothing), fmt rewrites it
    with the comment kept, validate still passes and a second --check exits 0."""
    root = write_tree(
        tmp_path / "records",
        {
            "programme.yaml": PROGRAMME,
            "units.yaml": """\
                units:
                  - id: u-city
                    name: 城关第一小学
                    area: 城区
                """,
            "people.yaml": """\
                people:
                    # 新调入的老师
                    -   id: p-1
                        name: 王芳
                        gender: 女
                        unit: u-city
                """,
        },
    )
    before = digest(root)
    result = invoke(["fmt", "--check", str(root)])
    assert_clean_exit(result, 1)
    assert f"{root / 'people.yaml'}:2:1: error[PK702]: 文件不是规范格式（从第 2 行起不同）" in result.output
    assert "units.yaml" not in result.output
    assert digest(root) == before

    assert_clean_exit(invoke(["fmt", str(root)]), 0)
    assert (root / "people.yaml").read_text(encoding="utf-8") == textwrap.dedent(
        """\
        people:
          # 新调入的老师
          - id: p-1
            name: 王芳
            gender: 女
            unit: u-city
        """
    )
    assert_clean_exit(invoke(["validate", str(root)]), 0)
    again = invoke(["fmt", "--check", str(root)])
    assert_clean_exit(again, 0)
    assert "共 3 个文件，需要整理 0 个。" in again.output


def test_check_with_diff_shows_the_changes_without_making_them(tmp_path: Path) -> None:
    """--check --diff prints a unified diff of what fmt would change, and still changes nothing."""
    root = write_tree(tmp_path / "records", {"units.yaml": "units:\n    - name: 城关小学\n      id: u-1\n"})
    result = invoke(["fmt", "--check", "--diff", str(root)])
    assert_clean_exit(result, 1)
    shown = str(root / "units.yaml")
    assert (
        f"--- {shown}\n+++ {shown}\n@@ -1,3 +1,3 @@\n units:\n-    - name: 城关小学\n-      id: u-1\n" in result.output
    )
    assert "+  - id: u-1\n+    name: 城关小学\n" in result.output
    assert (root / "units.yaml").read_text(encoding="utf-8") == "units:\n    - name: 城关小学\n      id: u-1\n"


def test_a_file_that_does_not_parse_is_reported_and_left_alone(tmp_path: Path) -> None:
    """Broken YAML is reported like validate reports it (PK101 with its line) and the file is not touched."""
    root = write_tree(tmp_path / "records", {"bad.yaml": "units:\n  - id: [u-1\n", "ok.yaml": "units:\n    - id: u\n"})
    before = (root / "bad.yaml").read_bytes()
    result = invoke(["fmt", str(root)])
    assert_clean_exit(result, 1)
    assert f"{root / 'bad.yaml'}:3:1: error[PK101]" in result.output
    assert (root / "bad.yaml").read_bytes() == before
    assert (root / "ok.yaml").read_text(encoding="utf-8") == "units:\n  - id: u\n"


def test_missing_path_or_a_file_that_is_not_yaml_is_a_usage_error(tmp_path: Path) -> None:
    """fmt on a path that does not exist, or on a file that is not .yaml, exits 2 with a sentence and changes
    nothing."""
    result = invoke(["fmt", str(tmp_path / "nowhere")])
    assert_clean_exit(result, 2)
    assert f"错误：路径 {tmp_path / 'nowhere'} 不存在。" in result.output
    notes = tmp_path / "notes.txt"
    notes.write_text("a:   1\n", encoding="utf-8")
    result = invoke(["fmt", str(notes)])
    assert_clean_exit(result, 2)
    assert f"错误：{notes} 不是 .yaml 记录文件。" in result.output
    assert notes.read_text(encoding="utf-8") == "a:   1\n"


# --- property: load → fmt → load gives the same records --------------------------------------------------------

_TEXT = (
    st.one_of(
        st.sampled_from(["NO", "on", "123", "2024-09-01", "a: b", "- x", "#号", "'引号'", "null", "1e3"]),
        st.text(st.sampled_from(list("城关小学林慧教研讲座，。：（）《》、 ab1#:-'\"")), min_size=1, max_size=10),
    )
    .map(str.strip)
    .filter(bool)
)
_DAYS = st.dates(min_value=date(2001, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def _files(draw: st.DrawFn) -> dict[str, Any]:
    people = [
        {
            "unit": "u-1",
            "id": f"p-{i}",
            "gender": draw(st.sampled_from(["男", "female"])),
            "name": draw(_TEXT),
            "subjects": draw(st.lists(st.sampled_from(["数学", "english", "语文"]), max_size=3)),
            **({"birth_date": draw(_DAYS)} if draw(st.booleans()) else {}),
            **({"note_unknown": draw(_TEXT)} if draw(st.booleans()) else {}),
        }
        for i in range(draw(st.integers(1, 3)))
    ]
    activities = [
        {
            "title": draw(_TEXT),
            "kind": draw(st.sampled_from(["示范课", "lecture"])),
            "pairing": "pr-1",
            "date": draw(_DAYS),
            "people": draw(st.lists(st.sampled_from([p["id"] for p in people]), max_size=3)),
            **({"attendance": draw(st.integers(0, 300))} if draw(st.booleans()) else {}),
            **({"note": draw(_TEXT)} if draw(st.booleans()) else {}),
        }
        for _ in range(draw(st.integers(0, 4)))
    ]
    for record in people + activities:  # any key order
        keys = draw(st.permutations(list(record)))
        reordered = {k: record[k] for k in keys}
        record.clear()
        record.update(reordered)
    return {"people": people, "activities": activities}


def _messy_dump(data: dict[str, Any], indent: int, flow: bool) -> str:
    yaml = YAML()
    yaml.indent(mapping=indent, sequence=indent + 2, offset=indent)
    yaml.default_flow_style = flow
    out = io.StringIO()
    yaml.dump(data, out)
    return "# 测试数据\n" + out.getvalue()


def _records(text: str) -> tuple[list[dict[str, Any]], list[tuple[str, tuple[str | int, ...]]]]:
    data, problems = parse(text, "t.yaml")
    assert problems == []
    records, found = build([ParsedFile("t.yaml", Path("t.yaml"), data)], ".")
    dumped = [r.model_dump() for name in ("people", "activities") for r in records.section(name)]
    return dumped, sorted((d.code, d.path) for d in found if d.code != "PK041")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_files(), st.sampled_from([2, 4]), st.booleans())
def test_records_are_the_same_after_formatting(data: dict[str, Any], indent: int, flow: bool) -> None:
    """Any records in any key order, indentation and flow/block style: the formatted text reads back as the
    same records with the same diagnostics (unknown keys kept), keeps the comment, and formatting it is stable."""
    text = _messy_dump(data, indent, flow)
    assume(parse(text, "t.yaml")[1] == [])  # ruamel's own flow-style dump of ": 1" is not valid YAML
    out = format_text(text)
    assert _records(out) == _records(text)
    assert out.startswith("# 测试数据\n")
    assert format_text(out) == out


def _with_comments(text: str, where: list[int]) -> str:
    """``text`` with a numbered whole-line comment before each chosen line, indented like that line."""
    lines = text.split("\n")
    out = []
    for number, line in enumerate(lines):
        if number in where and line.strip():
            out.append(" " * (len(line) - len(line.lstrip(" "))) + f"# 注释{number}")
        out.append(line)
    return "\n".join(out)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_files(), st.sampled_from([2, 4]), st.data())
def test_every_comment_survives_formatting(data: dict[str, Any], indent: int, draw: st.DataObject) -> None:
    """Whole-line comments before any line of a block-style file all survive formatting, each exactly once, and
    the records read back the same."""
    plain = _messy_dump(data, indent, flow=False)
    count = len(plain.split("\n"))
    where = draw.draw(st.lists(st.integers(1, count - 1), unique=True, max_size=8))
    text = _with_comments(plain, where)
    out = format_text(text)
    comments = sorted(line.strip() for line in text.split("\n") if line.strip().startswith("#"))
    assert sorted(line.strip() for line in out.split("\n") if line.strip().startswith("#")) == comments
    assert _records(out) == _records(text)
    assert format_text(out) == out


# --- the sample records ----------------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent


def test_the_sample_records_are_in_canonical_form() -> None:
    """`pairkit fmt --check records` exits 0 on the repository's sample records."""
    result = invoke(["fmt", "--check", str(ROOT / "records")])
    assert_clean_exit(result, 0)
    assert "需要整理 0 个" in result.output


# Mappings keyed by the user's own IDs (vocabulary terms) keep the user's order: fmt has no order to restore there.
_USER_KEYED = ("activity_kinds", "subjects", "titles", "dimensions")


def _shuffle(node: Any, rng: random.Random) -> None:
    if isinstance(node, CommentedMap):
        keys = list(node)
        rng.shuffle(keys)
        reorder(node, keys)
        for key, child in node.items():
            if key in _USER_KEYED and isinstance(child, CommentedMap):
                for term in child.values():
                    _shuffle(term, rng)
            else:
                _shuffle(child, rng)
    elif isinstance(node, CommentedSeq):
        for child in node:
            _shuffle(child, rng)


@pytest.mark.parametrize("seed", [1, 2])
def test_sample_with_every_key_shuffled_formats_back_byte_for_byte(seed: int) -> None:
    """Every record of every sample file with its keys in random order (comments carried along with their
    keys) and dumped with 4-space indentation formats back to exactly the committed file."""
    rng = random.Random(seed)
    messy = YAML()
    messy.indent(mapping=4, sequence=6, offset=4)
    messy.width = 4096
    files = sorted((ROOT / "records").rglob("*.yaml"))
    assert len(files) >= 5
    for path in files:
        original = path.read_text(encoding="utf-8")
        data = load(original)
        for section in data.values():
            _shuffle(section, rng)
        out = io.StringIO()
        messy.dump(data, out)
        assert out.getvalue() != original
        assert format_text(out.getvalue()) == original, path.name
