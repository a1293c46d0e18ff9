"""People's ID and phone numbers: checked (GB 11643), and never shown in full unless a command is given --personal."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import openpyxl
import pytest

from conftest import BASE, PROGRAMME, Found, assert_clean_exit, diagnose, digest, invoke, write_tree
from pairkit.messages import Lang
from pairkit.personal import id_check_character, mask_id, mask_line, mask_numbers, mask_phone

REPO = Path(__file__).resolve().parent.parent
SAMPLE_ID, SAMPLE_PHONE = "350525198804120130", "13800138000"  # 陈建华 in the sample records


def _id(first17: str) -> str:
    return first17 + id_check_character(first17)


LIN = _id("11010119900307772")  # a woman (the 17th digit is even), born 1990-03-07
PEOPLE = f"""\
people:
  - id: p-lin
    name: 林慧
    gender: 女
    unit: u-city
    birth_date: 1990-03-07
    id_number: "{LIN}"
    phone: "0591-87654321"
"""


NO_PEOPLE = BASE.split("people:")[0] + BASE.split("    unit: u-city\n", 1)[1]  # units and the pairing


def test_the_check_digit_follows_gb_11643() -> None:
    """The check character of the standard's own example, 11010519491231002X, is X; masks keep what they should."""
    assert id_check_character("11010519491231002") == "X"
    assert mask_id("11010519491231002X") == "110105********002X"
    assert mask_phone("13800138000") == "138****8000"
    assert mask_phone("0591-87654321") == "0591-****4321"
    assert (
        mask_numbers("电话 13800138000，身份证 11010519491231002X。") == "电话 138****8000，身份证 110105********002X。"
    )
    assert mask_line('    phone: "1380013800"  # 少了一位') == '    phone: "******3800"  # 少了一位'


def test_valid_numbers_are_accepted(tree: Path) -> None:
    """A correct ID number (birth date and gender agreeing) and a landline with its area code give no problem."""
    assert diagnose(tree, {"programme.yaml": PROGRAMME, "base.yaml": NO_PEOPLE, "people.yaml": PEOPLE}) == []


@pytest.mark.parametrize(
    ("field", "value", "code", "message"),
    [
        ("id_number", '"1101011990030777"', "PK240", "人员的身份证号 110101******0777 格式不对"),
        (
            "id_number",
            f'"{LIN[:10]}1332{LIN[14:]}"',
            "PK241",
            f"人员的身份证号 {mask_id(LIN)} 中的出生日期不是有效的日期",
        ),
        ("id_number", f'"{LIN[:17]}{(int(LIN[17]) + 1) % 10}"', "PK242", "人员的身份证号 110101********77"),
        ("id_number", LIN, "PK205", f"人员的身份证号应是文字，写成了 {mask_id(LIN)}"),
        ("phone", '"1380013800"', "PK243", "人员的联系电话 ******3800 格式不对"),
        ("phone", "05918765432", "PK243", "人员的联系电话 ******5432 格式不对"),  # read as a number: 0 lost
    ],
)
def test_wrong_numbers_are_located_and_never_shown_in_full(
    tree: Path, field: str, value: str, code: str, message: str
) -> None:
    """A number of the wrong form, with an impossible birth date, failing its check digit, or written without
    quotes (an ID number is then a number, not text; a landline loses its leading 0 and so its form): the code at
    the value, the number masked in the message and in the source line shown."""
    people = f"people:\n  - id: p-x\n    name: 王强\n    gender: 男\n    unit: u-city\n    {field}: {value}\n"
    found = diagnose(tree, {"programme.yaml": PROGRAMME, "base.yaml": NO_PEOPLE, "people.yaml": people})
    assert [(f.file, f.line, f.column, f.code) for f in found] == [("people.yaml", 6, len(f"    {field}: ") + 1, code)]
    assert found[0].message.startswith(message)
    output = invoke(["validate", str(tree)]).output
    bare = value.strip('"')
    assert bare not in output
    assert output.splitlines()[1].startswith(f"    6 |     {field}: ")


def test_an_id_number_that_disagrees_with_the_record_is_a_warning(tree: Path) -> None:
    """The birth date or the gender in an ID number that differ from the person's, and one number given to two
    people, are warnings (PK244, PK245, PK246) that never print the number."""
    people = PEOPLE.replace("birth_date: 1990-03-07", "birth_date: 1990-03-08").replace("gender: 女", "gender: 男")
    people += f'  - id: p-lin2\n    name: 林慧\n    gender: 男\n    unit: u-city\n    id_number: "{LIN}"\n'
    found = diagnose(tree, {"programme.yaml": PROGRAMME, "base.yaml": NO_PEOPLE, "people.yaml": people})
    assert found == [
        Found(
            "people.yaml",
            7,
            16,
            "PK244",
            "warning",
            "林慧的身份证号中的出生日期与出生日期 birth_date（1990-03-08）不一致",
        ),
        Found("people.yaml", 7, 16, "PK245", "warning", "林慧的身份证号表明性别为女，与性别 gender（男）不一致"),
        Found("people.yaml", 13, 16, "PK245", "warning", "林慧的身份证号表明性别为女，与性别 gender（男）不一致"),
        Found(
            "people.yaml",
            13,
            16,
            "PK246",
            "warning",
            f"林慧的身份证号与另一个人员记录相同，首次出现在 {tree}/people.yaml:7:16",
        ),
    ]
    english = diagnose(tree, {}, Lang.EN)
    assert english[1].message == "the ID number of 林慧 is that of a woman, but gender says male"


def test_no_output_of_the_sample_shows_a_number_unless_asked(tmp_path: Path) -> None:
    """On the sample (陈建华 has an ID and a phone number): validate, check, status, list and the summary report
    never show either (a summary holds no ID number even with --personal); list people --personal does."""
    records = str(REPO / "records")
    for command in (
        ["validate", records, "-f", "json"],
        ["check", records, "--year", "2024", "--as-of", "2026-11-23"],
        ["status", records, "--as-of", "2026-11-23"],
        ["list", "people", records],
        ["list", "people", records, "-f", "json"],
        ["list", "people", records, "--grep", SAMPLE_PHONE],
    ):
        output = invoke(command).output
        assert SAMPLE_ID not in output, command
        assert SAMPLE_PHONE not in output, command
    assert "共 0 人" in invoke(["list", "people", records, "--grep", SAMPLE_PHONE]).output
    listed = json.loads(invoke(["list", "people", records, "-f", "json", "--personal"]).stdout)
    chen = next(p for p in listed if p["name"] == "陈建华")
    assert (chen["id_number"], chen["phone"]) == (SAMPLE_ID, SAMPLE_PHONE)
    result = invoke(["list", "units", records, "--personal"])
    assert_clean_exit(result, 2)
    assert "--personal 只用于 people（人员）。" in result.output
    summary = tmp_path / "summary.docx"
    assert_clean_exit(invoke(["report", records, "--year", "2024", "-o", str(summary)]), 0)
    text = "\n".join(p.text for p in docx.Document(str(summary)).paragraphs)
    assert SAMPLE_ID not in text
    assert SAMPLE_PHONE not in text
    personal = tmp_path / "personal.docx"  # --personal: the leadership group's phones in full, still no ID number
    assert_clean_exit(invoke(["report", records, "--year", "2024", "--personal", "-o", str(personal)]), 0)
    assert SAMPLE_ID not in "\n".join(p.text for p in docx.Document(str(personal)).paragraphs)


def _form_rows(path: Path) -> dict[str, str]:
    rows = [row.cells for table in docx.Document(str(path)).tables for row in table.rows]
    return {cells[0].text: cells[1].text for cells in rows if len(cells) > 1}


def test_the_teachers_form_shows_the_numbers_masked_or_with_personal_in_full(tmp_path: Path) -> None:
    """The per-teacher form of 陈建华 lists 身份证号 and 联系电话 masked; with --personal, in full."""
    records = str(REPO / "records")
    masked, full = tmp_path / "masked.docx", tmp_path / "full.docx"
    assert_clean_exit(invoke(["report", records, "--secondment", "zj-2024-01", "-o", str(masked)]), 0)
    assert_clean_exit(invoke(["report", records, "--secondment", "zj-2024-01", "--personal", "-o", str(full)]), 0)
    rows = _form_rows(masked)
    assert (rows["姓名"], rows["身份证号"], rows["联系电话"]) == ("陈建华", "350525********0130", "138****8000")
    rows = _form_rows(full)
    assert (rows["身份证号"], rows["联系电话"]) == (SAMPLE_ID, SAMPLE_PHONE)


def test_the_ledger_has_the_numbers_only_with_personal_and_imports_them(tmp_path: Path) -> None:
    """export --personal adds 身份证号 and 联系电话 to 人员名册; a clerk's roster with those columns imports
    people (their numbers checked and written in full, shown masked in the preview)."""
    records = REPO / "records"
    book = tmp_path / "台账.xlsx"
    assert_clean_exit(invoke(["export", str(records), "--year", "2024", "--personal", "-o", str(book)]), 0)
    sheet = openpyxl.load_workbook(book)["人员名册"]
    header = [c.value for c in sheet[2]]
    chen = next(r for r in sheet.iter_rows(min_row=3, values_only=True) if r[1] == "陈建华")
    assert (chen[header.index("身份证号")], chen[header.index("联系电话")]) == (SAMPLE_ID, SAMPLE_PHONE)

    root = write_tree(tmp_path / "records", {"programme.yaml": PROGRAMME, "base.yaml": BASE})
    roster = openpyxl.Workbook()
    ws = roster.active
    assert ws is not None
    ws.title = "教师名册"
    ws.append(["姓名", "性别", "身份证号码", "手机", "工作单位", "编号"])
    ws.append(["林慧芳", "女", LIN, "13912345678", "城关第一小学", "p-linhuifang"])
    roster.save(tmp_path / "名册.xlsx")
    preview = invoke(["import", str(tmp_path / "名册.xlsx"), str(root), "--dry-run"])
    assert_clean_exit(preview, 0)
    assert f'    id_number: "{mask_id(LIN)}"' in preview.output
    assert '    phone: "139****5678"' in preview.output
    assert LIN not in preview.output
    assert_clean_exit(invoke(["import", str(tmp_path / "名册.xlsx"), str(root)]), 0)
    written = (root / "base.yaml").read_text(encoding="utf-8")
    assert f'id_number: "{LIN}"' in written
    assert 'phone: "13912345678"' in written


def test_add_person_shows_the_numbers_masked_and_writes_them_whole(tree: Path) -> None:
    """`pairkit add person --id-number … --phone …` shows its diff with the numbers masked and writes them in full;
    a wrong one is refused at its option with the number masked, nothing written."""
    write_tree(tree, {"programme.yaml": PROGRAMME, "base.yaml": BASE})
    args = ["add", "person", "--records", str(tree), "--id", "p-new", "--name", "新老师", "--gender", "女"]
    args += ["--unit", "u-city", "--id-number", LIN]
    before = digest(tree)
    wrong = invoke([*args, "--phone", "1380013800"])
    assert_clean_exit(wrong, 1)
    assert "--phone: error[PK243]: 人员的联系电话 ******3800 格式不对" in wrong.output
    assert digest(tree) == before
    result = invoke([*args, "--phone", SAMPLE_PHONE])
    assert_clean_exit(result, 0)
    assert f'+    id_number: "{mask_id(LIN)}"' in result.output
    assert LIN not in result.output
    assert SAMPLE_PHONE not in result.output
    assert f'id_number: "{LIN}"' in (tree / "base.yaml").read_text(encoding="utf-8")


def test_the_schema_describes_the_numbers_for_editors() -> None:
    """The JSON Schema gives id_number its pattern (17 digits and a check digit or X) and phone as text."""
    schema = json.loads(invoke(["schema"]).stdout)
    person = schema["$defs"]["Person"]["properties"]
    assert person["id_number"]["pattern"] == r"^\d{17}[\dXx]$"
    assert person["id_number"]["type"] == person["phone"]["type"] == ["string", "null"]
