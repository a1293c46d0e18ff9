"""A report of a large programme sums up its long lists (docs/reports.md, "大型项目"), on trees written by the province
benchmark's generator at a small scale, with the list limit lowered to fit them.

The figures are recounted from what `pairkit check --format json` says of each finding and from the YAML read with
a parser of its own: which county a school is in, which school supports a pairing, where a teacher works.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document as DocxDocument
from ruamel.yaml import YAML

from conftest import assert_clean_exit, invoke
from pairkit.report import attention
from test_report import REPO, _body, _table_after

sys.path.insert(0, str(REPO / "benchmarks"))

from gen_province import write_province

YEAR = ["--year", "2025", "--as-of", "2026-09-30"]
YEAR_END = date(2026, 8, 31)
LIMIT = 8


@pytest.fixture(scope="module")
def counties(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two counties, 30 pairings."""
    root = tmp_path_factory.mktemp("counties") / "records"
    write_province(root, scale=0.02)
    return root


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One county, 15 pairings."""
    root = tmp_path_factory.mktemp("county") / "records"
    write_province(root, scale=0.005)
    return root


@pytest.fixture
def limit(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(attention, "LIST_LIMIT", LIMIT)
    return LIMIT


def _report(root: Path, out: Path, *extra: str) -> tuple[DocxDocument, str]:
    result = invoke(["report", str(root), *YEAR, "-o", str(out), *extra])
    assert_clean_exit(result, 0)
    return docx.Document(str(out)), result.output


def _not_met(root: Path) -> list[dict[str, Any]]:
    """The findings of the year that are missed, at risk or waived, as `pairkit check` reports them (findings of a
    longer period, such as a calendar year running on after the school year, are progress in a report)."""
    result = invoke(["check", str(root), *YEAR, "--format", "json"])
    found = json.loads(result.stdout)
    return [
        f
        for f in found
        if f["status"] in ("missed", "at_risk", "waived") and date.fromisoformat(f["period"]["end"]) <= YEAR_END
    ]


def _records(root: Path) -> dict[str, dict[str, dict[str, Any]]]:
    """Units, people and pairings by ID, read from the YAML without pairkit."""
    out: dict[str, dict[str, dict[str, Any]]] = {"units": {}, "people": {}, "pairings": {}}
    for path in sorted(root.rglob("*.yaml")):
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8")) or {}
        for section, by_id in out.items():
            by_id.update({item["id"]: item for item in data.get(section) or []})
    return out


def _county_of(records: dict[str, dict[str, dict[str, Any]]], finding: dict[str, Any]) -> str:
    """A pairing's county is its supporting school's; a school's (in one subject too) or a teacher's, where the
    school is; the whole programme's, 全项目."""
    scope = finding["scope"]
    if scope["kind"] == "programme":
        return "全项目"
    if scope["kind"] in ("supporter", "recipient", "unit", "recipient_subject"):
        unit = scope["id"].split("/")[0]
    elif scope["kind"] == "person":
        unit = records["people"][scope["id"]]["unit"]
    else:
        unit = records["pairings"][finding["pairing"]]["supporter"]
    return str(records["units"][unit]["county"])


def _unassessed(root: Path) -> int:
    """Teachers seconded in the year, back before the as-of day, whose records hold no assessment."""
    return sum(
        1
        for path in root.rglob("*.yaml")
        for s in (YAML(typ="safe").load(path.read_text(encoding="utf-8")) or {}).get("secondments") or []
        if date(2025, 9, 1) <= date.fromisoformat(str(s["end"])) < date(2026, 9, 30) and not s.get("assessments")
    )


def _rows(table: list[list[str]]) -> dict[str, list[str]]:
    return {row[0]: row[1:] for row in table[1:]}


def test_long_lists_are_summed_up_by_rule_and_county(counties: Path, limit: int, tmp_path: Path) -> None:
    """Across two counties, more than the limit of items not met: 三 gives their number and the pairings they
    concern, 表4 counts them by rule and 表5 by county (most first), 四 sums up the misses by rule and names the
    counties with most, and no item is listed; the clerk is told so (PK860) and how to have the lists in full."""
    doc, output = _report(counties, tmp_path / "out.docx")
    items = _not_met(counties)
    records = _records(counties)
    assert len(items) > limit
    pairings = {f["pairing"] for f in items if f["pairing"]}
    body = _body(doc)
    assert f"未达标、有风险和经批准豁免的共{len(items)}项次，涉及{len(pairings)}个结对，按指标汇总见表4，" in body
    assert "按县（市、区）汇总见表5。" in body

    by_rule = _rows(_table_after(doc, "表4 未达标、有风险和经批准豁免的项目（按指标）"))
    statuses = [s for s in ("missed", "at_risk", "waived") if any(f["status"] == s for f in items)]
    expected_rules = {}
    for title in dict.fromkeys(f["rule_title"] for f in items):
        mine = [f for f in items if f["rule_title"] == title]
        counts = [str(sum(f["status"] == s for f in mine)) for s in statuses]
        expected_rules[title] = [str(len(mine)), str(len({f["pairing"] for f in mine if f["pairing"]})), *counts]
    assert by_rule == {**expected_rules, "合计": [str(len(items)), str(len(pairings)), *by_rule["合计"][2:]]}

    by_county = _table_after(doc, "表5 未达标、有风险和经批准豁免的项目（按县（市、区））")
    counted = Counter(_county_of(records, f) for f in items)
    assert by_county[0][:3] == ["县（市、区）", "项次", "涉及结对"]
    assert {row[0]: int(row[1]) for row in by_county[1:-1]} == dict(counted)
    assert [int(row[1]) for row in by_county[1:-1]] == sorted(counted.values(), reverse=True)
    assert by_county[-1][:2] == ["合计", str(len(items))]

    problems = body[body.index("四、存在的问题") : body.index("五、下一步工作打算")]
    missed = [f for f in items if f["status"] == "missed"]
    missed_pairings = {f["pairing"] for f in missed if f["pairing"]}
    assert f"本期共有{len(missed)}项次指标未达到要求，涉及{len(missed_pairings)}个结对。" in problems
    first_rule = next(iter(dict.fromkeys(f["rule_title"] for f in missed)))
    of_first = [f for f in missed if f["rule_title"] == first_rule]
    first_pairings = {f["pairing"] for f in of_first if f["pairing"]}
    assert f"1．“{first_rule}”{len(of_first)}项次，涉及{len(first_pairings)}个结对。" in problems
    most, n = Counter(_county_of(records, f) for f in missed).most_common(1)[0]
    assert f"未达到要求项次较多的县（市、区）：{most}（{n}项次）" in problems
    assert re.findall(r"(?m)^\d+．\d{4}—\d{4}学年", problems) == []  # no item listed
    assert "warning[PK860]" in output
    assert "按指标和县（市、区）汇总" in output
    assert "--annex full" in output
    assert "存在问题清单" not in _body(doc)
    assert "存在问题清单" not in "\n".join(p.text for p in doc.paragraphs)


def test_one_county_is_summed_up_by_pairing(county: Path, limit: int, tmp_path: Path) -> None:
    """In a programme of one county, 表5 counts the items by pairing: the ``limit`` pairings with most, then the rest
    in one line (其余N个); the teachers without an assessment are counted, not named."""
    doc, _ = _report(county, tmp_path / "out.docx")
    items = _not_met(county)
    records = _records(county)
    table = _table_after(doc, "表5 未达标、有风险和经批准豁免的项目（按结对）")
    assert table[0][:2] == ["结对", "项次"]
    counted = Counter(records["pairings"][f["pairing"]]["name"] if f["pairing"] else f["scope"]["label"] for f in items)
    ranked = sorted(counted.values(), reverse=True)
    assert len(counted) > limit
    shown = table[1:-2]
    assert len(shown) == limit
    assert all(counted[row[0]] == int(row[1]) for row in shown)
    assert [int(row[1]) for row in shown] == ranked[:limit]
    assert table[-2][:2] == [f"其余{len(counted) - limit}个", str(sum(ranked[limit:]))]
    assert table[-1][:2] == ["合计", str(len(items))]
    unassessed = _unassessed(county)
    assert unassessed > limit
    assert f"共有{unassessed}名选派教师缺少考核结果。" in _body(doc)


def test_full_annex_gives_every_item(counties: Path, limit: int, tmp_path: Path) -> None:
    """With --annex full the lists summed up in the body are annexed item by item (存在问题清单), the body says where,
    and the clerk gets no PK860."""
    doc, output = _report(counties, tmp_path / "full.docx", "--annex", "full")
    items = _not_met(counties)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "附件：1.选派教师名册\n2.捐赠资金和物资清单\n3.存在问题清单" in text or "3.存在问题清单" in text
    assert "逐项清单见附件3" in _body(doc)
    listed = _table_after(doc, "一、未达标、有风险和经批准豁免的项目")
    assert listed[0] == ["序号", "指标", "期间和范围", "要求", "完成", "情况"]
    assert [row[0] for row in listed[1:]] == [str(i) for i in range(1, len(items) + 1)]
    assert Counter(row[1] for row in listed[1:]) == Counter(f["rule_title"] for f in items)
    teachers = _table_after(doc, "二、缺少考核结果的选派教师")
    assert teachers[0] == ["序号", "姓名", "接收学校", "起止时间", "缺少考核结果的学年"]
    assert len(teachers) == 1 + _unassessed(counties)
    assert {row[4] for row in teachers[1:]} == {"2025—2026学年"}
    assert "PK860" not in output


def test_the_sample_lists_every_item(tmp_path: Path) -> None:
    """Below the limit nothing is summed up: the sample's 表4 lists each item of the year not met, as `check` finds
    them (and the year's progress of longer periods, 截至 its end), and 四 numbers each missed rule once; no 表5, no
    PK860."""
    out = tmp_path / "sample.docx"
    as_of = ["--year", "2025", "--as-of", "2026-11-23"]
    result = invoke(["report", str(REPO / "records"), *as_of, "-o", str(out)])
    assert_clean_exit(result, 0)
    doc = docx.Document(str(out))
    check = invoke(["check", str(REPO / "records"), *as_of, "--format", "json"])
    items = [
        f
        for f in json.loads(check.stdout)
        if f["status"] in ("missed", "at_risk", "waived") and date.fromisoformat(f["period"]["end"]) <= YEAR_END
    ]
    table = _table_after(doc, "表4 未达标、有风险和经批准豁免的项目")
    closed = [row for row in table[1:] if "（截至" not in row[1]]
    assert Counter(row[0] for row in closed) == Counter(f["rule_title"] for f in items)
    assert len(table) - 1 < attention.LIST_LIMIT
    body = _body(doc)
    missed = {f["rule_title"] for f in items if f["status"] == "missed"}
    start = body.index("（一）部分指标未达到要求")
    section = body[start : body.index("（二）", start)]
    numbered = re.findall(r"(?m)^(\d+)．“(.+?)”：", section)
    assert [n for n, _ in numbered] == [str(i) for i in range(1, len(missed) + 1)]
    assert {title for _, title in numbered} == missed
    assert "表5" not in body
    assert "PK860" not in result.output


def test_annexes_too_long_for_word_are_left_out(
    counties: Path, limit: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With --annex full, an annex table longer than the annex limit (the year's activities, the rules' results,
    the items not met) is left out with a warning (PK861) naming its rows and the Excel ledger; shorter lists are
    still annexed, and the body points only to what is annexed."""
    from pairkit.report import make

    monkeypatch.setattr(make, "ANNEX_ROWS", 100)
    doc, output = _report(counties, tmp_path / "full.docx", "--annex", "full")
    items = _not_met(counties)
    activities = sum(
        1
        for path in counties.rglob("*.yaml")
        for a in (YAML(typ="safe").load(path.read_text(encoding="utf-8")) or {}).get("activities") or []
        if date(2025, 9, 1) <= date.fromisoformat(str(a["date"])) <= YEAR_END
    )
    assert len(items) > 100
    assert activities > 100
    assert f"“未达标、有风险和经批准豁免的项目”有 {len(items)} 行，超过 100 行，没有附在报告中" in output
    assert f"“帮扶活动台账”有 {activities} 行，超过 100 行，没有附在报告中" in output
    assert output.count("warning[PK861]") == 3  # and the rules' results
    assert "pairkit export" in output
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "附件：1.选派教师名册\n2.捐赠资金和物资清单\n3.存在问题清单" in text
    assert "帮扶活动台账" not in text
    assert "指标完成情况明细" not in text
    body = _body(doc)
    assert "逐项清单见附件" not in body
    assert "名单见附件3。" in body
    teachers = _table_after(doc, "一、缺少考核结果的选派教师")
    assert len(teachers) == 1 + _unassessed(counties)
