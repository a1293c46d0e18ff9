"""Putting a report together: figures → templates → Markdown → the base .docx, with provenance, as bytes.

Building a report writes nothing and prints nothing; ``save`` puts the bytes where the command says, atomically.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, timedelta
from pathlib import Path
from typing import Any

from pairkit.diagnostics import Diagnostic, Source
from pairkit.model import Records
from pairkit.model.periods import Calendar, Period
from pairkit.report import attention, figures
from pairkit.report.provenance import Provenance
from pairkit.report.templating import DEFAULTS, ReportError, environment, render
from pairkit.rules.results import Finding

SUMMARY_TEMPLATE = "summary.md.j2"
FORM_TEMPLATE = "secondment.md.j2"
BASE_DOCUMENT = "base.docx"
CHART = "chart:monthly"

Progress = Callable[[str], None]


@dataclass
class Built:
    data: bytes
    title: str
    warnings: list[Diagnostic] = field(default_factory=list)


def _quiet(_: str) -> None:
    return None


def evaluate_rules(
    records: Records, period: Period, as_of: date, pairing: str | None, warnings: list[Diagnostic]
) -> list[Finding] | None:
    """The rules' findings for the period; None when evaluating them failed (with a warning):
    the report then marks 三、指标完成情况 to be filled in by hand rather than stopping."""
    from pairkit.rules import evaluate

    try:
        findings: list[Finding] = evaluate(records, period, as_of, pairing=pairing)
    except Exception as err:  # a bug in a rule must not cost the clerk the whole report
        problem = f"{type(err).__name__}: {err}"
        warnings.append(Diagnostic.at("PK900", Source(""), check="rules.evaluate", problem=problem).warning())
        return None
    return findings


def _plans(records: Records, period: Period, pairing: str | None) -> list[str]:
    """五、下一步工作打算: the plans for the school year that follows the period (the same one after a first term)."""
    calendar = Calendar(records.programme)
    coming = calendar.school_year_of(period.end + timedelta(days=1))
    chosen = [p for p in records.plans if p.school_year == coming and (pairing is None or p.pairing in (None, pairing))]
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
) -> Built:
    progress("统计数据")
    numbers = figures.compute(records, period, pairing)
    chosen = figures.select(records, period, pairing)
    progress("检查指标")
    warnings: list[Diagnostic] = []
    rules = attention.rule_summary(evaluate_rules(records, period, as_of, pairing, warnings))
    images: dict[str, bytes] = {}
    if numbers.activity_count:
        progress("绘制图表")
        from pairkit.report.chart import draw

        chart = draw(numbers.monthly, f"{period.label}各类帮扶活动月度分布")
        images[CHART] = chart.png
        if chart.font is None:
            kinds = "、".join(f"{k}={label}" for k, label in numbers.monthly.kinds)
            warnings.append(Diagnostic.at("PK805", Source(""), kinds=kinds).warning())
    pairing_name = figures.pairing_label(records, records.pairing[pairing]) if pairing else None
    name = records.programme.name
    if pairing_name:  # 云溪一中—二中高中部（理科） / 2025—2026学年结对帮扶工作总结
        title_lines = [pairing_name, f"{period.label}结对帮扶工作总结"]
    else:  # 2025—2026学年 / 云溪县城乡学校结对帮扶工作总结
        title_lines = [period.label, f"{name}{'总结' if name.endswith('工作') else '工作总结'}"]
    title = "".join(title_lines)
    context: dict[str, Any] = {
        "programme": records.programme,
        "period": period,
        "as_of": as_of,
        "generated": provenance.generated.date(),
        "pairing": pairing_name,
        "title": title,
        "title_lines": title_lines,
        "f": numbers,
        "rules": rules,
        "idle": attention.idle_pairings(records, chosen, period, as_of),
        "idle_days": attention.IDLE_DAYS,
        "unassessed": attention.unassessed(records, chosen, as_of),
        "plans": _plans(records, period, pairing),
        "chart": CHART if CHART in images else None,
    }
    progress("生成文档")
    return _document(SUMMARY_TEMPLATE, context, images, title, provenance, template_dir, warnings, "工作总结")


def form(
    records: Records,
    secondment_id: str,
    as_of: date,
    provenance: Provenance,
    *,
    template_dir: Path | None = None,
    progress: Progress = _quiet,
) -> Built:
    """城镇教师到农村学校任教情况表 for one secondment."""
    progress("整理数据")
    s = next(x for x in records.secondments if x.id == secondment_id)
    person = records.person[s.person]
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
    progress("生成文档")
    return _document(FORM_TEMPLATE, context, {}, title, provenance, template_dir, [], "任教情况表")


def _document(
    template: str,
    context: dict[str, Any],
    images: dict[str, bytes],
    title: str,
    provenance: Provenance,
    template_dir: Path | None,
    warnings: list[Diagnostic],
    category: str,
) -> Built:
    from pairkit.report.document import Writer

    env = environment(template_dir)
    markdown = render(env, template, context)
    doc = _open_base(template_dir)
    writer = Writer(doc, images, template)
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
    out = io.BytesIO()
    doc.save(out)
    return Built(out.getvalue(), title, [*warnings, *writer.warnings()])


def _open_base(template_dir: Path | None) -> Any:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    path = DEFAULTS / BASE_DOCUMENT
    if template_dir is not None and (template_dir / BASE_DOCUMENT).is_file():
        path = template_dir / BASE_DOCUMENT
    try:
        return Document(str(path))
    except (PackageNotFoundError, OSError, ValueError, KeyError) as err:
        raise ReportError(Diagnostic.at("PK809", Source(str(path)), file=str(path), reason=str(err))) from None
    except Exception as err:  # a corrupt zip or XML inside: still one sentence about the base document
        reason = f"{type(err).__name__}: {err}"
        raise ReportError(Diagnostic.at("PK809", Source(str(path)), file=str(path), reason=reason)) from None


def save(data: bytes, target: Path) -> None:
    """Write atomically (a temporary file in the same folder, then a rename), so no half-written report is left."""
    from pairkit.fmt.atomic import write_atomic

    try:
        write_atomic(target, data)
    except OSError as err:
        raise ReportError(_unwritable(target, err)) from None


def _unwritable(target: Path, err: OSError) -> Diagnostic:
    return Diagnostic.at("PK807", Source(""), file=str(target), reason=err.strerror or type(err).__name__)
