"""Root cause first: one slip in a file that others depend on gives a few lines, the slip itself first."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import PROGRAMME, assert_clean_exit, invoke, write_tree
from pairkit.load import fastyaml
from pairkit.messages import Lang, text
from pairkit.pipeline import diagnose_tree, validate_tree

SAMPLE = Path(__file__).resolve().parent.parent / "records"
PEOPLE_LINES = (SAMPLE / "people.yaml").read_text(encoding="utf-8").splitlines()
JOINED = next(i for i, line in enumerate(PEOPLE_LINES) if line.strip().startswith("joined_unit:"))  # 0-based


def _tab(lines: list[str]) -> tuple[list[str], int, str]:
    lines[JOINED] = "\t" + lines[JOINED].lstrip()
    return lines, 1, "用了 Tab 键缩进，YAML 只能用空格缩进"


def _missing_colon(lines: list[str]) -> tuple[list[str], int, str]:
    lines[JOINED] = lines[JOINED].replace("joined_unit:", "joined_unit", 1)
    return lines, lines[JOINED].index("joined_unit") + 12, "字段名 joined_unit 后面缺少冒号“:”"


def _full_width_colon(lines: list[str]) -> tuple[list[str], int, str]:
    lines[JOINED] = lines[JOINED].replace("joined_unit:", "joined_unit：", 1)
    return lines, lines[JOINED].index("：") + 1, "冒号写成了中文全角的“：”"


SLIPS: dict[str, Callable[[list[str]], tuple[list[str], int, str]]] = {
    "tab": _tab,
    "missing colon": _missing_colon,
    "full-width colon": _full_width_colon,
}


@pytest.fixture
def sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the sample records, in the current folder as `records`."""
    shutil.copytree(SAMPLE, tmp_path / "records")
    monkeypatch.chdir(tmp_path)
    return Path("records")


def _slip(records: Path, name: str) -> tuple[int, int, str]:
    lines, column, words = SLIPS[name](list(PEOPLE_LINES))
    (records / "people.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return JOINED + 1, column, words


@pytest.mark.parametrize("slip", list(SLIPS))
@pytest.mark.parametrize("fast", [True, False], ids=["fast path", "careful path only"])
def test_a_slip_in_people_gives_at_most_three_lines_the_slip_first(
    sample: Path, slip: str, fast: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tab, a missing colon or a full-width colon in people.yaml: `pairkit validate records` prints at most 3
    diagnostics, the first at the slip's line and column naming the slip, then one line counting what was held back.
    The same with and without the fast parser."""
    if not fast:
        monkeypatch.setattr(fastyaml, "yaml_rs", None)
    line, column, words = _slip(sample, slip)
    result = invoke(["validate", "records", "--no-cache"])
    assert_clean_exit(result, 1)
    headlines = [x for x in result.stdout.splitlines() if "error[" in x or "warning[" in x]
    assert len(headlines) <= 3, headlines
    assert headlines[0].startswith(f"records/people.yaml:{line}:{column}: error[PK101]: YAML 格式错误：{words}")
    assert headlines[1].startswith(f"records/people.yaml:{line}:{column}: warning[PK042]: 另有 ")
    assert "个问题暂不列出：它们引用的编号写在这个文件里" in headlines[1]


def test_a_people_file_saved_as_gbk_is_the_one_problem_shown(sample: Path) -> None:
    """people.yaml saved as GBK: PK002 at its first non-UTF-8 byte comes first, the references to its people are
    held back (their IDs are read from the GBK text), and `report` shows the same short answer and writes nothing."""
    text_of = (sample / "people.yaml").read_text(encoding="utf-8")
    (sample / "people.yaml").write_bytes(text_of.encode("gb18030"))
    result = invoke(["validate", "records"])
    assert_clean_exit(result, 1)
    headlines = [x for x in result.stdout.splitlines() if "error[" in x or "warning[" in x]
    assert [h.split(": ")[0] + ":" + h.split(": ")[1][:14] for h in headlines] == [
        "records/people.yaml:1:3:error[PK002]",
        "records/people.yaml:1:3:warning[PK042]",
    ]
    report = invoke(["report", "records", "--year", "2025", "-o", "out.docx"])
    assert_clean_exit(report, 1)
    assert report.stdout.splitlines()[0].startswith("records/people.yaml:1:3: error[PK002]")
    assert len([x for x in report.stdout.splitlines() if "error[" in x or "warning[" in x]) == 2
    assert not Path("out.docx").exists()


def test_a_fresh_root_cause_comes_before_cached_findings(sample: Path) -> None:
    """With the cache: a typo in an activity file is found and cached; then people.yaml gets a tab. The tab comes
    first, the references to people are held back, and the cached typo (an ID that people.yaml does not define)
    is still reported."""
    activities = sample / "activities" / "2025-2026.yaml"
    body = activities.read_text(encoding="utf-8")
    activities.write_text(body.replace("pairing: wz-gd-st", "pairing: wz-gd-sx", 1), encoding="utf-8")
    first = invoke(["validate", "records"])
    assert_clean_exit(first, 1)
    assert next(x for x in first.stdout.splitlines() if "error[" in x).startswith("records/activities/2025-2026.yaml:")
    line, _, _ = _slip(sample, "tab")
    again = invoke(["validate", "records"])
    headlines = [x for x in again.stdout.splitlines() if "error[" in x or "warning[" in x]
    assert headlines[0].startswith(f"records/people.yaml:{line}:1: error[PK101]")
    assert headlines[1].startswith(f"records/people.yaml:{line}:1: warning[PK042]")
    assert headlines[2].startswith("records/activities/2025-2026.yaml:")
    assert "找不到编号为 wz-gd-sx 的结对，是不是 wz-gd-st？" in headlines[2]
    assert len(headlines) == 3


def test_whole_tree_and_file_by_file_agree(sample: Path) -> None:
    """The pipeline's two ways (records built at once for check/report, file by file for validate) hold back the
    same problems and give the same lines."""
    _slip(sample, "full-width colon")
    whole = validate_tree(sample)
    by_file = diagnose_tree(sample)
    assert [(d.file, d.line, d.column, d.code) for d in whole.diagnostics] == [
        (d.file, d.line, d.column, d.code) for d in by_file.diagnostics
    ]
    assert [text(d, Lang.EN)[0] for d in whole.diagnostics][1].endswith("they refer to IDs this file defines")


def test_broken_programme_holds_back_vocabulary_findings(tree: Path) -> None:
    """Programme settings that cannot be read leave the programme's own activity kinds unknown: the PK207s that
    follow (and "no programme settings") are held back behind the unread file."""
    programme = PROGRAMME + "  vocabularies:\n    activity_kinds:\n\t  study_tour: 研学旅行\n"
    activity = "activities:\n  - date: 2024-10-15\n    pairing: pr-1\n    kind: 研学旅行\n    title: 研学\n"
    write_tree(tree, {"programme.yaml": programme, "a.yaml": activity})
    found = validate_tree(tree).diagnostics
    assert [(d.code, Path(d.file).name, d.line) for d in found] == [
        ("PK101", "programme.yaml", 6),
        ("PK042", "programme.yaml", 6),
    ]
    assert text(found[1], Lang.ZH)[0] == "另有 2 个问题暂不列出：项目设置写在这个文件里，没能读取，词表只能按默认的核对"


def test_problems_unrelated_to_the_unread_file_are_shown(tree: Path) -> None:
    """A reference to an ID the unread file does not define is not a consequence: it is listed as before, and with
    nothing held back the problems keep their order by file."""
    base = "units:\n  - id: u-a\n    name: 城关小学\n\tarea: urban\n"
    people = "people:\n  - id: p-a\n    name: 林慧\n    gender: 女\n    unit: u-b\n"
    write_tree(tree, {"programme.yaml": PROGRAMME, "units.yaml": base, "people.yaml": people})
    found = validate_tree(tree).diagnostics
    assert [(d.code, Path(d.file).name) for d in found] == [("PK302", "people.yaml"), ("PK101", "units.yaml")]


def test_validate_an_empty_folder_exits_2(tmp_path: Path) -> None:
    """A folder without any record file is not "0 errors": PK040 says what a records folder needs, exit 2."""
    (tmp_path / "empty").mkdir()
    result = invoke(["validate", str(tmp_path / "empty")])
    assert_clean_exit(result, 2)
    assert result.stdout.startswith(f"{tmp_path / 'empty'}: error[PK040]: {tmp_path / 'empty'} 中没有记录文件（.yaml）")
    report = invoke(["report", str(tmp_path / "empty"), "--year", "2025", "-o", str(tmp_path / "r.docx")])
    assert_clean_exit(report, 2)
    assert not (tmp_path / "r.docx").exists()
