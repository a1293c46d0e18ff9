"""`pairkit status [PATH]`: one screen for a programme lead — the running term (by default) as of today, each
pairing's findings by status with a pace bar, and what is at risk or missed with what it takes to catch up.

It shows what `check` finds for the same period and exits as `check` would.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pairkit.cli.check import evaluated
from pairkit.cli.common import (
    AsOfOption,
    Format,
    FromOption,
    PairingOption,
    RecordsPath,
    TermOption,
    ToOption,
    YearOption,
    format_option,
    require_path,
)
from pairkit.cli.lang import both
from pairkit.diagnostics import ExitStatus
from pairkit.messages import Lang

if TYPE_CHECKING:
    from pairkit.views.status import Dashboard

SHOWN_ITEMS = 6  # items at risk or missed shown in full; the rest are counted, `check --status` lists them
BAR = 10


def command(
    ctx: typer.Context,
    path: RecordsPath = Path("records"),
    term: TermOption = None,
    year: YearOption = None,
    start: FromOption = None,
    end: ToOption = None,
    as_of: AsOfOption = None,
    pairing: PairingOption = None,
    fmt: Annotated[
        Format | None,
        format_option(
            "输出格式：text 或 json（供看板和机器人读取）。", "text, or json for dashboards and bots.", "text|json"
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help=both("警告级规则未达标也视为失败。", "Missed warnings fail too."))
    ] = False,
) -> None:
    from pairkit.views.findings import fails
    from pairkit.views.status import dashboard

    lang: Lang = ctx.obj
    require_path(path, lang)
    fmt = fmt or Format.TEXT
    if fmt is Format.GITHUB:
        from pairkit.cli.common import fail_usage

        raise fail_usage("status 的 --format 只能是 text 或 json。", "status --format is text or json.", lang)
    today, outcome, period, findings = evaluated(
        ctx, path, year, term, start, end, as_of, rules=None, pairing=pairing, default="term", fmt=fmt
    )
    board = dashboard(outcome.records, period, today, findings, lang)
    if fmt is Format.JSON:
        typer.echo(json.dumps(board.to_json(lang), ensure_ascii=False, indent=2))
    else:
        _show(board, lang)
    raise typer.Exit(ExitStatus.PROBLEMS if any(fails(f, strict) for f in findings) else ExitStatus.OK)


def _show(board: Dashboard, lang: Lang) -> None:
    from rich.text import Text

    from pairkit.cli.check import STATUS_STYLE
    from pairkit.cli.lang import wrap
    from pairkit.cli.tables import Column, fill, screen, show
    from pairkit.model.periods import cn_date
    from pairkit.rules.results import Status
    from pairkit.views.findings import amount, required_words, scope_in_names, status_word

    zh = lang is Lang.ZH
    period = board.period
    with screen() as out:
        head = f"{period.shown(lang)}（{period.dates()}）" if zh else f"{period.shown(lang)} ({period.dates(lang)})"
        day = (
            f"截至{cn_date(board.as_of)}：第 {board.elapsed} 天，共 {period.days} 天"
            if zh
            else f"as of {board.as_of}: day {board.elapsed} of {period.days}"
        )
        for line in wrap(head, out.width):
            out.print(Text(line, style="bold"))
        for line in wrap(day, out.width):
            out.print(line)
        counted = [Text(f"{status_word(s, lang)} {n}", style=STATUS_STYLE[s.value]) for s, n in board.counts.items()]
        out.print(Text(" · ").join(counted))
        if not board.rows:
            out.print("本期没有需要检查的规则。" if zh else "No rule applies in this period.")
            return
        shown = [
            s for s in (Status.MET, Status.ON_TRACK, Status.AT_RISK, Status.MISSED, Status.WAIVED) if s in board.counts
        ]
        columns = [Column("结对" if zh else "Pairing", wrap=True, least=12)]
        columns += [Column(status_word(s, lang), right=True) for s in shown]
        columns += [Column("完成进度" if zh else "Done")]
        rows, styles = [], []
        for row in board.rows:
            cells = [row.name] + [str(row.counts.get(s, 0) or "") for s in shown]
            rows.append([*cells, _bar(row.done)])
            behind = row.counts.get(Status.MISSED) or row.counts.get(Status.AT_RISK)
            styles.append("yellow" if behind else None)
        out.print()
        show(out, columns, rows, styles)
        marker = round(board.time_share * 100)
        out.print(
            Text(
                f"完成进度：要求完成的比例；时间已过 {marker}%"
                if zh
                else f"Done: share of what is required; {marker}% of the time has passed",
                style="dim",
            )
        )
        if not board.attention:
            return
        out.print()
        out.print(Text("需要关注（最急的在前）" if zh else "Needs attention (most urgent first)", style="bold"))
        for item in board.attention[:SHOWN_ITEMS]:
            f = item.finding
            style = STATUS_STYLE[f.status.value]
            word = status_word(f.status, lang)
            first, *more = wrap(f.rule_title, out.width, f"{word}  ", "    ")
            out.print(Text.assemble((word, style), first[len(word) :]))
            for line in more:
                out.print(line)
            parts = [scope_in_names(board.records, f, lang)]
            if f.low is not None or f.high is not None:  # a quota: how far along; a condition: its reason says it
                done = amount(f.actual, f.measure, lang)
                parts.append(
                    f"完成 {done}，要求{required_words(f, lang)}"
                    if zh
                    else f"done {done}, required {f.required_in(lang)}"
                )
            parts.append(item.remedy)
            for line in fill(parts, out.width, "    "):
                out.print(line)
        rest = len(board.attention) - SHOWN_ITEMS
        if rest > 0:
            out.print(
                f"另有 {rest} 项，用 pairkit check --status missed,at_risk 列出全部。"
                if zh
                else f"{rest} more: pairkit check --status missed,at_risk lists them all."
            )


def _bar(done: float) -> str:
    filled = round(done * BAR)
    return "█" * filled + "░" * (BAR - filled) + f" {round(done * 100):>3}%"
