"""`pairkit validate`: the output formats, exit codes and language options that editors, CI and clerks rely on."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import BASE, PROGRAMME, assert_clean_exit, digest, invoke, line_of, write_tree
from pairkit.check import run
from pairkit.cli import main
from pairkit.diagnostics import Diagnostic
from pairkit.model import Records

# One error in each of two files, written so that the file order and the line order differ from the write order.
BROKEN = {
    "programme.yaml": PROGRAMME,
    "b.yaml": BASE.replace("unit: u-city", "unit: u-cty"),
    "a.yaml": "activities:\n  - date: 2025-02-30\n    pairing: pr-1\n    kind: 示范课\n    title: 《春》示范课\n",
}
B_LINE = line_of(BROKEN["b.yaml"], "unit: u-cty")
PK201_ZH = "活动的日期 2025-02-30 不是有效的日期（提示：检查月份和日期，例如 2 月只有 28 或 29 天）"
PK302_ZH = (
    "找不到编号为 u-cty 的单位，是不是 u-city（城关第一小学）？"
    + "（提示：引用时写对方记录的 id；先添加该单位，或改正拼写）"
)


def test_clean_records_exit_zero_with_tally(tree: Path) -> None:
    """Clean records: exit 0 and the one closing line "0 个错误，0 个警告，共 N 个文件"."""
    write_tree(tree, {"programme.yaml": PROGRAMME, "base.yaml": BASE})
    result = invoke(["validate", str(tree)])
    assert_clean_exit(result, 0)
    assert result.stdout == "0 个错误，0 个警告，共 2 个文件\n"


def test_text_format_lines_excerpt_caret_and_tally(tree: Path) -> None:
    """Text output: one headline per problem sorted by file and line, the source line with a caret, the tally."""
    write_tree(tree, BROKEN)
    result = invoke(["validate", str(tree)])
    assert_clean_exit(result, 1)
    assert result.stdout.splitlines() == [
        f"{tree / 'a.yaml'}:2:11: error[PK201]: {PK201_ZH}",
        "    2 |   - date: 2025-02-30",
        "      |           ^",
        f"{tree / 'b.yaml'}:{B_LINE}:11: error[PK302]: {PK302_ZH}",
        f"{B_LINE:>5} |     unit: u-cty",
        "      |           ^",
        "2 个错误，0 个警告，共 3 个文件",
    ]


def test_caret_counts_chinese_characters_as_double_width(tree: Path) -> None:
    """The caret sits under the problem even when wide Chinese characters come before it on the line."""
    content = PROGRAMME + BASE + "activities:\n  - date: 2024-10-10\n    pairing: pr-1\n    kind: 专题讲座\n"
    content += "    title: 讲座\n    people: [林慧, 王芳]\n"
    write_tree(tree, {"a.yaml": content})
    result = invoke(["validate", str(tree)])
    assert_clean_exit(result, 1)
    line = line_of(content, "people: [")
    assert result.stdout.splitlines() == [
        f"{tree / 'a.yaml'}:{line}:14: error[PK302]: 找不到编号为 林慧 的人员，是不是 p-linhui（林慧）？"
        "（提示：引用时写对方记录的 id；先添加该人员，或改正拼写）",
        f"{line:>5} |     people: [林慧, 王芳]",
        "      |              ^",
        # 王芳 is the 18th character but the 20th column on screen: 林慧 are two columns each.
        f"{tree / 'a.yaml'}:{line}:18: error[PK302]: 找不到编号为 王芳 的人员"
        "（提示：引用时写对方记录的 id；先添加该人员，或改正拼写）",
        f"{line:>5} |     people: [林慧, 王芳]",
        "      |                    ^",
        "2 个错误，0 个警告，共 1 个文件",
    ]


def test_json_format(tree: Path) -> None:
    """`--format json` prints only a JSON array on stdout, one object per problem with the contract's keys."""
    write_tree(tree, BROKEN)
    result = invoke(["validate", str(tree), "--format", "json"])
    assert_clean_exit(result, 1)
    items = json.loads(result.stdout)
    assert items == [
        {
            "file": str(tree / "a.yaml"),
            "line": 2,
            "column": 11,
            "severity": "error",
            "code": "PK201",
            "message": "活动的日期 2025-02-30 不是有效的日期",
            "hint": "检查月份和日期，例如 2 月只有 28 或 29 天",
        },
        {
            "file": str(tree / "b.yaml"),
            "line": B_LINE,
            "column": 11,
            "severity": "error",
            "code": "PK302",
            "message": "找不到编号为 u-cty 的单位，是不是 u-city（城关第一小学）？",
            "hint": "引用时写对方记录的 id；先添加该单位，或改正拼写",
        },
    ]
    assert result.stderr == "2 个错误，0 个警告，共 3 个文件\n"


def test_json_format_clean_is_empty_array(tree: Path) -> None:
    """`--format json` on clean records prints `[]` and exits 0."""
    write_tree(tree, {"programme.yaml": PROGRAMME, "base.yaml": BASE})
    result = invoke(["validate", str(tree), "-f", "json"])
    assert_clean_exit(result, 0)
    assert json.loads(result.stdout) == []


def test_gitlab_code_quality_format(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--format gitlab` prints GitLab Code Quality JSON: description (code, message, hint), check_name, a
    fingerprint, severity (errors major), location.path relative as the job sees it and location.lines.begin. The
    fingerprint ignores the line (a problem pushed down by new lines above it stays the same problem) but tells
    repeats of one message apart."""
    monkeypatch.chdir(tree.parent)
    write_tree(tree, BROKEN)
    result = invoke(["validate", "records", "--format", "gitlab"])
    assert_clean_exit(result, 1)
    issues = json.loads(result.stdout)
    assert [{k: v for k, v in i.items() if k != "fingerprint"} for i in issues] == [
        {
            "description": f"[PK201] {PK201_ZH}",
            "check_name": "PK201",
            "severity": "major",
            "location": {"path": "records/a.yaml", "lines": {"begin": 2}},
        },
        {
            "description": f"[PK302] {PK302_ZH}",
            "check_name": "PK302",
            "severity": "major",
            "location": {"path": "records/b.yaml", "lines": {"begin": B_LINE}},
        },
    ]
    assert all(re.fullmatch(r"[0-9a-f]{64}", i["fingerprint"]) for i in issues)
    assert result.stderr.splitlines()[-1] == "2 个错误，0 个警告，共 3 个文件"
    moved = BROKEN["a.yaml"].replace("activities:\n", "# 新加的一行注释\nactivities:\n")
    write_tree(tree, {"a.yaml": moved + moved.removeprefix("# 新加的一行注释\nactivities:\n")})
    again = json.loads(invoke(["validate", "records", "--format", "gitlab"]).stdout)
    assert [(i["location"]["lines"]["begin"], i["check_name"]) for i in again[:2]] == [(3, "PK201"), (7, "PK201")]
    assert again[0]["fingerprint"] == issues[0]["fingerprint"]
    assert again[1]["fingerprint"] != again[0]["fingerprint"]


def test_github_format(tree: Path) -> None:
    """`--format github` prints one `::error file=…,line=…,col=…` annotation per problem."""
    write_tree(tree, BROKEN)
    result = invoke(["validate", str(tree), "--format", "github"])
    assert_clean_exit(result, 1)
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert annotations == [
        f"::error file={tree / 'a.yaml'},line=2,col=11,title=PK201::活动的日期 2025-02-30 不是有效的日期"
        " — 检查月份和日期，例如 2 月只有 28 或 29 天",
        f"::error file={tree / 'b.yaml'},line={B_LINE},col=11,title=PK302::找不到编号为 u-cty 的单位，"
        "是不是 u-city（城关第一小学）？ — 引用时写对方记录的 id；先添加该单位，或改正拼写",
    ]


def test_github_actions_environment_picks_github_format(tree: Path) -> None:
    """With GITHUB_ACTIONS=true and no --format, the output is GitHub annotations; --format text still wins."""
    write_tree(tree, BROKEN)
    auto = invoke(["validate", str(tree)], env={"GITHUB_ACTIONS": "true"})
    assert_clean_exit(auto, 1)
    assert auto.stdout.startswith(f"::error file={tree / 'a.yaml'},line=2,col=11,title=PK201::")
    explicit = invoke(["validate", str(tree), "--format", "text"], env={"GITHUB_ACTIONS": "true"})
    assert explicit.stdout.startswith(f"{tree / 'a.yaml'}:2:11: error[PK201]: ")


def _warns(records: Records) -> Iterator[Diagnostic]:
    """A stand-in check that reports the first unit as a warning: the records' own checks give errors only."""
    for unit in records.units[:1]:
        yield Diagnostic.at("PK305", unit.source.at("id"), id=unit.id).warning()


def test_github_warning_annotation(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A warning becomes a `::warning` annotation."""
    monkeypatch.setattr(run, "BY_CORE", (*run.BY_CORE, _warns))
    write_tree(tree, {"programme.yaml": PROGRAMME, "base.yaml": BASE})
    result = invoke(["validate", str(tree), "--format", "github", "--no-cache"])
    assert_clean_exit(result, 0)
    assert result.stdout.splitlines()[0].startswith(f"::warning file={tree / 'base.yaml'},line=2,col=9,title=PK305::")


def test_english(tree: Path) -> None:
    """`--lang en` (or PAIRKIT_LANG=en) gives English messages, hints and tally."""
    write_tree(tree, BROKEN)
    for result in (
        invoke(["--lang", "en", "validate", str(tree)]),
        invoke(["validate", str(tree)], env={"PAIRKIT_LANG": "en"}),
    ):
        assert_clean_exit(result, 1)
        lines = result.stdout.splitlines()
        assert lines[0] == (
            f"{tree / 'a.yaml'}:2:11: error[PK201]: activity date 2025-02-30 is not a calendar date"
            " (hint: check the month and day: February has 28 or 29 days)"
        )
        assert lines[3] == (
            f"{tree / 'b.yaml'}:{B_LINE}:11: error[PK302]: no unit has the ID u-cty"
            " (did you mean u-city（城关第一小学）?)"
            + " (hint: refer to records by their id; add the unit first or fix the spelling)"
        )
        assert lines[-1] == "2 errors, 0 warnings in 3 files"


def test_warnings_do_not_fail_unless_strict(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A warning alone exits 0; with --strict it exits 1. The tally counts it either way."""
    monkeypatch.setattr(run, "BY_CORE", (*run.BY_CORE, _warns))
    write_tree(tree, {"programme.yaml": PROGRAMME, "base.yaml": BASE})
    plain = invoke(["validate", str(tree), "--no-cache"])
    assert_clean_exit(plain, 0)
    assert plain.stdout.splitlines()[0].startswith(f"{tree / 'base.yaml'}:2:9: warning[PK305]: ")
    assert plain.stdout.splitlines()[-1] == "0 个错误，1 个警告，共 2 个文件"
    strict = invoke(["validate", str(tree), "--strict", "--no-cache"])
    assert_clean_exit(strict, 1)
    assert strict.stdout.splitlines()[-1] == "0 个错误，1 个警告，共 2 个文件"


def test_missing_path_is_usage_error(tmp_path: Path) -> None:
    """A path that does not exist exits 2 with one sentence on stderr and nothing on stdout."""
    missing = tmp_path / "nowhere"
    result = invoke(["validate", str(missing)])
    assert_clean_exit(result, 2)
    assert result.stdout == ""
    assert result.stderr == f"错误：路径 {missing} 不存在。\n"
    english = invoke(["--lang", "en", "validate", str(missing)])
    assert english.stderr == f"error: the path {missing} does not exist.\n"


def test_bad_option_is_usage_error(tree: Path) -> None:
    """An unknown format value exits 2 without a traceback."""
    result = invoke(["validate", str(tree), "--format", "xml"])
    assert_clean_exit(result, 2)
    assert "xml" in result.stderr
    assert result.stdout == ""


def test_single_file_path(tree: Path) -> None:
    """A single file can be validated on its own; its diagnostics name it."""
    write_tree(tree, {"all.yaml": PROGRAMME + BASE.replace("gender: 女", "gender: 女性")})
    result = invoke(["validate", str(tree / "all.yaml"), "-f", "json"])
    assert_clean_exit(result, 1)
    assert [(d["file"], d["line"], d["code"]) for d in json.loads(result.stdout)] == [
        (str(tree / "all.yaml"), line_of(PROGRAMME + BASE, "gender: 女"), "PK206")
    ]


def test_validate_changes_no_file(tree: Path) -> None:
    """Validation, with problems found, leaves every input file byte-identical and adds none."""
    write_tree(tree, BROKEN)
    before = digest(tree)
    assert_clean_exit(invoke(["validate", str(tree)]), 1)
    assert digest(tree) == before


def test_python_dash_m_in_a_subprocess(tree: Path) -> None:
    """`python -m pairkit validate` works as a real process: exit code, UTF-8 output, JSON on stdout only."""
    write_tree(tree, BROKEN)
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "PAIRKIT_LANG")}
    env["PYTHONIOENCODING"] = "utf-8"
    proc = subprocess.run(
        [sys.executable, "-m", "pairkit", "validate", str(tree), "--format", "json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 1
    assert [(Path(d["file"]).name, d["line"], d["code"]) for d in json.loads(proc.stdout)] == [
        ("a.yaml", 2, "PK201"),
        ("b.yaml", B_LINE, "PK302"),
    ]
    assert proc.stderr == "2 个错误，0 个警告，共 3 个文件\n"
    usage = subprocess.run(
        [sys.executable, "-m", "pairkit", "validate", str(tree / "missing")],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
        check=False,
    )
    assert (usage.returncode, usage.stdout) == (2, "")
    assert "Traceback" not in usage.stderr


def test_english_tally_singular(tree: Path) -> None:
    """The English tally says "1 error, 0 warnings in 1 file", not "1 files"."""
    write_tree(tree, {"a.yaml": PROGRAMME + "units:\n  - id: u-a\n    name: 城关小学\n"})
    result = invoke(["--lang", "en", "validate", str(tree)])
    assert_clean_exit(result, 1)
    assert result.stdout.splitlines()[-1] == "1 error, 0 warnings in 1 file"


def test_unexpected_error_is_one_sentence_not_a_traceback(
    tree: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """If the library itself fails, the `pairkit` entry point prints a two-line apology and exits 1, no traceback."""

    def broken(root: Path, **options: object) -> None:
        raise RuntimeError("模拟的缺陷")

    monkeypatch.setattr("pairkit.pipeline.diagnose_tree", broken)
    monkeypatch.setattr(sys, "argv", ["pairkit", "validate", str(tree)])
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "pairkit 内部错误：RuntimeError: 模拟的缺陷",
        "这是 pairkit 的缺陷，请把以上内容报告给维护者。",
    ]
