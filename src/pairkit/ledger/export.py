"""The ledger workbook (台账.xlsx) and the blank registration template, written with XlsxWriter.

A renderer beside the Word report: 汇总 is the report's own ``Figures`` (table 1 and table 2 of the report, the
same numbers), 指标完成情况 is ``rules.evaluate``, and the ledger sheets list the very records those figures count
(``figures.select``). Dates and amounts are real cells with number formats; each sheet prints on A4 with its
header repeated. XlsxWriter is imported only here, inside ``pairkit export``.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from pairkit.ledger.columns import (
    ACTIVITIES,
    AWARDS,
    DONATIONS,
    FINDINGS,
    INSTRUCTIONS,
    LISTS,
    MENTORSHIPS,
    PAIRINGS,
    PEOPLE,
    SECONDMENTS,
    STUDENTS,
    SUMMARY,
    Column,
    Sheet,
)
from pairkit.ledger.names import Names
from pairkit.load.workbook import column_letter
from pairkit.messages import Lang
from pairkit.model import Records
from pairkit.model.periods import Period
from pairkit.model.records import Activity, Award, Donation, Person, Record, Secondment, Student
from pairkit.report.figures import Figures, Selection, compute, select
from pairkit.report.provenance import Provenance
from pairkit.rules import Finding, Status
from pairkit.rules.spans import length_between
from pairkit.views.findings import note_words, required_words

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

Cell = str | int | float | date | None

DATE_FORMAT = "yyyy-mm-dd"  # as the report's annex tables write dates
MONEY_FORMAT = "#,##0.00"
NUMBER_FORMAT = "#,##0"  # counts; quantities keep their decimals (General)
_STATUS_COLOURS = {
    Status.MET: "#C6EFCE",
    Status.ON_TRACK: "#DDEBF7",
    Status.AT_RISK: "#FFEB9C",
    Status.MISSED: "#FFC7CE",
    Status.NOT_APPLICABLE: "#EDEDED",
    Status.WAIVED: "#E4DFEC",
}
TEMPLATE_ROWS = 500  # rows of the template prepared with drop-downs and date formats


def number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def secondment_length(s: Secondment) -> str:
    """期限 in words, as the duration rules judge it: 1年 for 1 September to 31 August, 10个月又10天 to 10 July."""
    return str(length_between(s.start, s.end))


# --- cells of each record ---------------------------------------------------------------------------------------


class Cells:
    """How a record's fields read in the ledger: names instead of IDs, labels instead of vocabulary keys."""

    def __init__(self, records: Records) -> None:
        self.records = records
        self.names = Names.of(records)

    def label(self, target: str, value: Any) -> str:
        if value is None:
            return ""
        if hasattr(value, "label"):  # a fixed choice (SecondmentKind, PairingKind)
            return str(value.label)
        return self.records.vocab[target].label(value)

    def value(self, column: Column, record: Record) -> Cell:
        key = "from_unit" if column.key == "from" else column.key
        raw = getattr(record, key, None)
        kind = column.kind
        if raw is None or raw == []:
            return None
        if kind == "ref":
            return self.names[column.target].show(raw)
        if kind == "refs":
            return "、".join(self.names[column.target].show(x) for x in raw)
        if kind == "label":
            return self.label(column.target, raw)
        if kind == "labels":
            return "、".join(self.label(column.target, x) for x in raw)
        if kind == "list":
            return "；".join(raw)
        if kind == "flag":
            return "是" if raw else "否"
        if kind == "block":
            return "；".join(block_text(part) for part in raw)
        if isinstance(raw, (str, int, float, date)):
            return raw
        return str(raw)

    def rows(self, sheet: Sheet, record: Record) -> list[list[Cell]]:
        """One row per record; a donation takes one row per donated item (its own cells on the first)."""
        own = [c for c in sheet.columns if not c.key.startswith("items.")]
        row: dict[str, Cell] = {c.key: self.value(c, record) for c in own if not c.computed}
        if isinstance(record, Activity):
            row["attendance"] = record.person_times  # 人次 as the report counts it
        if isinstance(record, Person):
            row["political_status"] = record.status.label if record.status else None  # party_member: true too
        if isinstance(record, Secondment):
            row["from"] = self.names.units.show(record.from_unit or self._home(record))
            row["length"] = secondment_length(record)
            row["allowance_total"] = sum(a.total for a in record.allowances)
        if not isinstance(record, Donation):
            return [[row.get(c.key) for c in sheet.columns]]
        row["total"] = round(record.cash + record.goods_value, 2)
        row["cash"] = record.cash
        out = []
        for i, item in enumerate(record.items or [None]):
            cells = dict(row) if i == 0 else {}
            if item is not None:
                cells.update(
                    {
                        "items.name": item.name,
                        "items.quantity": item.quantity,
                        "items.unit": item.unit,
                        "items.unit_value": item.unit_value,
                        "items.value": round(item.value, 2) if item.valued else None,
                    }
                )
            out.append([cells.get(c.key) for c in sheet.columns])
        return out

    def _home(self, s: Secondment) -> str:
        person = self.records.person.get(s.person)
        return person.unit if person else ""


def block_text(part: Any) -> str:
    """A nested block in one cell: 2024学年优秀, 生活补助3000元×10个月（每月发放）."""
    note = f"（{part.note}）" if getattr(part, "note", None) else ""
    if hasattr(part, "school_year"):
        return f"{part.school_year}学年{part.result.label}{note}"
    months = f"×{part.months}个月" if part.months != 1 else ""
    return f"{part.kind.label}{number_text(part.amount)}元{months}{note}"


# --- the workbook ------------------------------------------------------------------------------------------------


# Column widths (in Latin characters) that fit across an A4 landscape page at close to full size.
PAGE_WIDTH = 150


def fit_widths(columns: Sequence[Column], rows: Sequence[Sequence[Cell]], page: float) -> list[float]:
    """Each column as wide as its longest value, up to its own limit; then the widest text columns give way
    (their text wraps) until the sheet fits the page, so that fit-to-width does not shrink the print."""
    widths = []
    for i, c in enumerate(columns):
        longest = max((_width(r[i]) for r in rows), default=0) or min(c.width, 14)  # room to write on a blank form
        widths.append(float(max(min(longest, c.width), 5)) + 1.5)
    for i, c in enumerate(columns):  # a header wraps over two lines at most
        widths[i] = max(widths[i], min(_width(c.title) / 2 + 1.5, c.width))
    while sum(widths) > page:
        wide = max(range(len(widths)), key=lambda i: widths[i] if columns[i].kind in _WRAPPING else 0)
        if columns[wide].kind not in _WRAPPING or widths[wide] <= 10:
            break
        widths[wide] -= 1
    return widths


_WRAPPING = ("text", "ref", "refs", "labels", "list", "block")


def _lines(text: str, width: float) -> int:
    """Lines a wrapped cell needs (a Chinese character takes about 1.8 widths of a digit at 10 pt)."""
    per_line = max((width - 1.5) * 1.1, 2)
    return sum(max(1, -(-_width(part) // int(per_line))) for part in text.split("\n"))


def _width(value: Cell) -> int:
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    if isinstance(value, float | int):
        return len(f"{value:,.2f}")
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(value))


class Book:
    """An XlsxWriter workbook with the ledger's formats."""

    def __init__(self, provenance: Provenance, title: str, office: str) -> None:
        import xlsxwriter

        self.buffer = io.BytesIO()
        # Text stays text: a title starting with "=" must never become a formula, nor a number string a number.
        self.wb: Workbook = xlsxwriter.Workbook(
            self.buffer,
            {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False},
        )
        base = {"font_name": "宋体", "font_size": 10, "valign": "vcenter", "border": 1}
        self.text = self.wb.add_format({**base, "text_wrap": True})
        self.plain = self.wb.add_format({**base})
        self.date = self.wb.add_format({**base, "num_format": DATE_FORMAT, "align": "left"})
        self.money = self.wb.add_format({**base, "num_format": MONEY_FORMAT})
        self.number = self.wb.add_format({**base, "num_format": NUMBER_FORMAT})
        self.decimal = self.wb.add_format({**base, "num_format": "General"})
        self.head = self.wb.add_format(
            {**base, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#D9E1F2"}
        )
        self.banner = self.wb.add_format({"font_name": "黑体", "font_size": 14, "bold": True, "align": "center"})
        self.note = self.wb.add_format({"font_name": "宋体", "font_size": 10, "text_wrap": True, "valign": "top"})
        self.total = self.wb.add_format({**base, "bold": True, "num_format": MONEY_FORMAT})
        self.bold_number = self.wb.add_format({**base, "bold": True, "num_format": NUMBER_FORMAT})
        self.status = {
            s: self.wb.add_format({**base, "align": "center", "bg_color": c}) for s, c in _STATUS_COLOURS.items()
        }
        self.wb.set_properties(
            {
                "title": title,
                "subject": title,
                "author": office,
                "company": office,
                "category": "工作台账",
                "keywords": f"git:{provenance.commit}" if provenance.commit else "",
                "comments": provenance.describe(),
                "created": provenance.generated.replace(tzinfo=None),
            }
        )
        self.wb.set_custom_property("pairkit_version", provenance.version)
        self.wb.set_custom_property("records_hash", provenance.records_hash)
        self.wb.set_custom_property("git_commit", provenance.commit or "")

    def cell_format(self, column: Column) -> Format:
        if column.kind == "date":
            return self.date
        if column.kind == "money":
            return self.money
        if column.kind == "int":
            return self.number
        if column.kind == "number":
            return self.decimal
        return self.text

    def sheet(self, name: str, title: str, columns: Sequence[Column], landscape: bool) -> Worksheet:
        """A sheet with a banner, the header on row 2 frozen with filters, A4 print set-up."""
        ws = self.wb.add_worksheet(name)
        last = max(len(columns) - 1, 0)
        if last:
            ws.merge_range(0, 0, 0, last, title, self.banner)
        else:
            ws.write(0, 0, title, self.banner)
        ws.set_row(0, 24)
        for i, column in enumerate(columns):
            ws.write(1, i, column.title, self.head)
        ws.freeze_panes(2, 0)
        ws.set_paper(9)  # A4
        if landscape:
            ws.set_landscape()
        ws.fit_to_pages(1, 0)  # fit to width, as many pages down as needed
        ws.repeat_rows(1)
        ws.center_horizontally()
        ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        ws.set_footer("&C第 &P 页，共 &N 页")
        return ws

    def rows(
        self, ws: Worksheet, columns: Sequence[Column], rows: Sequence[Sequence[Cell]], landscape: bool = True
    ) -> int:
        """Write the rows under the header; widths that fit the text within the page, taller rows where text wraps;
        filters over the filled range. Returns the first row after them."""
        widths = fit_widths(columns, rows, PAGE_WIDTH if landscape else PAGE_WIDTH * 0.68)
        for i, width in enumerate(widths):
            ws.set_column(i, i, width)
        formats = [self.cell_format(c) for c in columns]
        head_lines = max(_lines(c.title, w) for c, w in zip(columns, widths, strict=True))
        ws.set_row(1, 14 * head_lines)
        r = 2
        for row in rows:
            lines = 1
            for i, value in enumerate(row):
                self.write(ws, r, i, value, formats[i])
                if isinstance(value, str):
                    lines = max(lines, _lines(value, widths[i]))
            if lines > 1:
                ws.set_row(r, 13.5 * lines)
            r += 1
        ws.autofilter(1, 0, max(r - 1, 1), len(columns) - 1)
        return r

    def write(self, ws: Worksheet, r: int, c: int, value: Cell, fmt: Format) -> None:
        if value is None or value == "":
            ws.write_blank(r, c, None, fmt)
        elif isinstance(value, date):
            ws.write_datetime(r, c, datetime(value.year, value.month, value.day), fmt)
        elif isinstance(value, bool):
            ws.write_string(r, c, "是" if value else "否", fmt)
        elif isinstance(value, int | float):
            ws.write_number(r, c, value, fmt)
        else:
            ws.write_string(r, c, value, fmt)

    def close(self) -> bytes:
        self.wb.close()
        return self.buffer.getvalue()


def _used(columns: Sequence[Column], rows: list[list[Cell]]) -> tuple[list[Column], list[list[Cell]]]:
    """Leave out optional columns that are empty in every row (an ID nobody gave, a note nobody wrote)."""
    keep = [
        i for i, c in enumerate(columns) if c.required or c.computed or any(row[i] not in (None, "") for row in rows)
    ]
    return [columns[i] for i in keep], [[row[i] for i in keep] for row in rows]


def ledger(
    records: Records,
    period: Period,
    as_of: date,
    provenance: Provenance,
    pairing: str | None = None,
    *,
    personal: bool = False,
) -> bytes:
    """The ledger workbook of ``period`` (narrowed to one pairing if given); people's ID and phone numbers only
    when ``personal``."""
    figures = compute(records, period, pairing)
    chosen = select(records, period, pairing)
    findings = _findings(records, period, as_of, pairing)
    programme = records.programme
    scope = f"（{figures.pairing_labels[pairing]}）" if pairing else ""
    book = Book(provenance, f"{period.label}{programme.name}工作台账{scope}", programme.office)
    _summary(book, figures, findings, f"{period.label}{programme.name}{scope}主要数据", period)
    cells = Cells(records)
    # In the order the report's annexes list them.
    secondments: list[Secondment] = sorted(chosen.secondments, key=lambda s: (s.start, s.person))
    activities: list[Activity] = sorted(chosen.activities, key=lambda a: (a.date, a.pairing or ""))
    donations: list[Donation] = sorted(chosen.donations, key=lambda d: d.date)
    students: list[Student] = sorted(chosen.students, key=lambda s: s.date)
    awards: list[Award] = sorted(chosen.awards, key=lambda a: a.date)
    sheets: list[tuple[Sheet, Sequence[Record]]] = [
        (PAIRINGS, chosen.pairings),
        (SECONDMENTS, secondments),
        (ACTIVITIES, activities),
        (DONATIONS, donations),
        (MENTORSHIPS, chosen.mentorships),
        (STUDENTS, students),
        (AWARDS, awards),
        (PEOPLE, _people(records, chosen)),
    ]
    for sheet, items in sheets:
        kept = [i for i, c in enumerate(sheet.columns) if personal or not c.personal]
        rows = [[row[i] for i in kept] for record in items for row in cells.rows(sheet, record)]
        columns, rows = _used([sheet.columns[i] for i in kept], rows)
        ws = book.sheet(sheet.name, f"{period.label}{sheet.name}{scope}", columns, sheet.landscape)
        end = book.rows(ws, columns, rows, sheet.landscape)
        _totals(book, ws, columns, rows, end)
    _findings_sheet(book, findings, f"{period.label}{FINDINGS}{scope}")
    return book.close()


def _people(records: Records, chosen: Selection) -> list[Person]:
    """The people the chosen records name (seconded, taking part, mentoring), in file order."""
    named = {s.person for s in chosen.secondments}
    named.update(p for a in chosen.activities for p in a.people)
    named.update(p for m in chosen.mentorships for p in (m.mentor, *m.mentees))
    return [p for p in records.people if p.id in named]


def _findings(records: Records, period: Period, as_of: date, pairing: str | None) -> list[Finding]:
    from pairkit.rules import evaluate

    return evaluate(records, period, as_of, pairing=pairing)


def _totals(book: Book, ws: Worksheet, columns: Sequence[Column], rows: list[list[Cell]], end: int) -> None:
    """A 合计 row under amounts and 人次 (the import skips it)."""
    summed = [i for i, c in enumerate(columns) if c.kind == "money" or c.key == "attendance"]
    if not rows or not summed:
        return
    ws.write_string(end, 0, "合计", book.head)
    for i in range(1, len(columns)):
        if i in summed:
            total = round(sum(v for r in rows if isinstance(v := r[i], int | float)), 2)
            ws.write_number(end, i, total, book.total if columns[i].kind == "money" else book.bold_number)
        else:
            ws.write_blank(end, i, None, book.total)


SUMMARY_COLUMNS = (
    Column("item", "项目", "text", 24),
    Column("count", "数量", "number", 14),
    Column("unit", "单位", "text", 8),
)


def summary_rows(f: Figures) -> list[tuple[str, float, str]]:
    """表1 主要数据 of the report, row for row."""
    return [
        ("结对", f.pairing_count, "个"),
        *((f"支援{u.label}", u.count, u.measure) for u in f.supporters_by_kind),
        *((f"受援{u.label}", u.count, u.measure) for u in f.recipients_by_kind),
        ("选派教师", f.seconded_people, "人"),
        ("选派教师", f.seconded_times, "人次"),
        ("选派教师补助", f.allowance_total, "元"),
        ("帮扶活动", f.activity_count, "次"),
        ("参与活动", f.activity_person_times, "人次"),
        ("捐赠资金", f.cash_total, "元"),
        ("捐赠物资折价", f.goods_total, "元"),
        ("捐赠合计", f.donation_total, "元"),
        ("师徒结对", f.mentor_pairs, "对"),
        *((STUDENT_ROWS[s.key], s.people, "人") for s in f.students),
        *([("获奖和论文", f.award_count, "项")] if f.award_count else []),
        *((f"捐赠物资（未折价）：{i.name}", i.quantity, i.unit) for i in f.unvalued_items),
    ]


STUDENT_ROWS = {"received": "接收就读学生", "aided": "资助学生", "activist": "培养入党积极分子"}


def _summary(book: Book, f: Figures, findings: list[Finding], title: str, period: Period) -> None:
    ws = book.sheet(SUMMARY, title, SUMMARY_COLUMNS, landscape=False)
    money = {"元"}
    r = 2
    for label, value, unit in summary_rows(f):
        ws.write_string(r, 0, label, book.text)
        ws.write_number(r, 1, value, book.money if unit in money else book.number)
        ws.write_string(r, 2, unit, book.text)
        r += 1
    r = _block(
        book,
        ws,
        r + 1,
        ("活动类型", "次数", "参与人次"),
        [(k.label, k.count, k.people) for d in f.dimensions if d.activity_count for k in d.kinds],  # 表2's order
        ("合计", f.activity_count, f.activity_person_times),
    )
    r = _block(
        book, ws, r + 1, ("选派类型", "人", "人次"), [(k.label, k.people, k.count) for k in f.secondments_by_kind], None
    )
    counts = [(s.label, sum(1 for x in findings if x.status is s), "") for s in Status]
    r = _block(book, ws, r + 1, ("指标状态", "条次", ""), [c for c in counts if c[1]], None)
    ws.write_string(
        r + 1,
        0,
        f"统计期间：{period.start.year}年{period.start.month}月{period.start.day}日至"
        f"{period.end.year}年{period.end.month}月{period.end.day}日",
        book.note,
    )
    ws.set_column(0, 0, 26)
    ws.set_column(1, 1, 16)
    ws.set_column(2, 2, 10)


def _block(
    book: Book,
    ws: Worksheet,
    r: int,
    head: tuple[str, str, str],
    rows: list[tuple[str, float, Any]],
    total: tuple[str, float, float] | None,
) -> int:
    if not rows:
        return r
    for i, h in enumerate(head):
        ws.write_string(r, i, h, book.head)
    r += 1
    for row in [*rows, *([total] if total else [])]:
        fmt = book.bold_number if total and row is total else book.number
        ws.write_string(r, 0, row[0], book.head if fmt is book.bold_number else book.text)
        ws.write_number(r, 1, row[1], fmt)
        if isinstance(row[2], int | float):
            ws.write_number(r, 2, row[2], fmt)
        else:
            ws.write_blank(r, 2, None, book.text)
        r += 1
    return r


FINDING_COLUMNS = (
    Column("rule", "规则", "text", 30),
    Column("period", "统计期", "text", 16),
    Column("scope", "对象", "text", 30),
    Column("required", "要求", "text", 10),
    Column("actual", "完成", "number", 8),
    Column("measure", "单位", "text", 6),
    Column("gap", "差额", "number", 6),
    Column("status", "状态", "text", 8),
    Column("note", "说明", "text", 30),
)


def _findings_sheet(book: Book, findings: list[Finding], title: str) -> None:
    ws = book.sheet(FINDINGS, title, FINDING_COLUMNS, landscape=True)
    rows = [
        [
            f.rule_title,
            f.period.label,
            f.scope.label,
            required_words(f, Lang.ZH),
            f.actual,
            f.measure,
            f.gap or None,
            f.status.label,
            note_words(f, Lang.ZH) or None,
        ]
        for f in findings
    ]
    book.rows(ws, FINDING_COLUMNS, rows)
    status_col = 7
    for r, f in enumerate(findings, start=2):
        ws.write_string(r, status_col, f.status.label, book.status[f.status])


# --- the blank template --------------------------------------------------------------------------------------------

INSTRUCTIONS_TEXT = (
    "填表说明",
    "1. 本表用于学校报送结对帮扶活动、选派教师、捐赠、学生接收和资助、获奖和论文情况，填好后交县教育局，"
    "由 pairkit import 导入台账。",
    "2. 每一行填写一项活动（一名教师的一次选派、一笔捐赠）。请勿合并单元格，请勿改动第 2 行的表头；"
    "可以增加列，导入时会忽略并提示。",
    "3. 日期可以写 2025-3-5、2025/3/5、2025.3.5 或 2025年3月5日；跨天的活动填开始日期和天数。",
    "4. 所属结对、活动类型、学科从下拉列表中选择。参与人员写姓名，多人用顿号分隔，如：林慧、王丽萍；"
    "同名的人写成 姓名（编号）。",
    "5. 参与人次不填时按参与人员人数计算。",
    "6. 选派台账的编号自拟且不重复，如 zj-2025-01；年度考核写成 2025学年优秀；"
    "补助写成 生活补助3000元×10个月，多项用分号分隔。",
    "7. 捐赠台账每行一种物资；同一笔捐赠有多种物资时，第二种起只填物品、数量、计量单位、单价，前面几列留空。"
    "没有折价的物资不填单价：按数量统计，不计入金额。",
    "8. 学生台账每行一名学生或一批学生（人数）；获奖台账每行一项获奖、表彰或论文，级别从下拉列表中选择。",
    "9. 导入前可先预览：pairkit import 文件.xlsx --dry-run；有错误时会指出是哪个工作表的哪个单元格，改正后再导入。",
)

_TEMPLATE_SKIP = {"items.value", "total", "length", "allowance_total"}


def template(records: Records, provenance: Provenance) -> bytes:
    """A blank workbook for schools: the activity, secondment and donation sheets with drop-down lists."""
    programme = records.programme
    book = Book(provenance, f"{programme.name}活动登记表", programme.office)
    wb = book.wb
    guide = wb.add_worksheet(INSTRUCTIONS)
    guide.set_column(0, 0, 72)
    guide.set_paper(9)
    guide.fit_to_pages(1, 0)
    for i, line in enumerate(INSTRUCTIONS_TEXT):
        guide.write_string(i, 0, line, book.banner if i == 0 else book.note)
        guide.set_row(i, 24 if i == 0 else 14 * _lines(line, 72) + 4)
    lists_ws = wb.add_worksheet(LISTS)
    lists = _lists(records)
    ranges: dict[str, str] = {}
    for c, (name, values) in enumerate(lists.items()):
        lists_ws.write_string(0, c, name)
        for r, value in enumerate(values, start=1):
            lists_ws.write_string(r, c, value)
        letter = column_letter(c)
        ranges[name] = f"={LISTS}!${letter}$2:${letter}${max(len(values), 1) + 1}"
    lists_ws.very_hidden()
    for sheet in (ACTIVITIES, SECONDMENTS, DONATIONS, STUDENTS, AWARDS):
        columns = [c for c in sheet.columns if c.key not in _TEMPLATE_SKIP and not (c.key == "id" and not c.required)]
        ws = book.sheet(sheet.name, f"{programme.name}{sheet.name}（填报）", columns, sheet.landscape)
        book.rows(ws, columns, [[None] * len(columns) for _ in range(TEMPLATE_ROWS)], sheet.landscape)
        for i, column in enumerate(columns):
            rule = _validation(column, ranges)
            if rule:
                ws.data_validation(2, i, TEMPLATE_ROWS + 1, i, rule)
    return book.close()


def _lists(records: Records) -> dict[str, list[str]]:
    from pairkit.model.records import AwardKind, AwardLevel, AwardOutcome, SecondmentKind, StudentKind

    names = Names.of(records)
    vocab = records.vocab
    return {
        "pairings": [names.pairings.show(p.id) for p in records.pairings],
        "activity_kinds": [t.label for t in vocab.activity_kinds.terms.values()],
        "subjects": [t.label for t in vocab.subjects.terms.values()],
        "dimensions": [t.label for t in vocab.dimensions.terms.values()],
        "people": [names.people.show(p.id) for p in records.people],
        "units": [names.units.show(u.id) for u in records.units],
        "SecondmentKind": [k.label for k in SecondmentKind],
        "StudentKind": [k.label for k in StudentKind],
        "AwardKind": [k.label for k in AwardKind],
        "AwardLevel": [k.label for k in AwardLevel],
        "AwardOutcome": [k.label for k in AwardOutcome],
        "flag": ["是", "否"],
    }


def _validation(column: Column, ranges: dict[str, str]) -> dict[str, Any] | None:
    title = column.title[:32]
    if column.kind == "date":
        return {
            "validate": "date",
            "criteria": "between",
            "minimum": datetime(2000, 1, 1),
            "maximum": datetime(2100, 12, 31),
            "input_title": title,
            "input_message": "填写日期，如 2025-3-5",
            "error_title": "日期不对",
            "error_message": "请填写有效日期，如 2025-3-5 或 2025年3月5日。",
        }
    source = ranges.get(column.target) if column.kind in ("ref", "label") else None
    if column.kind == "flag":
        source = ranges["flag"]
    if source:
        return {
            "validate": "list",
            "source": source,
            "input_title": title,
            "input_message": "从下拉列表中选择",
            "error_title": title,
            "error_message": "请从下拉列表中选择。",
        }
    if column.kind in ("refs", "labels") and ranges.get(column.target):
        # Several names in one cell: the list helps, but other text is allowed (names separated by 、).
        return {
            "validate": "list",
            "source": ranges[column.target],
            "show_error": False,
            "input_title": title,
            "input_message": "选择一人，或写多个姓名，用顿号分隔",
        }
    if column.kind == "block":
        example = "2025学年优秀" if column.key == "assessments" else "生活补助3000元×10个月；被褥置办费1000元"
        return {"validate": "any", "input_title": title, "input_message": f"例如：{example}"}
    return None
