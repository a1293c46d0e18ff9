"""`pairkit import`: a clerk's workbook becomes records, validated with all records first, located by workbook,
sheet and cell; nothing is written when any row has an error; the same rows twice add nothing.

Workbooks are made here with openpyxl or XlsxWriter as a school would make them in Excel or WPS.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter

from conftest import PROGRAMME, assert_clean_exit, digest, invoke, write_tree
from pairkit import write
from pairkit.load import workbook as reader
from test_report import REPO

UNITS = """\
units:
  - {id: u-city, name: 城关第一小学, short_name: 城关一小, area: 城区}
  - {id: u-rural, name: 山村小学, area: 农村}
people:
  - {id: p-linhui, name: 林慧, gender: 女, unit: u-city}
  - {id: p-wangwei, name: 王伟, gender: 男, unit: u-city}
  - {id: p-wangwei2, name: 王伟, gender: 男, unit: u-rural}
  - {id: p-zhaomin, name: 赵敏, gender: 女, unit: u-rural}
pairings:
  - {id: pr-1, name: 城关一小—山村小学, supporter: u-city, recipients: [u-rural], start: 2024-09-01}
"""

ACTIVITIES = """\
# 2025—2026 学年的活动
activities:
  - date: 2025-10-15  # 示范课
    pairing: pr-1
    kind: 示范课
    title: 《分数》示范课
    people: [p-linhui]

  - date: 2025-11-05
    pairing: pr-1
    kind: lecture
    title: 教学讲座
    attendance: 30
  # 以下为春季学期
"""

HEADER: list[Any] = ["日期", "所属结对", "活动类型", "学科", "主题", "参与人员", "参与人次", "地点"]


def _tree(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path / "records",
        {"programme.yaml": PROGRAMME, "units.yaml": UNITS, "activities/2025-2026.yaml": ACTIVITIES},
    )


def _book(path: Path, sheets: dict[str, list[list[Any]]], **setup: Any) -> Path:
    """An .xlsx made with openpyxl: each sheet's rows from A1; ``setup(wb)`` may merge, hide, add formulas."""
    wb = openpyxl.Workbook()
    wb.remove(wb.worksheets[0])
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    for fn in setup.values():
        fn(wb)
    wb.save(path)
    return path


def _import(book: Path, root: Path, *extra: str) -> Any:
    return invoke(["import", str(book), str(root), *extra])


def _lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if "error[" in line or "warning[" in line]


# --- what it must show ----------------------------------------------------------------------------------------------


def test_import_of_the_export_adds_nothing_and_changes_no_file(tmp_path: Path) -> None:
    """`export records --year 2025` then `import X.xlsx records --dry-run` and `import X.xlsx records`: every row
    equals a record already kept, nothing is added, not one byte of the records changes."""
    root = tmp_path / "records"
    shutil.copytree(REPO / "records", root)
    before = digest(root)
    out = tmp_path / "X.xlsx"
    assert_clean_exit(invoke(["export", str(root), "--year", "2025", "-o", str(out)]), 0)
    dry = _import(out, root, "--dry-run")
    assert_clean_exit(dry, 0)
    assert "将新增 0 条记录" in dry.output
    assert "（预览，未写入）" in dry.output
    real = _import(out, root)
    assert_clean_exit(real, 0)
    assert "新增 0 条记录，与已有记录相同而跳过" in real.output
    assert _lines(real.output) == []
    assert digest(root) == before


def test_template_rows_by_name_with_text_dates_import_and_keep_comments(tmp_path: Path) -> None:
    """New activities typed into the blank template — pairing and people by name, kinds by label, dates as Excel
    dates or text — are shown by --dry-run, then appended to the school year's file with its comments kept; the
    records still validate, and the same workbook imported again adds nothing."""
    root = _tree(tmp_path)
    form = tmp_path / "活动登记表.xlsx"
    assert_clean_exit(invoke(["export", str(root), "--template", "-o", str(form)]), 0)
    wb = openpyxl.load_workbook(form)
    ws = wb["活动台账"]
    cols = {str(c.value): c.column for c in ws[2] if c.value}
    rows: list[dict[str, Any]] = [
        {
            "日期": date(2026, 3, 10),
            "所属结对": "城关一小—山村小学",
            "活动类型": "集体备课",
            "学科": "数学",
            "主题": "《圆的面积》集体备课",
            "参与人员": "林慧、赵敏",
        },
        {
            "日期": "2026/3/17",
            "所属结对": "pr-1",
            "活动类型": "示范课",
            "主题": "《比例》示范课",
            "参与人员": "林慧",
            "参与人次": 40,
            "地点": "山村小学",
        },
        {
            "日期": "2026年4月2日",
            "所属结对": "城关一小—山村小学",
            "活动类型": "专题讲座",
            "主题": "家校共育讲座",
            "参与人员": "王伟（p-wangwei）",
            "参与人次": "35",
        },
    ]
    for r, row in enumerate(rows, start=3):
        for title, value in row.items():
            ws.cell(row=r, column=cols[title], value=value)
    wb.save(form)
    before = digest(root)

    dry = _import(form, root, "--dry-run")
    assert_clean_exit(dry, 0)
    target = root / "activities" / "2025-2026.yaml"
    assert f"# 将追加到 {target}（3 条）" in dry.output
    assert "  - date: 2026-03-17\n    pairing: pr-1\n    kind: 示范课\n    title: 《比例》示范课\n" in dry.output
    assert "    people: [p-linhui, p-zhaomin]\n" in dry.output
    assert "读取 活动台账 3 行；将新增 3 条记录，与已有记录相同而跳过 0 条。（预览，未写入）" in dry.output
    assert digest(root) == before

    real = _import(form, root)
    assert_clean_exit(real, 0)
    assert f"已向 {target} 追加 3 条记录" in real.output
    text = target.read_text(encoding="utf-8")
    for comment in ("# 2025—2026 学年的活动", "# 示范课", "# 以下为春季学期"):
        assert comment in text
    assert text.index("# 以下为春季学期") > text.index("家校共育讲座")  # the closing comment stays last
    assert "    people: [p-wangwei]\n    attendance: 35\n" in text
    assert_clean_exit(invoke(["validate", str(root)]), 0)
    after = digest(root)
    again = _import(form, root)
    assert_clean_exit(again, 0)
    assert "新增 0 条记录，与已有记录相同而跳过 3 条。" in again.output
    assert digest(root) == after


def test_a_bad_row_names_each_cell_and_changes_no_file(tmp_path: Path) -> None:
    """One row with an unknown pairing name, a 2025-02-30 date and a kind not in the vocabulary: exit 1, each
    problem at its sheet and cell with validate's codes, nothing written."""
    root = _tree(tmp_path)
    book = _book(
        tmp_path / "台账.xlsx",
        {
            "活动台账": [
                HEADER,
                ["2025-12-01", "城关一小—山村小学", "示范课", "数学", "《小数》示范课", "林慧", 20, "山村小学"],
                ["2025-02-30", "城关一小—山庄小学", "示范讲课", "", "教研", "林慧", None, None],
            ]
        },
    )
    before = digest(root)
    result = _import(book, root)
    assert_clean_exit(result, 1)
    assert _lines(result.output) == [
        f"{book}!活动台账!B3: error[PK612]: 找不到结对“城关一小—山庄小学”，是不是 城关一小—山村小学？"
        "（提示：写结对的全称、简称或编号，与记录中的写法一致）",
        f"{book}!活动台账!A3: error[PK201]: 活动的日期 2025-02"
        "-30 不是有效的日期（提示：检查月份和日期，例如 2 月只有 28 或 29 天）",
        f"{book}!活动台账!C3: error[PK207]: 活动的活动类型 示范讲课 不"
        "在词表 activity_kinds 中，是不是 demo_lesson（示范课）？"
        "（提示：使用词表中的代码或中文名称，或在 programme.vocabularies.activity_kinds 中新增）",
    ]
    assert "有错误，没有导入任何记录，没有改动任何文件。" in result.output
    assert digest(root) == before


def test_a_real_school_workbook(tmp_path: Path) -> None:
    """A school's own sheet: a merged title banner and a blank row above the header, a 序号 column, columns in
    another order, an extra column (ignored with a warning naming it), dates in four forms, short names, numbered
    rows left empty and a 合计 row at the end: every filled row is read, the others are not records."""
    root = _tree(tmp_path)

    def banner(wb: Any) -> None:
        wb["Sheet1"].merge_cells("A1:I1")

    book = _book(
        tmp_path / "山村小学.xlsx",
        {
            "Sheet1": [
                ["山村小学2025—2026学年结对帮扶活动登记表"],
                [],
                ["序号", "活动主题", "活动日期", "结对", "类型", "学科", "参加人员", "人次", "填表人"],
                [
                    1,
                    "《分数》教研",
                    "2025-12-01",
                    "城关一小—山村小学",
                    "教学研究活动",
                    "数学",
                    "林慧，赵敏",
                    12,
                    "张三",
                ],
                [2, "期中质量分析", "2025/12/8", "城关一小—山村小学", "质量分析", "", "赵敏", "", "张三"],
                [3, "新教师培训", "2025.12.15", "pr-1", "教师培训", "", "林慧", 25, "张三"],
                [4, "联席会议", "2026年1月5日", "城关一小—山村小学", "联席会议", "", "", "8", "张三"],
                [5, "", "", "", "", "", "", "", ""],
                [6, "", "", "", "", "", "", "", "张三"],
                ["合计", "", "", "", "", "", "", 45, ""],
            ]
        },
        banner=banner,
    )
    vocab = "programme:\n  name: 测试项目\n  office: 教育局\n  vocabularies:\n    activity_kinds:\n"
    vocab += "      quality_analysis: {label: 质量分析, dimension: teaching}\n"
    (root / "programme.yaml").write_text(vocab, encoding="utf-8")
    result = _import(book, root, "--dry-run")
    assert_clean_exit(result, 0)
    assert _lines(result.output) == [
        f"{book}!Sheet1!I3: warning[PK610]: 列 “填表人” 不是活动记录的字段，已忽略"
        "（提示：可用的列：日期、所属结对、活动类型、学科、主题、参与人员、参与人次、天数、地点、佐证材料、帮扶内容、典型活动、备注、编号；"
        "如果是列名写法不同，改成这些名称）"
    ]
    assert "读取 Sheet1 4 行；将新增 4 条记录" in result.output
    for day in ("2025-12-01", "2025-12-08", "2025-12-15", "2026-01-05"):
        assert f"  - date: {day}\n" in result.output
    assert "    people: [p-linhui, p-zhaomin]\n    attendance: 12\n" in result.output


def test_ambiguous_and_unknown_people_list_the_candidates(tmp_path: Path) -> None:
    """Two teachers named 王伟: the cell is an error listing both with ID and school; an unknown name gets the
    nearest one as did-you-mean."""
    root = _tree(tmp_path)
    book = _book(
        tmp_path / "台账.xlsx",
        {"活动台账": [HEADER, ["2025-12-01", "pr-1", "示范课", "数学", "示范课", "王伟、林惠", 20, ""]]},
    )
    result = _import(book, root)
    assert_clean_exit(result, 1)
    assert _lines(result.output) == [
        f"{book}!活动台账!F2: error[PK613]: “王伟”对应多个人员"
        "：王伟（p-wangwei，城关一小）、王伟（p-wangwei2，山村小学）"
        "（提示：写成 名称（编号） 以区分，例如 王伟（编号））",
        f"{book}!活动台账!F2: error[PK612]: 找不到人员“林惠"
        "”，是不是 林慧？（提示：写人员的全称、简称或编号，与记录中的写法一致）",
    ]


def test_json_and_github_formats_carry_the_cell(tmp_path: Path) -> None:
    """--format json gives file, line (row), column and place; --format github annotates the workbook's row."""
    root = _tree(tmp_path)
    book = _book(tmp_path / "台账.xlsx", {"活动台账": [HEADER, ["2025-02-30", "pr-1", "示范课", "", "课", "", 1, ""]]})
    result = _import(book, root, "--format", "json")
    assert_clean_exit(result, 1)
    (item,) = json.loads(result.stdout)
    assert {k: item[k] for k in ("file", "line", "column", "place", "code")} == {
        "file": str(book),
        "line": 2,
        "column": 1,
        "place": f"{book}!活动台账!A2",
        "code": "PK201",
    }
    github = _import(book, root, "--format", "github")
    assert f"::error file={book},line=2,col=1,title=PK201::{book}!活动台账!A2: 活动的日期 2025-02-30" in github.output


def test_a_secondment_and_a_donation_with_items(tmp_path: Path) -> None:
    """The secondment sheet's blocks (考核, 补助) and the donation sheet's item rows become nested records, written
    one under another as `pairkit fmt` lays them out."""
    root = _tree(tmp_path)
    book = _book(
        tmp_path / "台账.xlsx",
        {
            "选派台账": [
                ["编号", "人员", "类型", "接收单位", "所属结对", "开始日期", "结束日期", "年度考核", "补助"],
                [
                    "zj-1",
                    "林慧",
                    "支教",
                    "山村小学",
                    "pr-1",
                    "2025-09-01",
                    "2026-07-10",
                    "2025学年优秀",
                    "生活补助3000元×10个月（每月发放，含假期）；被褥置办费1000元",
                ],
            ],
            "捐赠台账": [
                ["日期", "捐赠单位", "受赠单位", "事由", "资金（元）", "物品", "数量", "计量单位", "单价（元）"],
                ["2025-10-01", "城关一小", "山村小学", "改善办学条件", "3,000", "课桌椅", 10, "套", 380],
                ["", "", "", "", "", "图书", 200, "册", 25.5],
            ],
        },
    )
    result = _import(book, root, "--dry-run")
    assert_clean_exit(result, 0)
    assert (
        "    allowances:\n      - kind: 生活补助\n        amount: 3000\n        months: 10\n"
        "        note: 每月发放，含假期\n      - kind: 被褥置办费\n        amount: 1000\n"
    ) in result.output
    assert "    assessments:\n      - school_year: 2025\n        result: 优秀\n" in result.output
    assert "    cash: 3000\n    items:\n      - name: 课桌椅\n" in result.output
    assert "      - name: 图书\n        quantity: 200\n        unit: 册\n        unit_value: 25.5\n" in result.output
    assert "读取 选派台账 1 行、捐赠台账 1 行；将新增 2 条记录" in result.output


def test_gbk_csv_from_an_older_excel(tmp_path: Path) -> None:
    """A CSV saved as GBK (WPS, older Excel) with text dates is read like a sheet; cells are named file!D2."""
    root = _tree(tmp_path)
    csv = tmp_path / "活动.csv"
    csv.write_bytes(
        (
            "日期,所属结对,活动类型,主题,参与人员\n2025年12月1日,城关一小—山村小学,示范课,《小数》示范课,林慧\n"
            "2025-12-40,pr-1,示范课,课,林慧\n"
        ).encode("gbk")
    )
    result = _import(csv, root)
    assert_clean_exit(result, 1)
    assert _lines(result.output) == [
        f"{csv}!A3: error[PK201]: 活动的日期 2025-12-40"
        " 不是有效的日期（提示：检查月份和日期，例如 2 月只有 28 或 29 天）"
    ]


# --- bad input: a clear answer, bounded, nothing written ------------------------------------------------------------


@pytest.fixture
def records(tmp_path: Path) -> Path:
    return _tree(tmp_path)


def _refused(book: Path, root: Path, expected: str) -> None:
    before = digest(root)
    result = _import(book, root)
    assert_clean_exit(result, 1)
    assert _lines(result.output) == [expected]
    assert "没有导入任何记录。" in result.output or "没有改动任何文件" in result.output
    assert digest(root) == before


def test_password_protected_workbook(tmp_path: Path, records: Path) -> None:
    """A workbook encrypted with an opening password (as Excel and WPS save it): PK603 says how to remove it."""
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = _book(tmp_path / "plain.xlsx", {"活动台账": [HEADER]})
    book = tmp_path / "加密.xlsx"
    with plain.open("rb") as source, book.open("wb") as out:
        OOXMLFile(source).encrypt("1234", out)
    _refused(
        book,
        records,
        f"{book}: error[PK603]: 工作簿设置了打开密码（已加密），无法"
        "读取（提示：在 Excel 中打开后选择“文件 → 信息 → 保护工作簿 → "
        "用密码进行加密”，清空密码后保存；WPS 中选择“文件 → 文档加密 → 密码加密”，删除打开密码后保存）",
    )


def test_word_document_renamed_xlsx(tmp_path: Path, records: Path) -> None:
    """A .docx renamed to .xlsx is named as a Word document (PK601)."""
    book = tmp_path / "台账.xlsx"
    with zipfile.ZipFile(book, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    _refused(
        book,
        records,
        f"{book}: error[PK601]: 无法作为工作簿读取：这是Word 文档（.docx）（提示：在 Excel 或 WPS 中打开台账，"
        "选择“文件 → 另存为”，文件类型选“Excel 工作簿 (*.xlsx)”，导入另存的文件）",
    )


def test_junk_renamed_xlsx(tmp_path: Path, records: Path) -> None:
    """Binary junk and a truncated zip are refused with PK601, never a traceback."""
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(bytes(range(256)) * 8)
    result = _import(junk, records)
    assert_clean_exit(result, 1)
    assert _lines(result.output) == [
        f"{junk}: error[PK601]: 无法作为工作簿读取：这是无法识别的文件（提示：在 Excel 或 WPS 中打开台账，"
        "选择“文件 → 另存为”，文件类型选“Excel 工作簿 (*.xlsx)”，导入另存的文件）"
    ]
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(_book(tmp_path / "whole.xlsx", {"活动台账": [HEADER]}).read_bytes()[:300])
    result = _import(cut, records)
    assert_clean_exit(result, 1)
    assert f"{cut}: error[PK601]: 无法作为工作簿读取：这是损坏的工作簿" in result.output


def test_old_xls_says_how_to_save_as_xlsx(tmp_path: Path, records: Path) -> None:
    """An Excel 97-2003 file (an OLE compound file whose directory names a Workbook stream): PK602."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    directory = "Root Entry".encode("utf-16-le").ljust(128, b"\0") + "Workbook".encode("utf-16-le").ljust(128, b"\0")
    book = tmp_path / "台账.xls"
    book.write_bytes(header + directory + bytes(1024))
    _refused(
        book,
        records,
        f"{book}: error[PK602]: 这是旧版 Excel 97-2003 工作簿（."
        "xls），只能导入 .xlsx 或 .csv（提示：在 WPS 或 Excel 中打开它，"
        "选择“文件 → 另存为”，文件类型选“Excel 工作簿 (*.xlsx)”，再导入另存的文件）",
    )


def test_zip_bomb_is_refused_after_a_bounded_read(
    tmp_path: Path, records: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A part that inflates beyond the limit stops the read at the limit (PK604); the limit is lowered here so that
    the test writes 12 MB of zeros instead of 200 MB."""
    monkeypatch.setattr(reader, "MAX_UNPACKED", 10 * 1024 * 1024)
    book = _book(tmp_path / "bomb.xlsx", {"活动台账": [HEADER]})
    with zipfile.ZipFile(book, "a", zipfile.ZIP_DEFLATED) as zf, zf.open("xl/media/zeros.bin", "w") as part:
        for _ in range(12):
            part.write(bytes(1024 * 1024))
    assert book.stat().st_size < 200_000
    _refused(
        book,
        records,
        f"{book}: error[PK604]: 工作簿太大（> 10 MB，上限"
        " 10 MB），已拒绝读取（提示：把台账按学期或学校拆成几个文件分别导入；"
        "如果文件本不该这么大，它可能已损坏或被篡改）",
    )


def test_a_million_rows_are_refused_before_reading(tmp_path: Path, records: Path) -> None:
    """A sheet reaching row 1,000,001 is refused from its XML (PK605) before any value is read into memory."""

    def far(wb: Any) -> None:
        wb["活动台账"]["A1000001"] = "x"

    book = _book(tmp_path / "大表.xlsx", {"活动台账": [HEADER]}, far=far)
    _refused(
        book,
        records,
        f"{book}: error[PK605]: 工作表“活动台账”有 1,000,001"
        " 行（26 列），超过一次导入的上限 200,000 行或 400 万个单元格，"
        "已拒绝读取（提示：把数据拆成几个工作簿分别导入；删除表格末尾无用的行和列（选中后右键“删除”，不要只清除内容））",
    )


def test_dense_rows_are_counted(tmp_path: Path, records: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows written one after another are counted too (the limit lowered to 1,000 for the test)."""
    monkeypatch.setattr(reader, "MAX_ROWS", 1000)
    rows = [HEADER] + [["2025-12-01", "pr-1", "示范课", "", f"课{i}", "", 1, ""] for i in range(1000)]
    book = _book(tmp_path / "多行.xlsx", {"活动台账": rows})
    result = _import(book, records)
    assert_clean_exit(result, 1)
    assert f"{book}: error[PK605]: 工作表“活动台账”有 1,001 行" in result.output


def test_formulas_use_their_saved_result_and_one_without_is_an_error(tmp_path: Path, records: Path) -> None:
    """A formula with a saved result (as Excel saves it) is read as that value; a formula never calculated
    (written by a program, not opened in Excel) is PK615 at its cell; an error value is PK616."""
    saved = tmp_path / "saved.xlsx"
    wb = xlsxwriter.Workbook(str(saved))
    ws = wb.add_worksheet("活动台账")
    ws.write_row(0, 0, HEADER)
    ws.write_row(1, 0, ["2025-12-01", "pr-1", "示范课", "", "课"])
    ws.write_formula(1, 6, "=10+5", None, 15)
    wb.close()
    result = _import(saved, records, "--dry-run")
    assert_clean_exit(result, 0)
    assert "    attendance: 15\n" in result.output

    def formula(wb: Any) -> None:
        wb["活动台账"]["G2"] = "=SUM(1,2)"
        wb["活动台账"]["H2"] = "#N/A"

    book = _book(tmp_path / "公式.xlsx", {"活动台账": [HEADER, ["2025-12-01", "pr-1", "示范课", "", "课"]]}, f=formula)
    before = digest(records)
    result = _import(book, records)
    assert_clean_exit(result, 1)
    assert _lines(result.output) == [
        f"{book}!活动台账!G2: error[PK615]: 单元格是公式 =SUM(1,2)，但工作簿中没有保存它的计算结果"
        "（提示：在 Excel 或 WPS 中打开工作簿并保存一次（会计算公式）；或复制后“选择性粘贴 → 数值”）",
        f"{book}!活动台账!H2: error[PK616]: 单元格的值是错误 #N/A（提示：改正产生错误的公式或填写实际的值）",
    ]
    assert digest(records) == before


def test_merged_cells_in_data_rows(tmp_path: Path, records: Path) -> None:
    """Cells merged across two data rows (a date written once for two activities): PK607 at the range's first cell;
    the banner above the header may stay merged."""

    def merge(wb: Any) -> None:
        wb["活动台账"].merge_cells("A1:H1")
        wb["活动台账"].merge_cells("A3:A4")

    rows = [["登记表"], HEADER, ["2025-12-01", "pr-1", "示范课", "", "课一"], [None, "pr-1", "示范课", "", "课二"]]
    book = _book(tmp_path / "合并.xlsx", {"活动台账": rows}, merge=merge)
    _refused(
        book,
        records,
        f"{book}!活动台账!A3: error[PK607]: 数据行中有合并单元格 A3:A4，无法确定每一行的值"
        "（提示：选中这些单元格，取消合并，并在每一行都填写完整的值（表头上方的标题行可以合并））",
    )


def test_hidden_sheet_is_not_imported(tmp_path: Path, records: Path) -> None:
    """A hidden sheet is skipped with a warning naming it (PK608); the visible sheet is imported."""

    def hide(wb: Any) -> None:
        wb["旧数据"].sheet_state = "hidden"

    book = _book(
        tmp_path / "隐藏.xlsx",
        {
            "活动台账": [HEADER, ["2025-12-01", "pr-1", "示范课", "", "课一"]],
            "旧数据": [HEADER, ["2025-12-02", "pr-1", "示范课", "", "课二"]],
        },
        hide=hide,
    )
    result = _import(book, records, "--dry-run")
    assert_clean_exit(result, 0)
    assert _lines(result.output) == [
        f"{book}!旧数据: warning[PK608]: 工作表“旧数据”是隐藏的"
        "，没有导入（提示：如需导入，在 Excel 或 WPS 中右键点击工作表标签，"
        "选择“取消隐藏”，保存后再导入）"
    ]
    assert "课一" in result.output
    assert "课二" not in result.output


def test_a_workbook_without_a_ledger(tmp_path: Path, records: Path) -> None:
    """A workbook whose sheets have no ledger header: a warning per sheet and PK617, exit 1."""
    book = _book(tmp_path / "其他.xlsx", {"工资表": [["姓名", "工资"], ["张三", 3000]]})
    result = _import(book, records)
    assert_clean_exit(result, 1)
    assert [line.split(":")[1].strip() for line in _lines(result.output)] == [
        " warning[PK609]".strip(),
        " error[PK617]".strip(),
    ]


def test_another_writer_holds_the_lock(tmp_path: Path, records: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """While another writer holds the records lock (and after waiting for it, cut short here), the import is PK711
    naming the holder, and nothing is written."""
    book = _book(tmp_path / "台账.xlsx", {"活动台账": [HEADER, ["2025-12-01", "pr-1", "示范课", "", "课一"]]})
    monkeypatch.setattr(write, "LOCK_WAIT", 0.3)
    lock = records / ".pairkit.lock"
    with write.records_lock(records):
        holder = lock.read_text(encoding="utf-8").strip()
        before = digest(records)
        result = _import(book, records)
        assert digest(records) == before
    assert_clean_exit(result, 1)
    assert _lines(result.output)[-1] == (
        f"{lock}: error[PK711]: 记录目录正被另一个 pairkit 命令修改（{holder}），等了 0.3 秒仍未结束"
        f"（提示：等它结束后再运行（锁文件 {lock} 在它结束时自动解除，不必手动删除））"
    )


def test_a_lock_file_left_by_a_killed_writer_stops_nothing(tmp_path: Path, records: Path) -> None:
    """A .pairkit.lock that no running process holds (its writer was killed) is no lock: the import goes ahead,
    and the lock file is gone afterwards."""
    book = _book(tmp_path / "台账.xlsx", {"活动台账": [HEADER, ["2025-12-01", "pr-1", "示范课", "", "课一"]]})
    (records / ".pairkit.lock").write_text("pid 4242 2026-11-23T10:00:00+08:00\n", encoding="utf-8")
    assert_clean_exit(_import(book, records), 0)
    assert "课一" in (records / "activities" / "2025-2026.yaml").read_text(encoding="utf-8")
    assert not (records / ".pairkit.lock").exists()


def test_usage_errors(tmp_path: Path, records: Path) -> None:
    """A missing workbook or records folder is a usage error (exit 2)."""
    assert_clean_exit(_import(tmp_path / "无.xlsx", records), 2)
    book = _book(tmp_path / "台账.xlsx", {"活动台账": [HEADER]})
    assert_clean_exit(_import(book, tmp_path / "无"), 2)


def test_reader_gives_cells_at_their_places() -> None:
    """Cell places: column letters past Z, and the CSV form without a sheet name."""
    book = reader.Workbook("台账.xlsx", [])
    assert book.place("活动台账", 16, 3) == "台账.xlsx!活动台账!D17"
    assert book.place("活动台账", 0, 27) == "台账.xlsx!活动台账!AB1"
    assert reader.Workbook("名单.csv", [], csv=True).place("名单", 1, 0) == "名单.csv!A2"
