"""The sample `records/` validate cleanly, and a copy with one planted fault names exactly that file and line.

Faults are planted by editing the copied text; the expected line is computed from the edit, so the tests follow the
sample records as they grow.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import assert_clean_exit, invoke

RECORDS = Path(__file__).resolve().parent.parent / "records"

# `file:line:col: severity[CODE]: message（提示：…）`
HEADLINE = re.compile(r"^(.+?):(\d+):\d+: (error|warning)\[(PK\d{3})\]: (.*)$")

# An edit of a file's lines: returns the new lines and the 1-based line where the fault now is.
Edit = Callable[[list[str]], tuple[list[str], int]]


def _first(lines: list[str], pattern: str) -> tuple[int, re.Match[str]]:
    for index, line in enumerate(lines):
        match = re.search(pattern, line)
        if match:
            return index, match
    raise AssertionError(f"no line matches {pattern!r}")


def _activities_file(copy: Path) -> str:
    """The first activities file with an activity dated 2024 (relative to the records folder)."""
    for path in sorted((copy / "activities").glob("*.yaml")):
        if "date: 2024-" in path.read_text(encoding="utf-8"):
            return path.relative_to(copy).as_posix()
    raise AssertionError("no activities file with a 2024 date")


def _replace_value(pattern: str, value: str) -> Edit:
    """Replace the first match of ``pattern`` (one group: the value) with ``value``, keeping any comment."""

    def edit(lines: list[str]) -> tuple[list[str], int]:
        index, match = _first(lines, pattern)
        lines[index] = lines[index][: match.start(1)] + value + lines[index][match.end(1) :]
        return lines, index + 1

    return edit


def _insert_after(pattern: str, make: Callable[[re.Match[str]], str]) -> Edit:
    def edit(lines: list[str]) -> tuple[list[str], int]:
        index, match = _first(lines, pattern)
        lines.insert(index + 1, make(match))
        return lines, index + 2

    return edit


def _append_repeated_id(lines: list[str]) -> tuple[list[str], int]:
    """A new record at the end of the file's list that reuses the first record's ID."""
    _, match = _first(lines, r"^(\s*)- id: ([A-Za-z0-9][\w.-]*)")
    _, unit = _first(lines, r"^\s+unit: ([\w.-]+)")
    indent = match[1] + "  "
    extra = [
        f"{match[1]}- id: {match[2]}",
        f"{indent}name: 重复的人",
        f"{indent}gender: 男",
        f"{indent}unit: {unit[1]}",
    ]
    return [*lines, *extra], len(lines) + 1


# name: (file chooser, edit, expected code, message words)
FAULTS: dict[str, tuple[Callable[[Path], str], Edit, str, str]] = {
    "yaml syntax error": (
        _activities_file,
        _replace_value(r"^\s+title: (.*?)(?:\s+#.*)?$", "《春》: 示范课"),
        "PK101",
        "YAML 格式错误",
    ),
    "duplicate mapping key": (
        lambda _: "people.yaml",
        _insert_after(r"^(\s+)name: ", lambda m: f"{m[1]}name: 重名"),
        "PK102",
        "字段 name 重复出现",
    ),
    "unknown field": (
        lambda _: "pairings.yaml",
        _insert_after(r"^(\s*)- id: ", lambda m: f"{m[1]}  colour: 红"),
        "PK203",
        "未知字段 colour",
    ),
    "impossible date": (
        _activities_file,
        _replace_value(r"date: (2024-\d{2}-\d{2})", "2025-02-30"),
        "PK201",
        "2025-02-30 不是有效的日期",
    ),
    "text where a number belongs": (
        _activities_file,
        _replace_value(r"^\s+attendance: (\d+)", "三十"),
        "PK205",
        "应是整数，写成了 三十",
    ),
    "reference to a missing ID": (
        _activities_file,
        _replace_value(r"^\s+pairing: ([\w.-]+)", "no-such-pairing"),
        "PK302",
        "找不到编号为 no-such-pairing 的结对",
    ),
    "repeated ID": (lambda _: "people.yaml", _append_repeated_id, "PK301", "人员编号"),
    # Records that pass their schemas and references but sit on the wrong side of their pairing or outside it.
    "secondment to the teacher's own school": (
        lambda _: "secondments.yaml",
        _replace_value(r"^\s+to: (yx-erzhong-gz)", "yx-yizhong"),
        "PK311",
        "派出单位和接收单位都是 yx-yizhong",
    ),
    "secondment to a school outside its pairing": (
        lambda _: "secondments.yaml",
        _replace_value(r"^\s+to: (yx-erzhong-gz)", "leifeng-zx"),
        "PK312",
        "不是结对 yz-ez-li 的学校",
    ),
    "secondment starting before its pairing": (
        lambda _: "secondments.yaml",
        _replace_value(r"^\s+start: (2024-09-01)", "2024-08-01"),
        "PK411",
        "超出结对 yz-ez-li 的起止日期",
    ),
    "mentor among their own mentees": (
        lambda _: "mentorships.yaml",
        _replace_value(r"mentees: \[p-chenmengting, (p-linzihan)\]", "p-wangliping"),
        "PK313",
        "导师 p-wangliping 同时被列为自己的徒弟",
    ),
    "mentee listed twice": (
        lambda _: "mentorships.yaml",
        _replace_value(r"mentees: \[p-chenmengting, (p-linzihan)\]", "p-chenmengting"),
        "PK314",
        "徒弟 p-chenmengting 在同一师徒结对中列了两次",
    ),
    "mentor from the receiving school": (
        lambda _: "mentorships.yaml",
        _replace_value(r"^\s+mentor: (p-wangliping)", "p-wangyuhang"),
        "PK315",
        "不在结对 yz-ez-li 的支援方",
    ),
    "donation to the donor itself": (
        lambda _: "donations.yaml",
        _replace_value(r"^\s+recipient: (yx-erzhong-gz)", "yx-yizhong"),
        "PK316",
        "捐赠单位和受赠单位都是 yx-yizhong",
    ),
    "donation to a unit outside its pairing": (
        lambda _: "donations.yaml",
        _replace_value(r"^\s+recipient: (yx-erzhong-gz)", "leifeng-zx"),
        "PK317",
        "不是结对 yz-ez-li 的单位",
    ),
}

# Warnings: exit 0, or 1 with --strict.
WARNINGS: dict[str, tuple[Callable[[Path], str], Edit, str, str]] = {
    "activity with a teacher of a school outside its pairing": (
        _activities_file,
        _replace_value(r"people: \[(p-zhouwenjie)", "p-zhouwenjie, p-caijing"),
        "PK318",
        "p-caijing",
    ),
    "agreement whose scan is missing": (
        lambda _: "agreements.yaml",
        _replace_value(r"^\s+file: (files/协议/\S+)", "files/协议/丢失的协议书.jpg"),
        "PK319",
        "找不到协议文件 files/协议/丢失的协议书.jpg",
    ),
}


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A private copy of the sample records."""
    target = tmp_path / "records"
    shutil.copytree(RECORDS, target)
    return target


def test_sample_records_are_clean() -> None:
    """`pairkit validate records` exits 0 on the sample records and `--format json` prints `[]`."""
    text = invoke(["validate", str(RECORDS)])
    assert_clean_exit(text, 0)
    assert text.stdout.splitlines()[-1].startswith("0 个错误，0 个警告，共 ")
    as_json = invoke(["validate", str(RECORDS), "--format", "json"])
    assert_clean_exit(as_json, 0)
    assert as_json.stdout.strip() == "[]"


@pytest.mark.parametrize("fault", list(FAULTS))
def test_planted_fault_is_named_with_file_and_line(copy: Path, fault: str) -> None:
    """One planted fault gives exit 1 and exactly one error, at the planted file and line, without a traceback."""
    choose, edit, code, words = FAULTS[fault]
    relative = choose(copy)
    path = copy / relative
    lines, line = edit(path.read_text(encoding="utf-8").splitlines())
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = invoke(["validate", str(copy)])
    assert_clean_exit(result, 1)
    headlines = [m.groups() for m in map(HEADLINE.match, result.stdout.splitlines()) if m]
    errors = [(file, int(number), found) for file, number, severity, found, _ in headlines if severity == "error"]
    assert errors == [(str(path), line, code)]
    assert words in headlines[0][4]
    assert result.stdout.splitlines()[-1].startswith("1 个错误，0 个警告，共 ")


@pytest.mark.parametrize("fault", list(WARNINGS))
def test_planted_warning_is_named_and_fails_under_strict(copy: Path, fault: str) -> None:
    """A planted slip that may be intended is one warning at its file and line: exit 0, and 1 with --strict."""
    choose, edit, code, words = WARNINGS[fault]
    path = copy / choose(copy)
    lines, line = edit(path.read_text(encoding="utf-8").splitlines())
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    assert_clean_exit(invoke(["validate", str(copy)]), 0)
    result = invoke(["validate", "--strict", str(copy)])
    assert_clean_exit(result, 1)
    headlines = [m.groups() for m in map(HEADLINE.match, result.stdout.splitlines()) if m]
    assert [(file, int(number), severity, found) for file, number, severity, found, _ in headlines] == [
        (str(path), line, "warning", code)
    ]
    assert words in headlines[0][4]
