"""`pairkit check`: periods from the options, exit codes, JSON and GitHub output, refusal of invalid records."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import PROGRAMME, assert_clean_exit, invoke, line_of, write_tree
from pairkit.cli.lang import width_of

TREE = {
    "programme.yaml": PROGRAMME,
    "base.yaml": """\
units:
  - {id: yz, name: 云溪一中, area: urban}
  - {id: ez, name: 山口中学, area: rural}
pairings:
  - {id: yz-ez, supporter: yz, recipients: [ez], subjects: [math], start: 2024-09-01}
""",
    "rules.yaml": """\
rules:
  - id: demo-5
    title: 示范课每学年不少于5次
    type: count
    period: school_year
    select: {kinds: [demo_lesson]}
    min: 5
  - id: prep-3
    title: 每学期集体备课3次以上
    type: count
    period: term
    severity: warning
    select: {kinds: [lesson_prep]}
    min: 3
""",
    "activities.yaml": """\
activities:
  - {date: 2025-10-10, pairing: yz-ez, kind: demo_lesson, title: 示范课一}
  - {date: 2025-10-11, pairing: yz-ez, kind: lesson_prep, title: 备课一}
  - {date: 2026-09-20, pairing: yz-ez, kind: lesson_prep, title: 备课二}
  - {date: 2026-10-20, pairing: yz-ez, kind: lesson_prep, title: 备课三}
""",
}


def test_closed_year_with_a_missed_error_rule_exits_1_and_names_it(tree: Path) -> None:
    """School year 2025–2026 judged on 2026-11-23: demo-5 (error) missed → exit 1, the summary names demo-5 as
    failing and prep-3 (a warning, not failing without --strict) apart."""
    write_tree(tree, TREE)
    result = invoke(["check", str(tree), "--year", "2025", "--as-of", "2026-11-23"])
    assert_clean_exit(result, 1)
    lines = result.stdout.splitlines()
    assert lines[0] == "2025—2026学年（2025年9月1日至2026年8月31日），按2026年11月23日的情况"
    assert lines[-5:] == [
        "未达标 3",
        "未达标：",
        "  示范课每学年不少于5次：云溪一中—山口中学",
        "未达标（警告）：",
        "  每学期集体备课3次以上：云溪一中—山口中学（秋季学期、春季学期）",
    ]
    rows = [line.split() for line in lines if line.startswith(("示范课", "每学期"))]
    assert rows == [
        ["示范课每学年不少于5次", "2025—2026学年", "不少于5次", "1", "次", "4", "未达标"],
        ["每学期集体备课3次以上", "秋季学期", "不少于3次", "1", "次", "2", "未达标（警告）"],
        ["每学期集体备课3次以上", "春季学期", "不少于3次", "0", "次", "3", "未达标（警告）"],
    ]


def test_strict_counts_missed_warnings(tree: Path) -> None:
    """--strict adds the missed warning rule to the failing ones."""
    write_tree(tree, TREE)
    result = invoke(["check", str(tree), "--year", "2025-2026", "--as-of", "2026-11-23", "--strict"])
    assert_clean_exit(result, 1)
    assert result.stdout.splitlines()[-3:] == [
        "未达标：",
        "  示范课每学年不少于5次：云溪一中—山口中学",
        "  每学期集体备课3次以上：云溪一中—山口中学（秋季学期、春季学期）",
    ]


def test_json_objects_carry_the_contract_fields(tree: Path) -> None:
    """--format json: one object per finding with rule, period {label,start,end}, scope {kind,id,label},
    required, actual, gap and status; the summary goes to stderr."""
    write_tree(tree, TREE)
    result = invoke(["check", str(tree), "--year", "2025", "--as-of", "2026-11-23", "--format", "json"])
    assert_clean_exit(result, 1)
    items = json.loads(result.stdout)
    assert [(i["rule"], i["period"]["label"], i["status"], i["actual"], i["gap"]) for i in items] == [
        ("demo-5", "2025—2026学年", "missed", 1.0, 4.0),
        ("prep-3", "2025—2026学年秋季学期", "missed", 1.0, 2.0),
        ("prep-3", "2025—2026学年春季学期", "missed", 0.0, 3.0),
    ]
    assert items[0]["period"] == {"label": "2025—2026学年", "start": "2025-09-01", "end": "2026-08-31"}
    assert items[0]["scope"] == {"kind": "pairing", "id": "yz-ez", "label": "云溪一中—山口中学"}
    assert (items[0]["required"], items[0]["measure"], items[0]["severity"]) == ("≥ 5", "次", "error")


def test_running_term_has_no_missed_and_exits_0(tree: Path) -> None:
    """The autumn term 2026 judged on 2026-11-23 is running: 2 of 3 sessions is on track, the yearly demo quota
    of 2026–2027 with nothing yet is at risk, nothing is missed, exit 0."""
    write_tree(tree, TREE)
    result = invoke(["check", str(tree), "--term", "2026-1", "--as-of", "2026-11-23", "--format", "json"])
    assert_clean_exit(result, 0)
    items = json.loads(result.stdout)
    assert [(i["rule"], i["period"]["label"], i["status"]) for i in items] == [
        ("demo-5", "2026—2027学年", "at_risk"),
        ("prep-3", "2026—2027学年秋季学期", "on_track"),
    ]


def test_github_format_points_at_the_rule_line(tree: Path) -> None:
    """--format github: an ::error annotation for the missed error rule at its line, ::warning for the others."""
    write_tree(tree, TREE)
    result = invoke(["check", str(tree), "--year", "2025", "--as-of", "2026-11-23", "--format", "github"])
    assert_clean_exit(result, 1)
    demo = line_of(TREE["rules.yaml"], "- id: demo-5")
    prep = line_of(TREE["rules.yaml"], "- id: prep-3")
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"::error file={tree / 'rules.yaml'},line={demo},title=demo-5::"
        "示范课每学年不少于5次：2025—2026学年 云溪一中—山口中学 未达标，要求不少于5次，完成1次"
    )
    assert lines[1].startswith(f"::warning file={tree / 'rules.yaml'},line={prep},title=prep-3::")


def test_rule_and_pairing_filters(tree: Path) -> None:
    """--rule keeps one rule; an unknown --pairing is a usage error with a suggestion (exit 2)."""
    write_tree(tree, TREE)
    result = invoke(["check", str(tree), "-y", "2025", "--as-of", "2026-11-23", "--rule", "prep-3", "-f", "json"])
    assert_clean_exit(result, 0)
    assert {i["rule"] for i in json.loads(result.stdout)} == {"prep-3"}
    result = invoke(["check", str(tree), "-y", "2025", "--pairing", "yz-e"])
    assert_clean_exit(result, 2)
    assert result.stderr == "错误：--pairing：没有编号为 yz-e 的结对，是不是 yz-ez？\n"


def test_usage_errors_are_one_sentence_exit_2(tree: Path) -> None:
    """A bad --year, --from after --to, a bad --as-of and two period options: one sentence each, exit 2."""
    write_tree(tree, TREE)
    cases = {
        ("--year", "25年"): "错误：--year 的值 '25年' 无法识别，应写成 2025 或 2025-2026。\n",
        ("--from", "2026-03-01", "--to", "2026-02-01"): "错误：--from 2026-03-01 晚于 --to 2026-02-01。\n",
        ("--as-of", "2026-02-30"): "错误：--as-of 的值 '2026-02-30' 不是有效日期，应写成 年-月-日，例如 2026-11-23。\n",
        ("--year", "2025", "--term", "2026-1"): "错误：--year 和 --term 只能选一个。\n",
        ("--from", "0001-01-01", "--to", "9999-12-31"): (
            "错误：统计期间 0001-01-01 至 9999-12-31 超出范围：应在 1900—2100 年之间，且不超过 10 年。\n"
        ),
        ("--year", "0001"): "错误：--year 的值 '0001' 无法识别，应写成 2025 或 2025-2026。\n",
    }
    for args, message in cases.items():
        result = invoke(["check", str(tree), *args])
        assert_clean_exit(result, 2)
        assert result.stderr == message


def test_invalid_records_are_not_checked(tree: Path) -> None:
    """A rule with a misspelt field: the validation error is shown with its line, no rule is checked, exit 1."""
    broken = dict(TREE, **{"rules.yaml": TREE["rules.yaml"].replace("    min: 5", "    minimum: 5")})
    write_tree(tree, broken)
    result = invoke(["check", str(tree), "--year", "2025", "--as-of", "2026-11-23"])
    assert_clean_exit(result, 1)
    line = line_of(broken["rules.yaml"], "minimum: 5")
    assert result.stdout.startswith(f"{tree / 'rules.yaml'}:{line}:5: error[PK203]: 规则中有未知字段 minimum")
    assert result.stderr == "记录有错误，未检查指标：请先改正以上错误。\n"


def test_from_to_range_and_english(tree: Path) -> None:
    """--from/--to picks the terms that overlap the range; --lang en prints English headers and statuses."""
    write_tree(tree, TREE)
    result = invoke(
        ["--lang", "en", "check", str(tree), "--from", "2025-10-01", "--to", "2025-12-31", "--as-of", "2026-11-23"]
    )
    assert_clean_exit(result, 1)
    lines = result.stdout.splitlines()
    assert lines[0] == "2025-10-01 to 2025-12-31, as of 2026-11-23"
    assert lines[-5:] == [
        "missed 2",
        "Missed:",
        "  示范课每学年不少于5次: 云溪一中—山口中学 (school year 2025–26)",
        "Missed (warnings):",
        "  每学期集体备课3次以上: 云溪一中—山口中学 (autumn term 2025)",
    ]


RECORDS = Path(__file__).resolve().parent.parent / "records"


def test_sample_records_miss_the_documented_quotas_in_2025() -> None:
    """The sample records, school year 2025–2026 judged on 2026-11-23: exit 1, and the failing rules are the quotas
    missed on purpose; 五中—盖德、石滩 has 3 demonstration lessons, recounted here from the activities."""
    result = invoke(["check", str(RECORDS), "--year", "2025", "--as-of", "2026-11-23", "--format", "json"])
    assert_clean_exit(result, 1)
    items = json.loads(result.stdout)
    failing = {(i["rule"], i["scope"]["id"], i["period"]["label"]) for i in items if i["status"] == "missed"}
    failing = {f for f in failing if next(i for i in items if i["rule"] == f[0])["severity"] == "error"}
    assert failing == {
        ("agreement-signed", "ssy-yf", "2025—2026学年"),
        ("class-activist", "p-zhaoyan", "2025—2026学年春季学期"),
        ("class-party-lesson", "p-hanzhiyuan", "2025—2026学年春季学期"),
        ("community-exchange-5-per-term", "sx-community", "2025—2026学年秋季学期"),
        ("demo-5-per-year", "wz-gd-st", "2025—2026学年"),
        ("every-teacher-mentors", "p-furongsheng", "2025—2026学年"),
        ("every-teacher-mentors", "p-huwenbin", "2025—2026学年"),
        ("exchange-1-per-term", "sz-sb-lf", "2025—2026学年春季学期"),
        ("guidance-monthly", "wx-gj", "2026年1月"),
        ("guidance-monthly", "wx-gj", "2026年2月"),
        ("homework-2-weekly", "p-lizhiqiang", "2025—2026学年秋季学期第6周"),
        ("leader-household", "p-lixiumei", "2025年"),
        ("leader-visit-2-per-year", "p-zhoujianguo", "2025年"),
        ("matching-exchange", "ssy-yf/math", "2025—2026学年"),
        ("mentor-2-3", "p-youyongfu", "2025—2026学年"),
        ("mentor-2-3", "p-zhangxiuying", "2025—2026学年"),
        ("paper-city-level", "yx-yongfeng", "2025—2026学年"),
        ("review-weekly", "sx-community", "2025—2026学年春季学期第9周"),
        ("scheme-by-august", "sz-sb-lf", "2025—2026学年"),
        ("selection-by-july", "zj-2025-04", "2025—2026学年"),
        ("send-off-yearly", "", "2025—2026学年"),
        ("senior-needs-rural-year", "p-yangxueqin", "2025—2026学年"),
        ("shadowing-1-2-per-year", "ssy-yf", "2025—2026学年"),
        ("summary-half-yearly", "bz-ez-wen", "2026年上半年"),
        ("teacher-eligibility", "zj-2025-02", "2025—2026学年"),
        ("teacher-one-year", "zj-2025-04", "2025—2026学年"),
        ("young-open-lesson", "p-guoqing", "2025—2026学年"),
    }
    text = (RECORDS / "activities" / "2025-2026.yaml").read_text(encoding="utf-8")
    blocks = text.split("\n  - ")
    demo = [b for b in blocks if "pairing: wz-gd-st" in b and ("kind: 示范课" in b or "kind: demo_lesson" in b)]
    [finding] = [i for i in items if i["rule"] == "demo-5-per-year" and i["scope"]["id"] == "wz-gd-st"]
    assert finding["actual"] == len(demo) == 3


# Each clause of the seeds the sample carries as a rule, and the rules that carry it: each shows a planted miss.
CLAUSES = {
    "secondments and people sent counted (seeds 001, 003, 004)": [
        "sent-5-per-year",
        "community-exchange-5-per-term",
        "shadowing-1-2-per-year",
    ],
    "per person, chosen by role or attribute (seeds 000, 002, 003)": [
        "leader-household",
        "leader-visit-2-per-year",
        "class-party-lesson",
        "class-activist",
        "young-open-lesson",
        "head-talk-2-per-term",
    ],
    "per receiving school × subject (seed 002)": ["observe-2-per-subject"],
    "a week period (seeds 001, 004)": ["review-weekly", "homework-2-weekly"],
    "a half-year period (seed 001)": ["summary-half-yearly"],
    "an exact one-year duration (seed 002)": ["teacher-one-year"],
    "a scheme filed by a due date (seed 002)": ["scheme-by-august"],
    "programme-level events (seed 000)": ["send-off-yearly"],
    "person-to-class and person-to-household pairings (seed 000)": [
        "leader-household",
        "leader-visit-2-per-year",
        "class-party-lesson",
        "class-activist",
    ],
    "mentor qualification, mentee profile, every teacher of a title (seed 002)": ["every-teacher-mentors"],
    "matching exchanges (seed 003)": ["matching-exchange"],
    "departments covered in three years (seed 003)": ["departments-in-three-years"],
    "papers at city level (seed 003)": ["paper-city-level"],
    "an agreement for each pairing (seed 002)": ["agreement-signed"],
}


def test_each_clause_of_the_seeds_has_a_rule_with_its_seed_quoted_and_a_planted_miss() -> None:
    """Every clause the sample carries is a rule in records/rules.yaml whose comment quotes its seed and says the
    miss is planted (故意), and `check` over 2024–2025 and 2025–2026 (judged on 2026-11-23) shows that rule missed
    — or at risk, for the one counted over the pairing's whole life, which has not ended."""
    text = (RECORDS / "rules.yaml").read_text(encoding="utf-8")
    found: dict[str, set[str]] = {}
    for year in ("2024", "2025"):
        result = invoke(["check", str(RECORDS), "--year", year, "--as-of", "2026-11-23", "--format", "json"])
        for item in json.loads(result.stdout):
            found.setdefault(item["rule"], set()).add(item["status"])
    lines = text.splitlines()
    for clause, rule_ids in CLAUSES.items():
        for rule_id in rule_ids:
            at = lines.index(f"  - id: {rule_id}")
            above: list[str] = []  # the comment lines right above the rule
            while lines[at - 1 - len(above)].startswith("  #"):
                above.append(lines[at - 1 - len(above)])
            comment = "".join(above)
            assert "种子文件" in comment, (clause, rule_id, comment)
            assert "故意" in comment, (clause, rule_id, comment)
        assert any({"missed", "at_risk"} & found.get(r, set()) for r in rule_ids), clause
        lifetime = rule_ids == ["departments-in-three-years"]
        assert any("missed" in found.get(r, set()) for r in rule_ids) or lifetime, clause


def test_sample_records_running_term_has_no_missed() -> None:
    """The running autumn term 2026 of the sample records: nothing missed, exit 0; 一中—二中 math 备课 is at risk."""
    result = invoke(["check", str(RECORDS), "--term", "2026-1", "--as-of", "2026-11-23", "--format", "json"])
    assert_clean_exit(result, 0)
    items = json.loads(result.stdout)
    assert [i for i in items if i["status"] == "missed"] == []
    [prep] = [i for i in items if i["rule"] == "prep-3-per-subject" and i["scope"]["id"] == "yz-ez-li/math"]
    assert (prep["actual"], prep["status"]) == (0.0, "at_risk")


def test_status_filter_lists_exactly_the_missed_rows() -> None:
    """`check records --year 2025 --as-of 2026-11-23 --status missed`: the JSON holds exactly check's missed
    findings; the table at 80 columns has one row per missed finding and no other status; exit 1 as without it."""
    args = [str(RECORDS), "--year", "2025", "--as-of", "2026-11-23"]
    everything = json.loads(invoke(["check", *args, "--format", "json"]).stdout)
    missed = [i for i in everything if i["status"] == "missed"]
    result = invoke(["check", *args, "--status", "missed", "--format", "json"])
    assert_clean_exit(result, 1)
    assert json.loads(result.stdout) == missed
    table = invoke(["check", *args, "--status", "missed"], env={"COLUMNS": "80"})
    assert_clean_exit(table, 1)
    statuses = [
        word
        for line in table.stdout.splitlines()
        for word in re.findall(r"(?<=\s)(达标|进行中|有风险|未达标|不适用|已豁免)", line)
    ]
    assert statuses == ["未达标"] * len(missed)


def test_no_number_or_period_label_is_split() -> None:
    """At any width every period label, requirement (in words: 不少于5次) and amount of every row appears whole
    on one line: a table at 80 or 120 columns, blocks of lines at 40; no line is wider than the terminal."""
    from pairkit.report.wording import requirement

    args = [str(RECORDS), "--year", "2025", "--as-of", "2026-11-23"]
    findings = json.loads(invoke(["check", *args, "--format", "json"]).stdout)
    for columns in (120, 80, 60, 40):
        lines = invoke(["check", *args], env={"COLUMNS": str(columns)}).stdout.splitlines()
        for f in findings:
            label = f["period"]["label"].removeprefix("2025—2026学年") or f["period"]["label"]
            amount = f["done"]  # as the table shows it: 12 次, or a length in words (10个月又10天)
            required = requirement(f["required"], f["measure"])
            for part in (label, amount, required) if f["measure"] != "岁" else (label, amount):
                assert any(part in line for line in lines), (columns, f["rule"], part)
        assert max(width_of(line) for line in lines) <= columns


def test_group_and_sort() -> None:
    """--group-by status makes one table per status (worst first with --sort status); --group-by rule one per
    rule title; --sort gap puts the largest shortfall first."""
    args = [str(RECORDS), "--year", "2025", "--as-of", "2026-11-23", "--status", "missed,at_risk"]
    by_status = invoke(["check", *args, "--group-by", "status", "--sort", "status"]).stdout.splitlines()
    assert [line for line in by_status if line in ("未达标", "有风险", "达标")] == ["未达标", "有风险"]
    by_rule = invoke(["check", *args, "--group-by", "rule"]).stdout.splitlines()
    assert "示范课每学年不少于5次" in by_rule
    assert "帮扶领导每月到结对卫生院工作1天" in by_rule
    flat = invoke(["check", *args, "--group-by", "none", "--sort", "gap", "--format", "json"])
    gaps = [i["gap"] for i in json.loads(flat.stdout)]
    everything = json.loads(invoke(["check", *args[:-2], "--format", "json"]).stdout)
    assert len(gaps) == sum(1 for i in everything if i["status"] in ("missed", "at_risk"))
    rows = [
        line
        for line in invoke(["check", *args, "--group-by", "none", "--sort", "gap"]).stdout.splitlines()
        if "未达标" in line
    ]
    assert rows[0].startswith("对口支教工作期限为一年")  # back 52 days before the year was out: the largest gap


def test_piped_output_has_no_escape_codes_and_no_padding() -> None:
    """Piped (no terminal), with or without colours asked for, check prints no escape code and no line ends in
    spaces; without COLUMNS it is as wide as its widest row, not a guessed terminal."""
    result = invoke(["check", str(RECORDS), "--year", "2025", "--as-of", "2026-11-23"], env={"NO_COLOR": None})
    assert "\x1b" not in result.output
    assert all(line == line.rstrip() for line in result.stdout.splitlines())
    assert not any(line.endswith(" ") for line in result.stderr.splitlines())


def test_unknown_status_is_a_usage_error(tree: Path) -> None:
    """--status with a word that is no status lists the statuses, exit 2."""
    write_tree(tree, TREE)
    result = invoke(["check", str(tree), "--status", "missed,late"])
    assert_clean_exit(result, 2)
    assert result.stderr.startswith("错误：--status 的值 late 无法识别，可选：met（达标）、on_track（进行中）")
