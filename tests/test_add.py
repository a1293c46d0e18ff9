"""`pairkit add KIND`: a record from options, validated with all records first, appended with comments kept."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

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


ACTIVITY_FIELDS = [
    "编号 id",
    "日期 date",
    "天数 days",
    "所属结对 pairing",
    "活动类型 kind",
    "学科 subject",
    "帮扶内容 dimension",
    "主题 title",
    "参与人员 people",
    "参与人次 attendance",
    "地点 location",
    "佐证材料 evidence",
    "典型活动 highlight",
    "备注 note",
]


def _prompted(tree: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], answers: list[str]) -> Result:
    """`pairkit add …` as at a terminal, the answers typed one per line."""
    monkeypatch.setattr(add, "interactive", lambda: True)
    return CliRunner().invoke(
        app,
        ["add", *args, "--records", str(tree)],
        input="".join(f"{a}\n" for a in answers),
        env={"NO_COLOR": "1", "PAIRKIT_LANG": None},
    )


def _questions(output: str) -> list[str]:
    """The field each prompt asked for, in order (a prompt line is `标题 key（…）: answer`)."""
    return [m[1] for m in re.finditer(r"^(\S+ \w+)（[^）\n]*）: ", output, re.M)]


def test_prompts_ask_every_field_and_only_a_wrong_answer_again(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """At a terminal every field of an activity is asked in schema order, optional ones skipped with Enter. A wrong
    date is explained and only the date is asked again; a kind is picked by its number (the programme's own kinds
    listed with the defaults) and written as its label; a pairing by its number in the list; people by name. The
    record is shown as YAML and written after a yes, and the tree still validates."""
    write_tree(
        tree,
        {
            "programme.yaml": PROGRAMME + "  vocabularies:\n    activity_kinds:\n      reading_club: 师生共读\n",
            "base.yaml": BASE,
            "activities/2024-2025.yaml": ACTIVITIES,
        },
    )
    kinds = list(
        Vocab.build(Vocabularies(activity_kinds={"reading_club": Term(label="师生共读")})).activity_kinds.terms
    )
    choice = kinds.index("reading_club") + 1
    answers = ["", "2025-02-30", "2025-04-23", "", "1", str(choice), "", "", "共读《草房子》", "林慧"]
    result = _prompted(tree, monkeypatch, ["activity"], [*answers, "", "", "", "", "", "y"])
    assert_clean_exit(result, 0)
    assert _questions(result.output) == ACTIVITY_FIELDS[:2] + ACTIVITY_FIELDS[1:]
    assert (
        "  活动的日期 2025-02-30 不是有效的日期（提示：检查月份和日期，例如 2 月只有 28 或 29 天）\n" in result.output
    )
    assert f"  {choice:>2}. 师生共读（reading_club）\n" in result.output
    assert "   2. 示范课（demo_lesson）\n" in result.output
    assert "   1. pr-1\n  写序号、编号或名称\n所属结对 pairing（可不填）: " in result.output
    shown = (
        "  - date: 2025-04-23\n    pairing: pr-1\n    kind: 师生共读\n"
        "    title: 共读《草房子》\n    people: [p-linhui]\n"
    )
    assert (
        f"将写入 {tree / 'activities' / '2024-2025.yaml'}：\nactivities:\n{shown}写入吗？ [Y/n]: y\n" in result.output
    )
    text = (tree / "activities" / "2024-2025.yaml").read_text(encoding="utf-8")
    assert shown in text
    assert_clean_exit(invoke(["validate", str(tree)]), 0)


def test_a_problem_of_the_whole_record_asks_again_for_its_field(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A date that is a calendar date but outside the pairing (found with all records): the problem is shown at
    the date and only the date is asked again, with Enter keeping the other answers."""
    _tree(tree)
    answers = ["", "2025-09-10", "", "pr-1", "lecture", "", "", "讲座", "", "", "", "", "", ""]
    result = _prompted(tree, monkeypatch, ["activity"], [*answers, "2025-05-10", "y"])
    assert_clean_exit(result, 0)
    assert "  日期 date：活动日期 2025-09-10 不在结对 pr-1 的起止日期（2024-09-01 至 2025-07-31）之内" in result.output
    assert _questions(result.output)[-1] == "日期 date"
    assert "日期 date（回车保留 2025-09-10，年-月-日）: 2025-05-10\n" in result.output
    assert "    title: 讲座\n" in (tree / "activities" / "2024-2025.yaml").read_text(encoding="utf-8")


def test_a_secondment_is_asked_with_its_allowances(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A nested list is asked one block at a time for as long as the answer to "add another?" is yes; each block's
    fields are checked like any other (a kind picked by number) and written in block style."""
    _tree(tree)
    head = ["s-1", "林慧", "", "", "u-rural", "pr-1", "2024-09-01", "2025-07-01", "", "", "", "", "", "n"]
    allowance = ["y", "1", "3000", "10", "", "y", "被褥置办费", "1000", "", "", "n"]
    result = _prompted(tree, monkeypatch, ["secondment"], [*head, *allowance, "", "y"])
    assert_clean_exit(result, 0)
    assert "补助 allowances：添加吗？ [y/N]: y\n" in result.output
    assert "补助 allowances：再添加一项吗？ [y/N]: y\n" in result.output
    text = (tree / "secondments.yaml").read_text(encoding="utf-8")
    assert text == (
        "secondments:\n  - id: s-1\n    person: p-linhui\n    to: u-rural\n    pairing: pr-1\n"
        "    start: 2024-09-01\n    end: 2025-07-01\n    allowances:\n      - kind: 生活补助\n        amount: 3000\n"
        "        months: 10\n      - kind: 被褥置办费\n        amount: 1000\n"
    )


@pytest.mark.parametrize(
    ("lang", "said"), [("zh", "已取消，没有写入任何文件。"), ("en", "Cancelled; nothing was written.")]
)
def test_no_at_the_end_writes_nothing(tree: Path, monkeypatch: pytest.MonkeyPatch, lang: str, said: str) -> None:
    """Answering no when the record is shown ends it in the user's language, exit 1, every file unchanged."""
    _tree(tree)
    before = digest(tree)
    monkeypatch.setattr(add, "interactive", lambda: True)
    answers = ["", "2024-12-01", "", "pr-1", "lecture", "", "", "讲座", "", "", "", "", "", "", "n"]
    result = CliRunner().invoke(
        app,
        ["--lang", lang, "add", "activity", "--records", str(tree)],
        input="".join(f"{a}\n" for a in answers),
        env={"NO_COLOR": "1"},
    )
    assert_clean_exit(result, 1)
    assert result.stderr.splitlines()[-1] == said
    assert digest(tree) == before


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


def test_every_field_has_an_option_nested_blocks_included() -> None:
    """Each kind's options are its fields: a secondment has --allowances and --assessments, a donation --items, each
    taking one `field=value,…` block per use."""
    for kind, nested in (("secondment", ["--assessments", "--allowances"]), ("donation", ["--items"])):
        result = invoke(["add", kind, "--help"])
        assert_clean_exit(result, 0)
        for option in nested:
            assert f"  {option} 字段=值,…" in result.output
    unwrapped = "".join(invoke(["add", "secondment", "--help"]).output.split())
    assert "补助：每项写成kind=…,amount=…（字段也可写中文名），多项就重复这个选项" in unwrapped


def test_a_donation_with_items_from_options(tree: Path) -> None:
    """--items once per donated item, by key or by Chinese title (单价 for 单价（元）, 单位 for 计量单位); units named
    by their names; numbers typed; written in block style; the tree validates."""
    _tree(tree)
    result = invoke(
        [
            "add",
            "donation",
            "--records",
            str(tree),
            "--date",
            "2024-12-01",
            "--donor",
            "城关第一小学",
            "--recipient",
            "山村小学",
            "--items",
            "物品=课桌椅,数量=70,单位=套,单价=300",
            "--items",
            "name=投影仪,quantity=2,unit_value=4500.5",
        ]
    )
    assert_clean_exit(result, 0)
    assert (tree / "donations.yaml").read_text(encoding="utf-8") == (
        "donations:\n  - date: 2024-12-01\n    donor: u-city\n    recipient: u-rural\n    items:\n"
        "      - name: 课桌椅\n        quantity: 70\n        unit: 套\n        unit_value: 300\n"
        "      - name: 投影仪\n        quantity: 2\n        unit_value: 4500.5\n"
    )
    assert_clean_exit(invoke(["validate", str(tree)]), 0)


def test_problems_are_shown_at_the_option_that_gave_them(tree: Path) -> None:
    """A date that does not exist is reported at --date (not at a line of a file); a problem in the second
    --allowances block at `--allowances #2`; a block not written field=value is PK730 at its option. Exit 1, nothing
    written."""
    _tree(tree)
    before = digest(tree)
    base = ["add", "secondment", "--records", str(tree), "--id", "s-1", "--person", "p-linhui", "--to", "u-rural"]
    result = invoke(
        [
            *base,
            "--start",
            "2025-02-30",
            "--end",
            "2025-07-01",
            "--allowances",
            "kind=生活补助,amount=3000",
            "--allowances",
            "kind=住宿补助,amount=500",
        ]
    )
    assert_clean_exit(result, 1)
    problems = [line for line in result.output.splitlines() if "error[" in line]
    assert problems == [
        "--start: error[PK201]: 选派的开始日期 2025-02-30 不是有效的日期"
        "（提示：检查月份和日期，例如 2 月只有 28 或 29 天）",
        "--allowances #2: error[PK206]: 选派的补助类别不能是 住宿补助"
        "（提示：可选值：living（生活补助）、bedding（被褥置办费）、travel（差旅补助）、transport（交通补助）、other（其他补助））",
    ]
    unreadable = invoke([*base, "--start", "2024-09-01", "--end", "2025-07-01", "--allowances", "生活补助 3000元"])
    assert_clean_exit(unreadable, 1)
    assert "--allowances #1: error[PK730]: “生活补助 3000元”不是“字段=值”的写法" in unreadable.output
    assert "例如 kind=…,amount=…" in unreadable.output
    assert digest(tree) == before


def test_a_file_outside_the_tree_that_does_not_parse_is_reported(tree: Path, tmp_path: Path) -> None:
    """--file naming a YAML file outside the records that does not parse: its problem (PK101 at its line), exit 1,
    the file unchanged — not an internal error."""
    _tree(tree)
    other = tmp_path / "other.yaml"
    other.write_text("activities:\n\t- x\n", encoding="utf-8")
    args = ["--date", "2024-12-01", "--pairing", "pr-1", "--kind", "lecture", "--title", "讲座"]
    result = invoke(["add", "activity", "--records", str(tree), "--file", str(other), *args])
    assert_clean_exit(result, 1)
    assert result.output.startswith(f"{other}:2:1: error[PK101]: YAML 格式错误：用了 Tab 键缩进")
    assert other.read_text(encoding="utf-8") == "activities:\n\t- x\n"


def test_the_new_kinds_are_added_from_options_and_prompts(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`add` has a command for each record kind the seeds count: an agreement asked for at a terminal lists the
    pairings to choose from by number; a student cohort and an award are added from options; a person pairing is
    `add person-pairing`; an activity without --pairing is a programme-level event. Each lands in a new file of its
    section and validates."""
    _tree(tree)
    result = _prompted(
        tree,
        monkeypatch,
        ["agreement", "--id", "xy-1", "--title", "结对帮扶协议书"],
        ["1", "", "2024-08-26", "", "", "y"],
    )
    assert_clean_exit(result, 0)
    assert "   1. pr-1\n  写序号、编号或名称\n适用结对 pairings（必填，多个用逗号分隔）: 1\n" in result.output
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


def test_a_group_with_its_contacts_names_people_by_name(tree: Path) -> None:
    """A nested block's reference (a contact's 联络人) is read like any other: a person's name becomes the ID; the
    phone number stays text."""
    _tree(tree)
    result = invoke(
        [
            "add",
            "group",
            "--records",
            str(tree),
            "--id",
            "grp-1",
            "--name",
            "城关第一小学结对帮扶工作领导小组",
            "--leaders",
            "林慧",
            "--contacts",
            "联络人=林慧,联系电话=13905951234",
        ]
    )
    assert_clean_exit(result, 0)
    assert (
        (tree / "groups.yaml")
        .read_text(encoding="utf-8")
        .endswith('    leaders: [p-linhui]\n    contacts:\n      - person: p-linhui\n        phone: "13905951234"\n')
    )
