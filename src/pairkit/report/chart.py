"""The chart of activities per month by 帮扶内容 (dimension), as a chart Word and WPS draw themselves (DrawingML),
not a picture.

Word and WPS draw a native chart's labels with the document's own fonts, so Chinese labels need no font on the
machine that writes the report; the clerk can restyle the chart, and right-click → 编辑数据 opens its figures in
the workbook embedded beside it. The chart part keeps the figures too (``c:strCache``/``c:numCache``): renderers
draw from those. The chart part and the small workbook are written here as XML text, as the report's body is.
There is no title inside the chart (the caption under it is the title) and no axis titles: the months speak for
themselves and the caption gives the unit.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from html import escape  # not xml.sax.saxutils, which imports urllib.request, http and ssl

from docx.document import Document as DocxDocument
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.package import Package

from pairkit.report import styles as st
from pairkit.report.figures import MonthSeries

PALETTE = ("C00000", "1F4E79", "548235", "BF8F00", "7030A0", "2E75B6", "833C0B", "595959", "00B0F0")
MAX_SERIES = 8  # more colours than this cannot be told apart: the rest are drawn together as 其他
WIDTH_MM, HEIGHT_MM = 156, 75  # the width of the GB/T 9704 text block
TEXT_SIZE = 1050  # 五号 (10.5 pt) in hundredths of a point, as the report's tables
GRID_COLOUR, AXIS_COLOUR = "D9D9D9", "808080"
MAX_TICKS = 8  # value axis steps: 1, 2, 5, 10, 20, 50 … the smallest that needs at most this many
SHEET = "Sheet1"
EMU_PER_MM = 36_000

CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CT_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RT_CHART = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
RT_PACKAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"
CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_NS = (
    f'xmlns:c="{CHART_URI}" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_CAT_AXIS, _VAL_AXIS = 101, 102


def top_series(series: MonthSeries, keep: int) -> MonthSeries:
    """At most ``keep`` series: the largest, in their order, and the others summed as 其他 (the month totals stay
    the same). The built-in dimensions are seven; only a programme that adds its own can have more."""
    if len(series.parts) <= keep:
        return series
    largest = sorted(series.parts, key=lambda part: -sum(series.counts[part[0]]))[: keep - 1]
    shown = [part for part in series.parts if part in largest]
    rest = [part for part in series.parts if part not in largest]
    other = [sum(series.counts[key][i] for key, _ in rest) for i in range(len(series.months))]
    counts = {key: series.counts[key] for key, _ in shown} | {"other": other}
    return MonthSeries(series.months, [*shown, ("other", "其他")], counts)


def month_labels(months: list[str]) -> list[str]:
    """The category labels: 9月 … 8月 within twelve months; with the year (2025年9月) when a month would repeat."""
    if len(months) > 12:
        return months
    return [m.split("年", 1)[1] if "年" in m else m for m in months]


@dataclass(frozen=True)
class Table:
    """What the chart shows, laid out as its worksheet holds it: months down column A, a dimension per column after."""

    months: list[str]
    names: list[str]
    columns: list[list[int]]  # per dimension, a count per month

    @classmethod
    def of(cls, series: MonthSeries) -> Table:
        shown = top_series(series, MAX_SERIES)
        columns = [shown.counts[key] for key, _ in shown.parts]
        return cls(month_labels(shown.months), [label for _, label in shown.parts], columns)

    def ref(self, column: int, first: int, last: int | None = None) -> str:
        """A cell or a column's rows as the chart names them: ``Sheet1!$B$2:$B$13``."""
        letter = column_letter(column)
        return f"{SHEET}!${letter}${first}" + (f":${letter}${last}" if last is not None else "")


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class Fonts:
    east_asia: str
    latin: str


def document_fonts(doc: DocxDocument) -> Fonts:
    """The fonts of the report's table text (表格文字), else the document's defaults: the chart's labels are
    drawn in them, as the tables are, in whatever fonts an office gave its base document."""
    table_text = doc.styles.element.xpath(f'w:style[w:name/@w:val="{st.TABLE_TEXT}"]')
    candidates = [style.find(qn("w:rPr")) for style in table_text[:1]]
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        candidates.append(defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}"))
    east_asia = latin = None
    for rpr in candidates:
        fonts = None if rpr is None else rpr.find(qn("w:rFonts"))
        east_asia = east_asia or st.east_asian_font(rpr)
        latin = latin or (None if fonts is None else fonts.get(qn("w:ascii")))
    return Fonts(east_asia or "宋体", latin or "Times New Roman")


def embed(doc: DocxDocument, series: MonthSeries, description: str) -> str:
    """Add the chart and its workbook to the document's package; the run that shows the chart, as XML declaring
    its own namespaces. ``description`` is the chart's alternative text."""
    package = doc.part.package
    assert package is not None
    table = Table.of(series)
    workbook = Part(
        package.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx"), CT_XLSX, workbook_xlsx(table)
    )
    chart = _ChartPart(package.next_partname("/word/charts/chart%d.xml"), package, table, document_fonts(doc), workbook)
    return inline_xml(doc.part.relate_to(chart, RT_CHART), doc.part.next_id, description)


class _ChartPart(Part):
    """A chart part, whose XML names its workbook by the relationship the part holds to it."""

    def __init__(self, name: PackURI, package: Package, table: Table, fonts: Fonts, workbook: Part) -> None:
        super().__init__(name, CT_CHART, package=package)
        self._xml = chart_xml(table, fonts, self.relate_to(workbook, RT_PACKAGE)).encode()

    @property
    def blob(self) -> bytes:
        return self._xml


def inline_xml(rid: str, shape_id: int, description: str) -> str:
    """A run holding the chart inline, the width of the text block."""
    cx, cy = WIDTH_MM * EMU_PER_MM, HEIGHT_MM * EMU_PER_MM
    return (
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:drawing>'
        '<wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{shape_id}" name="图表 {shape_id}" descr="{escape(description)}"/>'
        "<wp:cNvGraphicFramePr/>"
        f'<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="{CHART_URI}">'
        f'<c:chart xmlns:c="{CHART_URI}" '
        f'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="{rid}"/>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )


# --- the chart part ---


def _text_props(fonts: Fonts) -> str:
    """``c:txPr``: the size, colour and fonts of a chart element's text, Chinese in ``a:ea``."""
    return (
        '<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{size}" b="0">'
        '<a:solidFill><a:srgbClr val="000000"/></a:solidFill>'
        '<a:latin typeface="{latin}"/><a:ea typeface="{ea}"/><a:cs typeface="{latin}"/>'
        '</a:defRPr></a:pPr><a:endParaRPr lang="zh-CN"/></a:p></c:txPr>'
    ).format(size=TEXT_SIZE, latin=escape(fonts.latin), ea=escape(fonts.east_asia))


def _line(colour: str) -> str:
    return f'<c:spPr><a:ln w="9525"><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill></a:ln></c:spPr>'


def _str_cache(values: list[str]) -> str:
    points = "".join(f'<c:pt idx="{i}"><c:v>{escape(v)}</c:v></c:pt>' for i, v in enumerate(values))
    return f'<c:strCache><c:ptCount val="{len(values)}"/>{points}</c:strCache>'


def _series(table: Table, index: int) -> str:
    column, rows = index + 1, len(table.months) + 1
    values = "".join(f'<c:pt idx="{i}"><c:v>{v}</c:v></c:pt>' for i, v in enumerate(table.columns[index]))
    colour = PALETTE[index % len(PALETTE)]
    return (
        f'<c:ser><c:idx val="{index}"/><c:order val="{index}"/>'
        f"<c:tx><c:strRef><c:f>{table.ref(column, 1)}</c:f>{_str_cache([table.names[index]])}</c:strRef></c:tx>"
        f'<c:spPr><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill></c:spPr>'
        '<c:invertIfNegative val="0"/>'
        f"<c:cat><c:strRef><c:f>{table.ref(0, 2, rows)}</c:f>{_str_cache(table.months)}</c:strRef></c:cat>"
        f"<c:val><c:numRef><c:f>{table.ref(column, 2, rows)}</c:f><c:numCache><c:formatCode>General</c:formatCode>"
        f'<c:ptCount val="{len(table.months)}"/>{values}</c:numCache></c:numRef></c:val>'
        "</c:ser>"
    )


def major_unit(highest: int) -> int:
    """The value axis's step: whole numbers only, at most MAX_TICKS steps up to the highest bar."""
    step = 1
    while -(-highest // step) > MAX_TICKS:
        step = step * 5 // 2 if str(step)[0] == "2" else step * 2  # 1, 2, 5, 10, 20, 50, …
    return step


def gap_width(months: int) -> int:
    """The gap between columns, in % of a column's width: narrow, but a column never wider than a sixth of the
    plot (one month alone would otherwise fill the chart)."""
    return min(500, max(60, 600 // max(months, 1) - 100))


def chart_xml(table: Table, fonts: Fonts, workbook_rid: str) -> str:
    """The chart part: stacked columns, one series per dimension, the legend at the right, no title."""
    highest = max((sum(month) for month in zip(*table.columns, strict=True)), default=0)
    series = "".join(_series(table, i) for i in range(len(table.names)))
    text = _text_props(fonts)
    return (
        f"{_XML}<c:chartSpace {_NS}>"
        '<c:date1904 val="0"/><c:lang val="zh-CN"/><c:roundedCorners val="0"/>'
        '<c:chart><c:autoTitleDeleted val="1"/><c:plotArea><c:layout/>'
        '<c:barChart><c:barDir val="col"/><c:grouping val="stacked"/><c:varyColors val="0"/>'
        f'{series}<c:gapWidth val="{gap_width(len(table.months))}"/><c:overlap val="100"/>'
        f'<c:axId val="{_CAT_AXIS}"/><c:axId val="{_VAL_AXIS}"/></c:barChart>'
        f'<c:catAx><c:axId val="{_CAT_AXIS}"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        '<c:delete val="0"/><c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="1"/>'
        '<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        f'{_line(AXIS_COLOUR)}{text}<c:crossAx val="{_VAL_AXIS}"/><c:crosses val="autoZero"/>'
        '<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
        f'<c:valAx><c:axId val="{_VAL_AXIS}"/><c:scaling><c:orientation val="minMax"/>'
        '<c:min val="0"/></c:scaling><c:delete val="0"/><c:axPos val="l"/>'
        f'<c:majorGridlines>{_line(GRID_COLOUR)}</c:majorGridlines><c:numFmt formatCode="0" sourceLinked="0"/>'
        '<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        f'<c:spPr><a:ln><a:noFill/></a:ln></c:spPr>{text}<c:crossAx val="{_CAT_AXIS}"/>'
        f'<c:crosses val="autoZero"/><c:crossBetween val="between"/><c:majorUnit val="{major_unit(highest)}"/>'
        "</c:valAx></c:plotArea>"
        f'<c:legend><c:legendPos val="r"/><c:overlay val="0"/>{text}</c:legend>'
        '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
        "<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>"
        f'{text}<c:externalData r:id="{workbook_rid}"><c:autoUpdate val="0"/></c:externalData>'
        "</c:chartSpace>"
    )


# --- the embedded workbook ---

_SML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SML_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
MONTH_HEADER = "月份"


def workbook_xlsx(table: Table) -> bytes:
    """The chart's figures as a one-sheet workbook: 月份 and the dimensions across row 1, a month per row below."""
    strings = [MONTH_HEADER, *table.names, *table.months]
    unique = list(dict.fromkeys(strings))
    index = {text: i for i, text in enumerate(unique)}

    def text(ref: str, value: str) -> str:
        return f'<c r="{ref}" t="s"><v>{index[value]}</v></c>'

    header = "".join(text(f"{column_letter(c)}1", v) for c, v in enumerate([MONTH_HEADER, *table.names]))
    rows = [f'<row r="1">{header}</row>']
    for r, month in enumerate(table.months, start=2):
        counts = "".join(f'<c r="{column_letter(c)}{r}"><v>{n[r - 2]}</v></c>' for c, n in enumerate(table.columns, 1))
        rows.append(f'<row r="{r}">{text(f"A{r}", month)}{counts}</row>')
    shared = "".join(f"<si><t>{escape(s)}</t></si>" for s in unique)
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_SML_TYPE}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_SML_TYPE}.worksheet+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{_SML_TYPE}.styles+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SML_TYPE}.sharedStrings+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{_PKG_RELS}"><Relationship Id="rId1" '
            f'Type="{_DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{_SML}" xmlns:r="{_DOC_RELS}">'
            f'<sheets><sheet name="{SHEET}" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{_PKG_RELS}">'
            f'<Relationship Id="rId1" Type="{_DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{_DOC_RELS}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId3" Type="{_DOC_RELS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
        ),
        "xl/styles.xml": (
            f'<styleSheet xmlns="{_SML}"><fonts count="1"><font><sz val="11"/><name val="宋体"/>'
            '<charset val="134"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
        ),
        "xl/sharedStrings.xml": (
            f'<sst xmlns="{_SML}" count="{len(strings)}" uniqueCount="{len(unique)}">{shared}</sst>'
        ),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{_SML}"><cols><col min="1" max="{len(table.names) + 1}" width="13" customWidth="1"/>'
            f"</cols><sheetData>{''.join(rows)}</sheetData></worksheet>"
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, xml in parts.items():
            zf.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), _XML + xml, zipfile.ZIP_DEFLATED)
    return out.getvalue()
