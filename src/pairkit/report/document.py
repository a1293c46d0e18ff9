"""Writes the templates' Markdown into the base .docx, paragraph by paragraph, by style name.

Markdown is parsed by markdown-it (CommonMark plus tables). The mapping is small and fixed:
``#`` title, ``##`` 一、 heading, ``###`` （一） heading, ``####`` 1. heading, paragraphs in the body style,
``> …`` a marked placeholder, tables, ``![caption](chart:NAME)`` a chart with its caption, ``---`` a page break,
numbered list items as ``1．`` (a full-width point, so "1．2025—2026学年" never reads as a decimal),
fenced blocks whose info names a style (```` ```letterhead ````, ```` ```signature ````, see styles.FENCE_STYLES),
and ```` ```signrows ```` : rows added to the table above, one per line, tall enough to sign and stamp.

The body is written as XML and put into the document in one piece: python-docx looks a style up by name, through
every style of the document, for each paragraph and each cell it styles, and inserts each paragraph by searching
the body for its end. That made a province's report take minutes; here each style is looked up once per report,
and the XML is what python-docx would write. A chart is a part of its own with its workbook (``chart.embed``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape  # not xml.sax.saxutils, which imports urllib.request, http and ssl

from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.styles import BabelFish
from markdown_it import MarkdownIt
from markdown_it.token import Token

from pairkit.diagnostics import Diagnostic, Source
from pairkit.report import chart
from pairkit.report import styles as st
from pairkit.report.figures import MonthSeries
from pairkit.report.templating import md_unescape

HEADINGS = {"h1": st.TITLE, "h2": st.HEADING_1, "h3": st.HEADING_2, "h4": st.HEADING_3, "h5": st.HEADING_3}
TEXT_WIDTH_MM = 156
UNIT_MM = 1.86  # half the width of a 10.5 pt (五号) Chinese character: one Latin digit in table text
PADDING_MM = 3.4  # the cell's left and right margins (1.5 mm each) and a little air
# Characters XML 1.0 (and so Word) cannot hold.
_LATIN_RUN = re.compile(r"[0-9A-Za-z.,:%+-]+")
_CN_DATE = re.compile(r"\d{4}年\d{1,2}月(?:\d{1,2}日)?")
WIDTH_SAMPLE = 80  # rows of a long table the column widths are judged on
WIDTH_STEPS = (1, 2, 4, 8)  # millimetres tried at a time when sharing out a table's width
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ALIGN = {"text-align:right": "right", "text-align:center": "center", "text-align:left": "left"}
TWIPS_PER_MM = 1440 / 25.4
SIGN_ROW_MM = 30  # a printed form leaves at least 3 cm to write an opinion, sign and stamp
SIGN_LABEL_MM = 40  # the label column of sign rows added below no table
_W = nsdecls("w")


def parser() -> MarkdownIt:
    # Indented code blocks are off: indentation in a template is layout of the template, not of the report.
    return MarkdownIt("commonmark", {"html": False}).enable("table").disable("code")


@dataclass
class _Paragraph:
    """A paragraph of the body as python-docx writes one: ``w:pPr`` always, ``w:pStyle`` unless the style is the
    default paragraph style."""

    style_id: str | None
    page_break: bool = False
    keep_with_next: bool = False
    runs: list[str] = field(default_factory=list)

    def add_run(self, text: str = "", bold: bool = False) -> None:
        self.runs.append(_flow_run(text, bold))

    def add_break(self) -> None:
        self.runs.append("<w:r><w:br/></w:r>")

    def xml(self) -> str:
        style = f'<w:pStyle w:val="{escape(self.style_id)}"/>' if self.style_id else ""
        keep = "<w:keepNext/>" if self.keep_with_next else ""
        brk = "<w:pageBreakBefore/>" if self.page_break else ""
        props = f"<w:pPr>{style}{keep}{brk}</w:pPr>" if style or keep or brk else "<w:pPr/>"
        return f"<w:p {_W}>{props}{''.join(self.runs)}</w:p>"


@dataclass
class _Table:
    widths: list[float]
    style_id: str | None
    rows: list[str]

    def xml(self) -> str:
        style = f'<w:tblStyle w:val="{escape(self.style_id)}"/>' if self.style_id else ""
        grid = "".join(f'<w:gridCol w:w="{_twips(w)}"/>' for w in self.widths)
        return (
            f"<w:tbl {_W}><w:tblPr>{style}"
            '<w:tblW w:type="auto" w:w="0"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
            '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" '
            'w:noVBand="1" w:val="04A0"/>'
            f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(self.rows)}</w:tbl>"
        )


@dataclass
class Writer:
    doc: DocxDocument
    charts: Mapping[str, MonthSeries]  # by the address the Markdown gives them: chart:monthly
    source: str  # the template, for warnings
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (character, text it was in)
    missing_styles: set[str] = field(default_factory=set)
    _break_next: bool = False
    _styles: set[str] = field(default_factory=set)
    _style_ids: dict[str, str] = field(default_factory=dict)  # paragraph and table styles by name
    _paragraph_styles: dict[str, str | None] = field(default_factory=dict)  # None: the default paragraph style
    _pending: list[_Paragraph | _Table] = field(default_factory=list)  # written, not yet in the document
    _last_table: _Table | None = None  # the table just written, for sign rows

    def __post_init__(self) -> None:
        """Every style's name and id, read in one pass over the styles' XML (python-docx makes an object of each
        style, and scans them all again for each name it looks up)."""
        styles = list(self.doc.styles.element.iterchildren(qn("w:style")))
        on = ("1", "true", "on")
        defaults = [
            s for s in styles if s.get(qn("w:type"), "paragraph") == "paragraph" and s.get(qn("w:default")) in on
        ]
        for style in styles:
            named = style.find(qn("w:name"))
            if named is None or not named.get(qn("w:val")):
                continue
            name, kind, style_id = (
                BabelFish.internal2ui(named.get(qn("w:val"))),
                style.get(qn("w:type"), "paragraph"),
                style.get(qn("w:styleId"), ""),
            )
            self._styles.add(name)
            if kind in ("paragraph", "table"):
                self._style_ids.setdefault(name, style_id)
            if kind == "paragraph":  # the default paragraph style is left unnamed, as python-docx leaves it
                self._paragraph_styles.setdefault(name, None if defaults and style is defaults[-1] else style_id)

    # --- public ---

    def write(self, markdown: str) -> None:
        """Write the Markdown at the end of the document's body."""
        self._write(markdown)
        self._flush()

    def _write(self, markdown: str) -> None:
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
                prefix = f"{counter[0]}．"
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

    def _paragraph(self, style: str) -> _Paragraph:
        self._last_table = None
        name = self._style(style)
        style_id = self._paragraph_styles.get(name, self._paragraph_styles.get(st.BODY))  # not a paragraph style
        paragraph = _Paragraph(style_id, page_break=self._break_next)
        self._break_next = False
        self._pending.append(paragraph)
        return paragraph

    def _flush(self) -> None:
        """Put what was written into the document, before its final section properties, as python-docx would.
        Each paragraph and table declares the namespace itself: moving an element whose namespace is declared
        on an ancestor makes lxml reconcile every node below it, which took seconds for a long table."""
        if not self._pending:
            return
        body = self.doc.element.body
        written = parse_xml(f"<w:body {_W}>{''.join(item.xml() for item in self._pending)}</w:body>")
        self._pending = []
        end = body.find(qn("w:sectPr"))
        for element in list(written):
            if end is not None:
                end.addprevious(element)
            else:
                body.append(element)

    def clean(self, text: str) -> str:
        def drop(match: re.Match[str]) -> str:
            self.dropped.append((match.group(), _NOT_XML.sub("", text)))
            return ""

        return _NOT_XML.sub(drop, text)

    def _inline(self, paragraph: _Paragraph, inline: Token) -> None:
        bold = False
        for child in inline.children or []:
            if child.type in ("text", "code_inline"):
                paragraph.add_run(self.clean(child.content), bold)
            elif child.type == "hardbreak":
                paragraph.add_break()
            elif child.type == "strong_open":
                bold = True
            elif child.type == "strong_close":
                bold = False
            # softbreak: Chinese lines join without a space; em, links: their text is kept plain.

    def _picture(self, inline: Token) -> None:
        image = (inline.children or [])[0]
        src = str(image.attrGet("src") or "")
        caption = self.clean(image.content)
        series = self.charts.get(src)
        if series is None:
            self._paragraph(st.PLACEHOLDER).add_run(self.clean(f"【图表 {src} 不存在】"))
            return
        self._flush()  # the chart's drawing takes the next shape id of what is already in the document
        paragraph = self._paragraph(st.PICTURE)
        paragraph.keep_with_next = True
        paragraph.runs.append(chart.embed(self.doc, series, caption))
        if caption:
            self._paragraph(st.CAPTION).add_run(caption)

    def _fence(self, token: Token) -> None:
        info = token.info.strip()
        lines = [md_unescape(line.strip()) for line in token.content.splitlines()]
        if info == "pagebreak":
            self._break_next = True
            return
        if info == "signrows":
            self._sign_rows([line for line in lines if line])
            return
        style = st.FENCE_STYLES.get(info, st.BODY)
        if info in ("rule", "blank"):  # a paragraph that is only a border, or an empty line
            self._paragraph(style)
            return
        if info == "annexes":  # one paragraph, a line per annex
            paragraph = self._paragraph(style)
            for i, line in enumerate(x for x in lines if x):
                if i:
                    paragraph.add_break()
                paragraph.add_run(self.clean(line))
            return
        shown = [line for line in lines if line]
        for i, line in enumerate(shown):
            paragraph = self._paragraph(style)
            paragraph.add_run(self.clean(line))
            # A table's caption is never left at the foot of a page without its table, nor the 落款's office
            # without its date.
            paragraph.keep_with_next = info == "caption" or (info == "signature" and i < len(shown) - 1)

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
        widths = _column_widths(rows)
        header, text = self._style_id(st.TABLE_HEADER), self._style_id(st.TABLE_TEXT)
        body = []
        for r, row in enumerate(rows):
            cells = []
            for c, width in enumerate(widths):
                inline, align = row[c] if c < len(row) else (None, "")
                runs = self._runs(inline) if inline is not None else ""
                jc = _ALIGN.get(align) if r > 0 else None
                first = r == 0 and c == 0 and self._break_next  # a page break asked for just before the table
                cells.append(_cell(width, _paragraph_xml(header if r == 0 else text, runs, jc, first)))
            body.append(_row("".join(cells), header=r == 0))
        self._break_next = False
        self._append_table(widths, body)

    def _append_table(self, widths: list[float], rows: list[str]) -> None:
        self._last_table = _Table(widths, self._style_ids.get(st.TABLE), rows)
        self._pending.append(self._last_table)

    def _sign_rows(self, labels: list[str]) -> None:
        """Rows for opinions, signatures and stamps, each at least 3 cm high, below the table just written
        (or as a table of their own): the label on the left, （盖章） and the date at the bottom right."""
        if self._last_table is None:
            self._append_table([float(SIGN_LABEL_MM), float(TEXT_WIDTH_MM - SIGN_LABEL_MM)], [])
        assert self._last_table is not None
        table = self._last_table
        widths = table.widths
        text = self._style_id(st.TABLE_TEXT)
        label_width, rest = widths[0], sum(widths[1:])
        span = f'<w:gridSpan w:val="{len(widths) - 1}"/>' if len(widths) > 2 else ""
        stamp = "".join(_paragraph_xml(text, _run(line), "right") for line in ("（盖章）", "年　　月　　日"))
        for label in labels:
            cells = _cell(label_width, _paragraph_xml(text, _run(self.clean(label)), None), valign="center")
            cells += _cell(rest, stamp, valign="bottom", extra=span)
            height = f'<w:trHeight w:val="{_twips(SIGN_ROW_MM)}" w:hRule="atLeast"/>'
            table.rows.append(_row(cells, header=False, extra=height))

    def _style_id(self, name: str) -> str:
        return self._style_ids.get(self._style(name), self._style_ids.get(st.BODY, "Normal"))

    def _runs(self, inline: Token) -> str:
        """The runs of a table cell as XML, as ``_inline`` writes them into a paragraph."""
        out, bold = [], False
        for child in inline.children or []:
            if child.type in ("text", "code_inline"):
                out.append(_run(self.clean(child.content), bold))
            elif child.type == "hardbreak":
                out.append("<w:r><w:br/></w:r>")
            elif child.type in ("strong_open", "strong_close"):
                bold = child.type == "strong_open"
        return "".join(out)


def _twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


_RUN_BREAKS = re.compile(r"([\t\r\n])")


def _flow_run(text: str, bold: bool = False) -> str:
    """A run of the body as python-docx's ``add_run`` writes it: a tab as ``w:tab``, a line end as ``w:br``, and
    ``xml:space`` kept only where the text starts or ends with a space."""
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    content = []
    for piece in _RUN_BREAKS.split(text):
        if piece == "\t":
            content.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            content.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            content.append(f"<w:t{space}>{escape(piece)}</w:t>")
    return f"<w:r>{props}{''.join(content)}</w:r>"


def _run(text: str, bold: bool = False) -> str:
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>' if text else ""


def _paragraph_xml(style_id: str, runs: str, align: str | None, page_break: bool = False) -> str:
    brk = "<w:pageBreakBefore/>" if page_break else ""
    jc = f'<w:jc w:val="{align}"/>' if align else ""
    return f'<w:p><w:pPr><w:pStyle w:val="{escape(style_id)}"/>{brk}{jc}</w:pPr>{runs}</w:p>'


def _cell(width: float, paragraphs: str, valign: str | None = None, extra: str = "") -> str:
    v = f'<w:vAlign w:val="{valign}"/>' if valign else ""
    return f'<w:tc><w:tcPr><w:tcW w:w="{_twips(width)}" w:type="dxa"/>{extra}{v}</w:tcPr>{paragraphs}</w:tc>'


def _row(cells: str, *, header: bool, extra: str = "") -> str:
    """A row that never splits across pages; the header row repeats on every page the table runs over."""
    repeat = '<w:tblHeader w:val="true"/>' if header else ""
    return f"<w:tr><w:trPr><w:cantSplit/>{extra}{repeat}</w:trPr>{cells}</w:tr>"


def _is_picture(inline: Token) -> bool:
    children = [c for c in inline.children or [] if not (c.type == "text" and not c.content.strip())]
    return len(children) == 1 and children[0].type == "image"


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _unbreakable(text: str) -> int:
    """Display width of the longest piece a line break must not split: a run of Latin letters and digits (a sum,
    a code) or a Chinese date (2025年9月1日)."""
    plain = md_unescape(text)
    runs = _LATIN_RUN.findall(plain) + _CN_DATE.findall(plain)
    return max((_display_width(run) for run in runs), default=0)


def _per_line(column_mm: float) -> int:
    """Half-width units a line holds in a column ``column_mm`` wide."""
    return max(int((column_mm - PADDING_MM) / UNIT_MM) - 1, 1)  # one unit spare: fonts and kerning vary


def _lines(width: int, column_mm: float) -> int:
    """Lines a text of ``width`` half-width units takes in a column ``column_mm`` wide."""
    return max(-(-width // _per_line(column_mm)), 1)


def _column_widths(rows: list[list[tuple[Token, str]]]) -> list[float]:
    """Millimetres per column, chosen so the table takes as few lines as it can. Each column first gets what its
    longest unbreakable piece (a date, a sum) and short values (a name) need, and a header up to four characters a
    line; the rest of the 156 mm goes, a millimetre at a time, where it saves the most lines, up to each column's
    widest text. Long tables are judged on an even sample of their rows."""
    columns = len(rows[0])
    texts = [[_display_width(md_unescape(inline.content)) for inline, _ in row[:columns]] for row in rows]
    need, most = [0.0] * columns, [0.0] * columns
    for r, (row, sizes) in enumerate(zip(rows, texts, strict=True)):
        for c, ((inline, _), width) in enumerate(zip(row[:columns], sizes, strict=True)):
            floor = min(width, 8) if r == 0 else max(_unbreakable(inline.content), width if width <= 6 else 0)
            need[c] = max(need[c], (min(floor, 24) + 1) * UNIT_MM + PADDING_MM)  # one unit spare, as in _lines
            most[c] = max(most[c], (width + 1) * UNIT_MM + PADDING_MM)
    most = [max(m, n) for m, n in zip(most, need, strict=True)]
    if sum(need) >= TEXT_WIDTH_MM:  # even the minimums do not fit: share the width by them
        return [TEXT_WIDTH_MM * n / sum(need) for n in need]
    if sum(most) <= TEXT_WIDTH_MM:  # everything fits on one line: share the room by the widest texts
        return [TEXT_WIDTH_MM * m / sum(most) for m in most]
    sample = texts[:: max(1, len(texts) // WIDTH_SAMPLE)]
    widths: list[float] = list(need)
    spare = TEXT_WIDTH_MM - sum(widths)
    lines = [[_lines(w, widths[c]) for c, w in enumerate(row)] for row in sample]  # per sampled row and column
    while spare >= 1:
        now, best, rate = sum(map(max, lines)), (-1, 0), 0.0
        for c in range(columns):
            # A row's height with column c wider: the rest of the row's lines stay as they are.
            rest = [max(row[:c] + row[c + 1 :], default=0) for row in lines]
            for k in WIDTH_STEPS:  # a few millimetres more may save a line where one does not
                if k > spare or widths[c] + k > most[c]:
                    break
                per_line = _per_line(widths[c] + k)
                height = sum(
                    max(other, 1, -(-row[c] // per_line)) if c < len(row) else other
                    for other, row in zip(rest, sample, strict=True)
                )
                saved = (now - height) / k
                if saved > rate:
                    best, rate = (c, k), saved
        column, k = best
        if column < 0:  # nothing saves a line: widen the column whose text wraps the most
            growing = [c for c in range(columns) if widths[c] + 1 <= most[c]]
            if not growing:
                break
            column, k = max(growing, key=lambda c: sum(_lines(row[c], widths[c]) for row in sample)), 1
        widths[column] += k
        spare -= k
        for counts, sizes in zip(lines, sample, strict=True):
            if column < len(counts):
                counts[column] = _lines(sizes[column], widths[column])
    return [w + spare / columns for w in widths]
