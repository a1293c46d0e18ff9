"""`pairkit status`: one screen over check's findings — the period and how far into it, each pairing by status
with its pace, and the items at risk or missed with what it takes to get back on track; exit status as check."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from conftest import PROGRAMME, assert_clean_exit, invoke, write_tree
from pairkit.cli.lang import width_of
from pairkit.messages import Lang
from pairkit.model import Records
from pairkit.model.periods import Calendar
from pairkit.pipeline import validate_tree
from pairkit.rules import Finding, Status, evaluate
from pairkit.views.findings import back_on_track

RECORDS = Path(__file__).resolve().parent.parent / "records"

TREE = {
    "programme.yaml": PROGRAMME
    + """\
  calendar:
    - year: 2026
      terms:
        - {name: 秋季学期, start: 2026-09-01, end: 2027-01-22}
        - {name: 春季学期, start: 2027-02-22, end: 2027-07-09}
""",
    "base.yaml": """\
units:
  - {id: yz, name: 云溪一中, area: urban}
  - {id: ez, name: 山口中学, area: rural}
people:
  - {id: p-zhou, name: 周文杰, gender: 男, unit: yz}
  - {id: p-li, name: 李想, gender: 女, unit: ez}
  - {id: p-wang, name: 王芳, gender: 女, unit: ez}
  - {id: p-zhao, name: 赵敏, gender: 女, unit: ez}
  - {id: p-qian, name: 钱进, gender: 男, unit: ez}
pairings:
  - {id: yz-ez, name: 一中—山口中学, supporter: yz, recipients: [ez], start: 2024-09-01}
mentorships:
  - {mentor: p-zhou, mentees: [p-li, p-wang, p-zhao, p-qian], pairing: yz-ez, start: 2026-09-01}
""",
    "rules.yaml": """\
rules:
  - {id: demo-5, title: 示范课每学期不少于5次, type: count, period: term, select: {kinds: [demo_lesson]}, min: 5}
  - {id: mentor-2-3, title: 每人带2-3名青年教师, type: mentor_load, min: 2, max: 3}
""",
    "activities.yaml": """\
activities:
  - {date: 2026-09-10, pairing: yz-ez, kind: demo_lesson, title: 示范课一}
  - {date: 2026-10-10, pairing: yz-ez, kind: demo_lesson, title: 示范课二}
  - {date: 2026-11-10, pairing: yz-ez, kind: demo_lesson, title: 示范课三}
""",
}


def test_status_of_the_sample_fits_one_screen_and_exits_as_check() -> None:
    """`pairkit status records --as-of 2026-11-23` at 80 columns: at most 40 lines; the running term is named
    with day 84 of 144; the at-risk findings of `check --term 2026-1` are counted, the first of them (worst
    first) named by rule title and pairing, and the rest summed up as 另有 N 项; exit 0 as check's."""
    result = invoke(["status", str(RECORDS), "--as-of", "2026-11-23"], env={"COLUMNS": "80"})
    check = invoke(["check", str(RECORDS), "--term", "2026-1", "--as-of", "2026-11-23", "--format", "json"])
    assert result.exit_code == check.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) <= 40
    assert max(width_of(line) for line in lines) <= 80  # a Chinese character takes two columns
    assert lines[:3] == [
        "2026—2027学年秋季学期（2026年9月1日至2027年1月22日）",
        "截至2026年11月23日：第 84 天，共 144 天",
        "达标 274 · 进行中 46 · 有风险 23 · 不适用 1",
    ]
    at_risk = [i for i in json.loads(check.stdout) if i["status"] == "at_risk"]
    assert len(at_risk) == 23
    names = {p["id"]: p["name"] for p in json.loads(invoke(["list", "pairings", str(RECORDS), "-f", "json"]).stdout)}
    text = result.stdout
    shown = [i for i, line in enumerate(lines) if line.startswith("有风险  ")]
    assert f"另有 {len(at_risk) - len(shown)} 项，用 pairkit check --status missed,at_risk 列出全部。" in text
    for i in shown:  # each names a rule that is at risk and, on the next line, the pairing it is at risk in
        title = lines[i].removeprefix("有风险  ")
        pairings = {names[f["pairing"]] for f in at_risk if f["rule_title"] == title and f["pairing"]}
        assert any(lines[i + 1].strip().startswith(name) for name in pairings), title


def test_status_counts_are_checks_counts() -> None:
    """The JSON dashboard counts exactly what check finds, per status and per pairing, and its attention list is
    check's at-risk and missed findings, missed first."""
    args = [str(RECORDS), "--year", "2025", "--as-of", "2026-11-23"]
    board = json.loads(invoke(["status", *args, "--format", "json"]).stdout)
    findings = json.loads(invoke(["check", *args, "--format", "json"]).stdout)
    assert board["counts"] == {s: sum(1 for f in findings if f["status"] == s) for s in board["counts"]}
    assert sum(board["counts"].values()) == len(findings)
    for row in board["pairings"]:
        mine = [f for f in findings if f["pairing"] == row["pairing"]]
        assert sum(row["counts"].values()) == len(mine), row["name"]
    attention = [(f["rule"], f["scope"]["id"], f["period"]["label"]) for f in board["attention"]]
    expected = [
        (f["rule"], f["scope"]["id"], f["period"]["label"]) for f in findings if f["status"] in ("missed", "at_risk")
    ]
    assert sorted(attention) == sorted(expected)
    assert [f["status"] for f in board["attention"]] == sorted(
        (f["status"] for f in board["attention"]), key=["missed", "at_risk"].index
    )
    assert board["period"] == {
        "label": "2025—2026学年",
        "start": "2025-09-01",
        "end": "2026-08-31",
        "days": 365,
        "elapsed_days": 365,
    }


def test_pace_is_the_share_done_recounted_from_checks_numbers() -> None:
    """Each pairing's pace is the mean, over its findings judged (not n/a, not waived), of done ÷ minimum (at most
    1), and for a condition 1 when met else 0 — recounted here from check's JSON."""
    args = [str(RECORDS), "--term", "2026-1", "--as-of", "2026-11-23"]
    board = json.loads(invoke(["status", *args, "--format", "json"]).stdout)
    findings = json.loads(invoke(["check", *args, "--format", "json"]).stdout)
    for row in board["pairings"]:
        shares = [
            min(f["actual"] / f["minimum"], 1.0) if f["minimum"] else float(f["status"] == "met")
            for f in findings
            if f["pairing"] == row["pairing"] and f["status"] in ("met", "on_track", "at_risk", "missed")
        ]
        assert row["done"] == round(sum(shares) / len(shares), 3), row["name"]


def test_exit_status_follows_check_in_a_closed_term(tree: Path) -> None:
    """After the autumn term has ended with 3 of 5 demonstration lessons, status and check both exit 1."""
    write_tree(tree, TREE)
    for command in ("status", "check"):
        result = invoke([command, str(tree), "--term", "2026-1", "--as-of", "2027-02-01"])
        assert_clean_exit(result, 1)


def _finding(tree: Path, rule: str, as_of: date) -> tuple[Records, Finding]:
    outcome = validate_tree(tree)
    term = Calendar(outcome.records.programme).parse_term("2026-1")
    [finding] = evaluate(outcome.records, term, as_of, rule_ids={rule})
    return outcome.records, finding


@pytest.mark.parametrize(
    ("as_of", "zh", "en"),
    [
        (
            date(2026, 12, 19),
            "还需 2 次示范课，本学期还剩 34 天",
            "2 more demonstration lessons; 34 days left this term",
        ),
        (
            date(2027, 2, 1),
            "差 2 次示范课，本学期已于2027年1月22日结束",
            "2 demonstration lessons short; this term ended on 2027-01-22",
        ),
    ],
)
def test_what_it_takes_to_get_back_on_track(tree: Path, as_of: date, zh: str, en: str) -> None:
    """A term quota of 5 demonstration lessons with 3 done: the shortfall (5 − 3) and the days from the as-of day
    to the term's end (2027-01-22 − 2026-12-19 = 34), or, once the term is over, the day it ended."""
    write_tree(tree, TREE)
    records, finding = _finding(tree, "demo-5", as_of)
    assert finding.status in (Status.AT_RISK, Status.MISSED)
    assert back_on_track(finding, records, as_of, Lang.ZH) == zh
    assert back_on_track(finding, records, as_of, Lang.EN) == en


def test_a_maximum_passed_says_by_how_much(tree: Path) -> None:
    """A mentor with 4 mentees against 2–3: one over the maximum, with the days left in the school year."""
    write_tree(tree, TREE)
    as_of = date(2026, 11, 23)
    records, finding = _finding(tree, "mentor-2-3", as_of)
    days = (date(2027, 8, 31) - as_of).days
    assert back_on_track(finding, records, as_of, Lang.ZH) == f"超出上限 1 人，本学年还剩 {days} 天"
    assert (
        back_on_track(finding, records, as_of, Lang.EN)
        == f"1 person over the maximum; {days} days left this school year"
    )


def test_status_in_english_and_piped(tree: Path) -> None:
    """--lang en: the term as autumn term 2026, English statuses and headers; piped, no escape codes and no
    trailing spaces."""
    write_tree(tree, TREE)
    result = invoke(["--lang", "en", "status", str(tree), "--as-of", "2026-12-19"])
    assert_clean_exit(result, 0)
    lines = result.stdout.splitlines()
    assert lines[:3] == ["autumn term 2026 (2026-09-01 to 2027-01-22)", "as of 2026-12-19: day 110 of 144", "at risk 2"]
    assert "\x1b" not in result.output
    assert all(line == line.rstrip() for line in lines)
    assert "2 more demonstration lessons; 34 days left this term" in result.stdout


def test_status_rejects_github_format(tree: Path) -> None:
    """status speaks text or JSON: --format github is a usage error (exit 2)."""
    write_tree(tree, TREE)
    result = invoke(["status", str(tree), "--format", "github"])
    assert_clean_exit(result, 2)
    assert result.stderr == "错误：status 的 --format 只能是 text 或 json。\n"


def test_a_period_still_to_come_says_when_it_starts(tree: Path) -> None:
    """Before the term begins (the records already plan 3 of the 5 lessons), what is needed is told with the day the
    term starts, not as thousands of days left."""
    write_tree(tree, TREE)
    as_of = date(2026, 8, 20)
    records, finding = _finding(tree, "demo-5", as_of)
    assert back_on_track(finding, records, as_of, Lang.ZH) == "还需 2 次示范课，学期于2026年9月1日开始"
    assert (
        back_on_track(finding, records, as_of, Lang.EN) == "2 more demonstration lessons; the term starts on 2026-09-01"
    )
