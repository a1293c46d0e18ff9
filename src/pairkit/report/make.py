"""Putting a report together: figures → templates → Markdown → the base .docx, with provenance, as bytes.

Building a report writes nothing and prints nothing; ``save`` puts the bytes where the command says, atomically.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, timedelta
from pathlib import Path
from typing import Any

from pairkit.diagnostics import Bilingual, Diagnostic, Source
from pairkit.model import Records
from pairkit.model.periods import Calendar, Period
from pairkit.model.records import PlanKind
from pairkit.personal import MASKED
from pairkit.report import attention, figures
from pairkit.report.provenance import Provenance
from pairkit.report.templating import DEFAULTS, ReportError, environment, render
from pairkit.rules.results import Finding

SUMMARY_TEMPLATE = "summary.md.j2"
FORM_TEMPLATE = "secondment.md.j2"
BASE_DOCUMENT = "base.docx"
CHART = "chart:monthly"
COMING_HALF_MIDPOINT = 92  # days from a period's end to the middle of the half-year that follows it

Progress = Callable[[str], None]  # told each step as it begins: figures, rules, document


@dataclass
class Built:
    data: bytes
    title: str
    warnings: list[Diagnostic] = field(default_factory=list)


def _quiet(_: str) -> None:
    return None


def so_far(records: Records, day: date) -> Records:
    """The records as they stood on ``day``: what a report of a period ending then can have counted."""
    return replace(
        records,
        activities=tuple(a for a in records.activities if a.date <= day),
        donations=tuple(d for d in records.donations if d.date <= day),
        secondments=tuple(s for s in records.secondments if s.start <= day),
        mentorships=tuple(m for m in records.mentorships if m.start <= day),
    )


def rule_summary(
    records: Records,
    period: Period,
    as_of: date,
    pairing: str | None,
    warnings: list[Diagnostic],
    areas: attention.Areas | None = None,
) -> attention.RuleSummary:
    """The rules as the report judges them. A rule whose period closes within the report's (a term's rule in a
    term or year report) is judged as ``check`` judges it. A rule counted over a longer period (the school year in
    a term or half-year report) is shown as progress up to the report's end, never as a miss of the whole year. A
    period no longer than the report's that runs on past its end (the second half of 2026 in the 2025—2026 school
    year's report, a week across its last day) belongs to the next report and is left out.
    When evaluating fails, a warning is given and 三、指标完成情况 is marked to be filled in by hand."""
    from pairkit.rules import evaluate

    try:
        findings: list[Finding] = evaluate(records, period, as_of, pairing=pairing)
        longer = {f.rule_id for f in findings if f.period.end > period.end}
        running: list[Finding] = []
        cutoff = min(as_of, period.end)
        if longer:
            progress = evaluate(so_far(records, period.end), period, cutoff, rule_ids=longer, pairing=pairing)
            running = [f for f in progress if f.period.end > period.end and _longer(f.period, period)]
    except Exception as err:  # a bug in a rule must not cost the clerk the whole report
        problem = f"{type(err).__name__}: {err}"
        warnings.append(Diagnostic.at("PK900", Source(""), check="rules.evaluate", problem=problem).warning())
        return attention.rule_summary(None)
    judged = [f for f in findings if f.period.end <= period.end]
    return attention.rule_summary(judged, running, period.end, areas, period.label)


# How long each kind of period is, roughly: a report shows as progress only periods longer than its own.
_SPAN = {"week": 1, "month": 2, "term": 3, "half_year": 3, "school_year": 4, "calendar_year": 4, "lifetime": 5}


def _longer(counted: Period, report: Period) -> bool:
    """Whether a rule's period is longer than the report's (a custom report period by its number of days)."""
    if report.kind in _SPAN:
        own = _SPAN[report.kind]
    else:
        own = next(rank for days, rank in ((300, 4), (150, 3), (28, 2), (0, 1)) if report.days >= days)
    return _SPAN.get(counted.kind, 4) > own


def _plans(records: Records, period: Period, pairing: str | None) -> list[str]:
    """五、下一步工作打算: the plans for the school year most of the coming half-year falls in: the next one after a
    school year, a spring term or a first half-year (January–June); the same one after an autumn term or a second
    half-year."""
    calendar = Calendar(records.programme)
    coming = calendar.school_year_of(period.end + timedelta(days=COMING_HALF_MIDPOINT))
    chosen = [
        p
        for p in records.plans
        if p.kind is PlanKind.TASK and p.school_year == coming and (pairing is None or p.pairing in (None, pairing))
    ]
    out = []
    for plan in chosen:
        owner = records.pairing.get(plan.pairing) if plan.pairing else None
        out.append(f"{figures.pairing_label(records, owner)}：{plan.text}" if owner and not pairing else plan.text)
    return out


def summary(
    records: Records,
    period: Period,
    as_of: date,
    provenance: Provenance,
    *,
    pairing: str | None = None,
    template_dir: Path | None = None,
    progress: Progress = _quiet,
    signed: date | None = None,
    annex: str = "brief",
    doc_number: str | None = None,
    personal: bool = False,
    list_limit: int | None = None,
) -> Built:
    """The 工作总结 for a period. ``signed`` is the 落款 date (default: the as-of date); ``annex`` "full" adds the
    activity ledger and the per-scope rule table; ``doc_number`` (发文字号) overrides the programme's; ``personal``
    prints phone numbers in full (masked otherwise). A list of problems longer than ``list_limit`` (default
    ``attention.LIST_LIMIT``) is summed up in the body (``attention.summarised``), and given in full in an annex with
    ``annex`` "full"."""
    limit = attention.LIST_LIMIT if list_limit is None else list_limit
    progress("figures")
    numbers = figures.compute(records, period, pairing)
    chosen = figures.select(records, period, pairing)
    areas = attention.Areas(records, chosen.pairings)
    progress("rules")
    warnings: list[Diagnostic] = []
    rules = rule_summary(records, period, as_of, pairing, warnings, areas)
    charts = {CHART: numbers.monthly} if numbers.activity_count else {}
    pairing_name = figures.pairing_label(records, records.pairing[pairing]) if pairing else None
    name = records.programme.name
    if pairing_name:  # 云溪一中—二中高中部（理科） / 2025—2026学年结对帮扶工作总结
        title_lines = [pairing_name, f"{period.label}结对帮扶工作总结"]
    else:  # 2025—2026学年 / 云溪县城乡学校结对帮扶工作总结
        title_lines = [period.label, f"{name}{'总结' if name.endswith('工作') else '工作总结'}"]
    title = "".join(title_lines)
    programme = records.programme
    context: dict[str, Any] = {
        "programme": programme,
        "letterhead": programme.letterhead or programme.office,
        "doc_number": doc_number or programme.doc_number or "",
        "period": period,
        "as_of": as_of,
        "signed": signed or as_of,
        "annex_full": annex == "full",
        "personal": personal,
        "generated": provenance.generated.date(),
        "pairing": pairing_name,
        "title": title,
        "title_lines": title_lines,
        "f": numbers,
        "rules": rules,
        "idle": attention.idle_pairings(records, chosen, period, as_of, areas),
        "idle_days": attention.IDLE_DAYS,
        "unassessed": attention.unassessed(records, chosen, as_of, areas),
        "plans": _plans(records, period, pairing),
        "chart": CHART if charts else None,
        "list_limit": limit,
        "area_kind": areas.kind,
    }
    long = attention.summarised(rules, context["idle"], context["unassessed"], limit)
    context["summarised"] = long
    context["idle_by_area"] = attention.area_tally(p.area for p in context["idle"])
    context["unassessed_by_area"] = attention.area_tally(u.area for u in context["unassessed"])
    if long and annex != "full":
        warnings.append(_summed_up(long, limit, areas.kind))
    sizes = {"not_met": len(rules.not_met), "idle": len(context["idle"]), "unassessed": len(context["unassessed"])}
    annexes, context["annexed"], dropped = _annexes(numbers, rules, annex == "full", long, sizes)
    warnings += [
        Diagnostic.at("PK861", Source(""), annex=title, rows=str(rows), limit=str(ANNEX_ROWS)).warning()
        for title, rows in dropped
    ]
    context["annexes"] = annexes
    context["annex_number"] = {key: i for i, (key, _) in enumerate(annexes, 1)}
    progress("document")
    return _document(SUMMARY_TEMPLATE, context, charts, title, provenance, template_dir, warnings, "工作总结")


# An annex table longer than this (some 300 pages) is left out: a Word document that long is no use to an office,
# and the Excel ledger (`pairkit export`) holds every activity and every rule's result.
ANNEX_ROWS = 10_000
# The lists of 存在问题清单 (the annex of lists the body sums up), by their titles there.
_LIST_TITLES = {
    "not_met": "未达标、有风险和经批准豁免的项目",
    "idle": "长期没有开展活动的结对",
    "unassessed": "缺少考核结果的选派教师",
}
_LISTS = {  # the lists a long report sums up, as the clerk is told
    "not_met": Bilingual("表4", "table 4"),
    "missed": Bilingual("未达到要求的指标", "rules not met"),
    "at_risk": Bilingual("进度滞后的指标", "rules behind"),
    "waived": Bilingual("经批准豁免的指标", "waivers"),
    "idle": Bilingual("长期没有活动的结对", "idle pairings"),
    "unassessed": Bilingual("缺少考核结果的选派教师", "secondments without an assessment"),
}


def _summed_up(lists: frozenset[str], limit: int, area_kind: str) -> Diagnostic:
    """PK860: which lists the body sums up, and how to have them in full."""
    names = [_LISTS[name] for name in _LISTS if name in lists]
    shown = Bilingual("、".join(n.zh for n in names), ", ".join(n.en for n in names))
    area = Bilingual(area_kind, "county" if area_kind == attention.COUNTY else "pairing")
    return Diagnostic.at("PK860", Source(""), lists=shown, limit=str(limit), area=area).warning()


def _annexes(
    numbers: figures.Figures, rules: attention.RuleSummary, full: bool, long: frozenset[str], sizes: dict[str, int]
) -> tuple[list[tuple[str, str]], frozenset[str], list[tuple[str, int]]]:
    """(key, title) of the annexes that have content: the roster and the donation list; with ``--annex full`` also
    the lists the body sums up (``long``, of ``sizes`` items; those given in full are returned too), the activity
    ledger and the per-scope rule table (whose natural home is the Excel ledger). An annex, or a list, of more than
    ``ANNEX_ROWS`` rows is left out, as (title, rows): a Word document that long is no use, the Excel ledger is."""
    out = []
    if numbers.secondments:
        out.append(("roster", "选派教师名册"))
    if numbers.donations:
        out.append(("donations", "捐赠资金和物资清单"))
    if not full:
        return out, frozenset(), []
    dropped = [(_LIST_TITLES[name], sizes[name]) for name in _LIST_TITLES if name in long and sizes[name] > ANNEX_ROWS]
    annexed = frozenset(name for name in _LIST_TITLES if name in long and sizes[name] <= ANNEX_ROWS)
    if annexed:
        out.append(("problems", "存在问题清单"))
    for key, title, rows in (
        ("ledger", "帮扶活动台账", len(numbers.activities)),
        ("rules", "指标完成情况明细", len(rules.rows)),
    ):
        if rows > ANNEX_ROWS:
            dropped.append((title, rows))
        elif rows:
            out.append((key, title))
    return out, annexed, dropped


def form(
    records: Records,
    secondment_id: str,
    as_of: date,
    provenance: Provenance,
    *,
    template_dir: Path | None = None,
    progress: Progress = _quiet,
    personal: bool = False,
) -> Built:
    """城镇教师到农村学校任教情况表 for one secondment. The teacher's ID and phone numbers reach the template
    masked (110101********7774) unless ``personal``."""
    progress("figures")
    s = next(x for x in records.secondments if x.id == secondment_id)
    person = records.person[s.person]
    if not personal:
        hidden = {key: masked(value) for key, masked in MASKED.items() if (value := getattr(person, key))}
        person = person.model_copy(update=hidden)
    calendar = Calendar(records.programme)
    vocab = records.vocab
    period = Period(s.start, s.end, f"{s.start.isoformat()}至{s.end.isoformat()}")
    joined = [a for a in records.activities if s.person in a.people and a.date in period]
    context: dict[str, Any] = {
        "programme": records.programme,
        "as_of": as_of,
        "generated": provenance.generated.date(),
        "s": figures.secondment_row(records, s),
        "person": person,
        "title_label": vocab.titles.label(person.title) if person.title else "",
        "backbone": person.backbone.label if person.backbone else "",
        "school_year": calendar.school_year(calendar.school_year_of(s.start)).label,
        "voluntary": "是" if s.voluntary else "否",
        "assessments": [
            (calendar.school_year(a.school_year).label, a.result.label, a.note or "") for a in s.assessments
        ],
        "allowances": [(a.kind.label, a.amount, a.months, a.total) for a in s.allowances],
        "allowance_total": sum(a.total for a in s.allowances),
        "activities": [
            (a.date, vocab.activity_kinds.label(a.kind), a.title) for a in sorted(joined, key=lambda a: a.date)
        ],
        "note": s.note or "",
    }
    title = f"城镇教师到农村学校任教情况表（{person.name}）"
    progress("document")
    return _document(FORM_TEMPLATE, context, {}, title, provenance, template_dir, [], "任教情况表")


def _document(
    template: str,
    context: dict[str, Any],
    charts: dict[str, figures.MonthSeries],
    title: str,
    provenance: Provenance,
    template_dir: Path | None,
    warnings: list[Diagnostic],
    category: str,
) -> Built:
    from pairkit.report.document import Writer
    from pairkit.report.styles import set_app_properties

    env = environment(template_dir)
    markdown = render(env, template, context)
    doc, base = _open_base(template_dir)
    writer = Writer(doc, charts, template)
    writer.write(markdown)
    props = doc.core_properties
    office = getattr(context["programme"], "office", "")
    props.title, props.subject, props.author, props.category = title, title, office, category
    props.comments = provenance.describe()
    props.identifier = provenance.records_hash
    props.version = provenance.version
    props.keywords = f"git:{provenance.commit}" if provenance.commit else ""
    props.last_modified_by = f"pairkit {provenance.version}"
    # Word stores these in UTC.
    props.created = props.modified = provenance.generated.astimezone(UTC).replace(tzinfo=None)
    props.revision = 1
    set_app_properties(doc, base, office)
    out = io.BytesIO()
    doc.save(out)
    return Built(out.getvalue(), title, [*warnings, *writer.warnings()])


def _open_base(template_dir: Path | None) -> tuple[Any, str]:
    """The base document and the name app.xml gives it: base.docx, or the office's folder/base.docx."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    path, name = DEFAULTS / BASE_DOCUMENT, BASE_DOCUMENT
    if template_dir is not None and (template_dir / BASE_DOCUMENT).is_file():
        path, name = template_dir / BASE_DOCUMENT, f"{template_dir.name}/{BASE_DOCUMENT}"
    try:
        return Document(str(path)), name
    except (PackageNotFoundError, OSError, ValueError, KeyError) as err:
        raise ReportError(Diagnostic.at("PK809", Source(str(path)), file=str(path), reason=str(err))) from None
    except Exception as err:  # a corrupt zip or XML inside: still one sentence about the base document
        reason = f"{type(err).__name__}: {err}"
        raise ReportError(Diagnostic.at("PK809", Source(str(path)), file=str(path), reason=reason)) from None
