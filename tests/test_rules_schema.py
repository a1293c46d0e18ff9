"""Rules and waivers are records: `pairkit validate` reports their mistakes with file, line and a hint."""

from __future__ import annotations

from pathlib import Path

from conftest import BASE, PROGRAMME, diagnose, line_of
from pairkit.model.rules import RULE_FORMS, CountRule, Rule

RULES = """\
rules:
  - id: demo-5
    title: 示范课每学年不少于5次
    type: 数量指标
    period: 学年
    select:
      kinds: [示范课]
    minn: 5
  - id: prep
    title: 集体备课
    type: counts
    min: 3
  - id: visits
    title: 走访
    type: count
    select: {kinds: [走访互访]}
    targets: {pairings: [pr-2]}
    min: 1
  - id: empty
    title: 没有上下限
    type: count
  - id: late
    title: 选派时限
    type: deadline
    by: 07-32
"""


def test_rule_mistakes_are_located_with_hints(tree: Path) -> None:
    """A misspelt field (with "did you mean"), an unknown type (with the choices), a pairing that does not exist,
    a count without bounds and an impossible deadline day: each reported at its own line."""
    found = diagnose(tree, {"programme.yaml": PROGRAMME, "base.yaml": BASE, "rules.yaml": RULES})
    assert [(f.file, f.line, f.code, f.message) for f in found] == [
        (
            "rules.yaml",
            line_of(RULES, "minn: 5"),
            "PK203",
            "规则中有未知字段 minn，是不是 min？",
        ),
        (
            "rules.yaml",
            line_of(RULES, "type: counts"),
            "PK206",
            "规则的规则类型不能是 counts",
        ),
        (
            "rules.yaml",
            line_of(RULES, "targets: {pairings: [pr-2]}"),
            "PK302",
            "找不到编号为 pr-2 的结对，是不是 pr-1？",
        ),
        (
            "rules.yaml",
            line_of(RULES, "- id: empty"),
            "PK219",
            "规则的记录无效：应写出下限、上限或两者（give a minimum, a maximum or both）",
        ),
        (
            "rules.yaml",
            line_of(RULES, "by: 07-32"),
            "PK219",
            "规则的截止日（月-日）无效：应写成 月-日，例如 07-31（a month and day such as 07-31）",
        ),
    ]


def test_waiver_references_are_checked(tree: Path) -> None:
    """A waiver naming an unknown rule and an unknown scope, ending before it starts: three located errors."""
    body = """\
rules:
  - {id: demo-5, title: 示范课, type: count, min: 5}
waivers:
  - rule: demo5
    scope: pr-9
    from: 2025-09-01
    to: 2025-08-31
    reason: 停课
    approver: 教育局
"""
    found = diagnose(tree, {"programme.yaml": PROGRAMME, "base.yaml": BASE, "rules.yaml": body})
    assert [(f.line, f.code, f.message) for f in found] == [
        (line_of(body, "rule: demo5"), "PK302", "找不到编号为 demo5 的规则，是不是 demo-5？"),
        (line_of(body, "scope: pr-9"), "PK501", "豁免的对象 pr-9 不是已知的结对、单位或人员编号，是不是 pr-1？"),
        (line_of(body, "to: 2025-08-31"), "PK402", "豁免的结束日期 2025-08-31 早于开始日期 2025-09-01"),
    ]


def test_every_form_is_chosen_by_its_type_key_or_chinese_label() -> None:
    """Each form registers under its ``type`` key; the Chinese label picks the same form."""
    assert [f.model_fields["type"].default for f in RULE_FORMS] == [
        "count",
        "ratio",
        "eligibility",
        "duration",
        "deadline",
        "mentor_load",
        "title_prerequisite",
        "matching",
        "coverage",
        "agreement",
    ]
    assert Rule.variant({"type": "数量指标"}) is CountRule
    assert Rule.variant({"type": "count"}) is CountRule
