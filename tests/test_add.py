"""`pairkit add KIND`: a record from options, validated with all records first, appended with comments kept."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import BASE, PROGRAMME, assert_clean_exit, digest, invoke, write_tree
from pairkit.cli import add, app
from pairkit.model.vocab import Term, Vocab, Vocabularies

ACTIVITIES = """\
# 2024—2025 学年的活动
activities:
  - date: 2024-10-15
    pairing: pr-1
    kind: 示范课
    title: 《分数》示范课

  - date: 2024-11-05  # 期中后
    pairing: pr-1
    kind: lecture
    title: 教学讲座
  # 以下为春季学期
"""


def _tree(root: Path) -> Path:
    return write_tree(root, {"programme.yaml": PROGRAMME, "base.yaml": BASE, "activities/2024-2025.yaml": ACTIVITIES})


def test_activity_with_unknown_pairing_is_refused_and_nothing_changes(tree: Path) -> None:
    """A pairing that does not exist: the PK302 error is shown at the option that gave it, exit 1, every file
    byte-identical."""
    _tree(tree)
    before = digest(tree)
    result = invoke(
        [
            "add",
            "activity",
            "--records",
            str(tree),
            "--date",
            "2024-11-20",
            "--pairing",
            "pr-9",
            "--kind",
            "示范课",
            "--title",
            "示范课",
            "--people",
            "p-linhui",
        ]
    )
    assert_clean_exit(result, 1)
    assert "--pairing: error[PK302]: 找不到编号为 pr-9 的结对，是不是 pr-1？" in result.output
    assert "新活动记录有错误，没有改动任何文件。" in result.output
    assert digest(tree) == before


def test_activity_is_appended_to_its_school_year_file_keeping_comments(tree: Path) -> None:
    """Options become typed YAML (date, list, number) in schema order, after a blank line like the records
    before it; the closing comment stays last; the diff is shown; the tree still validates."""
    _tree(tree)
    result = invoke(
        [
            "add",
            "activity",
            "--records",
            str(tree),
            "--attendance",
            "40",
            "--people",
            "p-linhui，p-linhui",
            "--title",
            "《小数》示范课",
            "--kind",
            "示范课",
            "--pairing",
            "pr-1",
            "--date",
            "2025-3-20",
        ]
    )
    assert_clean_exit(result, 0)
    target = tree / "activities" / "2024-2025.yaml"
    assert target.read_text(encoding="utf-8") == ACTIVITIES.replace(
        "  # 以下为春季学期\n",
        "\n"
        "  - date: 2025-03-20\n"
        "    pairing: pr-1\n"
        "    kind: 示范课\n"
        "    title: 《小数》示范课\n"
        "    people: [p-linhui, p-linhui]\n"
        "    attendance: 40\n"
        "  # 以下为春季学期\n",
    )
    assert "+  - date: 2025-03-20\n" in result.output
    assert f"已添加到 {target}" in result.output
    assert_clean_exit(invoke(["validate", str(tree)]), 0)


def test_activity_of_a_new_school_year_gets_a_file_named_like_the_others(tree: Path) -> None:
    """No file holds activities of 2025—2026: a new activities/2025-2026.yaml is made beside 2024-2025.yaml."""
    _tree(tree)
    result = invoke(
        [
            "add",
            "activity",
            "--records",
            str(tree),
            "--date",
            "2025-09-10",
            "--pairing",
            "pr-1",
            "--kind",
            "lecture",
            "--title",
            "讲座",
        ]
    )
    # pr-1 ends on 2025-07-31: the activity falls outside it, so nothing is written
    assert_clean_exit(result, 1)
    assert "PK401" in result.output
    assert not (tree / "activities" / "2025-2026.yaml").exists()
    (tree / "base.yaml").write_text(BASE.replace("    end: 2025-07-31\n", ""), encoding="utf-8")
    assert_clean_exit(
        invoke(
            [
                "add",
                "activity",
                "--records",
                str(tree),
                "--date",
                "2025-09-10",
                "--pairing",
                "pr-1",
                "--kind",
                "lecture",
                "--title",
                "讲座",
            ]
        ),
        0,
    )
    assert (tree / "activities" / "2025-2026.yaml").read_text(encoding="utf-8") == (
        "activities:\n  - date: 2025-09-10\n    pairing: pr-1\n    kind: lecture\n    title: 讲座\n"
    )


def test_person_goes_to_the_file_with_people_and_true_false_are_typed(tree: Path) -> None:
    """A person lands in the file that holds `people`, `--party-member 是` is written `true`."""
    _tree(tree)
    result = invoke(
        [
            "add",
            "person",
            "--records",
            str(tree),
            "--id",
            "p-wang",
            "--name",
            "王芳",
            "--gender",
            "女",
            "--unit",
            "u-rural",
            "--party-member",
            "是",
            "--subjects",
            "数学、语文",
        ]
    )
    assert_clean_exit(result, 0)
    text = (tree / "base.yaml").read_text(encoding="utf-8")
    assert (
        "    unit: u-city\n  - id: p-wang\n    name: 王芳\n    gender: 女\n    unit: u-rural\n"
        "    subjects: [数学, 语文]\n    party_member: true\npairings:\n"
    ) in text


def test_missing_required_fields_without_a_terminal_are_an_error(tree: Path) -> None:
    """Not at a terminal, nothing is asked: the missing options are named, exit 2, nothing written."""
    _tree(tree)
    before = digest(tree)
    result = invoke(["add", "activity", "--records", str(tree), "--title", "讲座"])
    assert_clean_exit(result, 2)
    assert "缺少必填字段 --date、--kind" in result.output
    assert digest(tree) == before


def test_explicit_file_and_wrong_value_type(tree: Path) -> None:
    """--file picks the file; a value of the wrong type (attendance 很多) is refused with PK205 at its option."""
    _tree(tree)
    before = digest(tree)
    target = tree / "extra.yaml"
    result = invoke(
        [
            "add",
            "activity",
            "--records",
            str(tree),
            "--file",
            str(target),
            "--date",
            "2024-12-01",
            "--pairing",
            "pr-1",
            "--kind",
            "lecture",
            "--title",
            "讲座",
            "--attendance",
            "很多",
        ]
    )
    assert_clean_exit(result, 1)
    assert "--attendance: error[PK205]: 活动的参与人次应是整数，写成了 很多" in result.output
    assert not target.exists()
    assert digest(tree) == before


def test_prompts_offer_vocabulary_choices_at_a_terminal(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """At a terminal each missing required field is asked for; activity kinds are listed with their Chinese
    labels, the programme's own kinds included, and a number picks one (written as its label)."""
    write_tree(
        tree,
        {
            "programme.yaml": PROGRAMME + "  vocabularies:\n    activity_kinds:\n      reading_club: 师生共读\n",
            "base.yaml": BASE,
            "activities/2024-2025.yaml": ACTIVITIES,
        },
    )
    monkeypatch.setattr(add, "interactive", lambda: True)
    kinds = list(
        Vocab.build(Vocabularies(activity_kinds={"reading_club": Term(label="师生共读")})).activity_kinds.terms
    )
    choice = kinds.index("reading_club") + 1
    result = CliRunner().invoke(
        app,
        ["add", "activity", "--records", str(tree), "--title", "共读《草房子》", "--pairing", "pr-1"],
        input=f"2025-04-23\n{choice}\n",
        env={"NO_COLOR": "1", "PAIRKIT_LANG": None},
    )
    assert_clean_exit(result, 0)
    assert f"  {choice:>2}. 师生共读（reading_club）\n" in result.output
    assert "   2. 示范课（demo_lesson）\n" in result.output
    text = (tree / "activities" / "2024-2025.yaml").read_text(encoding="utf-8")
    assert "  - date: 2025-04-23\n    pairing: pr-1\n    kind: 师生共读\n    title: 共读《草房子》\n" in text


def test_with_calendar_years_activities_are_filed_by_calendar_year(tree: Path) -> None:
    """When the programme counts calendar years, a March 2025 activity does not go into 2024.yaml (it would for
    school years) but into a new 2025.yaml named like it."""
    write_tree(
        tree,
        {
            "programme.yaml": PROGRAMME + "  year_basis: 自然年\n",
            "base.yaml": BASE,
            "activities/2024.yaml": "activities:\n  - date: 2024-10-15\n    pairing: pr-1\n    kind: lecture\n"
            "    title: 讲座\n",
        },
    )
    result = invoke(
        [
            "add",
            "activity",
            "--records",
            str(tree),
            "--date",
            "2025-03-05",
            "--pairing",
            "pr-1",
            "--kind",
            "lecture",
            "--title",
            "春季讲座",
        ]
    )
    assert_clean_exit(result, 0)
    assert f"已添加到 {tree / 'activities' / '2025.yaml'}" in result.output
    assert (tree / "activities" / "2024.yaml").read_text(encoding="utf-8").count("- date") == 1


def test_every_record_kind_but_rules_can_be_added() -> None:
    """`pairkit add` offers one command per section of plain records; rules (nested forms) are edited by hand."""
    result = invoke(["add", "--help"])
    assert_clean_exit(result, 0)
    commands = [line.split()[0] for line in result.output.split("命令：\n")[1].splitlines() if line.strip()]
    kinds = ["unit", "person", "pairing", "secondment", "activity", "donation", "mentorship", "waiver"]
    assert commands[: len(kinds)] == kinds
    assert "rule" not in commands
    assert re.search(r"^  activity +新增一条活动记录。$", result.output, re.MULTILINE)


def test_the_new_kinds_are_added_from_options_and_prompts(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`add` has a command for each record kind the seeds count: an agreement asked for at a terminal lists the
    pairing IDs to choose from; a student cohort and an award are added from options; a person pairing is
    `add person-pairing`; an activity without --pairing is a programme-level event. Each lands in a new file of its
    section and validates."""
    _tree(tree)
    monkeypatch.setattr(add, "interactive", lambda: True)
    result = CliRunner().invoke(
        app,
        ["add", "agreement", "--records", str(tree), "--id", "xy-1", "--title", "结对帮扶协议书"],
        input="pr-1\n2024-08-26\n",
        env={"NO_COLOR": "1", "PAIRKIT_LANG": None},
    )
    assert_clean_exit(result, 0)
    assert "  可选编号：pr-1（u-city）\n适用结对 pairings，多个用逗号分隔: " in result.output
    assert "agreements:\n  - id: xy-1\n    pairings: [pr-1]\n" in (tree / "agreements.yaml").read_text(encoding="utf-8")
    monkeypatch.setattr(add, "interactive", lambda: False)
    commands = [
        ["student", "--date", "2025-09-01", "--kind", "接收就读", "--count", "28", "--unit", "u-city"],
        [
            "award",
            "--date",
            "2025-05-20",
            "--kind",
            "论文",
            "--level",
            "市级",
            "--title",
            "识字教学",
            "--unit",
            "u-rural",
        ],
        [
            "person-pairing",
            "--person",
            "p-linhui",
            "--kind",
            "班级",
            "--target",
            "护理2025级1班",
            "--start",
            "2025-09-01",
        ],
        ["activity", "--date", "2025-08-22", "--kind", "联席会议", "--title", "全县支教工作动员会"],
    ]
    for command in commands:
        assert_clean_exit(invoke(["add", command[0], "--records", str(tree), *command[1:]]), 0)
    assert "  - date: 2025-09-01\n    kind: 接收就读\n    count: 28\n" in (tree / "students.yaml").read_text("utf-8")
    assert "    level: 市级\n" in (tree / "awards.yaml").read_text(encoding="utf-8")
    assert "    target: 护理2025级1班\n" in (tree / "person_pairings.yaml").read_text(encoding="utf-8")
    activity = next(tree.glob("activities/*.yaml")).read_text(encoding="utf-8")
    assert "  - date: 2025-08-22\n    kind: 联席会议\n    title: 全县支教工作动员会\n" in activity
    assert_clean_exit(invoke(["validate", str(tree)]), 0)
