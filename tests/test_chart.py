"""图1, the report's chart: a chart Word and WPS draw themselves, read back from the written .docx (its chart part and
the workbook embedded for 编辑数据) and compared with a recount of the YAML that does not use pairkit."""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

import docx
import openpyxl

from conftest import assert_clean_exit, invoke, write_tree
from test_report import KIND_LABELS, REPO, SAMPLE_DIMENSIONS, TREE, _in, _yaml

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CHART_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
PACKAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"
SCHOOL_YEAR_MONTHS = [f"{m}月" for m in (9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8)]


@dataclass
class Chart:
    """A chart read back from a .docx: its XML, its series as cached for renderers, and its embedded workbook."""

    xml: ET.Element
    categories: list[str]
    series: dict[str, list[int]]  # kind label → count per month, from c:strCache / c:numCache
    formulas: dict[str, tuple[str, str, str]]  # kind label → (name cell, categories range, values range)
    sheet: Mapping[str, object]  # cell reference → value, from the embedded workbook read with openpyxl


def _rels(z: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """rId → (type, target part name) of a part's relationships."""
    folder, name = posixpath.split(part)
    root = ET.fromstring(z.read(f"{folder}/_rels/{name}.rels"))
    return {
        rel.get("Id", ""): (rel.get("Type", ""), posixpath.normpath(posixpath.join(folder, rel.get("Target", ""))))
        for rel in root.iter(f"{RELS}Relationship")
    }


def _charts(path: Path, tmp: Path) -> list[Chart]:
    """Every chart the document shows, found the way Word finds it: a c:chart in the body, by its relationship."""
    with zipfile.ZipFile(path) as z:
        types = ET.fromstring(z.read("[Content_Types].xml"))
        overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter(f"{TYPES}Override")}
        document_rels = _rels(z, "word/document.xml")
        body = ET.fromstring(z.read("word/document.xml"))
        out = []
        for ref in body.iter(f"{C}chart"):
            kind, part = document_rels[ref.get(f"{R}id", "")]
            assert kind == CHART_REL
            assert overrides[f"/{part}"] == CHART_TYPE
            xml = ET.fromstring(z.read(part))
            data = xml.find(f"{C}externalData")
            assert data is not None
            rel_type, workbook = _rels(z, part)[data.get(f"{R}id", "")]
            assert rel_type == PACKAGE_REL
            assert workbook.startswith("word/embeddings/")
            assert workbook.endswith(".xlsx")
            (tmp / "embedded.xlsx").write_bytes(z.read(workbook))
            sheet = openpyxl.load_workbook(tmp / "embedded.xlsx").active
            assert sheet is not None
            cells = {cell.coordinate: cell.value for row in sheet.iter_rows() for cell in row}
            categories: list[str] = []
            series: dict[str, list[int]] = {}
            formulas: dict[str, tuple[str, str, str]] = {}
            for ser in xml.iter(f"{C}ser"):
                name = [v.text or "" for v in ser.iterfind(f"{C}tx/{C}strRef/{C}strCache/{C}pt/{C}v")]
                cats = [v.text or "" for v in ser.iterfind(f"{C}cat/{C}strRef/{C}strCache/{C}pt/{C}v")]
                values = [int(v.text or "") for v in ser.iterfind(f"{C}val/{C}numRef/{C}numCache/{C}pt/{C}v")]
                assert len(name) == 1
                assert len(values) == len(cats)
                assert not categories or cats == categories  # every series over the same months
                categories = cats
                series[name[0]] = values
                formulas[name[0]] = (
                    ser.findtext(f"{C}tx/{C}strRef/{C}f", ""),
                    ser.findtext(f"{C}cat/{C}strRef/{C}f", ""),
                    ser.findtext(f"{C}val/{C}numRef/{C}f", ""),
                )
            out.append(Chart(xml, categories, series, formulas, cells))
        return out


def _cells(sheet: Mapping[str, object], formula: str) -> list[object]:
    """The values of ``Sheet1!$B$2:$B$13`` (or one cell) in the embedded sheet."""
    match = re.fullmatch(r"Sheet1!\$([A-Z]+)\$(\d+)(?::\$([A-Z]+)\$(\d+))?", formula)
    assert match, formula
    column, first, last = match.group(1), int(match.group(2)), int(match.group(4) or match.group(2))
    assert match.group(3) in (None, column)
    return [sheet.get(f"{column}{row}") for row in range(first, last + 1)]


def _val(xml: ET.Element, path: str, attribute: str = "val") -> str:
    found = xml.find(path)
    assert found is not None, path
    return found.get(attribute, "")


def _write(tmp_path: Path, root: Path, *args: str) -> Path:
    out = tmp_path / "out.docx"
    result = invoke(["report", str(root), "--as-of", "2026-11-23", "-o", str(out), *args])
    assert_clean_exit(result, 0)
    docx.Document(str(out))  # python-docx opens what it wrote, chart and all
    return out


def test_sample_chart_counts_every_activity_by_month_and_dimension(tmp_path: Path) -> None:
    """The sample year's chart holds, month by month (9月 … 8月), each 帮扶内容's activities as the YAML has them
    (an activity's own dimension, by key or label, else its kind's), in the order of section 二, with no 其他; the
    chart's cached figures, its workbook and the cells its formulas name all say the same."""
    (chart,) = _charts(_write(tmp_path, REPO / "records", "--year", "2025"), tmp_path)
    acts = [a for a in _yaml(REPO / "records")["activities"] if _in(a["date"])]
    months = [(2025, m) for m in range(9, 13)] + [(2026, m) for m in range(1, 9)]
    dimension_of = {kind: dimension for dimension, kinds in SAMPLE_DIMENSIONS.items() for kind in kinds}
    labels = {"staff": "师资帮扶", "teaching": "教学教研", "management": "管理交流", "student": "学生交流"}
    labels |= {"party": "党建共建", "health": "卫生帮扶"}

    def dimension_of_activity(a: dict[str, object]) -> str:
        own = str(a.get("dimension") or "")
        return labels.get(own, own) if own else dimension_of[KIND_LABELS.get(str(a["kind"]), str(a["kind"]))]

    count = Counter((dimension_of_activity(a), (int(str(a["date"])[:4]), int(str(a["date"])[5:7]))) for a in acts)
    assert chart.categories == SCHOOL_YEAR_MONTHS
    present = {dimension for dimension, _ in count}
    assert list(chart.series) == [d for d in SAMPLE_DIMENSIONS if d in present]
    assert len(chart.series) >= 5
    for dimension in chart.series:
        assert chart.series[dimension] == [count[dimension, month] for month in months], dimension
    assert sum(map(sum, chart.series.values())) == len(acts) == 706
    for name_, (name, categories, values) in chart.formulas.items():
        assert _cells(chart.sheet, name) == [name_]
        assert _cells(chart.sheet, categories) == chart.categories
        assert _cells(chart.sheet, values) == chart.series[name_]
    assert chart.sheet["A1"] == "月份"


def test_chart_is_stacked_columns_without_a_title_in_the_document_fonts(tmp_path: Path) -> None:
    """The chart is stacked columns (one series per dimension, overlapping fully) with the legend at the right, no
    title of its own or on its axes (the caption under it is the title), labels in the report's table font
    (仿宋_GB2312, Times New Roman for digits), whole-number steps, and as wide as the text block (156 mm)."""
    out = _write(tmp_path, REPO / "records", "--year", "2025")
    (chart,) = _charts(out, tmp_path)
    bar = f"{C}chart/{C}plotArea/{C}barChart"
    assert [_val(chart.xml, f"{bar}/{C}{tag}") for tag in ("barDir", "grouping", "overlap")] == [
        "col",
        "stacked",
        "100",
    ]
    assert _val(chart.xml, f"{C}chart/{C}legend/{C}legendPos") == "r"
    assert list(chart.xml.iter(f"{C}title")) == []
    assert _val(chart.xml, f"{C}chart/{C}autoTitleDeleted") == "1"
    assert {e.get("typeface") for e in chart.xml.iter(f"{A}ea")} == {"仿宋_GB2312"}
    assert {e.get("typeface") for e in chart.xml.iter(f"{A}latin")} == {"Times New Roman"}
    step = int(_val(chart.xml, f".//{C}valAx/{C}majorUnit"))
    highest = max(map(sum, zip(*chart.series.values(), strict=True)))
    assert (step, -(-highest // step)) == (20, 6)  # 0 to 120 in whole steps for the busiest month's 105
    assert _val(chart.xml, f".//{C}valAx/{C}numFmt", "formatCode") == "0"
    (shape,) = docx.Document(str(out)).inline_shapes
    assert shape.width == 156 * 36000
    caption = "图1 2025—2026学年各类帮扶活动月度分布（单位：次）"
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs]
    assert paragraphs[paragraphs.index(caption) - 1] == ""  # the chart's own paragraph, the caption right under it


def test_one_kind_in_one_month(tmp_path: Path) -> None:
    """A period with one activity (a 示范课) in one month: one series (教学教研), one month, the count 1."""
    root = write_tree(tmp_path / "records", TREE)
    (chart,) = _charts(
        _write(tmp_path, root, "--pairing", "pr-1", "--from", "2025-09-01", "--to", "2025-09-30"), tmp_path
    )
    assert chart.categories == ["9月"]
    assert chart.series == {"教学教研": [1]}
    assert chart.sheet == {"A1": "月份", "B1": "教学教研", "A2": "9月", "B2": 1}


def test_months_beyond_a_year_carry_the_year(tmp_path: Path) -> None:
    """Over more than twelve months a month name would repeat: each label carries its year (2024年12月)."""
    root = write_tree(tmp_path / "records", TREE)
    (chart,) = _charts(_write(tmp_path, root, "--from", "2024-09-01", "--to", "2026-08-31"), tmp_path)
    assert chart.categories == [f"{y}年{m}月" for y in (2024, 2025, 2026) for m in range(1, 13)][8:32]
    per_month = [sum(values[i] for values in chart.series.values()) for i in range(len(chart.categories))]
    recount = Counter(f"{str(a['date'])[:4]}年{int(str(a['date'])[5:7])}月" for a in _yaml(root)["activities"])
    assert per_month == [recount[label] for label in chart.categories]


def test_no_activities_no_chart(tmp_path: Path) -> None:
    """A period without activities has no chart: no drawing in the body and no chart part in the package."""
    root = write_tree(tmp_path / "records", TREE)
    out = _write(tmp_path, root, "--term", "2026-1", "--allow-empty")
    assert _charts(out, tmp_path) == []
    with zipfile.ZipFile(out) as z:
        assert not [n for n in z.namelist() if n.startswith(("word/charts/", "word/embeddings/"))]


def test_labels_with_markup_characters_stay_text(tmp_path: Path) -> None:
    """A dimension labelled with characters XML gives meaning to (& < > " ') is kept as written in the chart and
    in its workbook, and the document still opens."""
    label = """"研&究" <课> '周'"""
    quoted = label.replace("'", "''")  # a single-quoted YAML scalar
    files = dict(TREE)
    files["programme.yaml"] = TREE["programme.yaml"].rstrip(" ") + (
        f"          vocabularies:\n            dimensions:\n              odd: {{label: '{quoted}'}}\n"
        "            activity_kinds:\n              odd: {label: 研究周, dimension: odd}\n"
    )
    files["activities.yaml"] = TREE["activities.yaml"].replace("kind: 联席会议", "kind: odd")
    root = write_tree(tmp_path / "records", files)
    (chart,) = _charts(_write(tmp_path, root, "--from", "2025-09-01", "--to", "2025-09-30"), tmp_path)
    assert chart.series == {"教学教研": [1], label: [1]}
    assert chart.sheet["C1"] == label
