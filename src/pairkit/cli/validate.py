"""`pairkit validate [PATH]`: every problem in the records, at once, located."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pairkit.cli.common import Format, NoCacheOption, RecordsPath, default_format, format_option, require_path
from pairkit.cli.lang import both
from pairkit.cli.progress import progress
from pairkit.diagnostics import ExitStatus


def command(
    ctx: typer.Context,
    path: RecordsPath = Path("records"),
    fmt: Annotated[
        Format | None,
        format_option(
            "输出格式：text、json 或 github（在 GitHub Actions 中默认 github）。",
            "Output format (github by default under GitHub Actions).",
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option("--strict", help=both("警告也视为失败。", "Treat warnings as errors for the exit code.")),
    ] = False,
    no_cache: NoCacheOption = False,
) -> None:
    from pairkit.cli.output import show_diagnostics
    from pairkit.pipeline import validate_tree

    require_path(path, ctx.obj)
    fmt = default_format(fmt)
    with progress(ctx.obj, machine_output=fmt is not Format.TEXT) as shown:
        outcome = validate_tree(path, progress=shown, records=False, cache=not no_cache)
    show_diagnostics(outcome, fmt, ctx.obj)
    failed = outcome.has_errors or (strict and outcome.diagnostics)
    raise typer.Exit(ExitStatus.PROBLEMS if failed else ExitStatus.OK)
