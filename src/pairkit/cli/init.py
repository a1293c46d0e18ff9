"""`pairkit init DIR`: a new records repository with settings, example records, CI and pre-commit configuration."""

from __future__ import annotations

import os
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Annotated

import typer

from pairkit.cli.common import fail_usage, show_problems
from pairkit.cli.lang import both
from pairkit.diagnostics import ExitStatus
from pairkit.messages import Lang


def scaffold_files() -> dict[str, bytes]:
    """Relative path → content of every file ``init`` writes. Hidden names are shipped as ``_name``."""
    out: dict[str, bytes] = {}

    def walk(node: Traversable, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            if child.name == "__pycache__":
                continue
            name = "." + child.name[1:] if child.name.startswith("_") else child.name
            if child.is_dir():
                walk(child, f"{prefix}{name}/")
            else:
                out[prefix + name] = child.read_bytes()

    walk(resources.files("pairkit") / "scaffold", "")
    return out


def command(
    ctx: typer.Context,
    directory: Annotated[
        Path,
        typer.Argument(
            metavar=both("目录", "FOLDER"),
            help=both("新建的记录仓库目录。", "The folder to create."),
            show_default=False,
        ),
    ],
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help=both(
                "目录不空也继续（已有的同名文件保留不动）。", "Proceed in a non-empty folder (existing files are kept)."
            ),
        ),
    ] = False,
) -> None:
    lang: Lang = ctx.obj
    zh = lang is Lang.ZH
    if directory.exists() and not directory.is_dir():
        raise fail_usage(f"{directory} 是文件，不是目录。", f"{directory} is a file.", lang)
    if directory.is_dir() and any(directory.iterdir()) and not force:
        raise fail_usage(
            f"目录 {directory} 不是空的。换一个新目录，或加 --force（已有的同名文件不会被覆盖）。",
            f"{directory} is not empty. Choose a new folder or add --force (existing files are kept).",
            lang,
        )
    from pairkit.write import WriteRefused, write_file

    made, kept = [], []
    try:
        for relative, content in scaffold_files().items():
            target = directory / relative
            if os.path.lexists(target):
                kept.append(relative)
                continue
            try:
                write_file(target, content, create_folder=True, replace=False)  # never a file created meanwhile
            except FileExistsError:
                kept.append(relative)
                continue
            made.append(relative)
    except WriteRefused as refused:
        show_problems([refused.diagnostic], 0, lang)
        raise typer.Exit(ExitStatus.PROBLEMS) from None
    except OSError as err:
        reason = err.strerror or type(err).__name__
        raise fail_usage(f"无法写入 {directory}：{reason}", f"cannot write {directory}: {reason}", lang) from None
    typer.echo(f"已在 {directory} 中新建：" if zh else f"created in {directory}:")
    for relative in made:
        typer.echo(f"  {relative}")
    if kept:
        typer.echo("已存在、未改动：" if zh else "already there, left unchanged:")
        for relative in kept:
            typer.echo(f"  {relative}")
    records = directory / "records"
    typer.echo("\n下一步：" if zh else "\nnext:")
    typer.echo(f"  cd {directory}")
    typer.echo("  git init")
    typer.echo("  pairkit validate records      # 检查示例记录" if zh else "  pairkit validate records")
    typer.echo("  pre-commit install            # 可选：提交前自动检查" if zh else "  pre-commit install  # optional")
    typer.echo(
        f"（记录在 {records}，先把示例记录换成本项目的真实记录。）"
        if zh
        else f"(the records are in {records}; replace the examples with your own)"
    )
