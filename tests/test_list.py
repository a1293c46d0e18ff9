"""`pairkit list KIND`: records in names and labels, filtered, with totals the report agrees with, each row with
the file and line its record is written on; as a table, JSON or CSV (UTF-8 with BOM)."""

from __future__ import annotations

import csv
import functools
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from conftest import BASE, PROGRAMME, assert_clean_exit, invoke, write_tree
from pairkit.messages import Lang
from pairkit.model import Records
from pairkit.model.periods import Calendar
from pairkit.pipeline import validate_tree
from pairkit.report.figures import compute
from pairkit.views.listing import KINDS, Query, kind_key, listing

RECORDS = Path(__file__).resolve().parent.parent / "records"
YEAR_2025 = (date(2025, 9, 1), date(2026, 8, 31))


@functools.cache
def _files() -> list[dict[str, Any]]:
    """The sample's files, read with a plain YAML parser (once)."""
    return [YAML(typ="safe").load(path.read_text(encoding="utf-8")) or {} for path in sorted(RECORDS.rglob("*.yaml"))]


def _section(name: str) -> list[dict[str, Any]]:
    """Every item of ``name`` in the sample, as written."""
    return [item for data in _files() for item in data.get(name) or []]


def _within(day: object, start: date, end: date) -> bool:
    return start <= date.fromisoformat(str(day)) <= end


def _csv(result_bytes: bytes) -> list[list[str]]:
    assert result_bytes.startswith(b"\xef\xbb\xbf")  # the BOM Excel and WPS read as UTF-8
    return list(csv.reader(io.StringIO(result_bytes.decode("utf-8-sig"))))


def test_activities_of_a_pairing_in_a_year_are_the_reports(tmp_path: Path) -> None:
    """`list activities records --pairing yz-ez-li --year 2025 --format csv`: a header row, then one row per
    activity of that pairing dated in the school year — as many as counted here from the YAML and as the report
    of that pairing states; the totals line (stderr) says the same count and the 人次."""
    result = invoke(["list", "activities", str(RECORDS), "--pairing", "yz-ez-li", "--year", "2025", "--format", "csv"])
    assert_clean_exit(result, 0)
    rows = _csv(result.stdout_bytes)
    assert rows[0] == ["日期", "结对", "类型", "学科", "主题", "人次", "天数", "位置"]
    mine = [a for a in _section("activities") if a.get("pairing") == "yz-ez-li" and _within(a["date"], *YEAR_2025)]
    outcome = validate_tree(RECORDS)
    figures = compute(outcome.records, Calendar(outcome.records.programme).parse_year("2025"), "yz-ez-li")
    assert len(rows) - 1 == len(mine) == figures.activity_count
    person_times = sum(a.get("attendance", len(a.get("people", []))) for a in mine)
    assert person_times == figures.activity_person_times
    assert result.stderr == f"共 {len(mine)} 次活动，{person_times} 人次\n"
    assert {row[1] for row in rows[1:]} == {"云溪一中—二中高中部（理科）"}


def test_each_row_says_where_its_record_is_written() -> None:
    """The location column is file:line, and that line of that file is where the record's item begins."""
    result = invoke(["list", "activities", str(RECORDS), "--year", "2025", "--format", "json"])
    assert_clean_exit(result, 0)
    items = json.loads(result.stdout)
    assert len(items) == len([a for a in _section("activities") if _within(a["date"], *YEAR_2025)])
    texts: dict[str, list[str]] = {}
    for item in items:
        lines = texts.setdefault(item["file"], Path(item["file"]).read_text(encoding="utf-8").splitlines())
        line = lines[item["line"] - 1]
        assert line.lstrip().startswith("- "), (item["file"], item["line"])
        block = "\n".join(lines[item["line"] - 1 : item["line"] + 12])
        assert item["date"] in block.split("\n  - ")[0]


@pytest.fixture(scope="module")
def sample() -> Records:
    outcome = validate_tree(RECORDS)
    assert not outcome.has_errors
    return outcome.records


def test_every_kind_lists_all_its_records(sample: Records) -> None:
    """Without filters each kind lists every record of its section, counted here from the YAML."""
    for kind in KINDS:
        assert len(listing(sample, kind, Query(), Lang.ZH).rows) == len(_section(kind)), kind


def test_donations_total_their_money() -> None:
    """The totals line of donations sums cash and goods (quantity × unit value, goods without a value left out), as
    counted here."""
    donations = _section("donations")
    money = sum(
        float(d.get("cash", 0)) + sum(i["quantity"] * i.get("unit_value", 0) for i in d.get("items", []))
        for d in donations
    )
    result = invoke(["list", "donations", str(RECORDS), "-f", "json"])
    assert result.stderr == f"共 {len(donations)} 笔捐赠，{money:g} 元\n"


def test_filters(sample: Records) -> None:
    """--kind by key, Chinese label or English name; --subject; --person; --unit; --term; --from/--to; --grep —
    each narrows the rows to exactly those counted here."""
    acts = _section("activities")
    calendar = Calendar(sample.programme)

    def count(**query: Any) -> int:
        return len(listing(sample, "activities", Query(**query), Lang.ZH).rows)

    demo = [a for a in acts if a["kind"] in ("demo_lesson", "示范课")]
    keys = {kind_key(sample, "activities", name) for name in ("demo_lesson", "示范课", "demonstration lesson")}
    assert keys == {"demo_lesson"}
    assert count(kind="demo_lesson") == len(demo)
    assert count(subject="math") == len([a for a in acts if a.get("subject") in ("math", "数学")])
    assert count(person="p-linhui") == len([a for a in acts if "p-linhui" in a.get("people", [])])
    autumn = [a for a in acts if _within(a["date"], date(2025, 9, 1), date(2026, 1, 23))]
    assert count(period=calendar.parse_term("2025-1")) == len(autumn)
    october = [a for a in acts if _within(a["date"], date(2025, 10, 1), date(2025, 10, 31))]
    assert count(period=calendar.custom(date(2025, 10, 1), date(2025, 10, 31))) == len(october)
    assert count(grep="导数") == len([a for a in acts if "导数" in a["title"]])
    pairings = {p["id"]: p for p in _section("pairings")}
    involving = [
        a
        for a in acts
        if "pairing" in a
        and "yx-yizhong" in (pairings[a["pairing"]]["supporter"], *pairings[a["pairing"]]["recipients"])
    ]
    assert count(unit="yx-yizhong") == len(involving)


def test_filters_from_the_command_line() -> None:
    """The same filters as options: --kind as a Chinese label with --subject, --term and --grep."""
    result = invoke(
        ["list", "activities", str(RECORDS), "-f", "json", "--kind", "示范课", "--subject", "数学", "-t", "2025-1"]
    )
    assert_clean_exit(result, 0)
    expected = [
        a
        for a in _section("activities")
        if a["kind"] in ("demo_lesson", "示范课")
        and a.get("subject") in ("math", "数学")
        and _within(a["date"], date(2025, 9, 1), date(2026, 1, 23))
    ]
    assert sorted(i["title"] for i in json.loads(result.stdout)) == sorted(a["title"] for a in expected)


def test_filters_that_do_not_apply_and_unknown_values_are_usage_errors() -> None:
    """--subject for donations, an unknown --kind or kind of record, an unknown --pairing: one sentence, exit 2."""
    cases = {
        ("donations", "--subject", "数学"): "错误：--subject 不适用于 donations。\n",
        ("units", "--year", "2025"): "错误：--year/--term/--half/--from 不适用于 units。\n",
        ("widgets",): (
            "错误：没有 widgets 这种记录，可选：units（单位）、people（人员）、pairings（结对）、secondments（选派）、"
            "activities（活动）、donations（捐赠）、mentorships（师徒结对）、rules（规则）、groups（领导小组）、"
            "agreements（协议）、person_pairings（个人结对）、students（学生）、awards（获奖和论文）。\n"
        ),
        ("activities", "--pairing", "yz-ez"): "错误：--pairing：没有编号为 yz-ez 的结对，是不是 yz-ez-li？\n",
    }
    for args, message in cases.items():
        result = invoke(["list", args[0], str(RECORDS), *args[1:]])
        assert_clean_exit(result, 2)
        assert result.stderr == message


def test_table_names_and_labels_at_80_columns() -> None:
    """The table shows names and labels, not IDs (the pairing's name once above the rows it shares), every row's
    location whole, and nothing wider than 80 columns; the totals line closes it."""
    from pairkit.cli.lang import width_of

    result = invoke(
        ["list", "activities", str(RECORDS), "--pairing", "wz-gd-st", "--kind", "示范课", "-y", "2025"],
        env={"COLUMNS": "80"},
    )
    assert_clean_exit(result, 0)
    lines = result.stdout.splitlines()
    assert lines[0] == "结对：云溪五中—盖德中学、石滩中学"
    assert lines[-1] == "共 3 次活动，144 人次"
    assert max(width_of(line) for line in lines) <= 80
    assert sum("records/activities/2025-2026.yaml:" in line for line in lines) == 3


def test_english_headers_and_labels() -> None:
    """--lang en: English headers and vocabulary (demonstration lesson, mathematics), and an English totals line."""
    result = invoke(
        [
            "--lang",
            "en",
            "list",
            "activities",
            str(RECORDS),
            "-p",
            "wz-gd-st",
            "--kind",
            "demo_lesson",
            "-y",
            "2025",
            "-f",
            "csv",
        ]
    )
    rows = _csv(result.stdout_bytes)
    assert rows[0] == ["Date", "Pairing", "Kind", "Subject", "Title", "Person-times", "Days", "Location"]
    assert {row[2] for row in rows[1:]} == {"demonstration lesson"}
    assert result.stderr == "3 activities, 144 person-times\n"


def test_output_file_and_invalid_records(tree: Path, tmp_path: Path) -> None:
    """-o people.csv writes the CSV with its BOM (atomically); a tree with errors is not listed (exit 1)."""
    write_tree(tree, {"programme.yaml": PROGRAMME, "base.yaml": BASE})
    target = tmp_path / "people.csv"
    result = invoke(["list", "people", str(tree), "-o", str(target)])
    assert_clean_exit(result, 0)
    assert _csv(target.read_bytes())[1][:3] == ["p-linhui", "林慧", "女"]
    write_tree(tree, {"broken.yaml": "people:\n  - {id: x, name: 某, gender: 未知, unit: u-city}\n"})
    result = invoke(["list", "people", str(tree)])
    assert_clean_exit(result, 1)
    assert result.stderr.endswith("记录有错误，未列出记录：请先改正以上错误。\n")
