"""`pairkit schema [-o FILE]`: the JSON Schema of record files, for editors that complete and check YAML."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from pairkit.cli.common import fail_usage, refuse_target, show_problems
from pairkit.cli.lang import both
from pairkit.diagnostics import ExitStatus
from pairkit.messages import Lang


def command(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar=both("文件", "FILE"),
            help=both("写入此文件（默认输出到屏幕）。", "Write to this file instead of the screen."),
        ),
    ] = None,
) -> None:
    from pairkit.schema import record_file_schema
    from pairkit.write import WriteRefused, write_file

    lang: Lang = ctx.obj
    if output is not None:
        refuse_target(output, lang)
    document = json.dumps(record_file_schema(), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        typer.echo(document, nl=False)
        raise typer.Exit(ExitStatus.OK)
    try:
        write_file(output, document.encode("utf-8"))
    except WriteRefused as refused:
        show_problems([refused.diagnostic], 0, lang)
        raise typer.Exit(ExitStatus.PROBLEMS) from None
    except OSError as err:
        reason = err.strerror or type(err).__name__
        raise fail_usage(f"无法写入 {output}：{reason}", f"cannot write {output}: {reason}", lang) from None
    typer.echo(f"已写入 {output}" if lang is Lang.ZH else f"wrote {output}")
