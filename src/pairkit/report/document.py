"""Writes the templates' Markdown into the base .docx, paragraph by paragraph, by style name.

Markdown is parsed by markdown-it (CommonMark plus tables). The mapping is small and fixed:
``#`` title, ``##`` 一、 heading, ``###`` （一） heading, ``####`` 1. heading, paragraphs in the body style,
``> …`` a marked placeholder, tables, ``![caption](chart:NAME)`` a picture with its caption, ``---`` a page break,
and fenced blocks whose info names a style (```` ```letterhead ````, ```` ```signature ````, see styles.FENCE_STYLES).
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from markdown_it import MarkdownIt
from markdown_it.token import Token

from pairkit.diagnostics import Diagnostic, Source
from pairkit.report import styles as st
from pairkit.report.templating import md_unescape

HEADINGS = {"h1": st.TITLE, "h2": st.HEADING_1, "h3": st.HEADING_2, "h4": st.HEADING_3, "h5": st.HEADING_3}
TEXT_WIDTH_MM = 156
PICTURE_WIDTH_MM = 150
UNIT_MM = 1.86  # half the width of a 10.5 pt (五号) Chinese character: one Latin digit in table text
PADDING_MM = 3.4  # the cell's left and right margins (1.5 mm each) and a little air
# Characters XML 1.0 (and so Word) cannot hold.
_LATIN_RUN = re.compile(r"[0-9A-Za-z.,:%+-]+")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ALIGN = {
    "text-align:right": WD_ALIGN_PARAGRAPH.RIGHT,
    "text-align:center": WD_ALIGN_PARAGRAPH.CENTER,
    "text-align:left": WD_ALIGN_PARAGRAPH.LEFT,
}


def parser() -> MarkdownIt:
    # Indented code blocks are off: indentation in a template is layout of the template, not of the report.
    return MarkdownIt("commonmark", {"html": False}).enable("table").disable("code")


@dataclass
class Writer:
    doc: DocxDocument
    images: Mapping[str, bytes]
    source: str  # the template, for warnings
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (character, text it was in)
    missing_styles: set[str] = field(default_factory=set)
    _break_next: bool = False
    _styles: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._styles = {s.name for s in self.doc.styles if s.name}

    # --- public ---

    def write(self, markdown: str) -> None:
        tokens = parser().parse(markdown)
        i, quote = 0, 0
        lists: list[list[int] | None] = []  # per open list: [next number] when ordered
        prefix = ""
        while i < len(tokens):
            t = tokens[i]
            if t.type == "heading_open":
                self._inline(self._paragraph(HEADINGS.get(t.tag, st.HEADING_3)), tokens[i + 1])
                i += 3
                continue
            if t.type == "paragraph_open":
                inline = tokens[i + 1]
                if _is_picture(inline):
                    self._picture(inline)
                else:
                    paragraph = self._paragraph(st.PLACEHOLDER if quote else st.BODY)
                    if prefix:
                        paragraph.add_run(prefix)
                        prefix = ""
                    self._inline(paragraph, inline)
                i += 3
                continue
            if t.type == "table_open":
                i = self._table(tokens, i)
                continue
            if t.type == "blockquote_open":
                quote += 1
            elif t.type == "blockquote_close":
                quote -= 1
            elif t.type == "ordered_list_open":
                lists.append([int(t.attrGet("start") or 1)])
            elif t.type == "bullet_list_open":
                lists.append(None)
            elif t.type in ("ordered_list_close", "bullet_list_close"):
                lists.pop()
            elif t.type == "list_item_open" and lists and lists[-1] is not None:
                counter = lists[-1]
                prefix = f"{counter[0]}."
                counter[0] += 1
            elif t.type == "fence":
                self._fence(t)
            elif t.type == "hr":
                self._break_next = True
            i += 1

    def warnings(self) -> list[Diagnostic]:
        out = [
            Diagnostic.at("PK808", Source(self.source), style=name).warning() for name in sorted(self.missing_styles)
        ]
        if self.dropped:
            chars = "、".join(sorted({f"U+{ord(c):04X}" for c, _ in self.dropped}))
            sample = self.dropped[0][1][:30]
            out.append(Diagnostic.at("PK804", Source(""), count=len(self.dropped), chars=chars, sample=sample))
            out[-1] = out[-1].warning()
        return out

    # --- blocks ---

    def _style(self, name: str) -> str:
        if name in self._styles:
            return name
        self.missing_styles.add(name)
        return st.BODY

    def _paragraph(self, style: str) -> Paragraph:
        paragraph = self.doc.add_paragraph(style=self._style(style))
        if self._break_next:
            paragraph.paragraph_format.page_break_before = True
            self._break_next = False
        return paragraph

    def clean(self, text: str) -> str:
        def drop(match: re.Match[str]) -> str:
            self.dropped.append((match.group(), _NOT_XML.sub("", text)))
            return ""

        return _NOT_XML.sub(drop, text)

    def _inline(self, paragraph: Paragraph, inline: Token) -> None:
        bold = False
        for child in inline.children or []:
            if child.type in ("text", "code_inline"):
                run = paragraph.add_run(self.clean(child.content))
                if bold:
                    run.bold = True
            elif child.type == "hardbreak":
                paragraph.add_run().add_break()
            elif child.type == "strong_open":
                bold = True
            elif child.type == "strong_close":
                bold = False
            # softbreak: Chinese lines join without a space; em, links: their text is kept plain.

    def _picture(self, inline: Token) -> None:
        image = (inline.children or [])[0]
        src = str(image.attrGet("src") or "")
        caption = image.content
        data = self.images.get(src)
        if data is None:
            self._paragraph(st.PLACEHOLDER).add_run(self.clean(f"【图片 {src} 不存在】"))
            return
        paragraph = self._paragraph(st.PICTURE)
        paragraph.paragraph_format.keep_with_next = True
        paragraph.add_run().add_picture(io.BytesIO(data), width=Mm(PICTURE_WIDTH_MM))
        if caption:
            self._paragraph(st.CAPTION).add_run(self.clean(caption))

    def _fence(self, token: Token) -> None:
        info = token.info.strip()
        lines = [md_unescape(line.strip()) for line in token.content.splitlines()]
        if info == "pagebreak":
            self._break_next = True
            return
        style = st.FENCE_STYLES.get(info, st.BODY)
        if info in ("rule", "blank"):  # a paragraph that is only a border, or an empty line
            self._paragraph(style)
            return
        if info == "annexes":  # one paragraph, a line per annex
            paragraph = self._paragraph(style)
            for i, line in enumerate(x for x in lines if x):
                if i:
                    paragraph.add_run().add_break()
                paragraph.add_run(self.clean(line))
            return
        for line in lines:
            if line:
                self._paragraph(style).add_run(self.clean(line))

    def _table(self, tokens: Sequence[Token], start: int) -> int:
        rows: list[list[tuple[Token, str]]] = []
        i = start + 1
        while tokens[i].type != "table_close":
            t = tokens[i]
            if t.type == "tr_open":
                rows.append([])
            elif t.type in ("th_open", "td_open"):
                rows[-1].append((tokens[i + 1], str(t.attrGet("style") or "")))
            i += 1
        if rows:
            self._write_table(rows)
        return i + 1

    def _write_table(self, rows: list[list[tuple[Token, str]]]) -> None:
        columns = len(rows[0])
        table = self.doc.add_table(rows=len(rows), cols=columns)
        if st.TABLE in self._styles:
            table.style = self.doc.styles[st.TABLE]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        widths = _column_widths(rows)
        for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
            column.w = Mm(width)
        # Cells straight from the XML: Table.cell() re-reads the whole grid each call (minutes for a long ledger).
        for r, (row, tr) in enumerate(zip(rows, table._tbl.tr_lst, strict=True)):
            for c, tc in enumerate(tr.tc_lst):
                cell = _Cell(tc, table)
                cell.width = Mm(widths[c])
                paragraph = cell.paragraphs[0]
                paragraph.style = self.doc.styles[self._style(st.TABLE_HEADER if r == 0 else st.TABLE_TEXT)]
                if c < len(row):
                    inline, align = row[c]
                    if r > 0 and align in _ALIGN:
                        paragraph.alignment = _ALIGN[align]
                    self._inline(paragraph, inline)
        _repeat_header(table)
        if self._break_next:  # a page break asked for just before a table: put it on the table's first row
            first = table.rows[0].cells[0].paragraphs[0]
            first.paragraph_format.page_break_before = True
            self._break_next = False


def _is_picture(inline: Token) -> bool:
    children = [c for c in inline.children or [] if not (c.type == "text" and not c.content.strip())]
    return len(children) == 1 and children[0].type == "image"


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _unbreakable(text: str) -> int:
    """The longest run of Latin letters and digits (a date, a sum): a line break inside one would look broken."""
    return max((len(run) for run in _LATIN_RUN.findall(md_unescape(text))), default=0)


def _column_widths(rows: list[list[tuple[Token, str]]]) -> list[float]:
    """Millimetres per column. Each column wants its widest text (up to 28 half-width characters; a header up to 8,
    then it wraps) and needs its longest date or number; what does not fit is taken from the wants."""
    columns = len(rows[0])
    need, want = [0.0] * columns, [0.0] * columns
    for r, row in enumerate(rows):
        for c, (inline, _) in enumerate(row[:columns]):
            text = md_unescape(inline.content)
            width = _display_width(text)
            # A header may wrap after 4 characters; a short value (a name) or a date or number should not wrap.
            floor = min(width, 8) if r == 0 else max(_unbreakable(text), width if width <= 6 else 0)
            need[c] = max(need[c], min(floor, 12) * UNIT_MM + PADDING_MM)
            want[c] = max(want[c], min(width, 8 if r == 0 else 28) * UNIT_MM + PADDING_MM)  # headers may wrap
    want = [max(w, n) for w, n in zip(want, need, strict=True)]
    total = sum(want)
    if total <= TEXT_WIDTH_MM:
        return [TEXT_WIDTH_MM * w / total for w in want]
    slack = sum(w - n for w, n in zip(want, need, strict=True))
    over = total - TEXT_WIDTH_MM
    if slack <= 0 or over >= slack:  # even the minimums do not fit: share the width by them
        return [TEXT_WIDTH_MM * n / sum(need) for n in need]
    return [w - (w - n) * over / slack for w, n in zip(want, need, strict=True)]


def _repeat_header(table: Table) -> None:
    """The header row repeats on every page a long table runs over."""
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
