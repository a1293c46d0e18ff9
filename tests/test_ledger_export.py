"""`pairkit export`: the ledger workbook agrees with the Word report and with a recount of the records, prints on A4,
and is written atomically or not at all; `--template` gives a blank form with drop-down lists.

Workbooks are read back with openpyxl (pairkit writes them with XlsxWriter), reports with python-docx, records with
a YAML parser of the test's own: nothing here reads through the code that wrote the file.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from conftest import assert_clean_exit, digest, invoke, records_hash, write_tree
from test_report import REPO, TREE, _in, _recount, _table_after, _yaml


def _export(tmp_path: Path, *extra: str, records: Path | None = None) -> tuple[Path, Any]:
    root = records or write_tree(tmp_path / "records", TREE)
    out = tmp_path / "台账.xlsx"
    result = invoke(["export", str(root), *extra, "-o", str(out), "--as-of", "2026-11-23"])
    assert_clean_exit(result, 0)
    assert result.output.strip() == f"已导出 {out}"
    return out, openpyxl.load_workbook(out)


def _rows(ws: Worksheet, first: int = 3) -> list[list[Any]]:
    """The data rows under the header (row 2), without the 合计 row."""
    rows = [list(r) for r in ws.iter_rows(min_row=first, values_only=True)]
    return [r for r in rows if r[0] != "合计" and any(v is not None for v in r)]


def _columns(ws: Worksheet) -> dict[str, int]:
    return {str(c.value): c.column - 1 for c in ws[2] if c.value is not None}


def _summary(ws: Worksheet) -> dict[tuple[str, str], float]:
    """(项目, 单位) → 数量 of the first block of 汇总 (table 1 of the report)."""
    out = {}
    for label, value, unit in ws.iter_rows(min_row=3, max_col=3, values_only=True):
        if label is None:
            break
        out[(str(label), str(unit))] = float(str(value))
    return out


def test_summary_equals_the_word_report_on_the_sample(tmp_path: Path) -> None:
    """`export records --year 2025` exits 0 and its 汇总 sheet holds the same figures as table 1 and table 2 of the
    Word report of the same period, both files read back independently, and both equal a recount of the YAML."""
    _xlsx, wb = _export(tmp_path, "--year", "2025", records=REPO / "records")
    report = tmp_path / "报告.docx"
    assert_clean_exit(invoke(["report", str(REPO / "records"), "--year", "2025", "-o", str(report)]), 0)
    doc = docx.Document(str(report))
    sheet = _summary(wb["汇总"])
    table1 = _table_after(doc, "表1 主要数据")
    assert table1[0] == ["项目", "数量", "单位"]
    for label, value, unit in table1[1:]:
        assert sheet[(label, unit)] == float(value.replace(",", "")), (label, unit)
    assert len(sheet) == len(table1) - 1
    table2 = _table_after(doc, "表2 帮扶活动分类统计")
    assert table2[0] == ["帮扶内容", "活动类型", "次数", "参与人次"]
    kinds = [(row[1] or row[0], int(row[2]), int(row[3])) for row in table2[1:]]
    block = []
    for label, count, people in wb["汇总"].iter_rows(min_row=len(sheet) + 5, max_col=3, values_only=True):
        if label is None:
            break
        block.append((str(label), int(str(count)), int(str(people))))
    assert block == kinds
    n = _recount(REPO / "records")
    assert sheet[("帮扶活动", "次")] == n["activities"]
    assert sheet[("参与活动", "人次")] == n["person_times"]
    assert sheet[("捐赠合计", "元")] == pytest.approx(n["cash"] + n["goods"])


def test_ledger_sheets_list_the_period_s_records(tmp_path: Path) -> None:
    """Each ledger sheet holds the records of the period and nothing else: counts, 人次, amounts and dates equal a
    recount of the YAML; names stand for IDs and labels for vocabulary keys."""
    _, wb = _export(tmp_path, "--year", "2025")
    assert wb.sheetnames == [
        "汇总",
        "结对关系",
        "选派台账",
        "活动台账",
        "捐赠台账",
        "师徒结对",
        "学生台账",
        "获奖台账",
        "人员名册",
        "指标完成情况",
    ]
    data = _yaml(tmp_path / "records")
    n = _recount(tmp_path / "records")

    acts = wb["活动台账"]
    cols = _columns(acts)
    rows = _rows(acts)
    assert len(rows) == n["activities"]
    assert sum(r[cols["参与人次"]] for r in rows) == n["person_times"]
    dates = sorted(date.fromisoformat(str(a["date"])) for a in data["activities"] if _in(a["date"]))
    assert [r[cols["日期"]] for r in rows] == [datetime(d.year, d.month, d.day) for d in dates]
    assert rows[0][cols["所属结对"]] == "城关一中—山村中学"
    assert rows[0][cols["参与人员"]] == "林慧、赵敏"
    assert rows[0][cols["活动类型"]] == "示范课"
    total = next(r for r in acts.iter_rows(min_row=3, values_only=True) if r[0] == "合计")
    assert total[cols["参与人次"]] == n["person_times"]

    gifts = wb["捐赠台账"]
    cols = _columns(gifts)
    rows = _rows(gifts)
    assert sum(r[cols["资金（元）"]] or 0 for r in rows) == pytest.approx(n["cash"])
    assert sum(r[cols["金额（元）"]] or 0 for r in rows) == pytest.approx(n["goods"])
    gifts_in_year = sorted((d for d in data["donations"] if _in(d["date"])), key=lambda d: str(d["date"]))
    names = [i["name"] for d in gifts_in_year for i in d.get("items") or [{"name": None}]]
    assert [r[cols["物品"]] for r in rows] == names  # one row per donated item, a row for cash alone

    seconded = wb["选派台账"]
    cols = _columns(seconded)
    rows = _rows(seconded)
    lin = next(r for r in rows if r[cols["人员"]] == "林慧")
    assert lin[cols["补助合计（元）"]] == 3000 * 10 + 1000
    assert lin[cols["补助"]] == "生活补助3000元×10个月；被褥置办费1000元"
    assert lin[cols["年度考核"]] == "2025学年优秀"
    assert lin[cols["期限"]] == "10个月又10天"  # 1 September to 10 July, in the words of the duration rules
    assert lin[cols["派出单位"]] == "城关一中"
    assert len(_rows(wb["师徒结对"])) == 1
    assert len(_rows(wb["结对关系"])) == 2

    roster = wb["人员名册"]
    cols = _columns(roster)
    named = {p for a in data["activities"] if _in(a["date"]) for p in a.get("people") or []}
    assert named
    assert named <= {r[cols["编号"]] for r in _rows(roster)}
    assert not {"身份证号", "联系电话"} & set(cols)  # only with --personal


def test_cells_are_dates_and_numbers_with_formats_and_the_sheets_print_on_a4(tmp_path: Path) -> None:
    """Dates and amounts are real cells with number formats (元 with thousands separators); the header row is
    frozen with filters; each sheet prints on A4, fitted to the width, header repeated, landscape where wide."""
    _, wb = _export(tmp_path, "--year", "2025")
    acts = wb["活动台账"]
    first = acts.cell(row=3, column=_columns(acts)["日期"] + 1)
    assert first.is_date
    assert first.number_format == "yyyy-mm-dd"
    gifts = wb["捐赠台账"]
    cash = gifts.cell(row=3, column=_columns(gifts)["资金（元）"] + 1)
    assert isinstance(cash.value, float)
    assert cash.number_format == "#,##0.00"
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A3", ws.title
        assert ws.print_title_rows == "$2:$2", ws.title
        assert ws.page_setup.paperSize == 9, ws.title
        # One page wide (1 is the default, left out of the file), as many pages down as needed.
        setup = ws.page_setup
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert (setup.fitToWidth or 1, setup.fitToHeight) == (1, 0)
    assert acts.auto_filter.ref.startswith("A2:")
    assert acts.page_setup.orientation == "landscape"
    assert wb["汇总"].page_setup.orientation != "landscape"
    # No column is so narrow that a date or an amount prints as ###.
    for ws in (acts, gifts):
        for column, index in _columns(ws).items():
            cells = [c for c in next(ws.iter_cols(min_col=index + 1, max_col=index + 1, min_row=3)) if c.value]
            shown = [10 if c.is_date else len(f"{c.value:,.2f}") for c in cells if c.is_date or c.data_type == "n"]
            width = ws.column_dimensions[get_column_letter(index + 1)].width
            assert width >= max(shown, default=0) + 1, (ws.title, column)


def test_findings_sheet_is_the_check_of_the_period_with_coloured_status(tmp_path: Path) -> None:
    """指标完成情况 has one row per finding of `pairkit check` for the same period and day, with its status and its
    requirement and note in words, and each status has its own fill colour."""
    records = REPO / "records"
    _, wb = _export(tmp_path, "--year", "2025", records=records)
    import json

    result = invoke(["check", str(records), "--year", "2025", "--as-of", "2026-11-23", "--format", "json"])
    findings = json.loads(result.stdout)
    ws = wb["指标完成情况"]
    rows = _rows(ws)
    cols = _columns(ws)
    labels = {"met": "达标", "on_track": "进行中", "at_risk": "有风险", "missed": "未达标"}
    labels |= {"not_applicable": "不适用", "waived": "已豁免"}
    assert [(r[cols["规则"]], r[cols["状态"]]) for r in rows] == [
        (f["rule_title"], labels[f["status"]]) for f in findings
    ]
    # requirements and notes in an office's words: 不少于5次 for ≥ 5, 2025年7月31日 for 2025-07-31
    required, notes = [str(r[cols["要求"]]) for r in rows], [str(r[cols["说明"]] or "") for r in rows]
    assert not any("≥" in x or "≤" in x for x in required)
    assert not any(re.search(r"\d{4}-\d{2}-\d{2}", x) for x in notes)
    at_least = [f["required"].startswith("≥") and not f["required"].endswith("%") for f in findings]
    assert [x.startswith("不少于") for x in required] == at_least
    fills: dict[Any, Any] = {}
    for r in range(3, 3 + len(rows)):
        cell = ws.cell(row=r, column=cols["状态"] + 1)
        fills.setdefault(cell.value, cell.fill.fgColor.rgb)
    assert len(set(fills.values())) == len(fills) >= 3


def test_properties_record_provenance(tmp_path: Path) -> None:
    """The workbook's properties carry the records hash, the pairkit version and the period's title."""
    from pairkit import __version__

    _, wb = _export(tmp_path, "--year", "2025")
    custom = {p.name: p.value for p in wb.custom_doc_props.props}
    assert not list((tmp_path / "records").glob("*/*.yaml"))  # what records_hash recounts
    assert custom["records_hash"] == records_hash(tmp_path / "records")
    assert custom["pairkit_version"] == __version__
    assert wb.properties.title == "2025—2026学年云溪县城乡学校结对帮扶工作工作台账"
    assert "记录哈希 sha256:" in (wb.properties.description or "")


def test_invalid_records_are_refused_and_nothing_is_written(tmp_path: Path) -> None:
    """Records with an error: the error is shown as validate shows it, exit 1, no workbook."""
    root = write_tree(tmp_path / "records", {**TREE, "bad.yaml": "activities:\n  - date: 2025-02-30\n"})
    out = tmp_path / "台账.xlsx"
    result = invoke(["export", str(root), "--year", "2025", "-o", str(out)])
    assert_clean_exit(result, 1)
    assert f"{root / 'bad.yaml'}:2:11: error[PK201]" in result.output
    assert "记录有错误，未导出台账。" in result.output
    assert not out.exists()


def test_a_workbook_open_in_excel_is_left_alone(tmp_path: Path) -> None:
    """Excel's lock file (~$台账.xlsx) beside the target: PK620, exit 1, the old workbook unchanged."""
    root = write_tree(tmp_path / "records", TREE)
    out = tmp_path / "台账.xlsx"
    out.write_bytes(b"old workbook")
    (tmp_path / "~$台账.xlsx").write_bytes(b"lock")
    result = invoke(["export", str(root), "--year", "2025", "-o", str(out)])
    assert_clean_exit(result, 1)
    assert result.output.startswith(
        f"{out}: error[PK620]: {out} 正在 Excel 或 WPS 中打开（锁文件 ~$台账.xlsx），没有写入"
    )
    assert out.read_bytes() == b"old workbook"


def test_a_locked_file_that_cannot_be_replaced_is_one_sentence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows refuses to replace a workbook open in Excel (PermissionError): PK619 says so, the old file stays
    whole and no temporary file is left."""
    root = write_tree(tmp_path / "records", TREE)
    out = tmp_path / "台账.xlsx"
    assert_clean_exit(invoke(["export", str(root), "--year", "2025", "-o", str(out)]), 0)
    before = out.read_bytes()

    def refuse(src: str, dst: str) -> None:
        raise PermissionError(13, "Permission denied", dst)

    monkeypatch.setattr(os, "replace", refuse)
    result = invoke(["export", str(root), "--year", "2025", "-o", str(out)])
    assert_clean_exit(result, 1)
    assert (
        f"{out}: error[PK619]: 无法写入 {out}：文件被占用（可能正在 Excel 或 WPS 中打开）或没有写入权限"
        in result.output
    )
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["records", "台账.xlsx"]


def test_usage_errors(tmp_path: Path) -> None:
    """No period, a .docx output name, or a period with --template are usage errors (exit 2), nothing read."""
    root = write_tree(tmp_path / "records", TREE)
    assert_clean_exit(invoke(["export", str(root), "-o", str(tmp_path / "x.xlsx")]), 2)
    assert_clean_exit(invoke(["export", str(root), "--year", "2025", "-o", str(tmp_path / "x.docx")]), 2)
    result = invoke(["export", str(root), "--template", "--year", "2025", "-o", str(tmp_path / "x.xlsx")])
    assert_clean_exit(result, 2)
    assert "--template 生成空白登记表，不需要统计期间或结对。" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["records"]


def test_pairing_narrows_the_ledger(tmp_path: Path) -> None:
    """--pairing keeps that pairing's records only, as the one-pairing report does."""
    _, wb = _export(tmp_path, "--year", "2025", "--pairing", "pr-2")
    rows = _rows(wb["活动台账"])
    assert [r[_columns(wb["活动台账"])["主题"]] for r in rows] == ["结对工作联席会议"]
    assert _summary(wb["汇总"])[("帮扶活动", "次")] == 1


def test_template_has_drop_downs_date_cells_and_instructions(tmp_path: Path) -> None:
    """--template: instructions first, then the activity, secondment, donation, student and award sheets with
    drop-down lists of the programme's pairings, kinds, subjects and people (from a very hidden list sheet), and
    date validation."""
    root = write_tree(tmp_path / "records", TREE)
    before = digest(root)
    out = tmp_path / "登记表.xlsx"
    assert_clean_exit(invoke(["export", str(root), "--template", "-o", str(out)]), 0)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["填表说明", "选项", "活动台账", "选派台账", "捐赠台账", "学生台账", "获奖台账"]
    assert wb["选项"].sheet_state == "veryHidden"
    assert "填表说明" in str(wb["填表说明"]["A1"].value)
    acts = wb["活动台账"]
    cols = _columns(acts)
    assert "编号" not in cols
    assert "参与人次" in cols
    lists = wb["选项"]
    validations = {next(iter(dv.sqref.ranges)).min_col - 1: dv for dv in acts.data_validations.dataValidation}
    pairing = validations[cols["所属结对"]]
    assert pairing.type == "list"
    column = pairing.formula1.split("!")[1].split(":")[0].replace("$", "").rstrip("0123456789")
    names = [c.value for c in lists[column][1:] if c.value]
    assert names == ["城关一中—山村中学", "城关二中—河口小学"]
    assert validations[cols["日期"]].type == "date"
    assert validations[cols["活动类型"]].type == "list"
    assert acts.cell(row=3, column=cols["日期"] + 1).number_format == "yyyy-mm-dd"
    assert digest(root) == before


def test_every_field_of_an_imported_record_has_a_column() -> None:
    """The activity, secondment, donation, mentorship and people sheets carry every field of their records
    (donated items as item columns; a person's older party_member as 政治面貌), so a record exported and imported
    back is the same record. Only the ID and phone numbers are personal columns, exported with --personal."""
    from pairkit.ledger.columns import IMPORTED
    from pairkit.model import SECTIONS
    from pairkit.model.records import Item

    for sheet in IMPORTED:
        fields = {info.alias or name for name, info in SECTIONS[sheet.section].model_fields.items()}
        if sheet.section == "donations":
            fields = (fields - {"items"}) | {f"items.{name}" for name in Item.model_fields}
        if sheet.section == "people":
            fields -= {"party_member"}
        assert fields == {c.key for c in sheet.columns if not c.computed}, sheet.name
        assert {c.key for c in sheet.columns if c.personal} == ({"id_number", "phone"} & fields), sheet.name


def test_students_and_awards_sheets_hold_the_period_s_records_of_the_sample(tmp_path: Path) -> None:
    """On the sample year, 学生台账 lists each student record dated in the year (人数 summing to the recount) and
    获奖台账 each award, with labels for kinds and levels; goods without a value have no value cell."""
    out = tmp_path / "台账.xlsx"
    args = ["export", str(REPO / "records"), "--year", "2025", "--as-of", "2026-11-23", "-o", str(out)]
    assert_clean_exit(invoke(args), 0)
    wb = openpyxl.load_workbook(out)
    data = _yaml(REPO / "records")
    students = [s for s in data["students"] if _in(s["date"])]
    sheet = wb["学生台账"]
    cols, rows = _columns(sheet), _rows(sheet)
    assert len(rows) == len(students)
    assert sum(r[cols["人数"]] for r in rows) == sum(s.get("count", 1) for s in students)
    assert {r[cols["类别"]] for r in rows} == {s["kind"] for s in students}
    awards = sorted((a for a in data["awards"] if _in(a["date"])), key=lambda a: str(a["date"]))
    sheet = wb["获奖台账"]
    cols, rows = _columns(sheet), _rows(sheet)
    assert [(r[cols["名称"]], r[cols["级别"]]) for r in rows] == [(a["title"], a["level"]) for a in awards]
    donations = wb["捐赠台账"]
    cols = _columns(donations)
    unvalued = [r for r in _rows(donations) if r[cols["物品"]] == "过冬衣物"]
    assert [(r[cols["数量"]], r[cols["单价（元）"]], r[cols["金额（元）"]]) for r in unvalued] == [(200, None, None)]
