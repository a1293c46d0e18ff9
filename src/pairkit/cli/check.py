"""`pairkit check [PATH]`: where each pairing stands on each rule, per period and scope.

Exit 1 only when a closed period misses a rule of severity error (or warning with --strict); a running period is
never a failure. Invalid records are not checked: their errors are shown instead (exit 1).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from pairkit.cli.common import (
    AsOfOption,
    FromOption,
    RecordsPath,
    ToOption,
    YearOption,
    fail_usage,
    parse_day,
    require_known,
    require_path,
)
from pairkit.cli.output import Format, show_diagnostics
from pairkit.diagnostics import ExitStatus
from pairkit.load.files import read_text
from pairkit.load.yamldoc import locate, tree
from pairkit.messages import Lang
from pairkit.model import Records
from pairkit.model.periods import Calendar, Period
from pairkit.pipeline import validate_tree
from pairkit.rules import Finding, Status, evaluate
from pairkit.rules.results import number

_STATUS_STYLE = {
    Status.MET: "green",
    Status.ON_TRACK: "cyan",
    Status.AT_RISK: "yellow",
    Status.MISSED: "bold red",
    Status.NOT_APPLICABLE: "dim",
    Status.WAIVED: "magenta",
}
_STATUS_EN = {
    Status.MET: "met",
    Status.ON_TRACK: "on track",
    Status.AT_RISK: "at risk",
    Status.MISSED: "missed",
    Status.NOT_APPLICABLE: "n/a",
    Status.WAIVED: "waived",
}


def command(
    ctx: typer.Context,
    path: RecordsPath = Path("records"),
    year: YearOption = None,
    term: Annotated[
        str | None, typer.Option("--term", "-t", help="学期，如 2026-1、2026秋、2027春。Term, e.g. 2026-1.")
    ] = None,
    start: FromOption = None,
    end: ToOption = None,
    as_of: AsOfOption = None,
    rules: Annotated[
        list[str] | None, typer.Option("--rule", "-r", help="只检查这条规则（可重复）。Only this rule (repeatable).")
    ] = None,
    pairing: Annotated[str | None, typer.Option("--pairing", "-p", help="只检查这个结对。Only this pairing.")] = None,
    fmt: Annotated[
        Format | None,
        typer.Option("--format", "-f", help="输出格式：text、json 或 github。Output format."),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="警告级规则未达标也视为失败。Missed warnings fail too.")
    ] = False,
) -> None:
    """检查指标：每条规则在各统计期、各对象的要求、完成数和状态。Check the rules and quotas."""
    lang: Lang = ctx.obj
    require_path(path, lang)
    if fmt is None:
        fmt = Format.GITHUB if os.environ.get("GITHUB_ACTIONS") == "true" else Format.TEXT
    today = parse_day(as_of, "--as-of", lang) if as_of is not None else date.today()
    outcome = validate_tree(path)
    if outcome.has_errors:
        show_diagnostics(outcome, fmt, lang)
        typer.echo(
            "记录有错误，未检查指标：请先改正以上错误。"
            if lang is Lang.ZH
            else "The records have errors, so no rule was checked: fix them first.",
            err=True,
        )
        raise typer.Exit(ExitStatus.PROBLEMS)
    records = outcome.records
    period = _period(records, year, term, start, end, today, lang)
    for rule_id in rules or ():
        require_known("--rule", rule_id, {r.id for r in records.rules}, ("规则", "rule"), lang)
    if pairing is not None:
        require_known("--pairing", pairing, records.pairing, ("结对", "pairing"), lang)
    findings = evaluate(records, period, today, rule_ids=set(rules) if rules else None, pairing=pairing)
    failing = [f for f in findings if _fails(f, strict)]
    if fmt is Format.JSON:
        typer.echo(json.dumps([as_json(f) for f in findings], ensure_ascii=False, indent=2))
    elif fmt is Format.GITHUB:
        _github(findings, strict, lang)
    else:
        _table(records, findings, period, today, lang)
    summary = _summary(findings, failing, lang)
    typer.echo(summary, err=fmt is Format.JSON)
    raise typer.Exit(ExitStatus.PROBLEMS if failing else ExitStatus.OK)


def _fails(finding: Finding, strict: bool) -> bool:
    return finding.status is Status.MISSED and (finding.severity == "error" or strict)


def _period(
    records: Records, year: str | None, term: str | None, start: str | None, end: str | None, today: date, lang: Lang
) -> Period:
    calendar = Calendar(records.programme)
    chosen = [name for name, value in (("--year", year), ("--term", term), ("--from", start or end)) if value]
    if len(chosen) > 1:
        raise fail_usage(f"{' 和 '.join(chosen)} 只能选一个。", f"use only one of {', '.join(chosen)}.", lang)
    try:
        if year is not None:
            return calendar.parse_year(year)
        if term is not None:
            return calendar.parse_term(term)
    except ValueError as err:
        option = "--year" if year is not None else "--term"
        example = "2025 或 2025-2026" if year is not None else "2026-1、2026秋 或 2027春"
        raise fail_usage(f"{option} 的值 {year or term!r} 无法识别，应写成 {example}。", f"{err}.", lang) from None
    if end is not None and start is None:
        raise fail_usage("使用 --to 时也要给出 --from。", "--to needs --from as well.", lang)
    if start is not None:
        first = parse_day(start, "--from", lang)
        last = parse_day(end, "--to", lang) if end is not None else today
        if last < first:
            raise fail_usage(f"--from {first} 晚于 --to {last}。", f"--from {first} is after --to {last}.", lang)
        try:
            return calendar.custom(first, last)
        except ValueError as err:
            raise fail_usage(
                f"统计期间 {first} 至 {last} 超出范围：应在 1900—2100 年之间，且不超过 10 年。", f"{err}.", lang
            ) from None
    return calendar.year(calendar.school_year_of(today) if calendar.basis == "school" else today.year)


def as_json(f: Finding) -> dict[str, Any]:
    """One finding as the JSON object the contract names (docs/rules.md)."""
    return {
        "rule": f.rule_id,
        "rule_title": f.rule_title,
        "severity": f.severity,
        "period": {"label": f.period.label, "start": f.period.start.isoformat(), "end": f.period.end.isoformat()},
        "scope": {"kind": f.scope.kind, "id": f.scope.id, "label": f.scope.label},
        "pairing": f.scope.pairing,
        "required": f.required,
        "actual": f.actual,
        "measure": f.measure,
        "done": f.done,
        "gap": f.gap,
        "status": str(f.status),
        "waived_from": str(f.waived_from) if f.waived_from else None,
        "note": f.note,
        "clause": f.clause,
        "file": f.source.file if f.source else None,
    }


def _status_text(status: Status, lang: Lang) -> str:
    return status.label if lang is Lang.ZH else _STATUS_EN[status]


def _table(records: Records, findings: list[Finding], period: Period, today: date, lang: Lang) -> None:
    from rich.console import Console  # rich only when a table is drawn: `pairkit validate` stays light
    from rich.table import Table

    zh = lang is Lang.ZH
    # Piped output gets a fixed, generous width so that CJK columns are not squeezed into one character.
    console = Console(highlight=False, width=None if os.isatty(1) else 140)
    custom = period.kind == "custom"  # labelled by its dates already: in Chinese for Chinese, ISO for English
    label = period.iso() if custom and not zh else period.label
    span = "" if custom else (f"（{period.iso()}）" if zh else f" ({period.iso()})")
    head = f"{label}{span}，按 {today} 的情况" if zh else f"{label}{span}, as of {today}"
    console.print(head, style="bold")
    if not findings:
        console.print("没有可检查的规则。" if zh else "No rules to check.")
        return
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.scope.pairing or "", []).append(f)
    headers = ("规则", "统计期", "对象", "要求", "完成", "差额", "状态")
    if not zh:
        headers = ("Rule", "Period", "Scope", "Required", "Actual", "Gap", "Status")
    for key, items in groups.items():
        pairing = records.pairing.get(key)
        if pairing is not None:
            title = f"{key}　{pairing.name or ''}".strip()
        else:
            title = "全项目、学校和人员" if zh else "Programme, schools and people"
        table = Table(title=title, title_justify="left", title_style="bold")
        for i, name in enumerate(headers):
            table.add_column(name, no_wrap=i >= 4, min_width=4, overflow="fold")
        notes: list[str] = []
        for f in items:
            mark = ""
            if f.note and f.status is not Status.MET:
                notes.append(f.note)
                mark = f" [{len(notes)}]"
            table.add_row(
                f.rule_title,
                f.period.label,
                _scope_cell(records, f, zh) if pairing is not None else f.scope.label,
                f.required,
                f.done,
                number(f.gap) if f.gap else "",
                _status_text(f.status, lang) + _warning_mark(f, zh) + mark,
                style="red" if _warning_mark(f, zh) else _STATUS_STYLE[f.status],
            )
        console.print(table)
        for i, note in enumerate(notes, 1):
            console.print(f"  [{i}] {note}", style="dim", markup=False)


def _warning_mark(f: Finding, zh: bool) -> str:
    """A missed rule of severity warning is told apart: it does not fail the check (unless --strict)."""
    if f.status is Status.MISSED and f.severity == "warning":
        return "（警告）" if zh else " (warning)"
    return ""


def _scope_cell(records: Records, f: Finding, zh: bool) -> str:
    """Inside a pairing's table the pairing is the heading: show what is left (the subject, the person)."""
    if f.scope.kind == "pairing":
        return "本结对" if zh else "the pairing"
    if f.scope.kind == "pairing_subject":
        return records.vocab.subjects.label(f.scope.id.rpartition("/")[2])
    return f.scope.label


def _github(findings: list[Finding], strict: bool, lang: Lang) -> None:
    where = _Locator()
    for f in findings:
        if f.status not in (Status.MISSED, Status.AT_RISK):
            continue
        level = "error" if _fails(f, strict) else "warning"
        file, line = where(f)
        text = f"{f.rule_title}：{f.period.label} {f.scope.label} {_status_text(f.status, lang)}，"
        text += f"要求 {f.required}，完成 {f.done}" if lang is Lang.ZH else ""
        if lang is Lang.EN:
            text += f" required {f.required}, actual {f.shown or number(f.actual)}"
        typer.echo(f"::{level} file={file},line={line},title={f.rule_id}::{text}")


class _Locator:
    """The file and line of a finding's rule, for annotations; each file is composed once."""

    def __init__(self) -> None:
        self._trees: dict[str, Any] = {}

    def __call__(self, finding: Finding) -> tuple[str, int]:
        if finding.source is None:
            return "", 1
        file = finding.source.file
        if file not in self._trees:
            text = read_text(Path(file), file)
            self._trees[file] = tree(text) if isinstance(text, str) else None
        return file, locate(self._trees[file], finding.source.path)[0]


def _summary(findings: list[Finding], failing: list[Finding], lang: Lang) -> str:
    """Counts per status, then the rules missed in closed periods: the failing ones first, then the others."""
    counts = {s: sum(1 for f in findings if f.status is s) for s in Status}
    shown: Callable[[Status], str] = (lambda s: s.label) if lang is Lang.ZH else (lambda s: _STATUS_EN[s])
    parts = [f"{shown(s)} {n}" for s, n in counts.items() if n]
    failed = sorted({f.rule_id for f in failing})
    warned = sorted({f.rule_id for f in findings if f.status is Status.MISSED} - set(failed))
    if lang is Lang.ZH:
        line = "，".join(parts) or "没有结果"
        if failed:
            line += f"。未达标的规则：{'、'.join(failed)}"
        if warned:
            line += f"。未达标（警告）：{'、'.join(warned)}"
        return line
    line = ", ".join(parts) or "no results"
    if failed:
        line += f". Missed rules: {', '.join(failed)}"
    if warned:
        line += f". Missed (warnings): {', '.join(warned)}"
    return line
