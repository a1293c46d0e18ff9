"""The named styles a report uses and the XML details python-docx does not cover (East-Asian fonts, zh-CN).

The report writer only refers to styles by these names; what they look like lives in the base .docx, where an
office can change them in Word.
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

BODY = "Normal"  # 正文: 3号仿宋_GB2312
TITLE = "公文标题"  # 2号方正小标宋简体, centred
HEADING_1 = "一级标题"  # 一、 黑体
HEADING_2 = "二级标题"  # （一） 楷体_GB2312
HEADING_3 = "三级标题"  # 1. 仿宋
TABLE = "Table Grid"
TABLE_TEXT = "表格文字"
TABLE_HEADER = "表格标题行"
PICTURE = "图片"
CAPTION = "题注"
LETTERHEAD = "红头"
LETTERHEAD_RULE = "红头分隔线"
DOC_NUMBER = "发文字号"  # 3号仿宋, centred under the letterhead
SIGNATURE = "落款"
PLACEHOLDER = "待填写"
ANNEX_LABEL = "附件标注"
ANNEX_NOTE = "附件说明"  # 附件：1.…, further names aligned under the first
PAGE_NUMBER = "页码"

# Fenced blocks in the templates (```letterhead … ```) name the style their lines are written in.
FENCE_STYLES = {
    "title": TITLE,
    "letterhead": LETTERHEAD,
    "docnumber": DOC_NUMBER,
    "rule": LETTERHEAD_RULE,
    "signature": SIGNATURE,
    "annex": ANNEX_LABEL,
    "annexes": ANNEX_NOTE,
    "placeholder": PLACEHOLDER,
    "caption": CAPTION,
}

_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")

# Schema order of the children of w:rPr and w:pPr: Word refuses a file whose elements are out of order.
RPR_ORDER = [
    "w:rStyle",
    "w:rFonts",
    "w:b",
    "w:bCs",
    "w:i",
    "w:iCs",
    "w:caps",
    "w:smallCaps",
    "w:strike",
    "w:dstrike",
    "w:outline",
    "w:shadow",
    "w:emboss",
    "w:imprint",
    "w:noProof",
    "w:snapToGrid",
    "w:vanish",
    "w:webHidden",
    "w:color",
    "w:spacing",
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
]
PPR_ORDER = [
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
]


def put(parent: BaseOxmlElement, tag: str, order: list[str]) -> BaseOxmlElement:
    """The child ``tag`` of ``parent``, created in schema order if it is missing."""
    found = parent.find(qn(tag))
    if found is not None:
        return found  # type: ignore[no-any-return]
    element = OxmlElement(tag)
    parent.insert_element_before(element, *order[order.index(tag) + 1 :])
    return element


def set_fonts(rpr: BaseOxmlElement, east_asia: str, latin: str) -> None:
    """Name the fonts on a run-properties element, East-Asian included, and drop the theme fonts that override them."""
    fonts = put(rpr, "w:rFonts", RPR_ORDER)
    for attr in _THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


def set_language(rpr: BaseOxmlElement) -> None:
    lang = put(rpr, "w:lang", RPR_ORDER)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")


def east_asian_font(rpr: BaseOxmlElement | None) -> str | None:
    """The East-Asian font named on a run-properties element (what tests and previews read back)."""
    if rpr is None:
        return None
    fonts = rpr.find(qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def set_app_properties(doc: object, template: str, company: str = "") -> None:
    """docProps/app.xml: pairkit as the application and the base document as the template, and no page, word or
    line counts (python-docx's default part claims "Microsoft Macintosh Word", 1 page and Normal.dotm)."""
    from html import escape

    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    package = doc.part.package  # type: ignore[attr-defined]
    for rel in package.rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
                'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
                f"<Template>{escape(template)}</Template><Application>pairkit</Application>"
                f"<DocSecurity>0</DocSecurity><Company>{escape(company)}</Company></Properties>"
            ).encode()
