"""Options and checks shared by several commands.

A short option means the same in every command: ``-y`` year, ``-t`` term, ``-p`` pairing, ``-r`` rule, ``-f``
format, ``-o`` output, ``-n`` dry run (``tests/test_cli_language.py`` holds them to it). This module stays light:
the record models, the pipeline and rich load inside the functions that need them.
"""

from __future__ import annotations

import difflib
import enum
import os
import re
from collections.abc import Collection
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

import typer

from pairkit.cli import completion
from pairkit.cli.lang import both, no_color
from pairkit.diagnostics import Diagnostic, ExitStatus
from pairkit.messages import Lang

if TYPE_CHECKING:
    from pairkit.model import Records
    from pairkit.model.periods import Calendar, Period
    from pairkit.pipeline import Findings


class Format(enum.StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"


class ProblemFormat(enum.StrEnum):
    """How commands that report problems in records (validate, fmt, import) print them: ``Format`` and GitLab Code
    Quality JSON, which merge requests show beside the changed lines."""

    TEXT = "text"
    JSON = "json"
    GITHUB = "github"
    GITLAB = "gitlab"


F = TypeVar("F", Format, ProblemFormat)


def default_format(fmt: F | None, kind: type[F]) -> F:
    """Text, or GitHub annotations when running under GitHub Actions."""
    if fmt is not None:
        return fmt
    return kind("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")


_DAY = both("年-月-日", "DATE")
YearOption = Annotated[
    str | None,
    typer.Option(
        "--year",
        "-y",
        metavar=both("学年", "YEAR"),
        help=both("学年（或自然年），如 2025 或 2025-2026。", "School year, e.g. 2025 or 2025-2026."),
    ),
]
TermOption = Annotated[
    str | None,
    typer.Option(
        "--term",
        "-t",
        metavar=both("学期", "TERM"),
        help=both("学期，如 2026-1、2026秋、2027春。", "A term, e.g. 2026-1 (autumn 2026) or 2027-spring."),
    ),
]
HalfOption = Annotated[
    str | None,
    typer.Option(
        "--half",
        metavar=both("半年", "HALF"),
        help=both("半年：2026-1 为 2026年上半年，2026-2 为下半年。", "A half-year: 2026-1 is January–June 2026."),
    ),
]
FromOption = Annotated[
    str | None,
    typer.Option("--from", metavar=_DAY, help=both("自定义期间的开始日期。", "Start of a custom period.")),
]
ToOption = Annotated[
    str | None,
    typer.Option("--to", metavar=_DAY, help=both("自定义期间的结束日期。", "End of a custom period.")),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar=_DAY,
        help=both("按哪一天判断进度（默认今天），结果可重现。", "Judge progress as of this day (default today)."),
    ),
]
PairingOption = Annotated[
    str | None,
    typer.Option(
        "--pairing",
        "-p",
        metavar=both("结对编号", "ID"),
        help=both("只看这个结对。", "Only this pairing."),
        autocompletion=completion.pairings,
    ),
]
RecordsPath = Annotated[
    Path,
    typer.Argument(
        metavar=both("记录目录", "PATH"),
        help=both("记录目录或文件（默认 records）。", "The records folder or file (default: records)."),
        show_default=False,
    ),
]

PersonalOption = Annotated[
    bool,
    typer.Option(
        "--personal",
        help=both(
            "包含身份证号和联系电话（默认不显示）。", "Include ID and phone numbers (left out unless asked for)."
        ),
    ),
]

AllowEmptyOption = Annotated[
    bool,
    typer.Option(
        "--allow-empty",
        help=both(
            "期间内没有任何活动、选派或捐赠时也生成（默认拒绝，以免年份写错时生成空白文件）。",
            "Write it even when the period holds no activity, secondment or donation (refused by default).",
        ),
    ),
]
ForceOption = Annotated[
    bool,
    typer.Option(
        "--force",
        help=both(
            "目标文件在 pairkit 生成后被改过（或不是 pairkit 生成的）时也重新生成，原文件先另存为带编号的副本。",
            "Write even over a file changed since pairkit wrote it (or not written by pairkit), keeping the old "
            "file as a numbered copy.",
        ),
    ),
]
NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help=both(
            "不使用也不更新缓存 .pairkit-cache（见 docs/maintaining.md）。",
            "Neither use nor update the cache .pairkit-cache (see docs/maintaining.md).",
        ),
    ),
]


def format_option(help_zh: str, help_en: str, choices: str = "text|json|github") -> object:
    """``--format``/``-f`` with the choices shown as they are typed."""
    return typer.Option("--format", "-f", metavar=f"[{choices}]", help=both(help_zh, help_en))


def paint(message: str, **style: Any) -> str:
    """``message`` in colour (``fg``, ``bold``); plain when NO_COLOR is set. Colour is dropped anyway when the
    output is not a terminal."""
    return message if no_color() else typer.style(message, **style)


# Characters that would move the cursor, change colours or reorder the text: C0 and C1 controls, DEL, and the
# bidirectional overrides (a file name could otherwise make a line read differently from what it is).
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str, keep: str = "") -> str:
    """``text`` with every control character written as an escape (``\\n``, ``\\x1b``, ``\\u202e``), except those in
    ``keep``: what comes from a file name or a file cannot start a new line or colour the terminal."""

    def escape(m: re.Match[str]) -> str:
        ch = m[0]
        if ch in keep:
            return ch
        return _ESCAPES.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")

    return _UNPRINTABLE.sub(escape, text)


def waiting_for(holder: str, lang: Lang) -> None:
    """Told while another pairkit command holds the records lock."""
    typer.echo(
        f"另一个 pairkit 命令正在修改记录（{holder}），等它完成……"
        if lang is Lang.ZH
        else f"another pairkit command is changing the records ({holder}); waiting for it to finish…",
        err=True,
    )


def fail_usage(zh: str, en: str, lang: Lang) -> typer.Exit:
    typer.echo(f"错误：{zh}" if lang is Lang.ZH else f"error: {en}", err=True)
    return typer.Exit(ExitStatus.USAGE)


def refuse_target(path: Path, lang: Lang) -> None:
    """An output (``-o``) that may not be written is refused before any work: a link, a special file, a folder that
    does not exist (a typo is far likelier than a wish for a new folder)."""
    from pairkit.write import WriteRefused, check_target

    try:
        check_target(path)
    except WriteRefused as refused:
        show_problems([refused.diagnostic], 0, lang)
        raise typer.Exit(ExitStatus.PROBLEMS) from None


def require_path(path: Path, lang: Lang) -> None:
    if not path.exists():
        raise fail_usage(f"路径 {path} 不存在。", f"the path {path} does not exist.", lang)


_DATE = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*")


def parse_day(text: str, option: str, lang: Lang) -> date:
    """A date option (``--as-of``, ``--from``, ``--to``) or a usage error that says how to write it."""
    m = _DATE.fullmatch(text)
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
    year: str | None,
    term: str | None,
    half: str | None,
    start: date | None,
    end: date | None,
    lang: Lang,
    *,
    optional: bool = False,
) -> None:
    """At most one of ``--year``, ``--term``, ``--half`` or ``--from/--to`` (exactly one unless ``optional``),
    checked before the records are read: a usage mistake should not wait for a large tree to validate. Where the
    period is ``optional``, ``--from`` alone runs to the as-of day."""
    given = [name for name, x in (("--year", year), ("--term", term), ("--half", half), ("--from", start or end)) if x]
    if len(given) > 1:
        raise fail_usage(f"{' 和 '.join(given)} 只能选一个。", f"use only one of {', '.join(given)}.", lang)
    if not given and not optional:
        raise fail_usage(
            "请用 --year、--term、--half 或 --from/--to 中的一种指定统计期间，例如 --year 2025。",
            "give the period with one of --year, --term, --half or --from/--to, e.g. --year 2025.",
            lang,
        )
    if end is not None and start is None:
        raise fail_usage("使用 --to 时也要给出 --from。", "--to needs --from as well.", lang)
    if start is not None and end is None and not optional:
        raise fail_usage("--from 和 --to 要一起使用。", "--from and --to go together.", lang)
    if start is not None and end is not None and end < start:
        raise fail_usage(f"--from {start} 晚于 --to {end}。", f"--from {start} is after --to {end}.", lang)


def period_of(
    calendar: Calendar,
    year: str | None,
    term: str | None,
    half: str | None,
    start: date | None,
    end: date | None,
    lang: Lang,
    *,
    today: date | None = None,
    default: Literal["year", "term"] | None = None,
) -> Period:
    """The period the options name; with none, the ``default`` that contains ``today`` (the running school year
    or term)."""
    try:
        if year is not None:
            return calendar.parse_year(year)
        if term is not None:
            return calendar.parse_term(term)
        if half is not None:
            return calendar.parse_half(half)
        if start is not None:
            return calendar.custom(start, end or today or start)
    except ValueError as err:
        named = [
            f"{option} 的值 {value!r} 无法识别，应写成 {example}。"
            for option, value, example in (
                ("--year", year, "2025 或 2025-2026"),
                ("--term", term, "2026-1、2026秋 或 2027春"),
                ("--half", half, "2026-1（上半年）或 2026-2（下半年）"),
            )
            if value is not None
        ]
        zh = (
            named[0]
            if named
            else f"统计期间 {start} 至 {end or today} 超出范围：应在 1900—2100 年之间，且不超过 10 年。"
        )
        raise fail_usage(zh, f"{err}.", lang) from None
    assert today is not None, "a period left to its default needs the as-of day"
    assert default is not None, "a command without a default period must require one (require_one_period)"
    if default == "term":
        return calendar.current_term(today)
    return calendar.year(calendar.school_year_of(today) if calendar.basis == "school" else today.year)


def refuse_invalid(
    outcome: Findings, lang: Lang, fmt: Format = Format.TEXT, *, what: tuple[str, str] | None = None
) -> None:
    """Commands work only on a tree that validates: otherwise its errors are shown, then ``what`` was not done
    (by default: records are not changed). A path without record files is a usage problem (exit 2)."""
    if not outcome.has_errors:
        return
    from pairkit.cli.output import show_diagnostics

    show_diagnostics(outcome, fmt, lang)
    zh, en = what or (
        "请先改正（pairkit validate），没有改动任何文件。",
        "fix them first (pairkit validate). No file was changed.",
    )
    if outcome.no_records:
        typer.echo(f"没有记录，{zh}" if lang is Lang.ZH else f"There are no records; {en}", err=True)
        raise typer.Exit(ExitStatus.USAGE)
    typer.echo(f"记录有错误，{zh}" if lang is Lang.ZH else f"The records have errors; {en}", err=True)
    raise typer.Exit(ExitStatus.PROBLEMS)


def refuse_empty(records: Records, period: Period, pairing: str | None, lang: Lang, *, what: tuple[str, str]) -> None:
    """A period without any activity, secondment or donation is most likely a wrong year: refused (PK850), exit 1."""
    from pairkit.report.figures import nothing_in

    empty = nothing_in(records, period, pairing)
    if empty is None:
        return
    say_problems([empty], lang)
    typer.echo(what[0] if lang is Lang.ZH else what[1], err=True)
    raise typer.Exit(ExitStatus.PROBLEMS)


def say_problems(diagnostics: list[Diagnostic], lang: Lang) -> None:
    """Problems of making a document (a template line, the target file) on stderr, one line each."""
    from pairkit.cli.output import headline

    for d in diagnostics:
        typer.echo(paint(headline(d, lang), fg="red" if d.is_error else "yellow"), err=True)


def say_kept(kept: Path | None, lang: Lang) -> None:
    """Tell where ``--force`` kept the old file."""
    if kept is not None:
        typer.echo(f"原文件已另存为 {kept}" if lang is Lang.ZH else f"the old file was kept as {kept}")


def show_problems(
    problems: list[Diagnostic], file_count: int, lang: Lang, fmt: Format | ProblemFormat = Format.TEXT
) -> None:
    from pairkit.cli.output import show_diagnostics
    from pairkit.pipeline import Findings

    show_diagnostics(Findings(problems, file_count), fmt, lang)
