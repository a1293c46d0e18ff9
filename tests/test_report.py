"""`pairkit report`: the Word summary read back with python-docx and compared with an independent recount."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import textwrap
import zipfile
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from ruamel.yaml import YAML

from conftest import assert_clean_exit, invoke, records_hash, write_tree
from pairkit import __version__
from pairkit.diagnostics import Source
from pairkit.model import Records
from pairkit.model.periods import Period
from pairkit.report import attention
from pairkit.rules.results import Finding, Scope, Status

REPO = Path(__file__).resolve().parent.parent

TREE = {
    "programme.yaml": """\
        programme:
          name: 云溪县城乡学校结对帮扶工作
          office: 云溪县教育局
        """,
    "units.yaml": """\
        units:
          - {id: u-city, name: 城关一中, area: 城区}
          - {id: u-r1, name: 山村中学, area: 农村}
          - {id: u-r2, name: "研发&测试*中心|一部 <b>", area: 农村}
          - {id: u-city2, name: 城关二中, area: 城区}
          - {id: u-r3, name: 河口小学, area: 农村}
          - {id: u-branch, name: 河口村党支部, kind: 村党支部, area: 农村}
        """,
    "people.yaml": """\
        people:
          - {id: p-lin, name: 林慧, gender: 女, unit: u-city, subjects: [数学], title: 一级教师}
          - {id: p-wang, name: 王强, gender: 男, unit: u-city, subjects: [语文]}
          - {id: p-zhao, name: 赵敏, gender: 女, unit: u-r1, political_status: 共青团员}
          - {id: p-qian, name: 钱进, gender: 男, unit: u-r1, party_member: true}
        """,
    "pairings.yaml": """\
        pairings:
          - {id: pr-1, name: 城关一中—山村中学, supporter: u-city, recipients: [u-r1, u-r2], start: 2024-09-01}
          - {id: pr-2, name: 城关二中—河口小学, supporter: u-city2, recipients: [u-r3], start: 2025-09-01}
        """,
    "secondments.yaml": """\
        secondments:
          - id: s-lin
            person: p-lin
            to: u-r1
            pairing: pr-1
            start: 2025-09-01
            end: 2026-07-10
            assessments: [{school_year: 2025, result: 优秀}]
            allowances:
              - {kind: 生活补助, amount: 3000, months: 10}
              - {kind: 被褥置办费, amount: 1000}
          - {id: s-wang, person: p-wang, kind: 交流轮岗, to: u-r2, pairing: pr-1, start: 2025-09-01, end: 2026-01-20}
        """,
    "activities.yaml": """\
        activities:
          - {date: 2025-09-10, pairing: pr-1, kind: 示范课, subject: 数学, title: 一次函数示范课,
             people: [p-lin, p-zhao], attendance: 45}
          - {date: 2025-10-12, pairing: pr-1, kind: 集体备课, subject: 数学, title: 单元集体备课,
             people: [p-lin, p-zhao, p-qian]}
          - {date: 2026-03-20, pairing: pr-1, kind: lecture, title: 家校沟通讲座, attendance: 60}
          - {date: 2025-09-15, pairing: pr-2, kind: 联席会议, title: 结对工作联席会议, attendance: 8}
          - {date: 2024-12-01, pairing: pr-1, kind: 示范课, title: 上一学年的示范课, attendance: 30}
        """,
    "donations.yaml": """\
        donations:
          - {date: 2025-10-01, donor: u-city, recipient: u-r1, pairing: pr-1, title: 助学, cash: 12000.5}
          - date: 2026-04-01
            donor: u-city
            recipient: u-r2
            title: 改善办学条件
            cash: 3000
            items:
              - {name: 课桌椅, quantity: 10, unit: 套, unit_value: 380}
              - {name: 图书, quantity: 200, unit: 册, unit_value: 25.5}
          - {date: 2025-06-01, donor: u-city, recipient: u-r1, cash: 99999}
          - {date: 2026-05-01, donor: u-city, recipient: u-branch, title: 党群服务中心建设, cash: 5000}
        """,
    "mentorships.yaml": """\
        mentorships:
          - {mentor: p-lin, mentees: [p-zhao, p-qian], pairing: pr-1, start: 2025-09-01}
        """,
}
YEAR = Period(date(2025, 9, 1), date(2026, 8, 31), "2025—2026学年", "school_year")


def _yaml(root: Path) -> dict[str, list[dict[str, Any]]]:
    """The records as plain data, read with a YAML parser of its own: the recount does not use pairkit."""
    data: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(root.rglob("*.yaml")):
        for key, value in (YAML(typ="safe").load(path.read_text(encoding="utf-8")) or {}).items():
            if isinstance(value, list):
                data.setdefault(key, []).extend(value)
    return data


def _in(day: Any, start: date = YEAR.start, end: date = YEAR.end) -> bool:
    return start <= date.fromisoformat(str(day)) <= end


def _recount(root: Path, start: date = YEAR.start, end: date = YEAR.end) -> dict[str, Any]:
    """The figures a report states, counted from the YAML with the rules docs/reports.md gives, not with pairkit."""
    data = _yaml(root)
    acts = [a for a in data.get("activities", []) if _in(a["date"], start, end)]
    dons = [d for d in data.get("donations", []) if _in(d["date"], start, end)]
    kinds = {u["id"]: u.get("kind", "学校") for u in data.get("units", [])}
    cash = sum(float(d.get("cash", 0)) for d in dons)
    valued = [i for d in dons for i in d.get("items", []) if "unit_value" in i]  # no value: counted apart, never 0 元
    goods = sum(float(i["quantity"]) * float(i["unit_value"]) for i in valued)
    unvalued: dict[tuple[str, str], float] = {}
    for d in dons:
        for i in d.get("items", []):
            if "unit_value" not in i:
                key = (i["name"], i.get("unit", ""))
                unvalued[key] = unvalued.get(key, 0) + float(i["quantity"])
    by_recipient: dict[str, list[float]] = {}
    for d in dons:
        group = by_recipient.setdefault(kinds[d["recipient"]], [0.0, 0.0])
        group[0] += float(d.get("cash", 0))
        group[1] += sum(float(i["quantity"]) * float(i["unit_value"]) for i in d.get("items", []) if "unit_value" in i)
    students: dict[str, int] = {}
    for s in data.get("students", []):
        if _in(s["date"], start, end):
            students[s["kind"]] = students.get(s["kind"], 0) + s.get("count", 1)
    awards = [a for a in data.get("awards", []) if _in(a["date"], start, end)]
    running = [
        m
        for m in data.get("mentorships", [])
        if date.fromisoformat(str(m["start"])) <= end and ("end" not in m or date.fromisoformat(str(m["end"])) >= start)
    ]
    allowances: dict[str, float] = {}
    for sec in data.get("secondments", []):
        s_start, s_end = date.fromisoformat(str(sec["start"])), date.fromisoformat(str(sec["end"]))
        if s_start > end or s_end < start:
            continue
        share = ((min(s_end, end) - max(s_start, start)).days + 1) / ((s_end - s_start).days + 1)
        for a in sec.get("allowances", []):
            months = a.get("months", 1)
            paid = (1 if start <= s_start <= end else 0) if months == 1 else int(months * share + 0.5)
            if paid:
                allowances[a["kind"]] = allowances.get(a["kind"], 0) + a["amount"] * paid
    return {
        "activities": len(acts),
        "person_times": sum(a["attendance"] if "attendance" in a else len(a.get("people", [])) for a in acts),
        "cash": cash,
        "goods": goods,
        "donations": len(dons),
        "by_recipient": by_recipient,
        "pairs": len({(m["mentor"], p) for m in running for p in m["mentees"]}),
        "mentors": len({m["mentor"] for m in running}),
        "mentees": len({p for m in running for p in m["mentees"]}),
        "allowances": allowances,
        "unvalued": unvalued,
        "students": students,
        "awards": len(awards),
        "awards_by_kind": {k: sum(1 for a in awards if a["kind"] == k) for k in {a["kind"] for a in awards}},
        "awards_city_up": sum(1 for a in awards if a["level"] in ("市级", "省级", "国家级")),
        "groups": [g for g in data.get("groups", []) if "pairing" not in g],
    }


def _wan(value: float) -> str:
    """Money as the report words it (docs/reports.md): whole hundreds from 1万 up in 万元, the rest in 元."""
    if value >= 10000 and round(value, 2) % 100 == 0:
        return f"{_num(value / 10000)}万元"
    return f"{_num(value)}元"


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0").rstrip(".")


def _text(doc: DocxDocument) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def _report(tmp_path: Path, *extra: str, files: dict[str, str] | None = None) -> tuple[DocxDocument, str]:
    root = write_tree(tmp_path / "records", files or TREE)
    out = tmp_path / "out.docx"
    result = invoke(["report", str(root), "--as-of", "2026-11-01", "-o", str(out), *extra])
    assert_clean_exit(result, 0)
    return docx.Document(str(out)), result.output


def _table_after(doc: DocxDocument, caption: str) -> list[list[str]]:
    """The rows of the first table that follows the paragraph ``caption`` in the body."""
    seen = False
    for block in doc.element.body.iterchildren():
        if block.tag == qn("w:p") and Paragraph(block, doc._body).text == caption:
            seen = True
        elif seen and block.tag == qn("w:tbl"):
            return [[c.text for c in row.cells] for row in Table(block, doc._body).rows]
    raise AssertionError(f"no table after {caption!r}")


def test_headline_figures_equal_a_recount(tmp_path: Path) -> None:
    """The 基本情况 sentences and 表1 state the counts, 人次, allowances, donations by kind of recipient and
    mentor–mentee pairs that a recount of the YAML gives, each worded as an office writes it."""
    doc, _ = _report(tmp_path, "--year", "2025")
    n = _recount(tmp_path / "records")
    assert (n["activities"], n["person_times"], n["cash"], n["goods"]) == (4, 116, 20000.5, 8900.0)
    text = _text(doc)
    assert f"开展各类帮扶活动{n['activities']}次、参与{n['person_times']}人次。" in text
    school, branch = n["by_recipient"]["学校"], n["by_recipient"]["村党支部"]
    total = n["cash"] + n["goods"]
    assert (
        f"向受援学校捐赠资金{_wan(school[0])}、物资折价{_wan(school[1])}，向村党支部捐赠资金{_wan(branch[0])}，"
        f"合计{_wan(total)}。"
    ) in text
    assert "捐赠资金15000.5元、物资折价8900元，向村党支部捐赠资金5000元，合计28900.5元。" in text
    assert "捐赠的物资有图书200册、课桌椅10套。" in text  # by value: 5100 元 of books, 3800 元 of desks
    assert "共有结对2个，涉及支援学校2所，受援学校3所。" in text
    assert "选派教师2人到受援学校任教或交流，其中支教1人、交流轮岗1人。" in text
    living, bedding = n["allowances"]["生活补助"], n["allowances"]["被褥置办费"]
    assert (living, bedding) == (30000, 1000)
    assert f"本期为选派教师发放生活补助{_wan(living)}、被褥置办费{_wan(bedding)}，共{_wan(living + bedding)}。" in text
    assert f"开展师徒结对{n['pairs']}对，{n['mentors']}名导师带教青年教师{n['mentees']}人。" in text
    assert n["pairs"] == 2  # one mentorship record, two pairs
    table = {row[0]: row[1] for row in _table_after(doc, "表1 主要数据")[1:]}
    assert table["帮扶活动"] == str(n["activities"])
    assert table["参与活动"] == str(n["person_times"])
    assert table["捐赠合计"] == _num(total)
    assert table["选派教师补助"] == _num(living + bedding)
    assert table["师徒结对"] == str(n["pairs"])


def test_kind_table_and_annexes_add_up(tmp_path: Path) -> None:
    """表2's rows, grouped by 帮扶内容, and the donation list each total what the records hold for the year; the
    activity ledger and the rule detail are annexed only with --annex full."""
    doc, _ = _report(tmp_path, "--year", "2025")
    n = _recount(tmp_path / "records")
    kinds = _table_after(doc, "表2 帮扶活动分类统计")
    assert kinds[0] == ["帮扶内容", "活动类型", "次数", "参与人次"]
    assert kinds[1:-1] == [
        ["教学教研", "示范课", "1", "45"],
        ["", "集体备课", "1", "3"],
        ["", "专题讲座", "1", "60"],
        ["管理交流", "联席会议", "1", "8"],
    ]
    assert kinds[-1] == ["合计", "", str(n["activities"]), str(n["person_times"])]
    donations = _table_after(doc, "捐赠资金和物资清单")
    assert donations[-1][4:] == ["3笔", _num(n["cash"]), _num(n["goods"]), _num(n["cash"] + n["goods"])]
    assert donations[2][1] == "2026年4月1日"
    assert donations[2][4] == "改善办学条件：课桌椅10套、图书200册"
    roster = _table_after(doc, "选派教师名册")
    assert [row[1] for row in roster[1:]] == ["林慧", "王强"]
    assert roster[1][7:] == ["2025年9月1日至2026年7月10日", "2025—2026学年优秀"]
    text = _text(doc)
    assert "附件：1.选派教师名册" in text
    assert "帮扶活动台账" not in text
    full, _ = _report(tmp_path / "full", "--year", "2025", "--annex", "full")
    ledger = _table_after(full, "帮扶活动台账")
    assert len(ledger) == 1 + n["activities"] + 1  # header, one row each, total
    assert [row[1] for row in ledger[1:-1]] == ["2025年9月10日", "2025年9月15日", "2025年10月12日", "2026年3月20日"]
    assert "3.帮扶活动台账" in _text(full)


def test_values_are_text_not_markdown(tmp_path: Path) -> None:
    """A unit named with Markdown and HTML characters is printed as written, in the text and in the tables."""
    doc, _ = _report(tmp_path, "--year", "2025")
    roster = _table_after(doc, "选派教师名册")
    assert roster[2][6] == "研发&测试*中心|一部 <b>"


# How the sample's activity kinds are grouped (programme.yaml and the default vocabulary, written out here).
SAMPLE_DIMENSIONS = {
    "师资帮扶": ["跟岗观摩", "教师培训", "欢送会"],
    "教学教研": [
        "说课教研",
        "教学研究活动",
        "示范课",
        "集体备课",
        "专题讲座",
        "信息技术整合课",
        "公开课",
        "质量分析",
        "教学经验交流会",
        "送教下乡",
        "课题研究",
        "听评课",
        "作业批改",
    ],
    "管理交流": [
        "管理经验讲座",
        "检查督导",
        "联席会议",
        "中层干部跟班",
        "德育经验交流会",
        "走访互访",
        "工作总结",
        "动员会",
    ],
    "学生交流": ["学生交流"],
    "卫生帮扶": ["业务指导", "义诊"],
    "党建共建": ["党课", "走访慰问"],
}
AWARD_ORDER = ["论文", "优质课", "表彰", "竞赛"]
KIND_LABELS = {
    "demo_lesson": "示范课",
    "lesson_prep": "集体备课",
    "lecture": "专题讲座",
    "observation": "跟岗观摩",
    "joint_meeting": "联席会议",
}


def _sample(tmp_path: Path, *extra: str) -> tuple[DocxDocument, str]:
    out = tmp_path / "sample.docx"
    period = ["--year", "2025", "--as-of", "2026-11-23"]
    result = invoke(["report", str(REPO / "records"), *period, "-o", str(out), *extra])
    assert_clean_exit(result, 0)
    return docx.Document(str(out)), result.output


def _body(doc: DocxDocument) -> str:
    """Every paragraph and table cell before the first annex: what the body of the report says."""
    out = []
    for block in doc.element.body.iterchildren():
        if block.tag == qn("w:p"):
            text = Paragraph(block, doc._body).text
            if text == "附件1":
                break
            out.append(text)
        elif block.tag == qn("w:tbl"):
            out.extend(c.text for row in Table(block, doc._body).rows for c in row.cells)
    return "\n".join(out)


def test_sample_records_recount(tmp_path: Path) -> None:
    """On the sample records/, the activity count, each 帮扶内容's count, the kinds it names and the kinds it sums up,
    the donation total and the mentor pairs equal a recount of the YAML files."""
    doc, _ = _sample(tmp_path)
    data = _yaml(REPO / "records")
    n = _recount(REPO / "records")
    text = _text(doc)
    assert f"开展各类帮扶活动{n['activities']}次、参与{n['person_times']}人次。" in text
    assert f"合计{_wan(n['cash'] + n['goods'])}" in text
    assert f"开展师徒结对{n['pairs']}对，{n['mentors']}名导师带教青年教师{n['mentees']}人。" in text
    acts = [a for a in data["activities"] if _in(a["date"])]
    counts: dict[str, int] = {}
    first: dict[str, str] = {}
    for a in sorted(acts, key=lambda a: str(a["date"])):
        kind = KIND_LABELS.get(a["kind"], a["kind"])
        counts[kind] = counts.get(kind, 0) + 1
        first.setdefault(kind, str(a["date"]))
    sentence = next(p for p in text.splitlines() if p.startswith("开展各类帮扶活动"))
    for dimension, members in SAMPLE_DIMENSIONS.items():
        ranked = sorted((k for k in members if k in counts), key=lambda k: (-counts[k], first[k]))
        total = sum(counts[k] for k in ranked)
        if len(ranked) == 1:
            assert f"{ranked[0]}{total}次" in sentence, dimension
            continue
        named = ranked if len(ranked) <= 4 else ranked[:3]
        others = ranked[len(named) :]
        part = f"{dimension}活动{total}次（" + "、".join(f"{k}{counts[k]}次" for k in named)
        if others:
            more = "等" if len(others) > 2 else ""
            part += f"，另有{'、'.join(others[:2])}{more}{len(others)}类{sum(counts[k] for k in others)}次"
        assert part + "）" in sentence, (dimension, sentence)
    assert sum(counts.values()) == n["activities"]
    # Students, awards and goods given without a value, counted from the YAML (docs/reports.md's conventions).
    said = {"接收就读": "接收学生{}名就读", "资助": "资助家庭经济困难学生{}名", "入党积极分子": "培养入党积极分子{}名"}
    students = "，".join(said[k].format(n["students"][k]) for k in said if k in n["students"])
    assert students
    assert f"{students}。" in text
    table = {row[0]: (row[1], row[2]) for row in _table_after(doc, "表1 主要数据")}
    assert table["接收就读学生"] == (str(n["students"]["接收就读"]), "人")
    assert table["资助学生"] == (str(n["students"]["资助"]), "人")
    assert table["获奖和论文"] == (str(n["awards"]), "项")
    kinds_said = "、".join(
        f"{k}{c}项" for k, c in sorted(n["awards_by_kind"].items(), key=lambda x: AWARD_ORDER.index(x[0]))
    )
    assert f"获得各类表彰、奖励和论文{n['awards']}项（{kinds_said}）" in text
    assert ("其中市级以上" in text) is (n["awards_city_up"] > 0)
    assert n["unvalued"], "the sample gives goods without a value in this year"
    for (name, unit), quantity in n["unvalued"].items():
        assert f"{name}{_num(quantity)}{unit}" in text.split("另有", 1)[1].split("未折价", 1)[0]
        assert table[f"捐赠物资（未折价）：{name}"] == (_num(quantity), unit)
    assert (
        re.findall(r"(?<![\d.])0元", text.split("物资帮扶", 1)[1].split("（五）", 1)[0]) == []
    )  # never summed as 0 元
    # The leadership group of the programme (no pairing) in 一、基本情况, with its leader and office.
    basic = text[text.index("一、基本情况") : text.index("二、主要做法和成效")]
    people = {p["id"]: p["name"] for p in data["people"]}
    for group in n["groups"]:
        assert f"成立{group['name']}" in basic
        assert "、".join(people[p] for p in group["leaders"]) in basic.split(group["name"], 1)[1].split("任组长")[0]
        assert f"成员{len(group.get('members', []))}人" in basic
        if "office" in group:
            assert f"领导小组办公室设在{group['office']}" in basic
    # 表3: every rule's findings add up across the status columns (the sample has one waiver, so 已豁免 is shown).
    rows = _table_after(doc, "表3 指标完成情况")
    assert rows[0][-1] == "已豁免"
    for row in rows[1:]:
        assert int(row[2]) == sum(int(cell) for cell in row[3:]), row


def test_table3_of_many_rules_lists_those_not_met(tmp_path: Path) -> None:
    """With more rules than 表3 lists one by one (the sample has 45), 表3 lists each rule with an item missed, at
    risk or waived, with the counts `check` finds, and sums up the rules whose items are all met in one line; 合计
    still counts every item. The intro says so. A rule counted over a longer period (进度) is recounted apart."""
    doc, _ = _sample(tmp_path)
    check = invoke(["check", str(REPO / "records"), "--year", "2025", "--as-of", "2026-11-23", "--format", "json"])
    found = [f for f in json.loads(check.stdout) if f["status"] != "not_applicable"]
    judged = [f for f in found if date.fromisoformat(f["period"]["end"]) <= YEAR.end]
    # A period around the report's is progress; one straddling its end (the calendar year 2026) is the next report's.
    running = {
        f["rule_title"]
        for f in found
        if date.fromisoformat(f["period"]["start"]) <= YEAR.start and date.fromisoformat(f["period"]["end"]) > YEAR.end
    }
    by_rule: dict[str, Counter[str]] = {}
    for f in judged:
        by_rule.setdefault(f["rule_title"], Counter())[f["status"]] += 1
    troubled = {title for title, c in by_rule.items() if c["missed"] or c["at_risk"] or c["waived"]}
    assert len(by_rule) > attention.RULE_ROWS
    rows = _table_after(doc, "表3 指标完成情况")
    keys = {s.label: str(s) for s in attention.STATUS_COLUMNS}
    columns = [keys[label] for label in rows[0][3:]]
    listed = {row[0]: row for row in rows[1:-2] if not row[0].endswith("（进度）")}
    assert set(listed) == troubled
    for title, row in listed.items():
        assert row[2:] == [str(sum(by_rule[title].values())), *(str(by_rule[title][k]) for k in columns)], title
    progress = [row for row in rows[1:-2] if row[0].endswith("（进度）")]
    assert {row[0].removesuffix("（进度）") for row in progress} == running  # the sample's is behind
    rest = [title for title in by_rule if title not in troubled]
    summed = Counter[str]()
    for title in rest:
        summed.update(by_rule[title])
    assert set(summed) == {"met"}
    rest_row = [f"其余{len(rest)}项指标（均已达标）", "", str(summed.total()), *(str(summed[k]) for k in columns)]
    assert rows[-2] == rest_row
    shown = rows[1:-1]
    assert rows[-1][2:] == [str(sum(int(row[i]) for row in shown)) for i in range(2, len(rows[0]))]
    assert int(rows[-1][2]) == len(judged) + sum(int(row[2]) for row in progress)
    intro = f"表3逐项列出有未达标、有风险或经批准豁免项次的{len(listed) + len(progress)}项指标，"
    assert f"{intro}其余{len(rest)}项指标均已达标，合为一行。" in _text(doc)


def test_teachers_without_an_assessment_are_named_in_one_sentence(tmp_path: Path) -> None:
    """四 names the seconded teachers back before the as-of day without an assessment for a school year they
    covered in one sentence per school year, each with the school they went to, and how many they are."""
    doc, _ = _sample(tmp_path)
    data = _yaml(REPO / "records")
    people = {p["id"]: p["name"] for p in data["people"]}
    units = {u["id"]: u["name"] for u in data["units"]}

    def school_year(day: date) -> int:
        return day.year if day.month >= 9 else day.year - 1

    missing: dict[str, list[str]] = {}
    for s in data["secondments"]:
        start, end = date.fromisoformat(str(s["start"])), date.fromisoformat(str(s["end"]))
        if start > YEAR.end or end < YEAR.start or end >= date(2026, 11, 23):
            continue
        done = {a["school_year"] for a in s.get("assessments") or []}
        years = [y for y in range(school_year(start), school_year(end) + 1) if y not in done]
        if years:
            label = "、".join(f"{y}—{y + 1}学年" for y in years)
            missing.setdefault(label, []).append(f"{people[s['person']]}（{units[s['to']]}）")
    assert missing == {"2025—2026学年": missing["2025—2026学年"]}
    names = missing["2025—2026学年"]
    problems = _text(doc).split("部分选派教师缺少考核结果", 1)[1].split("五、下一步工作打算", 1)[0]
    sentence = re.search(r"(.*)共(\d+)名选派教师缺少2025—2026学年考核结果。", problems)
    assert sentence is not None
    assert int(sentence[2]) == len(names)
    assert sorted(sentence[1].split("、")) == sorted(names)


def test_sample_body_reads_as_an_office_writes(tmp_path: Path) -> None:
    """The sample year's body has no ISO date, no ≥ ≤ < > symbol, no 约X.X0万 and no "1." read as a decimal;
    the waived rule's reason, approver and expiry are stated in 表4 and in 四; 落款 is the --as-of date."""
    doc, _ = _sample(tmp_path)
    body = _body(doc)
    assert re.findall(r"\d{4}-\d{2}-\d{2}", body) == []
    assert re.findall(r"[≥≤<>]", body) == []
    assert re.findall(r"约\d+\.\d0万", body) == []
    assert re.findall(r"(?m)^\d+\.\d", body) == []
    reason = _yaml(REPO / "records")["waivers"][0]["reason"]
    waived = [row for row in _table_after(doc, "表4 未达标、有风险和经批准豁免的项目") if row[-1].startswith("已豁免")]
    assert len(waived) == 1
    assert "经云溪县教育局人事股于2025年8月20日批准豁免，有效期至2027年8月31日" in waived[0][-1]
    problems = body[body.index("四、存在的问题") : body.index("五、下一步工作打算")]
    assert "（三）部分指标经批准豁免" in problems
    assert reason.replace(" ", "")[:20] in problems.replace(" ", "")
    signature = [p for p in doc.paragraphs if p.style is not None and p.style.name == "落款"]
    assert [p.text for p in signature] == ["云溪县教育局", "2026年11月23日"]


def test_highlights_come_first_then_weight(tmp_path: Path) -> None:
    """二 cites the activities the records mark as 典型, with their one-sentence summary; where none is marked, it
    cites the weightiest (人次 × days), never simply the first by date."""
    doc, _ = _sample(tmp_path)
    text = _text(doc)
    assert (
        "如2025年10月18日，卫生职业学校—郭扶镇中心卫生院结对共建开展“2025年郭扶镇‘健康进乡村’义诊活动”，"
        "为群众测血压、血糖203人次，发放健康宣传资料，把医疗服务送到村民家门口。"
    ) in text
    files = dict(TREE)
    files["activities.yaml"] = textwrap.dedent(TREE["activities.yaml"]) + (
        "  - {date: 2025-11-02, pairing: pr-1, kind: 示范课, title: 大型公开示范课, attendance: 40, days: 2}\n"
    )
    doc, _ = _report(tmp_path / "weight", "--year", "2025", files=files)
    teaching = next(p for p in _text(doc).splitlines() if p.startswith("开展教学教研活动"))
    # 80 person-days, 60 and 45: the two weightiest, in date order; the lesson preparation (3) is not cited.
    assert "如2025年11月2日，城关一中—山村中学开展“大型公开示范课”，参与40人次，为期2天；" in teaching
    assert "2026年3月20日，城关一中—山村中学开展“家校沟通讲座”，参与60人次。" in teaching
    assert "单元集体备课" not in teaching


def test_letterhead_number_and_document_properties(tmp_path: Path) -> None:
    """The 文件 line and 发文字号 come from the programme settings (--number overrides); app.xml names pairkit and
    the base document, and claims no page count."""
    files = dict(TREE)
    files["programme.yaml"] = textwrap.dedent(TREE["programme.yaml"]) + (
        "  letterhead: 云溪县教育局文件\n  doc_number: 云教〔2026〕3号\n"
    )
    doc, _ = _report(tmp_path, "--year", "2025", files=files)
    styled = [(p.style.name, p.text) for p in doc.paragraphs[:3] if p.style is not None]
    assert styled == [("红头", "云溪县教育局文件"), ("发文字号", "云教〔2026〕3号"), ("红头分隔线", "")]
    doc, _ = _report(tmp_path / "n", "--year", "2025", "--number", "云教〔2026〕9号", files=files)
    assert doc.paragraphs[1].text == "云教〔2026〕9号"
    with zipfile.ZipFile(tmp_path / "n" / "out.docx") as z:
        app = z.read("docProps/app.xml").decode("utf-8")
    assert "<Application>pairkit</Application>" in app
    assert "<Template>base.docx</Template>" in app
    assert "<Company>云溪县教育局</Company>" in app
    assert "Pages" not in app
    assert "Microsoft" not in app


def test_signature_date_is_the_as_of_date_or_date(tmp_path: Path) -> None:
    """落款 is dated --as-of (not the day it was generated), or --date when given; a bad --date is a usage error."""
    root = write_tree(tmp_path / "records", TREE)
    out = tmp_path / "out.docx"
    assert_clean_exit(invoke(["report", str(root), "--year", "2025", "--as-of", "2026-08-31", "-o", str(out)]), 0)
    assert docx.Document(str(out)).paragraphs[-1].text != ""
    signature = [p.text for p in docx.Document(str(out)).paragraphs if p.style is not None and p.style.name == "落款"]
    assert signature == ["云溪县教育局", "2026年8月31日"]
    result = invoke(["report", str(root), "--year", "2025", "--date", "2026-09-05", "-o", str(out)])
    assert_clean_exit(result, 0)
    signature = [p.text for p in docx.Document(str(out)).paragraphs if p.style is not None and p.style.name == "落款"]
    assert signature == ["云溪县教育局", "2026年9月5日"]
    result = invoke(["report", str(root), "--year", "2025", "--date", "9月5日", "-o", str(out)])
    assert_clean_exit(result, 2)
    assert "--date 的值 '9月5日' 不是有效日期" in result.output


def test_page_setup_follows_gb9704(tmp_path: Path) -> None:
    """A4, margins top 37 mm / left 28 mm, a 156 × 225 mm text block and a 22-line grid, read from the XML."""
    doc, _ = _report(tmp_path, "--year", "2025")
    sect = doc.sections[-1]._sectPr
    size, margins = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))
    twips_per_mm = 1440 / 25.4
    assert (int(size.get(qn("w:w"))), int(size.get(qn("w:h")))) == (11906, 16838)
    mm = {k: int(margins.get(qn(f"w:{k}"))) / twips_per_mm for k in ("top", "bottom", "left", "right")}
    assert round(mm["top"]) == 37
    assert round(mm["left"]) == 28
    assert round(210 - mm["left"] - mm["right"]) == 156
    assert round(297 - mm["top"] - mm["bottom"]) == 225
    grid = sect.find(qn("w:docGrid"))
    assert (grid.get(qn("w:type")), grid.get(qn("w:linePitch"))) == ("lines", "579")


def _fonts(doc: DocxDocument, style: str) -> tuple[str | None, str | None, int | None, list[str]]:
    element = doc.styles[style].element
    fonts = element.find(qn("w:rPr")).find(qn("w:rFonts"))
    size = element.find(qn("w:rPr")).find(qn("w:sz"))
    themes = [k for k in fonts.attrib if k.endswith("Theme") or k.endswith("theme")]
    half_points = int(size.get(qn("w:val"))) if size is not None else None
    return fonts.get(qn("w:eastAsia")), fonts.get(qn("w:ascii")), half_points, themes


def test_styles_name_east_asian_fonts(tmp_path: Path) -> None:
    """Body 3号仿宋_GB2312, title 2号方正小标宋简体, headings 黑体 and 楷体_GB2312; no theme fonts; zh-CN."""
    doc, _ = _report(tmp_path, "--year", "2025")
    assert _fonts(doc, "Normal") == ("仿宋_GB2312", "Times New Roman", 32, [])
    assert _fonts(doc, "公文标题") == ("方正小标宋简体", "Times New Roman", 44, [])
    assert _fonts(doc, "一级标题") == ("黑体", "Times New Roman", 32, [])
    assert _fonts(doc, "二级标题") == ("楷体_GB2312", "Times New Roman", 32, [])
    assert _fonts(doc, "页码") == ("宋体", "宋体", 28, [])
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    assert [k for k in defaults.find(qn("w:rFonts")).attrib if "heme" in k] == []
    assert doc.settings.element.find(qn("w:themeFontLang")).get(qn("w:eastAsia")) == "zh-CN"
    styles = {p.text: p.style.name for p in doc.paragraphs if p.style is not None}
    assert styles["一、基本情况"] == "一级标题"
    assert styles["（一）师资帮扶"] == "二级标题"
    assert styles["云溪县城乡学校结对帮扶工作总结"] == "公文标题"


def test_page_numbers_odd_right_even_left(tmp_path: Path) -> None:
    """Footers hold "— PAGE —" as a field, odd pages right-aligned and even pages left-aligned."""
    doc, _ = _report(tmp_path, "--year", "2025")
    assert doc.settings.odd_and_even_pages_header_footer is True
    section = doc.sections[0]
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        paragraph = footer.paragraphs[0]
        xml = paragraph._p.xml
        assert paragraph.text == "— 1 —"
        assert '<w:instrText xml:space="preserve"> PAGE </w:instrText>' in xml
        assert 'w:fldCharType="begin"' in xml
        assert paragraph.style is not None
        assert paragraph.style.name == "页码"
        assert paragraph.alignment is not None
        assert paragraph.alignment.name.lower() == align


def test_properties_record_provenance(tmp_path: Path) -> None:
    """Document properties carry the pairkit version, a hash of the record files and the generation time."""
    doc, _ = _report(tmp_path, "--year", "2025")
    root = tmp_path / "records"
    assert not list(root.glob("*/*.yaml"))  # what records_hash recounts
    props = doc.core_properties
    assert props.identifier == records_hash(root)
    assert props.version == __version__
    assert props.comments.startswith(f"由 pairkit {__version__} 生成；记录哈希 {records_hash(root)}；git 提交 ")
    assert props.title == "2025—2026学年云溪县城乡学校结对帮扶工作总结"
    assert props.author == "云溪县教育局"
    assert props.created is not None
    assert abs(props.created.replace(tzinfo=UTC) - datetime.now(UTC)) < timedelta(minutes=5)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_properties_record_the_git_commit(tmp_path: Path) -> None:
    """In a git repository the commit is recorded, with -dirty once the records have uncommitted changes."""
    root = write_tree(tmp_path / "records", TREE)

    def git(*args: str) -> str:
        command = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@example.org", *args]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()

    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "records")
    head = git("rev-parse", "HEAD")
    out = tmp_path / "out.docx"
    assert_clean_exit(invoke(["report", str(root), "--year", "2025", "-o", str(out)]), 0)
    assert docx.Document(str(out)).core_properties.keywords == f"git:{head}"
    (root / "units.yaml").write_text(TREE["units.yaml"].replace("城关一中", "城关第一中学"), encoding="utf-8")
    assert_clean_exit(invoke(["report", str(root), "--year", "2025", "-o", str(out)]), 0)
    assert docx.Document(str(out)).core_properties.keywords == f"git:{head}-dirty"


def test_invalid_records_stop_the_report(tmp_path: Path) -> None:
    """Records with an error: the errors are shown, exit 1, and no file is written."""
    root = write_tree(
        tmp_path / "records", {**TREE, "bad.yaml": "activities:\n  - {date: 2025-02-30, pairing: pr-1}\n"}
    )
    out = tmp_path / "out.docx"
    result = invoke(["report", str(root), "--year", "2025", "-o", str(out)])
    assert_clean_exit(result, 1)
    assert "error[PK201]" in result.output
    assert "记录有错误，未生成报告。" in result.output
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["records"]


def test_period_is_required(tmp_path: Path) -> None:
    """Without --year, --term or --from/--to the command says how to give one and exits 2."""
    root = write_tree(tmp_path / "records", TREE)
    result = invoke(["report", str(root), "-o", str(tmp_path / "x.docx")])
    assert_clean_exit(result, 2)
    assert "请用 --year、--term、--half 或 --from/--to 中的一种指定统计期间" in result.output


def test_from_needs_to(tmp_path: Path) -> None:
    """--from without --to is a usage error that says they go together."""
    root = write_tree(tmp_path / "records", TREE)
    result = invoke(["report", str(root), "--from", "2025-09-01", "-o", str(tmp_path / "x.docx")])
    assert_clean_exit(result, 2)
    assert "错误：--from 和 --to 要一起使用。" in result.output


def test_unknown_pairing_suggests(tmp_path: Path) -> None:
    """--pairing with a misspelt ID is a usage error with a suggestion."""
    root = write_tree(tmp_path / "records", TREE)
    result = invoke(["report", str(root), "--year", "2025", "--pairing", "pr1", "-o", str(tmp_path / "x.docx")])
    assert_clean_exit(result, 2)
    assert "--pairing：没有编号为 pr1 的结对，是不是 pr-1？" in result.output


def test_default_name_says_what_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without -o the report goes to reports/ under its title, and nothing else is left there."""
    root = write_tree(tmp_path / "records", TREE)
    monkeypatch.chdir(tmp_path)
    result = invoke(["report", str(root), "--year", "2025"])
    assert_clean_exit(result, 0)
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == [
        "2025—2026学年云溪县城乡学校结对帮扶工作总结.docx"
    ]


def test_an_output_folder_that_is_not_there_is_refused_before_any_work(tmp_path: Path) -> None:
    """-o into a folder that does not exist (here a file stands where it should be) is PK716 naming the folder,
    before the report is built: a typo in a path is likelier than a wish for a new folder. Nothing is written."""
    root = write_tree(tmp_path / "records", TREE)
    (tmp_path / "blocked").write_text("a file, not a folder", encoding="utf-8")
    for folder in (tmp_path / "blocked", tmp_path / "missing"):
        target = folder / "out.docx"
        result = invoke(["report", str(root), "--year", "2025", "-o", str(target)])
        assert_clean_exit(result, 1)
        assert result.output.splitlines()[0] == (
            f"{target}: error[PK716]: 文件夹 {folder} 不存在（或者不是文件夹），没有写入 {target}"
            "（提示：检查路径的拼写，或先建好这个文件夹）"
        )
    assert not (tmp_path / "missing").exists()


def test_unwritable_target_is_one_sentence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When the system refuses the write (a full disk here), PK807 names the file and the reason, the exit is 1,
    and no temporary file is left beside it."""
    root = write_tree(tmp_path / "records", TREE)
    target = tmp_path / "out.docx"

    def full(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    result = invoke(["report", str(root), "--year", "2025", "-o", str(target)])
    assert_clean_exit(result, 1)
    assert f"error[PK807]: 无法写入 {target}：No space left on device" in result.output
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_custom_period_and_pairing_reports(tmp_path: Path) -> None:
    """--from/--to narrows the period and --pairing narrows the records; the counts follow both, and the period
    is written in Chinese dates."""
    doc, _ = _report(tmp_path, "--from", "2025-09-01", "--to", "2026-01-31", "--pairing", "pr-1")
    text = _text(doc)
    # pr-1 in the autumn half: the demonstration lesson (45) and the lesson preparation (3 people).
    assert "开展各类帮扶活动2次、参与48人次。" in text
    assert "向受援学校捐赠资金12000.5元。" in text
    assert "2025年9月1日至2026年1月31日，城关一中与山村中学、研发&测试*中心|一部 <b>结对" in text
    assert doc.core_properties.title == "城关一中—山村中学2025年9月1日至2026年1月31日结对帮扶工作总结"


def test_half_year_report(tmp_path: Path) -> None:
    """--half 2026-1 is January to June 2026, titled 2026年上半年; its figures are those of the half-year,
    allowances included (a monthly allowance by the share of the secondment's days in the half-year)."""
    doc, _ = _report(tmp_path, "--half", "2026-1")
    assert doc.core_properties.title == "2026年上半年云溪县城乡学校结对帮扶工作总结"
    text = _text(doc)
    assert "2026年上半年（2026年1月1日至2026年6月30日）" in text
    n = _recount(tmp_path / "records", date(2026, 1, 1), date(2026, 6, 30))
    assert f"开展各类帮扶活动{n['activities']}次、参与{n['person_times']}人次。" in text
    assert n["allowances"] == {"生活补助": 18000}  # 10 months × 181 of 313 days, rounded; bedding paid at the start
    assert "本期为选派教师发放生活补助1.8万元。" in text
    assert "（四）" not in text or "物资帮扶" in text


@pytest.mark.parametrize(("option", "bad"), [("--half", "2026-3"), ("--half", "上半年"), ("--annex", "all")])
def test_bad_half_or_annex_is_a_usage_error(tmp_path: Path, option: str, bad: str) -> None:
    """A half-year other than 2026-1/2026-2 (2026上半年 …) or an --annex other than brief/full exits 2 saying so."""
    root = write_tree(tmp_path / "records", TREE)
    result = invoke(["report", str(root), option, bad, "-o", str(tmp_path / "x.docx")])
    assert_clean_exit(result, 2)
    assert (
        "应写成 2026-1（上半年）或 2026-2（下半年）" if option == "--half" else "--annex 只能是 brief 或 full"
    ) in result.output


def test_an_empty_period_is_refused_unless_allowed(tmp_path: Path) -> None:
    """A term without any activity, secondment or donation is most likely a wrong period: PK850 names the term,
    its days and the days the records cover, exit 1, no file. With --allow-empty the report is written."""
    root = write_tree(tmp_path / "records", TREE)
    out = tmp_path / "out.docx"
    result = invoke(["report", str(root), "--term", "2026-1", "-o", str(out)])
    assert_clean_exit(result, 1)
    loaded = [YAML(typ="safe").load(textwrap.dedent(text)) or {} for text in TREE.values()]
    days = [str(a["date"]) for f in loaded for a in f.get("activities", []) + f.get("donations", [])]
    days += [str(s[end]) for f in loaded for s in f.get("secondments", []) for end in ("start", "end")]
    first, last = (date.fromisoformat(day) for day in (min(days), max(days)))
    assert result.output.splitlines() == [
        "error[PK850]: 2026—2027学年秋季学期（2026年9月1日至2027年1月31日）没有任何活动、选派或捐赠记录"
        f"（提示：记录中的活动、选派和捐赠在{first.year}年{first.month}月{first.day}日至"
        f"{last.year}年{last.month}月{last.day}日之间。"
        "检查统计期间（--year、--term 等）是否写对；确实需要这一期间的空白报告，加 --allow-empty）",
        "未生成报告。",
    ]
    assert not out.exists()


def test_term_report_and_an_empty_period(tmp_path: Path) -> None:
    """--term names the term in the title; a term without records, written with --allow-empty, says so, has no
    chart and attaches nothing."""
    doc, _ = _report(tmp_path, "--term", "2026-1", "--allow-empty")
    assert doc.core_properties.title == "2026—2027学年秋季学期云溪县城乡学校结对帮扶工作总结"
    text = _text(doc)
    assert "本期没有开展帮扶活动的记录。" in text
    assert "捐赠" not in text
    assert "城乡教师结成师徒2对，1名导师带教青年教师2人。" in text  # the mentorship runs on: the only work
    assert "开展师资帮扶" not in text
    assert "附件" not in text
    assert len(doc.inline_shapes) == 0


def test_records_without_donations(tmp_path: Path) -> None:
    """Without donations the report has no 物资帮扶 section, no donation sentence and no donation annex."""
    files = {k: v for k, v in TREE.items() if k != "donations.yaml"}
    doc, _ = _report(tmp_path, "--year", "2025", files=files)
    text = _text(doc)
    assert "物资帮扶" not in text
    assert "捐赠" not in text.replace("捐赠资金", "").replace("捐赠物资折价", "").replace("捐赠合计", "")
    assert "附件：1.选派教师名册" in text
    assert "2.捐赠" not in text


def test_problems_list_idle_pairings_and_unassessed(tmp_path: Path) -> None:
    """四、存在的问题 names a pairing quiet for more than 60 term days and a secondment ended without assessment."""
    doc, _ = _report(tmp_path, "--year", "2025")
    text = _text(doc)
    # Without a calendar in the settings every day is in a term, so idle days are plain days to 2026-08-31.
    quiet_1 = (date(2026, 8, 31) - date(2026, 3, 20)).days
    quiet_2 = (date(2026, 8, 31) - date(2025, 9, 15)).days
    assert f"1．城关一中—山村中学最近一次活动在2026年3月20日，此后{quiet_1}个在校日没有开展活动。" in text
    assert f"2．城关二中—河口小学最近一次活动在2025年9月15日，此后{quiet_2}个在校日没有开展活动。" in text
    assert "王强（研发&测试*中心|一部 <b>，2025年9月1日至2026年1月20日）缺少2025—2026学年考核结果。" in text
    assert "林慧（" not in text


def test_rules_section_uses_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """三、指标完成情况 tabulates the rules' findings (zero clauses and empty status columns left out, requirements
    in words); missed and at-risk ones are listed in 表4 and reappear in 四、存在的问题."""

    def finding(rule: str, required: str, actual: float, status: Status) -> Finding:
        scope = Scope("pairing", "pr-1", "城关一中—山村中学", "pr-1")
        return Finding(rule, rule, None, "error", YEAR, scope, required, actual, "次", status, source=Source("r"))

    def evaluate(records: object, period: Period, as_of: date, **_: object) -> list[Finding]:
        assert (period, as_of) == (YEAR, date(2026, 11, 1))
        return [
            finding("每学期示范课", "≥ 5", 5, Status.MET),
            finding("每学期示范课", "≥ 4", 6, Status.MET),
            finding("教学经验交流会", "≥ 2", 1, Status.MISSED),
            finding("集体备课", "≥ 3", 1, Status.AT_RISK),
        ]

    monkeypatch.setattr("pairkit.rules.evaluate", evaluate, raising=False)
    doc, _ = _report(tmp_path, "--year", "2025", "--annex", "full")
    text = _text(doc)
    assert "本期共检查3项指标、4项次，其中达标2项次，有风险1项次，未达标1项次。" in text
    assert _table_after(doc, "表3 指标完成情况") == [
        ["指标", "要求", "项次", "达标", "有风险", "未达标"],
        ["每学期示范课", "各不相同", "2", "2", "0", "0"],
        ["教学经验交流会", "不少于2次", "1", "0", "0", "1"],
        ["集体备课", "不少于3次", "1", "0", "1", "0"],
        ["合计", "", "4", "2", "1", "1"],
    ]
    assert _table_after(doc, "表4 未达标、有风险和经批准豁免的项目")[1:] == [
        ["教学经验交流会", "城关一中—山村中学", "未达标：要求不少于2次，实际1次"],
        ["集体备课", "城关一中—山村中学", "有风险：要求不少于3次，实际1次"],
    ]
    assert "未达标、有风险和经批准豁免的项目见表4（未注明期间的均为2025—2026学年）" in text
    assert _table_after(doc, "指标完成情况明细")[1:] == [
        ["1", "每学期示范课", "2025—2026学年", "城关一中—山村中学", "不少于5次", "5次", "达标"],
        ["2", "每学期示范课", "2025—2026学年", "城关一中—山村中学", "不少于4次", "6次", "达标"],
        ["3", "教学经验交流会", "2025—2026学年", "城关一中—山村中学", "不少于2次", "1次", "未达标"],
        ["4", "集体备课", "2025—2026学年", "城关一中—山村中学", "不少于3次", "1次", "有风险"],
    ]
    assert "1．“教学经验交流会”：城关一中—山村中学，要求不少于2次，实际1次。" in text
    assert "1．“集体备课”：城关一中—山村中学，要求不少于3次，实际1次，存在不能按期完成的风险。" in text
    assert "4.指标完成情况明细" in text


RULES = """\
    rules:
      - id: demo-2
        title: 每学期开展示范课2次以上
        type: count
        period: term
        per: pairing
        select: {kinds: [示范课]}
        min: 2
      - id: demo-year-5
        title: 示范课每学年不少于5次
        type: count
        period: school_year
        per: pairing
        select: {kinds: [示范课]}
        min: 5
    """


def test_rules_section_with_the_rules_engine(tmp_path: Path) -> None:
    """With real per-term and per-year count rules, 表3 and the detail annex show what a recount finds."""
    doc, _ = _report(tmp_path, "--year", "2025", "--annex", "full", files={**TREE, "rules.yaml": RULES})
    data = _yaml(tmp_path / "records")
    terms = {"秋季学期": (date(2025, 9, 1), date(2026, 1, 31)), "春季学期": (date(2026, 2, 1), date(2026, 8, 31))}

    def done(pairing: str, start: date, end: date) -> int:
        return sum(
            1
            for a in data["activities"]
            if a["pairing"] == pairing and a["kind"] == "示范课" and _in(a["date"], start, end)
        )

    expected = []
    for pairing, label in (("pr-1", "城关一中—山村中学"), ("pr-2", "城关二中—河口小学")):
        for term, (start, end) in terms.items():
            count = done(pairing, start, end)
            status = "达标" if count >= 2 else "未达标"  # both terms are over by --as-of 2026-11-01
            row = ["每学期开展示范课2次以上", f"2025—2026学年{term}", label, "不少于2次", f"{count}次", status]
            expected.append(row)
    for pairing, label in (("pr-1", "城关一中—山村中学"), ("pr-2", "城关二中—河口小学")):
        count = done(pairing, YEAR.start, YEAR.end)
        status = "达标" if count >= 5 else "未达标"
        expected.insert(
            len(expected) // 2 if pairing == "pr-1" else len(expected),
            ["示范课每学年不少于5次", "2025—2026学年", label, "不少于5次", f"{count}次", status],
        )
    detail = _table_after(doc, "指标完成情况明细")
    assert sorted(row[1:] for row in detail[1:]) == sorted(expected)
    met = sum(1 for row in expected if row[-1] == "达标")
    columns = [str(n) for n in (met, len(expected) - met) if n]  # a status no finding has gets no column
    assert _table_after(doc, "表3 指标完成情况")[-1] == ["合计", "", "6", *columns]


def test_term_report_shows_the_year_as_progress(tmp_path: Path) -> None:
    """A term report judges the term's rules but shows a school-year rule as progress to the end of the term,
    never as a miss of the whole year, even when the report is written after the year has closed."""
    files = {**TREE, "rules.yaml": RULES}
    doc, _ = _report(tmp_path, "--term", "2025-1", files=files)
    rows = {row[0]: row for row in _table_after(doc, "表3 指标完成情况")[1:]}
    assert rows["示范课每学年不少于5次（进度）"][2] == "2"
    not_met = _table_after(doc, "表4 未达标、有风险和经批准豁免的项目")[1:]
    assert {r[-1].split("：")[0] for r in not_met if "每学年" in r[0]} == {"有风险"}  # behind pace, never 未达标
    text = _text(doc)
    assert "统计期在本期之后才结束的指标（表中注明“进度”），列出截至2026年1月31日的完成情况，不作未达标判定。" in text
    problems = text[text.index("四、存在的问题") : text.index("五、下一步工作打算")]
    missed = problems[: problems.index("（二）")] if "（二）" in problems else problems
    assert "示范课每学年" not in missed
    term_rule = "“每学期开展示范课2次以上”：城关一中—山村中学，要求不少于2次，实际1次"  # the term is the report's
    assert term_rule in missed  # the term's own rule is judged
    year, _ = _report(tmp_path / "year", "--year", "2025", files=files)
    judged = "“示范课每学年不少于5次”：城关一中—山村中学，要求不少于5次，实际1次"
    assert judged in _text(year)  # the year report judges it
    in_term = "“每学期开展示范课2次以上”：秋季学期城关一中—山村中学，要求不少于2次，实际1次"
    assert in_term in _text(year)  # a term of the year is named by the term alone


def test_rules_failure_leaves_a_marked_gap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When evaluating the rules crashes, the report is still written, with a PK900 warning and a placeholder."""

    def evaluate(*_: object, **__: object) -> list[Finding]:
        raise KeyError("pr-9")

    monkeypatch.setattr("pairkit.rules.evaluate", evaluate, raising=False)
    doc, output = _report(tmp_path, "--year", "2025")
    assert "warning[PK900]: 检查 rules.evaluate 出错：KeyError: 'pr-9'" in output
    texts = [p.text for p in doc.paragraphs]
    placeholder = texts[texts.index("三、指标完成情况") + 1]
    assert placeholder == "【待填写】没有得到指标检查结果，请人工填写指标完成情况。"
    assert next(p for p in doc.paragraphs if p.text == placeholder).style.name == "待填写"  # type: ignore[union-attr]


def test_control_characters_dropped_with_warning(tmp_path: Path) -> None:
    """A title with a bell character (YAML "\\a") is written without it, and a PK804 warning says so (the title
    is printed once, as an example in 二、主要做法和成效)."""
    files = dict(TREE)
    files["activities.yaml"] = TREE["activities.yaml"].replace("一次函数示范课", '"一次函数\\a示范课"')
    doc, output = _report(tmp_path, "--year", "2025", files=files)
    assert "warning[PK804]: 已删除 1 个 Word 无法保存的字符（U+0007）" in output
    assert "2025年9月10日，城关一中—山村中学开展“一次函数示范课”" in _text(doc)


def test_chart_data_agree_with_a_recount() -> None:
    """The chart of the sample year counts, month by month, the activities the YAML holds; a programme with more
    dimensions than colours gets its seven largest, in their order, and the rest folded into 其他, every month's
    total kept."""
    from pairkit.pipeline import validate_tree
    from pairkit.report.chart import MAX_SERIES, top_series
    from pairkit.report.figures import MonthSeries, compute

    data = _yaml(REPO / "records")
    months = [(2025, m) for m in range(9, 13)] + [(2026, m) for m in range(1, 9)]
    per_month = [
        sum(1 for a in data["activities"] if _in(a["date"]) and str(a["date"]).startswith(f"{y}-{m:02d}"))
        for y, m in months
    ]
    series = compute(validate_tree(REPO / "records").records, YEAR).monthly
    assert series.months == [f"{y}年{m}月" for y, m in months]
    assert [sum(series.counts[k][i] for k, _ in series.parts) for i in range(len(months))] == per_month
    assert top_series(series, MAX_SERIES) is series  # the sample's six dimensions each keep a colour
    parts = [(f"d{n}", f"第{n}项") for n in range(10)]
    many = MonthSeries(["9月", "10月"], parts, {f"d{n}": [n % 4, 1] for n in range(10)})
    drawn = top_series(many, MAX_SERIES)
    assert len(drawn.parts) == MAX_SERIES
    assert drawn.parts[-1] == ("other", "其他")
    kept = [key for key, _ in drawn.parts[:-1]]
    assert kept == sorted(kept, key=lambda key: int(key[1:]))  # the order of the records, not of size
    assert min(sum(many.counts[k]) for k in kept) >= max(sum(many.counts[k]) for k, _ in parts if k not in kept)
    assert [sum(drawn.counts[k][i] for k, _ in drawn.parts) for i in range(2)] == [sum(n % 4 for n in range(10)), 10]


def test_teacher_form(tmp_path: Path) -> None:
    """--secondment writes 城镇教师到农村学校任教情况表 with the teacher's facts, allowances and activities."""
    doc, _ = _report(tmp_path, "--secondment", "s-lin")
    assert doc.core_properties.title == "城镇教师到农村学校任教情况表（林慧）"
    rows = {row.cells[0].text: row.cells[1].text for row in doc.tables[0].rows}
    assert rows["姓名"] == "林慧"
    assert rows["职称"] == "一级教师"
    assert rows["任教学校"] == "山村中学"
    assert rows["任教时间"] == "2025年9月1日至2026年7月10日"
    assert rows["年度考核"] == "2025—2026学年优秀"
    assert rows["享受补助"] == "生活补助3000元×10个月＝30000元；被褥置办费1000元；合计31000元"
    assert rows["参与帮扶活动"] == "2次：2025年9月10日示范课“一次函数示范课”；2025年10月12日集体备课“单元集体备课”"
    assert rows["政治面貌"] == ""  # 林慧's records say nothing about it
    table = doc.tables[0]._tbl
    signs = [tr for tr in table.tr_lst if tr.tc_lst[0].xpath("string(.)").endswith("意见")]
    assert [tr.tc_lst[0].xpath("string(.)") for tr in signs] == ["派出学校意见", "任教学校意见", "教育行政部门意见"]
    for tr in signs:
        height = tr.find(qn("w:trPr")).find(qn("w:trHeight"))
        assert (int(height.get(qn("w:val"))) >= 1701, height.get(qn("w:hRule"))) == (True, "atLeast")  # 3 cm
        assert tr.tc_lst[1].xpath("string(.)") == "（盖章）年　　月　　日"
        assert tr.find(qn("w:trPr")).find(qn("w:cantSplit")) is not None


@pytest.mark.parametrize(("person", "status"), [("p-zhao", "共青团员"), ("p-qian", "中共党员")])
def test_form_political_status(tmp_path: Path, person: str, status: str) -> None:
    """政治面貌 comes from political_status, or is 中共党员 when the older party_member: true is all there is."""
    files = dict(TREE)
    files["secondments.yaml"] = textwrap.dedent(TREE["secondments.yaml"]) + (
        f"  - {{id: s-x, person: {person}, to: u-r3, start: 2025-09-01, end: 2026-01-20}}\n"
    )
    doc, _ = _report(tmp_path, "--secondment", "s-x", files=files)
    rows = {row.cells[0].text: row.cells[1].text for row in doc.tables[0].rows}
    assert rows["政治面貌"] == status


def test_plans_fill_section_five(tmp_path: Path) -> None:
    """五、下一步工作打算 lists the plans for the school year after the period, naming their pairing;
    with no plans it keeps a marked placeholder."""
    plans = """\
        plans:
          - {school_year: 2026, text: 全县统一排定集体备课日程}
          - {school_year: 2026, pairing: pr-2, text: 每学期召开一次联席会议}
          - {school_year: 2025, text: 这是上一学年的计划}
        """
    doc, _ = _report(tmp_path / "with", "--year", "2025", files={**TREE, "plans.yaml": plans})
    text = _text(doc)
    section = text[text.index("五、下一步工作打算") :]
    assert "1．全县统一排定集体备课日程" in section
    assert "2．城关二中—河口小学：每学期召开一次联席会议" in section
    assert "上一学年的计划" not in text
    assert "【待填写】" not in section
    doc, _ = _report(tmp_path / "without", "--year", "2025")
    assert "【待填写】记录中没有下一步工作计划" in _text(doc)


def test_a_condition_is_explained_not_counted() -> None:
    """A missed condition (eligibility, a deadline) is told in the rule's own words, not as 要求…实际… amounts;
    requirements read as words, not symbols."""
    from pairkit.report.attention import rule_summary

    def finding(required: str, actual: float, measure: str, note: str, gap: float = 0.0) -> Finding:
        return Finding(
            "r",
            "支教教师选派条件",
            None,
            "error",
            YEAR,
            Scope("person", "p-a", "江思远（云溪五中）"),
            required,
            actual,
            measure,
            Status.MISSED,
            gap=gap,
            note=note,
        )

    rows = rule_summary(
        [
            finding("男 < 45 岁，女 < 40 岁", 46, "岁", "选派 s-1：男，选派时已满 46 周岁（应未满 45 周岁）"),
            finding("≥ 1", 0, "年", "高级教师，农村学校工作经历 0 年", gap=1.0),
        ]
    ).missed
    assert [(r.required, r.actual, r.detail) for r in rows] == [
        ("男未满45周岁，女未满40周岁", "—", "男，选派时已满46周岁（应未满45周岁）"),
        ("不少于1年", "0年", "要求不少于1年，实际0年"),
    ]


@pytest.mark.parametrize(
    ("text", "label", "start", "end"),
    [
        ("2026-1", "2026年上半年", date(2026, 1, 1), date(2026, 6, 30)),
        ("2026-2", "2026年下半年", date(2026, 7, 1), date(2026, 12, 31)),
        ("2026上半年", "2026年上半年", date(2026, 1, 1), date(2026, 6, 30)),
        ("2026下", "2026年下半年", date(2026, 7, 1), date(2026, 12, 31)),
    ],
)
def test_half_year_periods(text: str, label: str, start: date, end: date) -> None:
    """--half takes 2026-1/2026-2 or 2026上半年/2026下半年 and means January–June or July–December."""
    from pairkit.model.periods import Calendar

    period = Calendar(Records().programme).parse_half(text)
    assert (period.label, period.start, period.end, period.kind) == (label, start, end, "half_year")


def test_a_year_the_sample_does_not_reach_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`pairkit report records --year 2030` on the sample: exit 1, PK850 naming 2030—2031学年, no reports folder."""
    shutil.copytree(REPO / "records", tmp_path / "records")
    monkeypatch.chdir(tmp_path)
    result = invoke(["report", "records", "--year", "2030"])
    assert_clean_exit(result, 1)
    assert result.output.startswith(
        "error[PK850]: 2030—2031学年（2030年9月1日至2031年8月31日）没有任何活动、选派或捐赠记录"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["records"]


def test_goods_without_a_value_are_counted_by_quantity_never_as_zero_yuan(tmp_path: Path) -> None:
    """木床100套 given without a value: the report names it with its quantity as 未折价 in 一、the donation list and
    表1, never as 0元; the value of the other goods is the recount of the valued items only."""
    files = {
        **TREE,
        "donations.yaml": """\
            donations:
              - date: 2025-10-15
                donor: u-city
                recipient: u-r1
                pairing: pr-1
                title: 改善寄宿条件
                items:
                  - {name: 木床, quantity: 100, unit: 套}
              - date: 2025-11-20
                donor: u-city
                recipient: u-r1
                pairing: pr-1
                items:
                  - {name: 课桌椅, quantity: 10, unit: 套, unit_value: 380}
                  - {name: 衣物, quantity: 200, unit: 件}
            """,
    }
    doc, _ = _report(tmp_path, "--year", "2025", files=files)
    text = _text(doc)
    n = _recount(tmp_path / "records")
    assert n["goods"] == 3800
    assert n["unvalued"] == {("木床", "套"): 100, ("衣物", "件"): 200}
    assert "向受援学校捐赠物资折价3800元，另有衣物200件、木床100套未折价。" in text
    table = {row[0]: (row[1], row[2]) for row in _table_after(doc, "表1 主要数据")}
    assert table["捐赠物资折价"] == ("3800", "元")
    assert table["捐赠物资（未折价）：木床"] == ("100", "套")
    assert re.findall(r"(?<![\d.])0元", text) == []
    annex = _table_after(doc, "捐赠资金和物资清单")
    assert "木床100套（未折价）" in annex[1][4]


def test_the_leadership_group_is_named_with_phones_masked_unless_personal(tmp_path: Path) -> None:
    """一、基本情况 names the programme's 领导小组 (组长, 副组长, members, office, contacts); a mobile number is shown
    as 139****1234 unless the report is asked for personal data with --personal. A pairing's own group is left out
    of the programme's report and named in that pairing's report."""
    files = {
        **TREE,
        "groups.yaml": """\
            groups:
              - id: g-county
                name: 县结对帮扶工作领导小组
                established: 2024-08-15
                document: 教〔2024〕1号
                leaders: [p-lin]
                members: [p-zhao, p-qian]
                office: 县教育局人事股
                contacts:
                  - {person: p-zhao, duty: 日常联络, phone: "13905951234"}
              - id: g-pair
                name: 城关一中结对帮扶领导小组
                pairing: pr-1
                leaders: [p-lin]
            """,
    }
    doc, _ = _report(tmp_path / "masked", "--year", "2025", files=files)
    text = _text(doc)
    basic = text[text.index("一、基本情况") : text.index("二、主要做法和成效")]
    assert "2024年8月15日成立县结对帮扶工作领导小组（教〔2024〕1号），由" in basic
    assert "成员2人；领导小组办公室设在县教育局人事股，赵敏负责日常联络（联系电话139****1234）。" in basic
    assert "13905951234" not in text
    assert "城关一中结对帮扶领导小组" not in basic
    doc, _ = _report(tmp_path / "personal", "--year", "2025", "--personal", files=files)
    assert "联系电话13905951234" in _text(doc)
    doc, _ = _report(tmp_path / "pairing", "--year", "2025", "--pairing", "pr-1", files=files)
    assert "成立城关一中结对帮扶领导小组" in _text(doc)
    assert "县结对帮扶工作领导小组" not in _text(doc)
