"""Options and checks shared by several commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pairkit.diagnostics import ExitStatus
from pairkit.messages import Lang

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
