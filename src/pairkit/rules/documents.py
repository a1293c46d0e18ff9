"""Documents a programme keeps: each pairing's signed agreement, and its 工作方案 filed by the due day.

An agreement is a standing condition, judged in every period the pairing runs: signed (by ``within`` after the
pairing starts, when the rule says so) as of the period's end. A scheme is judged in the period its due day
falls in.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from pairkit.diagnostics import Bilingual
from pairkit.model.periods import cn_date, school_year_label, school_year_label_en
from pairkit.model.records import Plan, PlanKind
from pairkit.model.rules import AgreementRule, DeadlineRule, Rule
from pairkit.rules.results import Finding, Scope, Status
from pairkit.rules.scopes import Context
from pairkit.rules.spans import Verdict, judge_state, last_day, overlaps


def deadline_for(by: str, start: date) -> date:
    """The last ``by`` (month-day) on or before ``start``; 02-29 means 28 February in other years."""
    month, day = (int(x) for x in by.split("-"))
    for year in (start.year, start.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            candidate = date(year, month, day - 1)
        if candidate <= start:
            return candidate
    return date(start.year - 2, month, min(day, 28))


def evaluate_agreement(rule: Rule, ctx: Context) -> Iterator[Finding]:
    assert isinstance(rule, AgreementRule)
    signed: dict[str, list[date]] = {}
    for agreement in ctx.records.agreements:
        for named in agreement.pairings:
            signed.setdefault(named, []).append(agreement.signed_on)
    required = (
        Bilingual(f"开始后{rule.within}内签订", f"signed within {rule.within} of the start")
        if rule.within
        else Bilingual("已签订", "signed")
    )
    for period in ctx.periods(rule):
        for pairing in ctx.targeted(rule):
            if not overlaps([(pairing.start, pairing.end or date.max)], period):
                continue
            scope = Scope("pairing", pairing.id, ctx.pairing_label(pairing), pairing.id)
            until = min(period.end, ctx.as_of)
            dates = sorted(d for d in signed.get(pairing.id, []) if d <= until)
            due = last_day(pairing.start, rule.within) if rule.within else None
            if not dates:
                note = (
                    Bilingual("没有协议记录", "no agreement on record")
                    if pairing.id not in signed
                    else Bilingual(f"协议在 {until} 之后才签订", f"signed only after {until}")
                )
                verdict = judge_state(False, period, ctx.as_of, 1.0, note)
                yield ctx.finding(rule, period, scope, required=required, actual=0, measure="份", verdict=verdict)
                continue
            late = max((dates[0] - due).days, 0) if due else 0
            note = Bilingual(
                f"协议于 {dates[0]} 签订" + (f"，晚于 {due}" if late else ""),
                f"signed on {dates[0]}" + (f", after {due}" if late else ""),
            )
            verdict = judge_state(late == 0, period, ctx.as_of, float(late), note)
            yield ctx.finding(rule, period, scope, required=required, actual=len(dates), measure="份", verdict=verdict)


def plan_deadlines(rule: DeadlineRule, ctx: Context) -> Iterator[Finding]:
    """Each targeted pairing's 工作方案 for each school year, filed by its due day: the plan's ``due``, else the
    last ``by`` on or before the school year starts. A pairing with no scheme for the year is judged once that day
    has come."""
    schemes: dict[tuple[str | None, int], list[Plan]] = {}
    for plan in ctx.records.plans:
        if plan.kind is PlanKind.SCHEME:
            schemes.setdefault((plan.pairing, plan.school_year), []).append(plan)
    pairings = ctx.targeted(rule)
    for period in ctx.periods(rule):
        first, last = ctx.calendar.school_year_of(period.start), ctx.calendar.school_year_of(period.end) + 1
        judged = False
        for pairing in pairings:
            scope = Scope("pairing", pairing.id, ctx.pairing_label(pairing), pairing.id)
            for year in range(first, last + 1):
                start = ctx.calendar.school_year(year).start
                if not pairing.active_on(start):
                    continue
                plans = schemes.get((pairing.id, year), [])
                due = min((p.due for p in plans if p.due), default=None)
                if due is None and rule.by:
                    due = deadline_for(rule.by, start)
                if due is None or due not in period:
                    continue
                judged = True
                filed = min((p.filed_on for p in plans if p.filed_on), default=None)
                name = Bilingual(f"{school_year_label(year)}工作方案", f"the scheme of {school_year_label_en(year)}")
                if filed is not None:
                    late = max((filed - due).days, 0)
                    note = Bilingual(
                        f"{name.zh}于 {filed} 备案" + (f"，晚于 {due}" if late else ""),
                        f"{name.en} filed on {filed}" + (f", after {due}" if late else ""),
                    )
                    verdict = judge_state(late == 0, period, ctx.as_of, float(late), note)
                elif ctx.as_of <= due:
                    late = 0
                    pending = Bilingual(f"{name.zh}尚未备案，截止 {due}", f"{name.en} not filed yet, due {due}")
                    verdict = Verdict(Status.ON_TRACK, 0.0, pending)
                else:
                    late = (ctx.as_of - due).days
                    what = Bilingual("尚未备案", "not filed") if plans else Bilingual("没有记录", "not on record")
                    missing = Bilingual(f"{name.zh}{what.zh}，截止 {due}", f"{name.en} {what.en}, due {due}")
                    verdict = judge_state(False, period, ctx.as_of, float(late), missing)
                required = Bilingual(f"{cn_date(due)}前备案", f"filed by {due}")
                yield ctx.finding(
                    rule, period, scope, required=required, actual=float(late), measure="天", verdict=verdict
                )
        if not judged:
            scope = Scope("programme", "", ctx.records.programme.name, None)
            none_due = Bilingual("本期没有到期的工作方案", "no scheme due in this period")
            yield ctx.not_applicable(rule, period, scope, "—", "天", none_due)
