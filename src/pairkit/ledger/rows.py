"""A clerk's sheets become new records: find the header, map the columns, turn each row into plain record data.

The header is found among the first rows (a title row or a merged banner may sit above it), by the schemas' Chinese
titles, the YAML keys, or the usual words of office ledgers; columns may come in any order, and unknown columns are
ignored with a warning. Cells are read as a clerk writes them: Excel dates or text dates in the common forms,
numbers with thousands separators, names instead of IDs, Chinese labels instead of vocabulary keys. What cannot be
understood here is left as written, for the schemas and the checks to report at the cell, with the same codes as
``pairkit validate``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from pairkit.change import NewRecord, Spot, leave_out_implied
from pairkit.diagnostics import Diagnostic, Source, YamlPath
from pairkit.ledger.columns import IMPORTED, LISTS, READ_ONLY, Column, Sheet
from pairkit.ledger.names import Names
from pairkit.load.workbook import Grid, Workbook
from pairkit.model import SECTION_LABELS, SECTIONS, Records

HEADER_ROWS = 15  # how far down the header is looked for
# Words office ledgers use for the same columns.
ALIASES: dict[str, tuple[str, ...]] = {
    "date": ("活动日期", "时间", "活动时间", "捐赠日期"),
    "pairing": ("结对", "结对学校", "结对名称", "帮扶结对"),
    "kind": ("类型", "活动类别", "活动形式", "选派类型", "类别"),
    "title": ("活动主题", "活动名称", "活动内容", "内容", "名称"),
    "people": ("参加人员", "参与教师", "人员", "主讲人", "授课教师"),
    "attendance": ("人次", "参加人次", "参与人数", "人数"),
    "location": ("活动地点",),
    "evidence": ("佐证", "附件", "佐证资料"),
    "note": ("备注说明", "说明"),
    "person": ("姓名", "教师", "教师姓名", "选派教师"),
    "from": ("派出学校", "原单位"),
    "to": ("接收学校", "任教学校", "支教学校"),
    "cash": ("资金", "捐款（元）", "资金（万元）"),
    "items.name": ("物资", "物资名称", "物品名称"),
    "items.unit": ("单位",),
    "items.unit_value": ("单价",),
    "unit": ("单位", "工作单位", "所在学校"),
    "birth_date": ("出生年月",),
    "id_number": ("身份证号码", "身份证", "公民身份号码"),
    "phone": ("电话", "电话号码", "手机", "手机号码", "联系方式"),
    "rural_years": ("农村任教年限",),
}
IGNORED_HEADERS = {"序号", "编号（自动）", "合计（元）", "金额（元）", "期限", "月数", "补助合计（元）"}
_TOTAL_ROW = re.compile(r"^\s*(合\s*计|小\s*计|总\s*计)")
_SPLIT = re.compile(r"\s*[、，,;；\n]\s*")
_DATE_TEXT = re.compile(r"^\s*(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?\s*$")
_NUMBER_TEXT = re.compile(r"^\s*(-?[\d,]+(?:\.\d+)?)\s*(元|人次|人|次|天|个月|月)?\s*$")
_ASSESSMENT = re.compile(
    r"^(?P<year>\d{4})\s*(?:[—-]\s*\d{4})?\s*学年\s*(?P<result>[^（(]+?)\s*(?:[（(](?P<note>.*)[)）])?$"
)
_ALLOWANCE = re.compile(
    r"^(?P<kind>[^\d（(]+?)\s*(?P<amount>[\d,]+(?:\.\d+)?)\s*元"
    r"(?:\s*[×xX*]\s*(?P<months>\d+)\s*(?:个月|月|次)?)?\s*(?:[（(](?P<note>.*)[)）])?$"
)
_TRUE, _FALSE = {"是", "true", "yes", "y", "√", "1", "自愿"}, {"否", "false", "no", "n", "×", "0", ""}


@dataclass(frozen=True)
class Row:
    """Where a new record's values were written: its sheet row (and the rows of its donated items)."""

    book: Workbook
    sheet: str
    row: int
    columns: dict[str, int]  # field key → column
    item_rows: tuple[int, ...] = ()

    def spot(self, path: YamlPath) -> Spot:
        key = str(path[0]) if path else ""
        row = self.row
        if key == "items" and len(path) >= 2 and isinstance(path[1], int) and path[1] < len(self.item_rows):
            row = self.item_rows[path[1]]
            key = f"items.{path[2]}" if len(path) >= 3 else "items.name"
        column = self.columns.get(key, min(self.columns.values(), default=0))
        return Spot(self.book.shown, self.book.place(self.sheet, row, column), row + 1, column + 1)


@dataclass
class Reading:
    """What a workbook gave: new records, problems found while reading, and a tally of the sheets."""

    records: list[NewRecord] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    sheets: list[tuple[str, str, int]] = field(default_factory=list)  # (sheet, section, rows read)
    skipped_sheets: list[str] = field(default_factory=list)  # read-only sheets of the export (汇总 …)
    places: set[str] = field(default_factory=set)  # cells already reported: the checks need not repeat them


def read_rows(book: Workbook, records: Records) -> Reading:
    reading = Reading()
    names = Names.of(records)
    for grid in book.sheets:
        if grid.name == LISTS or (grid.name in READ_ONLY and not book.csv):
            reading.skipped_sheets.append(grid.name)
            continue
        if not any(any(str(v).strip() for v in row) for row in grid.rows):
            continue  # an empty sheet (Sheet2, Sheet3 of a new workbook)
        if grid.hidden:
            reading.problems.append(_sheet_problem(book, grid, "PK608").warning())
            continue
        found = _header(grid, book)
        if found is None:
            reading.problems.append(_sheet_problem(book, grid, "PK609", expected=_expected_headers()).warning())
            continue
        sheet, header, columns = found
        _SheetReader(book, grid, sheet, header, columns, records, names, reading).read()
    if not reading.sheets and not any(d.is_error for d in reading.problems):
        diag = Diagnostic.at("PK617", Source(book.shown), expected=_expected_headers())
        reading.problems.append(diag.placed(book.shown, book.shown))
    return reading


def _sheet_problem(book: Workbook, grid: Grid, code: str, **args: object) -> Diagnostic:
    place = book.shown if book.csv else f"{book.shown}!{grid.name}"
    return Diagnostic.at(code, Source(book.shown), sheet=grid.name, **args).placed(book.shown, place)


def _expected_headers() -> str:
    return "；".join(f"{s.name}：" + "、".join(c.title for c in s.columns if c.required) for s in IMPORTED)


def _keys(sheet: Sheet) -> dict[str, Column]:
    """Every header text that names a column of ``sheet``: title, YAML key, and usual words."""
    out: dict[str, Column] = {}
    for column in sheet.columns:
        if column.computed:
            continue
        for word in (column.key, column.key.removeprefix("items."), *ALIASES.get(column.key, ()), column.title):
            out[_norm(word)] = column
    return out


def _norm(text: Any) -> str:
    return re.sub(r"[\s*＊:：]", "", str(text)).replace("(", "（").replace(")", "）")


def _header(grid: Grid, book: Workbook) -> tuple[Sheet, int, dict[int, Column]] | None:
    """The sheet kind, header row and column map that match best (the sheet's own name breaks ties)."""
    best: tuple[int, int, Sheet, int, dict[int, Column]] | None = None
    for sheet in IMPORTED:
        keys = _keys(sheet)
        for r in range(min(HEADER_ROWS, len(grid.rows))):
            columns = {c: keys[_norm(v)] for c, v in enumerate(grid.rows[r]) if _norm(v) in keys}
            required = sum(1 for col in columns.values() if col.required)
            score = (required, len(columns) + (1 if sheet.name == grid.name else 0))
            if len(columns) >= 2 and (best is None or score > (best[0], best[1])):
                best = (*score, sheet, r, columns)
    return None if best is None else (best[2], best[3], best[4])


class _SheetReader:
    def __init__(
        self,
        book: Workbook,
        grid: Grid,
        sheet: Sheet,
        header: int,
        columns: dict[int, Column],
        records: Records,
        names: Names,
        reading: Reading,
    ) -> None:
        self.book, self.grid, self.sheet, self.header = book, grid, sheet, header
        self.records, self.names, self.reading = records, names, reading
        self.named = set(columns)  # header cells that name a column (duplicates included)
        self.columns: dict[int, Column] = {}
        self.by_key: dict[str, int] = {}
        for c, column in sorted(columns.items()):
            if column.key in self.by_key:
                first = self.book.place(grid.name, header, self.by_key[column.key])
                self.error("PK618", header, c, column=column.title, first=first)
                continue
            self.columns[c] = column
            self.by_key[column.key] = c
        self.label = SECTION_LABELS[sheet.section]

    def error(self, code: str, r: int, c: int, /, **args: object) -> None:
        diag = self.book.at(code, self.grid.name, r, c, **args)
        self.reading.problems.append(diag)
        self.reading.places.add(diag.place)

    def read(self) -> None:
        grid, header = self.grid, self.header
        self._check_headers()
        merged_rows = self._merged()
        count = 0
        current: tuple[dict[str, Any], list[int], int] | None = None
        for r in range(header + 1, len(grid.rows)):
            values = grid.rows[r]
            if r in merged_rows or not any(str(v).strip() for v in values):
                continue
            first = next((str(v) for v in values if str(v).strip()), "")
            if _TOTAL_ROW.match(first):
                continue
            data, item = self._row(r)
            if not data and not item:
                continue  # only a 序号 or an ignored column filled in: not a record
            if self.sheet.section == "donations" and current is not None and item and not data:
                current[0]["items"].append(item)  # another item of the donation above
                current[1].append(r)
                continue
            if current is not None:
                self._finish(*current)
            if self.sheet.section == "donations":
                data["items"] = [item] if item else []
            current = (data, [r] if item else [], r)
            count += 1
        if current is not None:
            self._finish(*current)
        self.reading.sheets.append((grid.name, self.sheet.section, count))

    def _check_headers(self) -> None:
        grid, header = self.grid, self.header
        ignored = {_norm(x) for x in IGNORED_HEADERS}
        extra = [
            (c, str(v).strip())
            for c, v in enumerate(grid.rows[header])
            if str(v).strip() and c not in self.named and _norm(v) not in ignored
        ]
        if extra:
            names = "、".join(f"“{t}”" for _, t in extra)
            diag = self.book.at(
                "PK610",
                grid.name,
                header,
                extra[0][0],
                columns=names,
                record=self.label,
                allowed="、".join(c.title for c in self.sheet.columns if not c.computed),
            )
            self.reading.problems.append(diag.warning())
        for column in self.sheet.columns:
            if column.required and column.key not in self.by_key:
                self.error("PK611", header, 0, sheet=grid.name, column=column.title)

    def _merged(self) -> set[int]:
        """Rows covered by a merged range below the header: reported once, at the range's first cell."""
        rows: set[int] = set()
        for r1, c1, r2, c2 in self.grid.merged:
            if r2 <= self.header:
                continue  # a banner or a two-row header above the data
            first = self.book.place(self.grid.name, r1, c1).rsplit("!", 1)[1]
            last = self.book.place(self.grid.name, r2, c2).rsplit("!", 1)[1]
            self.error("PK607", r1, c1, cells=f"{first}:{last}")
            rows.update(range(max(r1, self.header + 1), r2 + 1))
        return rows

    def _row(self, r: int) -> tuple[dict[str, Any], dict[str, Any]]:
        """The record's own values and, on the donation sheet, the item of this row."""
        own: dict[str, Any] = {}
        item: dict[str, Any] = {}
        for c, column in self.columns.items():
            raw = self.grid.value(r, c)
            bad = self.grid.bad.get((r, c))
            if bad is not None:
                self.error("PK615" if bad[0] == "formula" else "PK616", r, c, formula=bad[1], value=bad[1])
                continue
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                continue
            value = self._value(column, raw, r, c)
            if value is None:
                continue
            if column.key.startswith("items."):
                item[column.key.removeprefix("items.")] = value
            else:
                own[column.key] = value
        return own, item

    def _value(self, column: Column, raw: Any, r: int, c: int) -> Any:
        kind = column.kind
        if kind == "date":
            return as_date(raw)
        if kind in ("int", "number", "money"):
            return as_number(raw)
        if kind == "flag":
            text = str(raw).strip().lower()
            return True if text in _TRUE else False if text in _FALSE else str(raw).strip()
        if kind == "ref":
            return self._resolve(column, as_text(raw), r, c)
        if kind == "refs":
            return [self._resolve(column, part, r, c) for part in _SPLIT.split(as_text(raw)) if part]
        if kind in ("list", "labels"):
            return [part for part in _SPLIT.split(as_text(raw)) if part]
        if kind == "block":
            return self._block(column, as_text(raw), r, c)
        return as_text(raw)

    def _resolve(self, column: Column, text: str, r: int, c: int) -> str:
        found = self.names[column.target].find(text)
        if found.id is not None:
            return found.id
        target = SECTION_LABELS[column.target]
        if found.candidates:
            self.error("PK613", r, c, value=text, target=target, candidates="、".join(found.candidates))
        else:
            self.error("PK612", r, c, value=text, target=target, suggestion=found.suggestion)
        return text  # kept so that the rest of the row is still checked

    def _block(self, column: Column, text: str, r: int, c: int) -> list[dict[str, Any]]:
        out = []
        pattern = _ASSESSMENT if column.key == "assessments" else _ALLOWANCE
        for part in entries(text):
            m = pattern.match(part)
            if m is None:
                example = "2025学年优秀" if column.key == "assessments" else "生活补助3000元×10个月"
                self.error("PK614", r, c, value=part, column=column.title, example=example)
                continue
            if column.key == "assessments":
                block: dict[str, Any] = {"school_year": int(m["year"]), "result": m["result"]}
            else:
                block = {"kind": m["kind"], "amount": as_number(m["amount"])}
                if m["months"] and int(m["months"]) != 1:
                    block["months"] = int(m["months"])
            if m["note"]:
                block["note"] = m["note"]
            out.append(block)
        return out

    def _finish(self, data: dict[str, Any], item_rows: list[int], row: int) -> None:
        section = self.sheet.section
        leave_out_implied(section, data, self.records)
        model = SECTIONS[section]
        ordered = {}
        for name, info in model.model_fields.items():
            key = info.alias or name
            if key in data and not _is_default(data[key], info.default):
                ordered[key] = data[key]
        origin = Row(self.book, self.grid.name, row, self.by_key, tuple(item_rows))
        self.reading.records.append(NewRecord(section, ordered, origin))


def _is_default(value: Any, default: Any) -> bool:
    if value in ([], "", None):
        return True
    return default is not None and not isinstance(default, str) and type(value) is type(default) and value == default


def entries(text: str) -> list[str]:
    """Entries of a block cell, separated by ；, ; or a new line outside brackets (notes may hold commas)."""
    out, depth, current = [], 0, ""
    for ch in text:
        depth += (ch in "（(" and 1) or (-1 if ch in "）)" and depth else 0)
        if depth == 0 and ch in "；;\n":
            out.append(current.strip())
            current = ""
        else:
            current += ch
    out.append(current.strip())
    return [e for e in out if e]


def as_date(raw: Any) -> Any:
    """An Excel date, or text in a usual form (2025-03-05, 2025/3/5, 2025.3.5, 2025年3月5日), as a date; an
    impossible date as ISO text (the schema names it); anything else as written."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = as_text(raw)
    m = _DATE_TEXT.match(text)
    if not m:
        return text
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}"


def as_number(raw: Any) -> Any:
    """A number cell, or text such as 3,000 or 3000元, as a number (whole numbers as int); else the text."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float):
        number: Any = raw
    else:
        m = _NUMBER_TEXT.match(str(raw))
        if not m:
            return as_text(raw)
        number = float(m[1].replace(",", ""))
    if isinstance(number, float) and number.is_integer():
        return int(number)
    return number


def as_text(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime):
        return raw.date().isoformat() if raw.time() == datetime.min.time() else raw.isoformat(sep=" ")
    if isinstance(raw, date):
        return raw.isoformat()
    return str(raw).strip()
