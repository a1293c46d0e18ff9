"""Builds the default base .docx: GB/T 9704-2012 page, named styles with East-Asian fonts, page numbers.

The shipped ``templates/report/base.docx`` is this script's output, so it can be rebuilt and reviewed::

    python -m pairkit.report.basedoc src/pairkit/templates/report/base.docx

An office changes its copy in Word (letterhead, fonts, margins); the report only refers to the style names in
``styles.py``. Anything left in the base document's body (a fixed letterhead, say) stays at the top of every report.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph

from pairkit.report import styles as st

LATIN = "Times New Roman"
# 225 mm of text block / 22 lines = 28.95 pt per line, in twentieths of a point.
LINE_PITCH_TWIPS = 579
LINE = Pt(LINE_PITCH_TWIPS / 20)
BODY_SIZE = Pt(16)  # 3号
# 28 characters of 16 pt need 448 pt; the block is 442 pt wide: tighten each character by 0.25 pt (in twips).
BODY_CHAR_SPACING = -5
RED = RGBColor(0xFF, 0x00, 0x00)


def build() -> DocxDocument:
    doc = Document()
    _defaults(doc)
    _page(doc)
    _styles(doc)
    _table_style(doc)
    _page_numbers(doc)
    props = doc.core_properties
    props.title, props.author, props.comments = "公文基础模板", "pairkit", "由 pairkit.report.basedoc 生成"
    props.last_modified_by, props.revision = "pairkit", 1
    props.created = props.modified = datetime(2025, 1, 1)
    st.set_app_properties(doc, "base.docx")
    return doc


def _defaults(doc: DocxDocument) -> None:
    """Document-wide fonts and language: Chinese text in zh-CN, not python-docx's ja-JP/en-US defaults."""
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    st.set_fonts(rpr, "仿宋_GB2312", LATIN)
    st.set_language(rpr)
    ppr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = ppr.find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    settings = doc.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is None:
        lang = OxmlElement("w:themeFontLang")
        anchor = settings.find(qn("m:mathPr"))
        if anchor is None:
            settings.append(lang)
        else:
            anchor.addnext(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _page(doc: DocxDocument) -> None:
    """A4; text block 156 × 225 mm at top 37 mm, left 28 mm; a 22-line grid."""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(25)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.attrib.pop(qn("w:charSpace"), None)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))


def _style(
    doc: DocxDocument,
    name: str,
    east_asia: str,
    size: Pt,
    *,
    latin: str = LATIN,
    align: WD_ALIGN_PARAGRAPH | None = None,
    indent_chars: int = 0,
    exact: bool = True,
    outline: int | None = None,
    bold: bool = False,
    color: RGBColor | None = None,
    char_spacing: int = 0,
    grid: bool = True,
) -> ParagraphStyle:
    if name in [s.name for s in doc.styles]:
        style = doc.styles[name]
    else:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles[st.BODY]
    assert isinstance(style, ParagraphStyle)
    style.quick_style = True
    font = style.font
    font.size, font.bold, font.italic = size, bold, False
    font.color.rgb = color or RGBColor(0, 0, 0)
    rpr = style.element.get_or_add_rPr()
    st.set_fonts(rpr, east_asia, latin)
    spacing = st.put(rpr, "w:spacing", st.RPR_ORDER)
    spacing.set(qn("w:val"), str(char_spacing))
    fmt = style.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    if exact:
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, LINE
    else:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if not exact or not grid:
        # Off the 22-line grid, or every table line, picture or 2号 title line would take two grid lines.
        st.put(style.element.get_or_add_pPr(), "w:snapToGrid", st.PPR_ORDER).set(qn("w:val"), "0")
    fmt.alignment = align if align is not None else WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Pt(size.pt * indent_chars) if indent_chars else Pt(0)
    ind = st.put(style.element.get_or_add_pPr(), "w:ind", st.PPR_ORDER)
    ind.set(qn("w:firstLineChars"), str(indent_chars * 100))
    if outline is not None:
        st.put(style.element.get_or_add_pPr(), "w:outlineLvl", st.PPR_ORDER).set(qn("w:val"), str(outline))
        fmt.keep_with_next = True
    return style


def _border(style: ParagraphStyle, side: str, color: str, eighths: int) -> None:
    borders = st.put(style.element.get_or_add_pPr(), "w:pBdr", st.PPR_ORDER)
    line = OxmlElement(f"w:{side}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(eighths))
    line.set(qn("w:space"), "1")
    line.set(qn("w:color"), color)
    borders.append(line)


def _styles(doc: DocxDocument) -> None:
    centre, right, left = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.LEFT
    _style(doc, st.BODY, "仿宋_GB2312", BODY_SIZE, indent_chars=2, char_spacing=BODY_CHAR_SPACING)
    title = _style(doc, st.TITLE, "方正小标宋简体", Pt(22), align=centre, outline=0, grid=False)
    title.paragraph_format.line_spacing = Pt(35)  # 2号 needs more than the body's 28.95 pt
    _style(doc, st.HEADING_1, "黑体", BODY_SIZE, indent_chars=2, outline=1, char_spacing=BODY_CHAR_SPACING)
    _style(doc, st.HEADING_2, "楷体_GB2312", BODY_SIZE, indent_chars=2, outline=2, char_spacing=BODY_CHAR_SPACING)
    _style(doc, st.HEADING_3, "仿宋_GB2312", BODY_SIZE, indent_chars=2, outline=3, char_spacing=BODY_CHAR_SPACING)
    # 五号 in tables: a ledger has up to nine columns across 156 mm.
    _style(doc, st.TABLE_TEXT, "仿宋_GB2312", Pt(10.5), exact=False, align=left)
    _style(doc, st.TABLE_HEADER, "黑体", Pt(10.5), exact=False, align=centre)
    # Exact line spacing would clip an inline picture or chart in Word; half a line of air above it, below a table.
    picture = _style(doc, st.PICTURE, "仿宋_GB2312", BODY_SIZE, exact=False, align=centre)
    picture.paragraph_format.space_before = Pt(LINE.pt / 2)
    _style(doc, st.CAPTION, "楷体_GB2312", Pt(14), align=centre)
    head = _style(doc, st.LETTERHEAD, "方正小标宋简体", Pt(36), exact=False, align=centre, color=RED)
    head.paragraph_format.space_before = Pt(12)
    rule = _style(doc, st.LETTERHEAD_RULE, "仿宋_GB2312", Pt(8), exact=False, align=centre)
    _border(rule, "bottom", "FF0000", 18)
    rule.paragraph_format.space_after = LINE
    number = _style(doc, st.DOC_NUMBER, "仿宋_GB2312", BODY_SIZE, exact=False, align=centre)
    number.paragraph_format.space_before = LINE  # GB/T 9704: two lines under the 发文机关标志 (with its own air)
    sign = _style(doc, st.SIGNATURE, "仿宋_GB2312", BODY_SIZE, align=right, char_spacing=BODY_CHAR_SPACING)
    sign.paragraph_format.right_indent = Pt(BODY_SIZE.pt * 4)  # 成文日期右空四字
    _style(doc, st.PLACEHOLDER, "楷体_GB2312", BODY_SIZE, indent_chars=2, color=RGBColor(0xC0, 0x00, 0x00))
    _style(doc, st.ANNEX_LABEL, "黑体", BODY_SIZE, align=left)
    # One paragraph, names on their own lines: "附件：" starts two characters in, the names line up after it.
    note = _style(doc, st.ANNEX_NOTE, "仿宋_GB2312", BODY_SIZE, align=left, char_spacing=BODY_CHAR_SPACING)
    note.paragraph_format.left_indent = Pt(BODY_SIZE.pt * 5)
    note.paragraph_format.first_line_indent = Pt(-BODY_SIZE.pt * 3)
    hanging = st.put(note.element.get_or_add_pPr(), "w:ind", st.PPR_ORDER)
    hanging.attrib.pop(qn("w:firstLineChars"), None)
    hanging.set(qn("w:leftChars"), "500")
    hanging.set(qn("w:hangingChars"), "300")
    _style(doc, st.PAGE_NUMBER, "宋体", Pt(14), latin="宋体", exact=False)


def _table_style(doc: DocxDocument) -> None:
    """Thin black grid with a little air above and below the text of each cell."""
    margins = doc.styles[st.TABLE].element.find(qn("w:tblPr")).find(qn("w:tblCellMar"))
    for side, twips in (("top", "57"), ("bottom", "57"), ("left", "85"), ("right", "85")):  # 1 mm, 1.5 mm
        margins.find(qn(f"w:{side}")).set(qn("w:w"), twips)


def _page_field(paragraph: Paragraph) -> None:
    """``— PAGE —``: the page number as a Word field, so it counts however the document is edited."""
    paragraph.add_run("— ")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text or ""
    paragraph.add_run(" —")


def _page_numbers(doc: DocxDocument) -> None:
    """Odd pages right, even pages left, one character in from the edge of the text block."""
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.style = doc.styles[st.PAGE_NUMBER]
        paragraph.alignment = align
        if align is WD_ALIGN_PARAGRAPH.RIGHT:
            paragraph.paragraph_format.right_indent = Pt(14)
        else:
            paragraph.paragraph_format.left_indent = Pt(14)
        _page_field(paragraph)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m pairkit.report.basedoc OUT.docx", file=sys.stderr)
        return 2
    build().save(str(Path(args[0])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
