"""`pairkit check [PATH]`: where each pairing stands on each rule, per period and scope.

Exit 1 only when a closed period misses a rule of severity error (or warning with --strict); a running period is
never a failure. Invalid records are not checked: their errors are shown instead (exit 1). ``--status`` and the
grouping and sorting options choose what the table shows; the exit status always judges every finding.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from pairkit.cli import completion
from pairkit.cli.common import (
    AsOfOption,
    Format,
    FromOption,
    NoCacheOption,
    PairingOption,
    RecordsPath,
    TermOption,
    ToOption,
    YearOption,
    default_format,
    fail_usage,
    format_option,
    parse_day,
    period_of,
    refuse_invalid,
    require_known,
    require_one_period,
    require_path,
)
from pairkit.cli.lang import both, wrap
from pairkit.cli.progress import progress
from pairkit.diagnostics import ExitStatus
from pairkit.messages import Lang

if TYPE_CHECKING:
    from pairkit.model import Records
    from pairkit.model.periods import Period
    from pairkit.pipeline import Outcome
    from pairkit.rules import Finding, Status


class GroupBy(enum.StrEnum):
    PAIRING = "pairing"
    RULE = "rule"
    STATUS = "status"
    NONE = "none"


class SortBy(enum.StrEnum):
    RULE = "rule"
    STATUS = "status"
    GAP = "gap"
    PERIOD = "period"


STATUS_STYLE = {
    "met": "green",
    "on_track": "cyan",
    "at_risk": "yellow",
    "missed": "bold red",
    "not_applicable": "dim",
    "waived": "magenta",
}

StatusOption = Annotated[
    list[str] | None,
    typer.Option(
        "--status",
        metavar=both("状态", "STATUS"),
        help=both(
            "只列出这些状态，逗号分隔或重复给出：missed（未达标）、at_risk（有风险）、on_track（进行中）、"
            "met（达标）、waived（已豁免）、not_applicable（不适用）。",
            "Show only these statuses, comma-separated or repeated: missed, at_risk, on_track, met, waived, "
            "not_applicable.",
        ),
    ),
]


def command(
    ctx: typer.Context,
    path: RecordsPath = Path("records"),
    year: YearOption = None,
    term: TermOption = None,
    start: FromOption = None,
    end: ToOption = None,
    as_of: AsOfOption = None,
    rules: Annotated[
        list[str] | None,
        typer.Option(
            "--rule",
            "-r",
            metavar=both("规则编号", "ID"),
            help=both("只检查这条规则（可重复）。", "Only this rule (repeatable)."),
            autocompletion=completion.rules,
        ),
    ] = None,
    pairing: PairingOption = None,
    statuses: StatusOption = None,
    group: Annotated[
        GroupBy,
        typer.Option(
            "--group-by",
            metavar="[pairing|rule|status|none]",
            help=both(
                "分组：按结对（默认）、规则、状态，或不分组。", "Group by pairing (default), rule, status, or not."
            ),
        ),
    ] = GroupBy.PAIRING,
    sort: Annotated[
        SortBy,
        typer.Option(
            "--sort",
            metavar="[rule|status|gap|period]",
            help=both(
                "排序：按规则（默认）、状态（最差在前）、差额（最大在前）或统计期。",
                "Sort by rule (default), status (worst first), gap (largest first) or period.",
            ),
        ),
    ] = SortBy.RULE,
    fmt: Annotated[Format | None, format_option("输出格式：text、json 或 github。", "Output format.")] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help=both("警告级规则未达标也视为失败。", "Missed warnings fail too."))
    ] = False,
    no_cache: NoCacheOption = False,
) -> None:
    lang: Lang = ctx.obj
    require_path(path, lang)
    fmt = default_format(fmt, Format)
    wanted = parse_statuses(statuses or [], lang)
    today, outcome, period, findings = evaluated(
        ctx,
        path,
        year,
        term,
        start,
        end,
        as_of,
        rules=rules,
        pairing=pairing,
        default="year",
        fmt=fmt,
        cache=not no_cache,
    )
    from pairkit.views.findings import as_json, fails

    failing = [f for f in findings if fails(f, strict)]
    shown = [f for f in findings if wanted is None or f.status in wanted]
    if fmt is Format.JSON:
        typer.echo(json.dumps([as_json(f, lang) for f in shown], ensure_ascii=False, indent=2))
    elif fmt is Format.GITHUB:
        _github(outcome, shown, strict, lang)
    else:
        _text(outcome.records, shown, period, today, lang, group, sort)
    if fmt is Format.TEXT:
        typer.echo()
    lines = summary(findings, failing, period, lang, shown=len(shown) if wanted is not None else None)
    for line in folded(lines) if fmt is Format.TEXT else lines:
        typer.echo(line, err=fmt is Format.JSON)
    raise typer.Exit(ExitStatus.PROBLEMS if failing else ExitStatus.OK)


def evaluated(
    ctx: typer.Context,
    path: Path,
    year: str | None,
    term: str | None,
    start: str | None,
    end: str | None,
    as_of: str | None,
    *,
    rules: list[str] | None,
    pairing: str | None,
    default: Literal["year", "term"],
    fmt: Format,
    cache: bool = True,
) -> tuple[date, Outcome, Period, list[Finding]]:
    """The findings `check` and `status` show: options checked, records validated (and refused when invalid),
    the period chosen, the rules evaluated."""
    from pairkit.model.periods import Calendar
    from pairkit.pipeline import validate_tree
    from pairkit.rules import evaluate

    lang: Lang = ctx.obj
    today = parse_day(as_of, "--as-of", lang) if as_of is not None else date.today()
    first = parse_day(start, "--from", lang) if start is not None else None
    last = parse_day(end, "--to", lang) if end is not None else None
    require_one_period(year, term, None, first, last, lang, optional=True)
    with progress(lang, machine_output=fmt is not Format.TEXT) as shown:
        outcome = validate_tree(path, progress=shown, cache=cache)
        refuse_invalid(
            outcome, lang, fmt, what=("未检查指标：请先改正以上错误。", "no rule was checked: fix them first.")
        )
        records = outcome.records
        calendar = Calendar(records.programme)
        period = period_of(calendar, year, term, None, first, last, lang, today=today, default=default)
        for rule_id in rules or ():
            require_known("--rule", rule_id, {r.id for r in records.rules}, ("规则", "rule"), lang)
        if pairing is not None:
            require_known("--pairing", pairing, records.pairing, ("结对", "pairing"), lang)
        shown("rules")
        findings = evaluate(records, period, today, rule_ids=set(rules) if rules else None, pairing=pairing)
    return today, outcome, period, findings


def parse_statuses(given: Iterable[str], lang: Lang) -> set[Status] | None:
    """``missed,at_risk`` (keys, Chinese or English labels, any case, - or _) as statuses; None when none given."""
    from pairkit.rules import Status

    names = [part.strip() for value in given for part in value.replace("，", ",").split(",") if part.strip()]
    if not names:
        return None
    known = {k: s for s in Status for k in (s.value, s.label, s.label_en, s.label_en.replace(" ", "_"))}
    chosen = set()
    for name in names:
        status = known.get(name.lower().replace("-", "_")) or known.get(name)
        if status is None:
            choices = "、".join(f"{s.value}（{s.label}）" for s in Status)
            raise fail_usage(
                f"--status 的值 {name} 无法识别，可选：{choices}。",
                f"--status {name} is not a status; choose from {', '.join(s.value for s in Status)}.",
                lang,
            )
        chosen.add(status)
    return chosen


def _text(
    records: Records, findings: list[Finding], period: Period, today: date, lang: Lang, group: GroupBy, sort: SortBy
) -> None:
    from pairkit.cli.tables import Column, screen, show
    from pairkit.model.periods import cn_date
    from pairkit.views.findings import amount, note_words, required_words, short_period, status_word

    zh = lang is Lang.ZH
    span = "" if period.kind == "custom" else (f"（{period.dates()}）" if zh else f" ({period.dates(lang)})")
    head = (
        f"{period.shown(lang)}{span}，按{cn_date(today)}的情况" if zh else f"{period.shown(lang)}{span}, as of {today}"
    )
    with screen() as out:
        for line in wrap(head, out.width):
            out.print(line, style="bold")
        if not findings:
            out.print("没有符合条件的结果。" if zh else "Nothing to show.")
            return
        for title, items in _groups(records, _sorted(findings, sort), group, lang):
            columns = [Column("规则" if zh else "Rule", wrap=True, least=12)] if group is not GroupBy.RULE else []
            columns += [
                Column("统计期" if zh else "Period"),
                Column("对象" if zh else "Scope", wrap=True),
                Column("要求" if zh else "Required", wrap=True),
                Column("完成" if zh else "Done", right=True),
                Column("差额" if zh else "Gap", right=True),
            ]
            columns += [Column("状态" if zh else "Status")] if group is not GroupBy.STATUS else []
            rows, styles, notes = [], [], []
            for f in items:
                mark = ""
                if f.note and f.status.value != "met":
                    notes.append(note_words(f, lang))
                    mark = f" [{len(notes)}]"
                row = [f.rule_title] if group is not GroupBy.RULE else []
                row += [
                    short_period(f.period, period, lang),
                    _scope(records, f, group, lang),
                    required_words(f, lang),
                    f.done_in(lang),
                    amount(f.gap, "", lang) if f.gap else "",
                ]
                warning = _warning(f, zh)
                row += [status_word(f.status, lang) + warning + mark] if group is not GroupBy.STATUS else []
                rows.append(row)
                styles.append("red" if warning else STATUS_STYLE[f.status.value])
            show(out, columns, rows, styles, title=title, gap=True)
            if notes:  # a province has thousands: printed in one go
                lines = (
                    line
                    for i, note in enumerate(notes, 1)
                    for line in wrap(note, out.width, f"  [{i}] ", " " * (len(str(i)) + 5))
                )
                out.print("\n".join(lines), style="dim")


def _sorted(findings: list[Finding], sort: SortBy) -> list[Finding]:
    from pairkit.views.findings import worst_first

    if sort is SortBy.STATUS:
        return worst_first(findings)
    if sort is SortBy.GAP:
        return sorted(findings, key=lambda f: -f.gap)
    if sort is SortBy.PERIOD:
        return sorted(findings, key=lambda f: (f.period.start, f.period.end))
    return findings  # as evaluated: by pairing, rule, period and scope


def _groups(
    records: Records, findings: list[Finding], group: GroupBy, lang: Lang
) -> list[tuple[str | None, list[Finding]]]:
    from pairkit.views.findings import pairing_title, status_word

    key: Callable[[Finding], Any]
    if group is GroupBy.NONE:
        return [(None, findings)]
    if group is GroupBy.RULE:
        key = lambda f: f.rule_title  # noqa: E731
    elif group is GroupBy.STATUS:
        key = lambda f: status_word(f.status, lang)  # noqa: E731
    else:
        key = lambda f: pairing_title(records, f.scope.pairing, lang)  # noqa: E731
    out: dict[str, list[Finding]] = {}
    for f in findings:
        out.setdefault(key(f), []).append(f)
    return list(out.items())


def _scope(records: Records, f: Finding, group: GroupBy, lang: Lang) -> str:
    """Inside a pairing's table the pairing is the heading: show what is left (the subject, the person)."""
    if group is not GroupBy.PAIRING or f.scope.pairing is None:
        return f.scope.shown(lang)
    if f.scope.kind == "pairing":
        return ""  # the pairing itself
    if f.scope.kind == "pairing_subject":
        subject = f.scope.id.rpartition("/")[2]
        subjects = records.vocab.subjects
        return subjects.label_en(subject) if lang is Lang.EN else subjects.label(subject)
    return f.scope.shown(lang)


def _warning(f: Finding, zh: bool) -> str:
    """A missed rule of severity warning is told apart: it does not fail the check (unless --strict)."""
    if f.status.value == "missed" and f.severity == "warning":
        return "（警告）" if zh else " (warning)"
    return ""


def _github(outcome: Outcome, findings: list[Finding], strict: bool, lang: Lang) -> None:
    from pairkit.views.findings import fails, required_words, status_word

    for f in findings:
        if f.status.value not in ("missed", "at_risk"):
            continue
        level = "error" if fails(f, strict) else "warning"
        file, line = (f.source.file, outcome.positions.line(f.source)) if f.source else ("", 1)
        where = f"{f.period.shown(lang)} {f.scope.shown(lang)} {status_word(f.status, lang)}"
        if lang is Lang.ZH:
            text = f"{f.rule_title}：{where}，要求{required_words(f, lang)}，完成{f.done_in(lang).replace(' ', '')}"
        else:
            text = f"{f.rule_title}: {where}, required {f.required_in(lang)}, done {f.done_in(lang)}"
        typer.echo(f"::{level} file={file},line={line},title={f.rule_id}::{text}")


def summary(
    findings: list[Finding], failing: list[Finding], period: Period, lang: Lang, *, shown: int | None = None
) -> list[str]:
    """Counts per status; then each missed rule by its title, with the scopes (and periods) that missed it —
    those that fail the check first, then the missed warnings."""
    from pairkit.views.findings import counts_text

    zh = lang is Lang.ZH
    lines = [counts_text(findings, lang)]
    if shown is not None:
        lines[0] += f"（列出其中 {shown} 项）" if zh else f" ({shown} shown)"
    missed = [f for f in findings if f.status.value == "missed"]
    failed = {id(f) for f in failing}
    for heading, chosen in (
        (("未达标：", "Missed:"), [f for f in missed if id(f) in failed]),
        (("未达标（警告）：", "Missed (warnings):"), [f for f in missed if id(f) not in failed]),
    ):
        if chosen:
            lines.append(heading[0] if zh else heading[1])
            lines += [f"  {line}" for line in missed_by_rule(chosen, period, lang)]
    return lines


def folded(lines: list[str]) -> list[str]:
    """Lines fitted to the terminal, indented lines continuing under their indent; nothing split in a word."""
    from pairkit.cli.tables import width

    out = []
    for line in lines:
        indent = " " * (len(line) - len(line.lstrip(" ")))
        out += wrap(line.lstrip(" "), width(), indent, indent + "  ")
    return out


def missed_by_rule(findings: list[Finding], period: Period, lang: Lang) -> list[str]:
    """示范课每学年不少于5次：云溪五中—盖德中学、石滩中学; a rule of shorter periods names them: 帮扶领导每月…：
    卫生职业学校—郭扶镇中心卫生院结对共建（2026年1月、2026年2月）."""
    from pairkit.views.findings import short_period

    by_rule: dict[str, dict[str, list[str]]] = {}
    for f in findings:
        periods = by_rule.setdefault(f.rule_title, {}).setdefault(f.scope.shown(lang), [])
        if f.period.shown(lang) != period.shown(lang):
            periods.append(short_period(f.period, period, lang))
    zh = lang is Lang.ZH
    lines = []
    for title, scopes in by_rule.items():
        named = []
        for scope, periods in scopes.items():
            within = ("、" if zh else ", ").join(periods)
            named.append(scope if not periods else f"{scope}（{within}）" if zh else f"{scope} ({within})")
        lines.append(f"{title}：{'；'.join(named)}" if zh else f"{title}: {'; '.join(named)}")
    return lines
