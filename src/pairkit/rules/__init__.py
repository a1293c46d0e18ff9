"""Stage 3, rules: evaluate the programme's rules over a period into findings (status per rule × period × scope).

Evaluation only reads the records. Each rule form has one function (``EVALUATORS``); docs/rules.md explains them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from datetime import date

from pairkit.model import Records
from pairkit.model.periods import Calendar, Period
from pairkit.model.rules import (
    AgreementRule,
    CountRule,
    CoverageRule,
    DeadlineRule,
    DurationRule,
    EligibilityRule,
    MatchingRule,
    MentorLoadRule,
    RatioRule,
    Rule,
    TitlePrerequisiteRule,
)
from pairkit.rules import documents, people, quotas
from pairkit.rules.results import Finding, Scope, Status
from pairkit.rules.scopes import Context
from pairkit.rules.waivers import apply_waivers

Evaluator = Callable[[Rule, Context], Iterable[Finding]]

EVALUATORS: dict[type[Rule], Evaluator] = {
    CountRule: quotas.evaluate_count,
    RatioRule: quotas.evaluate_ratio,
    EligibilityRule: people.evaluate_eligibility,
    DurationRule: people.evaluate_duration,
    DeadlineRule: people.evaluate_deadline,
    MentorLoadRule: people.evaluate_mentor_load,
    TitlePrerequisiteRule: people.evaluate_title_prerequisite,
    MatchingRule: people.evaluate_matching,
    CoverageRule: people.evaluate_coverage,
    AgreementRule: documents.evaluate_agreement,
}


def evaluate(
    records: Records,
    period: Period,
    as_of: date,
    *,
    rule_ids: Collection[str] | None = None,
    pairing: str | None = None,
) -> list[Finding]:
    """One finding per rule × sub-period × scope within ``period``, judged on ``as_of``, waivers applied;
    sorted by pairing, rule, period and scope. ``pairing`` keeps only what concerns that pairing."""
    pairings = records.pairings if pairing is None else tuple(p for p in records.pairings if p.id == pairing)
    ctx = Context(records, period, as_of, Calendar(records.programme), pairings)
    found: list[Finding] = []
    for rule in records.rules:
        if rule_ids is not None and rule.id not in rule_ids:
            continue
        evaluator = EVALUATORS.get(type(rule))
        if evaluator is not None:
            found.extend(evaluator(rule, ctx))
    found = apply_waivers(found, records.waivers, as_of)
    return sorted(found, key=_order)


def _order(f: Finding) -> tuple[str, str, date, date, str, str]:
    return (f.scope.pairing or "", f.rule_id, f.period.start, f.period.end, f.scope.kind, f.scope.id)


__all__ = ["EVALUATORS", "Finding", "Scope", "Status", "evaluate"]
