"""`pairkit fmt [PATH…] [--check]`: lay record files out canonically, keeping comments; `--check` for CI."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pairkit.cli.common import (
    NoCacheOption,
    ProblemFormat,
    default_format,
    fail_usage,
    format_option,
    paint,
    printable,
    require_path,
    show_problems,
    waiting_for,
)
from pairkit.cli.lang import both
from pairkit.cli.progress import progress
from pairkit.diagnostics import Diagnostic, ExitStatus, Source
from pairkit.load.files import SUFFIXES
from pairkit.messages import Lang
from pairkit.personal import mask_line


def command(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar=both("记录目录", "PATH"),
            help=both("记录目录或文件，可写多个（默认 records）。", "Record folders or files (default: records)."),
            show_default=False,
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help=both(
                "只检查不修改：列出需要整理的文件，有则退出码为 1。",
                "Change nothing; list the files to format, exit 1 if any.",
            ),
        ),
    ] = False,
    fmt: Annotated[
        ProblemFormat | None,
        format_option(
            "--check 的输出格式：text、json、github 或 gitlab（GitLab 代码质量报告）。",
            "Output format of --check (gitlab: GitLab Code Quality).",
            "text|json|github|gitlab",
        ),
    ] = None,
    diff: Annotated[
        bool,
        typer.Option(
            "--diff",
            help=both("显示每个文件的改动（可与 --check 同用）。", "Show the changes as a diff (also with --check)."),
        ),
    ] = False,
    no_cache: NoCacheOption = False,
) -> None:
    from pairkit.fmt import format_paths  # ruamel's round-trip machinery only for this command
    from pairkit.pipeline import Findings

    lang: Lang = ctx.obj
    targets = paths or [Path("records")]
    for path in targets:
        require_path(path, lang)
        if path.is_file() and path.suffix not in SUFFIXES:  # never rewrite a README or a spreadsheet as YAML
            raise fail_usage(f"{path} 不是 .yaml 记录文件。", f"{path} is not a .yaml record file.", lang)
    from pairkit.load.cache import Cache
    from pairkit.write import WriteRefused

    fmt = default_format(fmt, ProblemFormat)
    cache = Cache.at(targets[0], enabled=not no_cache)
    try:
        with progress(lang, machine_output=fmt is not ProblemFormat.TEXT) as shown:
            run = format_paths(
                targets, check=check, diff=diff, progress=shown, cache=cache, waiting=lambda h: waiting_for(h, lang)
            )
    except WriteRefused as refused:
        show_problems([refused.diagnostic], 0, lang, fmt)
        raise typer.Exit(ExitStatus.PROBLEMS) from None
    for result in run.changed:
        for line in map(mask_line, result.diff):
            colour = "green" if line.startswith("+") else "red" if line.startswith("-") else None
            typer.echo(paint(line, fg=colour) if colour else line)
    problems = list(run.diagnostics)
    if check:
        problems += [
            Diagnostic.at("PK702", Source(r.shown), line=r.diff_line, file=r.shown).located(r.diff_line, 1)
            for r in run.changed
        ]
    elif fmt is ProblemFormat.TEXT:
        for result in run.changed:
            name = printable(result.shown)
            typer.echo(f"已整理 {name}" if lang is Lang.ZH else f"formatted {name}")
    if problems or fmt is not ProblemFormat.TEXT:
        found = sorted(problems, key=Diagnostic.sort_key)
        root = targets[0] if len(targets) == 1 else None  # excerpts only from inside it
        outcome = Findings(found, len(run.results) + len(run.diagnostics), root)
        from pairkit.cli.output import show_diagnostics

        show_diagnostics(outcome, fmt, lang)
    else:
        count, changed = len(run.results), len(run.changed)
        if lang is Lang.ZH:
            verb = "需要整理" if check else "已整理"
            typer.echo(f"共 {count} 个文件，{verb} {changed} 个。")
        else:
            typer.echo(f"{count} files, {changed} {'would be ' if check else ''}reformatted.")
    for file, reason in run.unwritable:
        file = printable(file)
        typer.echo(
            f"错误：无法写入 {file}：{reason}" if lang is Lang.ZH else f"error: cannot write {file}: {reason}", err=True
        )
    raise typer.Exit(ExitStatus.PROBLEMS if problems or run.unwritable else ExitStatus.OK)
