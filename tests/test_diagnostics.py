"""Every diagnostic code of the catalog, triggered by a small inline tree, with its exact position and message."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError, field_validator

from conftest import (
    BASE,
    PROGRAMME,
    Found,
    column_of,
    diagnose,
    found,
    invoke,
    line_of,
    outcome_of,
    write_tree,
)
from pairkit.check.run import CONSISTENCY, run_checks
from pairkit.diagnostics import Bilingual, Diagnostic, Source
from pairkit.load import load_tree
from pairkit.messages import CATALOG, Lang, text
from pairkit.model import Records, build
from pairkit.model.records import Activity, Person
from pairkit.model.schema_errors import translate

# --- files (PK0xx) ----------------------------------------------------------------------------------------------


def test_pk001_unreadable_file(tree: Path) -> None:
    """A record file that cannot be opened (a dangling link) is PK001 at 1:1, and the other files are still read."""
    (tree / "gone.yaml").symlink_to(tree / "nowhere.yaml")
    assert diagnose(tree, {"programme.yaml": PROGRAMME}) == [
        Found("gone.yaml", 1, 1, "PK001", "error", "无法读取文件：文件不存在（可能是失效的快捷方式）"),
    ]
    assert [f.message for f in diagnose(tree, {}, Lang.EN)] == [
        "cannot read the file: the file does not exist (perhaps a broken link)"
    ]


def test_pk002_gbk_file_names_the_encoding(tree: Path) -> None:
    """A file saved as GBK is PK002 at the first byte that is not UTF-8, naming GBK and how to re-save it."""
    content = "units:\n  - id: u-a\n    name: 城关小学\n    area: urban\n"
    result = outcome_of(tree, {"a.yaml": content.encode("gbk")})
    (diag,) = [d for d in result.diagnostics if d.code != "PK041"]
    assert found(tree, diag) == Found("a.yaml", 3, 11, "PK002", "error", "文件不是 UTF-8 编码（看起来是 GBK/GB18030）")
    assert "另存为" in text(diag, Lang.ZH)[1]
    assert "UTF-8" in text(diag, Lang.ZH)[1]


def test_pk002_utf16_is_refused(tree: Path) -> None:
    """A UTF-16 file (with its byte-order mark, as Windows writes it) is PK002 naming UTF-16."""
    assert diagnose(tree, {"a.yaml": "units: []\n".encode("utf-16")}) == [
        Found("a.yaml", 1, 1, "PK002", "error", "文件不是 UTF-8 编码（看起来是 UTF-16）"),
    ]


def test_pk003_binary_file(tree: Path) -> None:
    """Bytes with NULs are PK003 at the first NUL: line 2, column 4 here."""
    assert diagnose(tree, {"a.yaml": b"units:\nabc\x00\x01\x02\xff"}) == [
        Found("a.yaml", 2, 4, "PK003", "error", "这不是文本文件，无法作为记录读取"),
    ]


def test_pk004_file_too_large(tree: Path) -> None:
    """A 2 GB file is refused by its size (PK004) without being read."""
    with (tree / "big.yaml").open("wb") as f:
        f.truncate(2 * 1024**3)
    assert diagnose(tree, {}) == [
        Found("big.yaml", 1, 1, "PK004", "error", "文件太大（2048.0 MB），单个记录文件不能超过 5 MB"),
    ]


# --- YAML (PK1xx) -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "line", "column", "zh", "en"),
    [
        pytest.param(
            "units:\n  - id: u-a\n     name: 城关小学\n",
            3,
            10,
            "这里不能再出现“字段: 值”，可能是缩进不对，或值里有冒号却没加引号",
            "a 'key: value' cannot start here: the indentation is off, or a value holds a colon without quotes",
            id="key indented deeper than its siblings",
        ),
        pytest.param(
            "units:\n  - id: u-a\n\tname: 城关小学\n",
            3,
            1,
            "用了 Tab 键缩进，YAML 只能用空格缩进",
            "a tab is used for indentation; YAML indents with spaces",
            id="tab indentation",
        ),
        pytest.param(
            'units:\n  - id: u-a\n    name: "城关小学\n    area: urban\n',
            3,
            11,
            "引号没有配对，直到文件末尾都没有结束",
            "a quote is opened and never closed",
            id="unclosed quote points at where it opened",
        ),
        pytest.param(
            "units: []\n---\npeople: []\n",
            2,
            1,
            "一个文件只能有一份内容，删除 --- 分隔线",
            "a file holds one document: remove the --- separator",
            id="two documents",
        ),
    ],
)
def test_pk101_yaml_syntax_error(tree: Path, content: str, line: int, column: int, zh: str, en: str) -> None:
    """A syntax error is PK101 where the parser (or, for an unclosed quote, the quote) is, in Chinese and English."""
    assert diagnose(tree, {"a.yaml": content}) == [
        Found("a.yaml", line, column, "PK101", "error", f"YAML 格式错误：{zh}")
    ]
    assert [f.message for f in diagnose(tree, {}, Lang.EN)] == [f"YAML syntax error: {en}"]


def test_pk102_duplicate_key(tree: Path) -> None:
    """A key written twice in one record is PK102 at the second key; the first value is kept."""
    content = """\
        units:
          - id: u-a
            name: 城关小学
            area: urban
            name: 山村小学
        """
    result = outcome_of(tree, {"a.yaml": content})
    assert [found(tree, d) for d in result.diagnostics if d.code != "PK041"] == [
        Found("a.yaml", 5, 5, "PK102", "error", "字段 name 重复出现"),
    ]
    assert result.records.unit["u-a"].name == "城关小学"


def test_pk103_python_tag_refused(tree: Path) -> None:
    """A ``!!python/object`` tag is refused (PK103) at the tagged node; nothing is constructed."""
    content = """\
        units:
          - !!python/object:os.system
            id: u-a
        """
    assert diagnose(tree, {"a.yaml": content}) == [
        Found("a.yaml", 2, 5, "PK103", "error", "不支持的 YAML 标记 python/object:os.system"),
    ]


def test_pk103_merge_key_refused(tree: Path) -> None:
    """A ``<<`` merge key is PK103 too: records are written out, not assembled."""
    content = """\
        units:
          - &base
            id: u-a
            name: 城关小学
            area: urban
          - <<: *base
            id: u-b
        """
    assert diagnose(tree, {"a.yaml": content}) == [
        Found("a.yaml", 6, 5, "PK103", "error", "不支持的 YAML 标记 <<"),
    ]


def test_pk104_alias_bomb(tree: Path) -> None:
    """A "billion laughs" alias bomb is PK104 once the expansion budget is spent."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    result = diagnose(tree, {"bomb.yaml": "\n".join(lines) + "\n"})
    assert [(f.file, f.code, f.message) for f in result] == [
        ("bomb.yaml", "PK104", "结构嵌套过深，或锚点别名展开后过大，已拒绝读取"),
    ]


def test_pk104_deep_nesting(tree: Path) -> None:
    """The 65th nested bracket is PK104 at that bracket (column 8 + 64 = 72 after ``units: ``)."""
    assert diagnose(tree, {"a.yaml": "units: " + "[" * 100 + "]" * 100 + "\n"}) == [
        Found("a.yaml", 1, 72, "PK104", "error", "结构嵌套过深，或锚点别名展开后过大，已拒绝读取"),
    ]


def test_pk105_top_level_must_be_sections(tree: Path) -> None:
    """A file that is a bare list of records is PK105 at its first item."""
    content = """\
        - id: u-a
          name: 城关小学
        """
    assert diagnose(tree, {"a.yaml": content}) == [
        Found("a.yaml", 1, 1, "PK105", "error", "文件顶层必须是“分类: 列表”的形式，例如 activities:"),
    ]


def test_pk106_unknown_section_with_suggestion(tree: Path) -> None:
    """A misspelt section is PK106 on its key, suggesting the section meant."""
    content = PROGRAMME + "activites:\n  - date: 2024-10-10\n"
    assert diagnose(tree, {"a.yaml": content}) == [
        Found("a.yaml", 4, 1, "PK106", "error", "未知的分类 activites，是不是 activities？"),
    ]


def test_pk107_section_must_be_a_list(tree: Path) -> None:
    """A section whose value is not a list is PK107 at the value."""
    assert diagnose(tree, {"a.yaml": "units: 城关小学\n"}) == [
        Found("a.yaml", 1, 8, "PK107", "error", "分类 units 下面应是记录列表"),
    ]


# --- fields (PK2xx) ---------------------------------------------------------------------------------------------


def test_pk201_impossible_date(tree: Path) -> None:
    """2025-02-30 is PK201 at the value, naming the record kind and the field's Chinese title."""
    content = """\
        people:
          - id: p-a
            name: 林慧
            gender: 女
            unit: u-city
            birth_date: 2025-02-30
        """
    assert diagnose(tree, {"a.yaml": content}) == [
        Found("a.yaml", 6, 17, "PK201", "error", "人员的出生日期 2025-02-30 不是有效的日期"),
    ]


def test_pk202_not_a_date(tree: Path) -> None:
    """A date written with slashes is PK202 with the value as written."""
    content = PROGRAMME + BASE.replace("start: 2024-09-01", "start: 2024/09/01")
    assert diagnose(tree, {"a.yaml": content}) == [
        Found(
            "a.yaml",
            line_of(content, "start: 2024/09/01"),
            12,
            "PK202",
            "error",
            "结对的开始日期应是日期，写成了 2024/09/01",
        ),
    ]


def test_pk203_unknown_field_with_suggestion(tree: Path) -> None:
    """An unknown field is PK203 on its key; a near miss gets "did you mean", a far one does not."""
    content = """\
        units:
          - id: u-a
            nmae: 城关小学
            name: 城关小学
            area: urban
            colour: red
        """
    result = diagnose(tree, {"a.yaml": content})
    assert [(f.line, f.column, f.code, f.message) for f in result] == [
        (3, 5, "PK203", "单位中有未知字段 nmae，是不是 name？"),
        (6, 5, "PK203", "单位中有未知字段 colour"),
    ]


def test_pk204_missing_required_field(tree: Path) -> None:
    """A record without a required field is PK204 at the record, naming the field in Chinese and English."""
    content = """\
        units:
          - id: u-a
            name: 城关小学
        """
    assert diagnose(tree, {"a.yaml": content}) == [
        Found("a.yaml", 2, 5, "PK204", "error", "单位缺少必填字段 城乡类别（area）"),
    ]


def test_pk205_text_where_a_number_belongs(tree: Path) -> None:
    """Chinese numerals where a number belongs are PK205, saying which kind of number is expected."""
    content = """\
        units:
          - id: u-a
            name: 城关小学
            area: urban
            teachers: 三十
        people:
          - id: p-a
            name: 林慧
            gender: 女
            unit: u-a
            rural_years: 三年
        """
    result = diagnose(tree, {"a.yaml": content})
    assert [(f.line, f.column, f.code, f.message) for f in result] == [
        (5, 15, "PK205", "单位的专任教师数应是整数，写成了 三十"),
        (11, 18, "PK205", "人员的农村学校任教年限应是数字，写成了 三年"),
    ]


def test_pk206_value_not_among_choices(tree: Path) -> None:
    """A gender outside the fixed choices is PK206; the hint lists keys with their Chinese labels."""
    content = """\
        people:
          - id: p-a
            name: 林慧
            gender: 女性
            unit: u-city
        """
    result = outcome_of(tree, {"a.yaml": content})
    (diag,) = [d for d in result.diagnostics if d.code != "PK041"]
    assert found(tree, diag) == Found("a.yaml", 4, 13, "PK206", "error", "人员的性别不能是 女性")
    assert text(diag, Lang.ZH)[1] == "可选值：male（男）、female（女）"


def test_pk207_unknown_vocabulary_term_with_suggestion(tree: Path) -> None:
    """An activity kind not in the vocabulary is PK207, suggesting the key and label meant."""
    content = (
        PROGRAMME + BASE + "activities:\n  - date: 2024-10-10\n    pairing: pr-1\n    kind: 示范客\n    title: 示范\n"
    )
    assert diagnose(tree, {"a.yaml": content}) == [
        Found(
            "a.yaml",
            line_of(content, "kind: 示范客"),
            11,
            "PK207",
            "error",
            "活动的活动类型 示范客 不在词表 activity_kinds 中，是不是 demo_lesson（示范课）？",
        ),
    ]


def test_pk207_activity_kind_with_unknown_dimension(tree: Path) -> None:
    """A programme vocabulary term whose dimension names no dimension is PK207 at that dimension."""
    content = """\
        programme:
          name: 项目
          office: 教育局
          vocabularies:
            activity_kinds:
              reading: {label: 读书会, dimension: teachng}
        """
    assert diagnose(tree, {"programme.yaml": content}) == [
        Found(
            "programme.yaml",
            6,
            column_of(content, "teachng"),
            "PK207",
            "error",
            "项目设置的dimension teachng 不在词表 dimensions 中，是不是 teaching（教学教研）？",
        ),
    ]


def test_pk208_malformed_id_and_school_code(tree: Path) -> None:
    """An ID with a space and a school code that is not 10 digits are PK208, each with its own hint."""
    content = """\
        units:
          - id: u city
            name: 城关小学
            area: urban
          - id: u-b
            name: 山村小学
            area: rural
            code: "35052"
        """
    result = outcome_of(tree, {"a.yaml": content})
    diags = [d for d in result.diagnostics if d.code != "PK041"]
    assert [found(tree, d)[1:] for d in diags] == [
        (2, 9, "PK208", "error", "单位的编号 u city 格式不对"),
        (8, 11, "PK208", "error", "单位的学校标识码 35052 格式不对"),
    ]
    assert text(diags[0], Lang.ZH)[1].startswith("编号只用字母、数字和 - _ .")
    assert text(diags[1], Lang.ZH)[1] == "学校标识码是 10 位数字，写成带引号的文字"


def test_pk209_out_of_range(tree: Path) -> None:
    """A negative count and an empty recipient list are PK209 with the limit."""
    content = """\
        units:
          - id: u-a
            name: 城关小学
            area: urban
            teachers: -3
        pairings:
          - id: pr-a
            supporter: u-a
            recipients: []
            start: 2024-09-01
        """
    result = diagnose(tree, {"a.yaml": content})
    assert [(f.line, f.column, f.code, f.message) for f in result] == [
        (5, 15, "PK209", "单位的专任教师数 -3 超出范围（应 ≥ 0）"),
        (9, 17, "PK209", "结对的受援学校（成员校） 空列表 超出范围（应 ≥ 1）"),
    ]


def test_pk210_empty_donation(tree: Path) -> None:
    """A donation with neither cash nor items is PK210 at the record."""
    content = PROGRAMME + BASE + "donations:\n  - date: 2024-10-10\n    donor: u-city\n    recipient: u-rural\n"
    assert diagnose(tree, {"a.yaml": content}) == [
        Found(
            "a.yaml",
            line_of(content, "  - date: 2024-10-10"),
            5,
            "PK210",
            "error",
            "捐赠记录既没有资金（cash）也没有物资（items）",
        ),
    ]


def test_an_infinite_count_is_not_a_number(tree: Path) -> None:
    """`teachers: .inf` is PK205 (a whole number is expected), not pydantic's English text."""
    content = "units:\n  - id: u-a\n    name: 城关小学\n    area: urban\n    teachers: .inf\n"
    assert diagnose(tree, {"a.yaml": content}) == [
        Found("a.yaml", 5, 15, "PK205", "error", "单位的专任教师数应是整数，写成了 inf"),
    ]


def test_pk219_other_field_problem() -> None:
    """A validation problem the catalog has no specific code for falls back to PK219, keeping the reason."""

    class Odd(BaseModel):
        size: int

        @field_validator("size")
        @classmethod
        def _even(cls, value: int) -> int:
            if value % 2:
                raise ValueError("must be even")
            return value

    with pytest.raises(ValidationError) as caught:
        Odd.model_validate({"size": 3})
    (diag,) = translate(caught.value, Odd, Source("a.yaml", ("units", 0)), Bilingual("单位", "unit"))
    assert (diag.code, diag.path) == ("PK219", ("units", 0, "size"))
    assert text(diag, Lang.ZH)[0] == "单位的size无效：Value error, must be even"


# --- identity and references (PK3xx) ----------------------------------------------------------------------------


def test_pk301_repeated_id(tree: Path) -> None:
    """An ID used twice in one kind is PK301 at the second ID, naming the file, line and column of the first."""
    content = (
        PROGRAMME + BASE + "  - id: pr-1\n    supporter: u-city\n    recipients: [u-rural]\n    start: 2024-09-01\n"
    )
    result = diagnose(tree, {"a.yaml": content})
    assert [(f.file, f.line, f.column, f.code) for f in result] == [
        ("a.yaml", line_of(content, "id: pr-1", 2), 9, "PK301"),
    ]
    first = f"{tree / 'a.yaml'}:{line_of(content, 'id: pr-1')}:9"
    assert result[0].message == f"结对编号 pr-1 重复，首次出现在 {first}"


def test_pk302_missing_reference_suggests_by_id_and_by_name(tree: Path) -> None:
    """A missing ID is PK302; a typo gets the nearest ID, a Chinese name gets the ID of that person."""
    content = (
        PROGRAMME
        + BASE
        + """\
activities:
  - date: 2024-10-10
    pairing: pr-2
    kind: 示范课
    title: 示范课
    people: [林慧, p-linhiu, p-zhang]
"""
    )
    result = diagnose(tree, {"a.yaml": content})
    people_line = line_of(content, "people: [林慧")
    assert [(f.line, f.column, f.code, f.message) for f in result] == [
        (line_of(content, "pairing: pr-2"), 14, "PK302", "找不到编号为 pr-2 的结对，是不是 pr-1？"),
        (people_line, column_of(content, "林慧,"), "PK302", "找不到编号为 林慧 的人员，是不是 p-linhui（林慧）？"),
        (
            people_line,
            column_of(content, "p-linhiu"),
            "PK302",
            "找不到编号为 p-linhiu 的人员，是不是 p-linhui（林慧）？",
        ),
        (people_line, column_of(content, "p-zhang"), "PK302", "找不到编号为 p-zhang 的人员"),
    ]


def test_pk302_reference_to_invalid_record_is_not_reported_again(tree: Path) -> None:
    """A reference to a record that failed validation is not also 'missing': only the record's own error shows."""
    content = PROGRAMME + BASE.replace("    area: rural\n", "")
    result = diagnose(tree, {"a.yaml": content})
    assert [f.code for f in result] == ["PK204"]


def test_pk303_programme_twice(tree: Path) -> None:
    """A second programme block is PK303 on its key, naming where the first one starts."""
    result = diagnose(tree, {"a.yaml": PROGRAMME, "b.yaml": PROGRAMME})
    assert result == [
        Found("b.yaml", 1, 1, "PK303", "error", f"项目设置（programme）重复，已在 {tree / 'a.yaml'}:2:3 定义")
    ]


def test_pk041_no_programme_is_an_error(tree: Path) -> None:
    """A tree without programme settings gets the error PK041 on the folder, saying what to add."""
    result = outcome_of(tree, {"a.yaml": BASE})
    assert [(d.file, d.line, d.column, d.code, str(d.severity)) for d in result.diagnostics] == [
        (str(tree), 0, 0, "PK041", "error"),
    ]
    message, hint = text(result.diagnostics[0], Lang.ZH)
    assert message == "没有找到项目设置（programme），无法确定项目名称、主管单位和校历"
    assert hint.startswith("在记录目录中新建 programme.yaml，写上 programme: 以及项目名称 name 和主管单位 office")


def test_pk305_recipient_is_the_supporter(tree: Path) -> None:
    """A pairing that lists its supporter among the recipients is PK305 at that recipient."""
    content = PROGRAMME + BASE.replace("recipients: [u-rural]", "recipients: [u-rural, u-city]")
    assert diagnose(tree, {"a.yaml": content}) == [
        Found(
            "a.yaml",
            line_of(content, "recipients:"),
            27,
            "PK305",
            "error",
            "受援单位 u-city 重复，或与支援单位相同",
        ),
    ]


# --- dates (PK4xx) ----------------------------------------------------------------------------------------------


def test_pk401_activity_outside_pairing(tree: Path) -> None:
    """An activity after its pairing ended is PK401 at the activity's date, quoting the pairing's span."""
    content = (
        PROGRAMME + BASE + "activities:\n  - date: 2025-08-10\n    pairing: pr-1\n    kind: lecture\n    title: 讲座\n"
    )
    assert diagnose(tree, {"a.yaml": content}) == [
        Found(
            "a.yaml",
            line_of(content, "date: 2025-08-10"),
            11,
            "PK401",
            "error",
            "活动日期 2025-08-10 不在结对 pr-1 的起止日期（2024-09-01 至 2025-07-31）之内",
        ),
    ]


def test_pk401_multi_day_activity_running_past_the_end(tree: Path) -> None:
    """An activity that starts inside but whose last day falls after the pairing's end is PK401 too."""
    content = (
        PROGRAMME + BASE + "activities:\n  - date: 2025-07-30\n    days: 3\n    pairing: pr-1\n"
        "    kind: training\n    title: 培训\n"
    )
    assert [(f.line, f.code) for f in diagnose(tree, {"a.yaml": content})] == [
        (line_of(content, "date: 2025-07-30"), "PK401")
    ]


def test_pk402_secondment_ends_before_it_starts(tree: Path) -> None:
    """A secondment whose end precedes its start is PK402 at the end date."""
    content = (
        PROGRAMME + BASE + "secondments:\n  - id: s-1\n    person: p-linhui\n    to: u-rural\n"
        "    start: 2025-09-01\n    end: 2025-07-01\n"
    )
    assert diagnose(tree, {"a.yaml": content}) == [
        Found(
            "a.yaml",
            line_of(content, "end: 2025-07-01"),
            10,
            "PK402",
            "error",
            "选派的结束日期 2025-07-01 早于开始日期 2025-09-01",
        ),
    ]


def test_pk403_person_seconded_to_two_places_at_once(tree: Path) -> None:
    """Two overlapping secondments of one person are PK403 at the later one's start."""
    far = "units:\n  - id: u-far\n    name: 远山小学\n    area: rural\n"
    secondments = """\
        secondments:
          - id: s-1
            person: p-linhui
            to: u-rural
            start: 2024-09-01
            end: 2025-07-01
          - id: s-2
            person: p-linhui
            to: u-far
            start: 2025-03-01
            end: 2026-01-31
        """
    files = {"a.yaml": PROGRAMME + BASE, "b.yaml": far, "s.yaml": secondments}
    assert diagnose(tree, files) == [
        Found(
            "s.yaml",
            10,
            12,
            "PK403",
            "error",
            "p-linhui 的选派 s-2 与选派 s-1（2024-09-01 至 2025-07-01）时间重叠，一个人不能同时在两处",
        ),
    ]


def test_back_to_back_secondments_are_fine(tree: Path) -> None:
    """A secondment starting the day after the previous one ends is not an overlap."""
    secondments = """\
        secondments:
          - id: s-1
            person: p-linhui
            to: u-rural
            start: 2024-09-01
            end: 2025-01-31
          - id: s-2
            person: p-linhui
            to: u-rural
            start: 2025-02-01
            end: 2025-07-01
        """
    assert diagnose(tree, {"a.yaml": PROGRAMME + BASE, "s.yaml": secondments}) == []


# --- internal (PK900) -------------------------------------------------------------------------------------------


def _crashing(records: Records) -> Iterator[Diagnostic]:
    raise KeyError("boom")
    yield  # a generator, like the real checks


def test_pk900_crashing_check_is_reported_and_others_still_run(tree: Path) -> None:
    """A check that raises becomes one PK900 naming it; the checks after it still report their findings."""
    content = PROGRAMME + BASE.replace("unit: u-city", "unit: u-cty")
    files, _ = load_tree(write_tree(tree, {"a.yaml": content}))
    records, problems = build(files, str(tree))
    assert problems == []
    diags = run_checks(records, checks=(_crashing, *CONSISTENCY))
    assert [(d.code, d.file, d.line, d.column) for d in diags] == [
        ("PK900", str(tree / "a.yaml"), 1, 1),
        ("PK302", str(tree / "a.yaml"), 0, 0),  # positions are filled in later by the pipeline
    ]
    assert diags[0].args["check"] == "_crashing"
    assert str(diags[0].args["problem"]).startswith("KeyError: 'boom' (")
    assert os.path.basename(__file__) in str(diags[0].args["problem"])


# --- accepted forms ---------------------------------------------------------------------------------------------


def test_chinese_labels_and_vocabulary_labels_are_stored_as_keys(tree: Path) -> None:
    """性别 男, 城乡类别 城区, 活动类型 示范课 and 学科 数学 are accepted and stored as their keys."""
    content = (
        PROGRAMME
        + BASE.replace("gender: 女", "gender: 男")
        + "activities:\n  - date: 2024-10-10\n    pairing: pr-1\n    kind: 示范课\n"
        "    subject: 数学\n    title: 《分数的初步认识》示范课\n    people: [p-linhui]\n"
    )
    result = outcome_of(tree, {"a.yaml": content})
    assert result.diagnostics == []
    person: Person = result.records.person["p-linhui"]
    assert (person.gender.value, person.gender.label) == ("male", "男")
    assert result.records.unit["u-city"].area == "urban"
    activity: Activity = result.records.activities[0]
    assert (activity.kind, activity.subject) == ("demo_lesson", "math")
    assert result.records.vocab.activity_kinds.label(activity.kind) == "示范课"


def test_yaml_12_words_stay_text(tree: Path) -> None:
    """Under YAML 1.2, a name written NO or on is text, not a boolean, and 2024: keys stay text."""
    # A second person in its own file: a.yaml's people list is followed by its pairings.
    people = "people:\n  - id: p-on\n    name: on\n    gender: male\n    unit: u-city\n"
    result = outcome_of(tree, {"a.yaml": PROGRAMME + BASE.replace("name: 林慧", "name: NO"), "b.yaml": people})
    assert result.diagnostics == []
    assert [p.name for p in result.records.people] == ["NO", "on"]


def test_problems_are_sorted_by_file_and_line(tree: Path) -> None:
    """Diagnostics from several files and stages come out sorted by file, then line, then column."""
    files = {
        "b.yaml": "units:\n  - id: u-b\n    name: B\n    area: urban\n    colour: red\n",
        "a.yaml": PROGRAMME + BASE.replace("unit: u-city", "unit: u-nowhere") + "bogus:\n",
    }
    result = diagnose(tree, files)
    assert [(f.file, f.line, f.code) for f in result] == [
        ("a.yaml", line_of(files["a.yaml"], "unit: u-nowhere"), "PK302"),
        ("a.yaml", line_of(files["a.yaml"], "bogus:"), "PK106"),
        ("b.yaml", 5, "PK203"),
    ]


def test_english_messages(tree: Path) -> None:
    """With the English language, the same diagnostic reads in English with the English field name."""
    content = "people:\n  - id: p-a\n    name: 林慧\n    gender: 女\n    unit: u-a\n    birth_date: 2025-02-30\n"
    assert [f.message for f in diagnose(tree, {"a.yaml": content}, Lang.EN)] == [
        "person birth_date 2025-02-30 is not a calendar date",
    ]


# --- docs/diagnostics.md ----------------------------------------------------------------------------------------

DOCS = Path(__file__).resolve().parent.parent / "docs" / "diagnostics.md"
_HEADING = re.compile(r"^## (PK\d{3})\b", re.MULTILINE)
_BLOCK = re.compile(r"```(yaml|text)\n(.*?)```", re.DOTALL)


def _doc_sections() -> dict[str, str]:
    text = DOCS.read_text(encoding="utf-8")
    starts = [(m.group(1), m.start()) for m in _HEADING.finditer(text)]
    ends = [start for _, start in starts[1:]] + [len(text)]
    return {code: text[start:end] for (code, start), end in zip(starts, ends, strict=True)}


def _example_files(section: str) -> dict[str, str]:
    """The section's YAML examples, by the path named in their first line (``# records/units.yaml``)."""
    files = {}
    for kind, body in _BLOCK.findall(section):
        first, _, rest = body.partition("\n")
        if kind == "yaml" and first.startswith("# records/"):
            files[first.removeprefix("# records/")] = rest
    return files


def test_docs_list_every_code_and_only_catalog_codes() -> None:
    """docs/diagnostics.md has one section per code of the catalog, and no section for a code that does not exist."""
    headings = _HEADING.findall(DOCS.read_text(encoding="utf-8"))
    assert len(headings) == len(set(headings))
    assert sorted(headings) == sorted(CATALOG)


def test_docs_examples_give_the_documented_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each YAML example of docs/diagnostics.md, run as `pairkit validate records`, prints the documented lines."""
    intro = DOCS.read_text(encoding="utf-8").split("\n## ", 1)[0]
    base = _example_files(intro)
    assert sorted(base) == ["base.yaml", "programme.yaml"]
    checked = []
    for code, section in _doc_sections().items():
        examples = _example_files(section)
        if not examples:
            continue
        folder = tmp_path / code
        write_tree(folder / "records", {**base, **examples})
        monkeypatch.chdir(folder)
        documented = [line for _, body in _BLOCK.findall(section) for line in body.splitlines() if f"[{code}]" in line]
        assert len(documented) == 2, code  # Chinese, then English
        zh = invoke(["validate", "records"]).stdout.splitlines()
        en = invoke(["--lang", "en", "validate", "records"]).stdout.splitlines()
        assert documented[0] in zh, (code, zh)
        assert documented[1] in en, (code, en)
        checked.append(code)
    assert len(checked) >= 25  # every record-level code from PK101 on has a runnable example


def test_a_boolean_is_not_a_count(tree: Path) -> None:
    """`teachers: true` is PK205 (a whole number is expected), not silently the number 1."""
    content = "units:\n  - id: u-a\n    name: 城关小学\n    area: urban\n    teachers: true\n"
    assert [(f.line, f.code) for f in diagnose(tree, {"a.yaml": content})] == [(5, "PK205")]


def test_nested_part_problems_are_located_inside_the_part(tree: Path) -> None:
    """Inside a secondment's allowance list: an unknown field and a missing field point into the right item."""
    secondments = """\
        secondments:
          - id: s-1
            person: p-linhui
            to: u-rural
            start: 2024-09-01
            end: 2025-07-01
            allowances:
              - kind: 生活补助
                amont: 3000
                months: 10
              - kind: 被褥置办费
        """
    result = diagnose(tree, {"a.yaml": PROGRAMME + BASE, "s.yaml": secondments})
    assert [(f.file, f.line, f.column, f.code, f.message) for f in result] == [
        ("s.yaml", 8, 9, "PK204", "选派缺少必填字段 金额（元）（amount）"),
        ("s.yaml", 9, 9, "PK203", "选派中有未知字段 amont，是不是 amount？"),
        ("s.yaml", 11, 9, "PK204", "选派缺少必填字段 金额（元）（amount）"),
    ]
    (unknown,) = [d for d in outcome_of(tree, {}).diagnostics if d.code == "PK203"]
    assert text(unknown, Lang.ZH)[1] == "可用的字段：kind, amount, months, note"


def test_secondment_from_is_checked_under_its_written_name(tree: Path) -> None:
    """The `from` unit of a secondment (stored as from_unit) is resolved, and a miss points at `from:`."""
    secondments = """\
        secondments:
          - id: s-1
            person: p-linhui
            from: u-ctiy
            to: u-rural
            start: 2024-09-01
            end: 2025-07-01
        """
    result = diagnose(tree, {"a.yaml": PROGRAMME + BASE, "s.yaml": secondments})
    assert result == [
        Found("s.yaml", 4, 11, "PK302", "error", "找不到编号为 u-ctiy 的单位，是不是 u-city（城关第一小学）？"),
    ]


def test_blank_text_is_named_empty(tree: Path) -> None:
    """A name written as blanks is PK209 and the message says the value is empty rather than printing nothing."""
    content = 'units:\n  - id: u-a\n    name: "  "\n    area: urban\n'
    assert [(f.line, f.column, f.code, f.message) for f in diagnose(tree, {"a.yaml": content})] == [
        (3, 11, "PK209", "单位的名称 （空） 超出范围（应 ≥ 1）"),
    ]
    assert [f.message for f in diagnose(tree, {}, Lang.EN)] == ["unit name (empty) is out of range (must be ≥ 1)"]


def test_unknown_field_in_a_vocabulary_term(tree: Path) -> None:
    """An unknown key inside a programme vocabulary term is suggested from the term's own fields."""
    content = """\
        programme:
          name: 项目
          office: 教育局
          vocabularies:
            activity_kinds:
              reading: {label: 读书会, dimensoin: teaching}
        """
    result = diagnose(tree, {"programme.yaml": content})
    assert [(f.line, f.column, f.code, f.message) for f in result] == [
        (6, column_of(content, "dimensoin"), "PK203", "项目设置中有未知字段 dimensoin，是不是 dimension？"),
    ]


def test_a_year_far_outside_the_programme_is_out_of_range(tree: Path) -> None:
    """`date: 9999-12-30` with `days: 5` is PK209 at the date, not a crash of the date checks."""
    activity = """\
        activities:
          - {date: 9999-12-30, days: 5, pairing: pr-1, kind: 示范课, title: 示范课}
        """
    assert [
        (f.line, f.column, f.code, f.message) for f in diagnose(tree, {"a.yaml": PROGRAMME + BASE, "b.yaml": activity})
    ] == [
        (2, 12, "PK209", "活动的日期 9999-12-30 超出范围（应 1900-01-01 — 2100-12-31）"),
    ]
