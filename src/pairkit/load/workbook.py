"""Reading a clerk's workbook (.xlsx) or .csv into grids of cell values: the loader beside the YAML one.

Nothing here knows about records: it gives each sheet's cells at their real row and column, which sheets are
hidden, which cells are merged, and which cells hold a formula without a saved result or an error value. Every way
a file can be unreadable gets one clear diagnostic, decided before the values are read:

- the bytes say what the file is (an old .xls, a password-protected workbook, a Word document, junk);
- the zip's parts are decompressed once in bounded chunks, so a zip bomb is refused after ``MAX_UNPACKED`` bytes;
- the rows and columns each sheet spans are counted from its XML, so a million rows are refused in about a second
  instead of filling memory.

python-calamine (Rust) then reads the values; it is imported only here, inside ``pairkit import``.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from pairkit.diagnostics import Diagnostic, Source

Value = str | int | float | bool | date | datetime | time | timedelta

MAX_FILE_BYTES = 50 * 1024 * 1024  # the workbook or CSV on disk
MAX_UNPACKED = 200 * 1024 * 1024  # all parts of a workbook, decompressed
MAX_ROWS = 200_000  # rows of one sheet (an import of a whole county's year is tens of thousands)
MAX_CELLS = 4_000_000  # rows × columns a sheet spans: what the reader holds in memory
_CHUNK = 1 << 20

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # compound file: .xls, .doc, or an encrypted Office file
_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\sr="(\d+)"')
_WIDE_COLUMN = re.compile(rb'<(?:\w+:)?c\b[^>]*?\sr="([A-Z]{2,3})\d')
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_ERROR = re.compile(rb'\st="e"')
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass
class Grid:
    """One sheet: values by absolute position (row and column from 0), blank cells as ""."""

    name: str
    hidden: bool = False
    rows: list[list[Any]] = field(default_factory=list)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # first row, first col, last row, last col
    bad: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)  # (row, col) → ("formula"|"error", text)

    def value(self, row: int, column: int) -> Any:
        if row < len(self.rows) and column < len(self.rows[row]):
            return self.rows[row][column]
        return ""


@dataclass
class Workbook:
    shown: str  # the path as the user gave it, which starts every cell's place
    sheets: list[Grid]
    csv: bool = False

    def place(self, sheet: str, row: int, column: int) -> str:
        """``台账.xlsx!活动台账!D17`` (``名单.csv!D17`` for a CSV file); row and column from 0."""
        cell = f"{column_letter(column)}{row + 1}"
        return f"{self.shown}!{cell}" if self.csv else f"{self.shown}!{sheet}!{cell}"

    def at(self, code: str, sheet: str, row: int, column: int, /, **args: object) -> Diagnostic:
        """A diagnostic at a cell: shown as its place, with its row and column numbers as line and column."""
        diag = Diagnostic.at(code, Source(self.shown), **args)
        return diag.placed(self.shown, self.place(sheet, row, column), row + 1, column + 1)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def _column_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def _file_problem(code: str, shown: str, **args: object) -> Diagnostic:
    return Diagnostic.at(code, Source(shown), **args).placed(shown, shown)


def read_workbook(path: Path, shown: str) -> tuple[Workbook | None, list[Diagnostic]]:
    """The sheets of a .xlsx or .csv file, or the one diagnostic that says why it cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [_file_problem("PK604", shown, size=_mb(size), limit=_mb(MAX_FILE_BYTES))]
        with path.open("rb") as f:
            head = f.read(8)
    except OSError as err:
        return None, [_file_problem("PK601", shown, kind=err.strerror or type(err).__name__)]
    if path.suffix.lower() in (".csv", ".txt"):
        return _read_csv(path, shown)
    if head.startswith(_OLE):
        return None, [_compound(path, shown)]
    if not head.startswith(b"PK"):
        return None, [_file_problem("PK601", shown, kind=_guess(path))]
    return _read_xlsx(path, shown)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f}"


def _guess(path: Path) -> str:
    head = path.read_bytes()[:512] if path.stat().st_size else b""
    if not head:
        return "空文件"
    if head.startswith(b"%PDF"):
        return "PDF 文件"
    if head.lstrip().startswith((b"<html", b"<!DOCTYPE", b"<?xml", b"<table")):
        return "网页或 XML 文件"
    if b"\0" not in head:
        return "文本文件"
    return "无法识别的文件"


def _compound(path: Path, shown: str) -> Diagnostic:
    """An OLE compound file: an encrypted (password) Office file, an old .xls, or an old .doc."""
    with path.open("rb") as f:
        data = f.read(4 * 1024 * 1024)  # the directory names sit near the start or the end of small files
    names = data.replace(b"\0", b"")
    if b"EncryptionInfo" in names or b"EncryptedPackage" in names:
        return _file_problem("PK603", shown)
    if b"Workbook" in names or b"Book" in names:
        return _file_problem("PK602", shown)
    if b"WordDocument" in names:
        return _file_problem("PK601", shown, kind="Word 97-2003 文档（.doc）")
    return _file_problem("PK601", shown, kind="旧版 Office 文件")


@dataclass
class _Scan:
    unpacked: int = 0
    rows: int = 0  # the highest row number
    columns: int = 0  # the highest column number
    formulas: bool = False
    errors: bool = False


def _read_xlsx(path: Path, shown: str) -> tuple[Workbook | None, list[Diagnostic]]:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "xl/workbook.xml" not in names:
                kind = (
                    "Word 文档（.docx）"
                    if "word/document.xml" in names
                    else "二进制工作簿（.xlsb）"
                    if "xl/workbook.bin" in names
                    else "OpenDocument 表格（.ods）"
                    if "content.xml" in names
                    else "不是 Excel 工作簿的压缩包"
                )
                return None, [_file_problem("PK601", shown, kind=kind)]
            scans, problem = _scan_parts(zf, shown)
            if problem is not None:
                return None, [problem]
            targets = _sheet_parts(zf)
            bad: dict[str, dict[tuple[int, int], tuple[str, str]]] = {}
            for name, part in targets.items():
                scan = scans.get(part, _Scan())
                if scan.rows > MAX_ROWS or scan.rows * max(scan.columns, 1) > MAX_CELLS:
                    return None, [
                        _file_problem(
                            "PK605",
                            shown,
                            sheet=name,
                            rows=f"{scan.rows:,}",
                            columns=scan.columns,
                            limit=f"{MAX_ROWS:,}",
                        )
                    ]
                if scan.formulas or scan.errors:
                    bad[name] = _bad_cells(zf, part)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        OSError,
        ValueError,
        EOFError,
        KeyError,
        NotImplementedError,
        RuntimeError,
        ElementTree.ParseError,
    ) as err:
        return None, [_file_problem("PK601", shown, kind=f"损坏的工作簿（{err}）")]
    return _values(path, shown, bad)


def _scan_parts(zf: zipfile.ZipFile, shown: str) -> tuple[dict[str, _Scan], Diagnostic | None]:
    """Decompress every part once, in chunks: its true size (a zip bomb stops here), and for each worksheet the
    rows and columns it spans and whether it holds formulas or error values."""
    total = 0
    scans: dict[str, _Scan] = {}
    for info in zf.infolist():
        if info.flag_bits & 0x1:  # an encrypted zip entry
            return scans, _file_problem("PK603", shown)
        sheet = info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
        scan = _Scan()
        carry = b""
        with zf.open(info) as part:
            while chunk := part.read(_CHUNK):
                total += len(chunk)
                if total > MAX_UNPACKED:
                    return scans, _file_problem("PK604", shown, size=f"> {_mb(MAX_UNPACKED)}", limit=_mb(MAX_UNPACKED))
                if not sheet:
                    continue
                window = carry + chunk
                if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                    raise ValueError("DTD in a worksheet")
                rows = _ROW.findall(window)
                if rows:
                    scan.rows = max(scan.rows, int(rows[-1]))
                for letters in _WIDE_COLUMN.findall(window):
                    scan.columns = max(scan.columns, _column_index(letters) + 1)
                scan.formulas = scan.formulas or _FORMULA.search(window) is not None
                scan.errors = scan.errors or _ERROR.search(window) is not None
                carry = chunk[-256:]
        if sheet:
            scan.columns = max(scan.columns, 26 if scan.rows else 0)  # columns up to Z cost nothing to assume
            scans[info.filename] = scan
    return scans, None


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its part (``xl/worksheets/sheet1.xml``), from the workbook and its relationships."""
    book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target", "") for r in rels}
    out = {}
    for sheet in book.iter(f"{_NS}sheet"):
        part = target.get(sheet.get(_REL), "")
        part = part.lstrip("/") if part.startswith("/") else f"xl/{part}"
        out[sheet.get("name", "")] = part
    return out


def _bad_cells(zf: zipfile.ZipFile, part: str) -> dict[tuple[int, int], tuple[str, str]]:
    """Cells whose formula has no saved result, and cells holding an error value (#DIV/0!, #N/A)."""
    out: dict[tuple[int, int], tuple[str, str]] = {}
    with zf.open(part) as xml:
        for _, element in ElementTree.iterparse(xml):
            if element.tag != f"{_NS}c":
                continue
            ref = element.get("r", "")
            m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
            if m:
                formula = element.find(f"{_NS}f")
                value = element.find(f"{_NS}v")
                where = (int(m[2]) - 1, _column_index(m[1].encode()))
                if element.get("t") == "e":
                    out[where] = ("error", value.text if value is not None and value.text else "#错误")
                elif formula is not None and (value is None or value.text is None):
                    out[where] = ("formula", "=" + (formula.text or ""))
            element.clear()
    return out


def _values(
    path: Path, shown: str, bad: dict[str, dict[tuple[int, int], tuple[str, str]]]
) -> tuple[Workbook | None, list[Diagnostic]]:
    import python_calamine as calamine

    try:
        with calamine.CalamineWorkbook.from_path(str(path)) as wb:
            sheets = []
            for meta in wb.sheets_metadata:
                if str(meta.typ) != str(calamine.SheetTypeEnum.WorkSheet):
                    continue
                sheet = wb.get_sheet_by_name(meta.name)
                merged = [(a[0], a[1], b[0], b[1]) for a, b in sheet.merged_cell_ranges or []]
                sheets.append(
                    Grid(
                        meta.name,
                        hidden=str(meta.visible) != str(calamine.SheetVisibleEnum.Visible),
                        rows=sheet.to_python(skip_empty_area=False),
                        merged=merged,
                        bad=bad.get(meta.name, {}),
                    )
                )
    except calamine.PasswordError:
        return None, [_file_problem("PK603", shown)]
    except (calamine.CalamineError, OSError, ValueError) as err:
        return None, [_file_problem("PK601", shown, kind=f"损坏的工作簿（{err}）")]
    return Workbook(shown, sheets), []


def _read_csv(path: Path, shown: str) -> tuple[Workbook | None, list[Diagnostic]]:
    data = path.read_bytes()
    if b"\0" in data[:4096]:
        return None, [_file_problem("PK601", shown, kind=_guess(path))]
    for encoding in ("utf-8-sig", "gb18030"):  # Excel saves "CSV UTF-8" with a BOM; WPS and older Excel save GBK
        try:
            text = codecs.decode(data, encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return None, [_file_problem("PK606", shown)]
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows: list[list[Any]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), dialect):
            rows.append(row)
            if len(rows) > MAX_ROWS:
                return None, [
                    _file_problem(
                        "PK605", shown, sheet=path.name, rows=f"> {MAX_ROWS:,}", columns="", limit=f"{MAX_ROWS:,}"
                    )
                ]
    except csv.Error as err:
        return None, [_file_problem("PK601", shown, kind=f"格式有误的 CSV 文件（{err}）")]
    return Workbook(shown, [Grid(path.stem, rows=rows)], csv=True), []
