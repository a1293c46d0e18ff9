"""Options and checks shared by several commands."""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from pairkit.cli.output import Format, show_diagnostics
from pairkit.diagnostics import Diagnostic, ExitStatus
from pairkit.messages import Lang
from pairkit.model.periods import Calendar, Period
from pairkit.pipeline import Outcome

# The period and as-of options that `check` and `report` share (--term differs: report's -t is --template).
YearOption = Annotated[
    str | None, typer.Option("--year", "-y", help="学年（或自然年），如 2025 或 2025-2026。School year, e.g. 2025.")
]
FromOption = Annotated[
    str | None, typer.Option("--from", help="自定义期间的开始日期 年-月-日。Start of a custom period.")
]
HalfOption = Annotated[
    str | None,
    typer.Option("--half", help="半年：2026-1 为 2026年上半年，2026-2 为下半年。A half-year (January–June: -1)."),
]
ToOption = Annotated[str | None, typer.Option("--to", help="自定义期间的结束日期 年-月-日。End of a custom period.")]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of", help="按哪一天判断进度（默认今天），结果可重现。Judge progress as of this day (default today)."
    ),
]

NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="不使用也不更新缓存 .pairkit-cache（见 docs/maintaining.md）。Neither use nor update the cache.",
    ),
]

RecordsPath = Annotated[
    Path,
    typer.Argument(help="记录目录或文件（默认 records）。The records folder or file.", show_default=True),
]


def fail_usage(zh: str, en: str, lang: Lang) -> typer.Exit:
    typer.echo(f"错误：{zh}" if lang is Lang.ZH else f"error: {en}", err=True)
    return typer.Exit(ExitStatus.USAGE)


def require_path(path: Path, lang: Lang) -> None:
    if not path.exists():
        raise fail_usage(f"路径 {path} 不存在。", f"the path {path} does not exist.", lang)


_DAY = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*")


def parse_day(text: str, option: str, lang: Lang) -> date:
    """A date option (``--as-of``, ``--from``, ``--to``) or a usage error that says how to write it."""
    m = _DAY.fullmatch(text)
    try:
        if m:
            return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        pass
    raise fail_usage(
        f"{option} 的值 {text!r} 不是有效日期，应写成 年-月-日，例如 2026-11-23。",
        f"{option} {text!r} is not a date such as 2026-11-23.",
        lang,
    )


def require_known(option: str, value: str, known: Collection[str], what: tuple[str, str], lang: Lang) -> None:
    """``--pairing X`` and the like must name an existing record; the nearest ID is suggested."""
    if value in known:
        return
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.5)
    hint_zh = f"，是不是 {close[0]}？" if close else "。"
    hint_en = f" (did you mean {close[0]}?)" if close else "."
    zh, en = what
    raise fail_usage(
        f"{option}：没有编号为 {value} 的{zh}{hint_zh}", f"{option}: no {en} has the ID {value}{hint_en}", lang
    )


def require_one_period(
    year: str | None, term: str | None, half: str | None, start: date | None, end: date | None, lang: Lang
) -> None:
    """One of ``--year``, ``--term``, ``--half`` or ``--from/--to`` (report, export), checked before the records are
    read: a usage mistake should not wait for a large tree to validate."""
    given = [x for x in (year, term, half, start or end) if x is not None]
    if len(given) != 1:
        raise fail_usage(
            "请用 --year、--term、--half 或 --from/--to 中的一种指定统计期间，例如 --year 2025。",
            "give the period with one of --year, --term, --half or --from/--to, e.g. --year 2025.",
            lang,
        )
    if year is None and term is None and half is None and (start is None or end is None):
        raise fail_usage("--from 和 --to 要一起使用。", "--from and --to go together.", lang)


def period_of(
    calendar: Calendar,
    year: str | None,
    term: str | None,
    half: str | None,
    start: date | None,
    end: date | None,
    lang: Lang,
) -> Period:
    try:
        if year is not None:
            return calendar.parse_year(year)
        if term is not None:
            return calendar.parse_term(term)
        if half is not None:
            return calendar.parse_half(half)
        assert start is not None
        assert end is not None
        return calendar.custom(start, end)
    except ValueError as err:
        given = year or term or half or f"{start} 至 {end}"
        raise fail_usage(
            f"统计期间 {given} 无效：学年写成 2025 或 2025-2026，学期写成 2026-1、2026秋、2027春，"
            "半年写成 2026-1（上半年）或 2026-2（下半年）；--from/--to 须在 1900—2100 年之间，且不超过 10 年。",
            f"invalid period: {err}",
            lang,
        ) from None


def refuse_invalid(outcome: Outcome, lang: Lang, fmt: Format = Format.TEXT) -> None:
    """Records are changed only in a tree that validates: otherwise its errors are shown and nothing is written."""
    if not outcome.has_errors:
        return
    show_diagnostics(outcome, fmt, lang)
    typer.echo(
        "记录有错误，请先改正（pairkit validate），没有改动任何文件。"
        if lang is Lang.ZH
        else "the records have errors; fix them first (pairkit validate). No file was changed.",
        err=True,
    )
    raise typer.Exit(ExitStatus.PROBLEMS)


def show_problems(problems: list[Diagnostic], file_count: int, lang: Lang, fmt: Format = Format.TEXT) -> None:
    from pairkit.model import Records

    show_diagnostics(Outcome(Records(), problems, file_count), fmt, lang)
