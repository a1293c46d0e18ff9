"""`pairkit validate [PATH]`: every problem in the records, at once, located."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from pairkit.cli.common import NoCacheOption, RecordsPath, require_path
from pairkit.cli.output import Format, show_diagnostics
from pairkit.diagnostics import ExitStatus
from pairkit.pipeline import validate_tree


def command(
    ctx: typer.Context,
    path: RecordsPath = Path("records"),
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help="输出格式：text、json 或 github（在 GitHub Actions 中默认 github）。Output format.",
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="警告也视为失败。Treat warnings as errors for the exit code.")
    ] = False,
    no_cache: NoCacheOption = False,
) -> None:
    """校验记录：格式、字段、编号引用和日期是否一致。Check the records and report every problem."""
    require_path(path, ctx.obj)
    if fmt is None:
        fmt = Format.GITHUB if os.environ.get("GITHUB_ACTIONS") == "true" else Format.TEXT
    outcome = validate_tree(path, records=False, cache=not no_cache)
    show_diagnostics(outcome, fmt, ctx.obj)
    failed = outcome.has_errors or (strict and outcome.diagnostics)
    raise typer.Exit(ExitStatus.PROBLEMS if failed else ExitStatus.OK)
