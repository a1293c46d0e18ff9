"""`pairkit validate [PATH…]`: every problem in the records, at once, located.

A path inside a records tree — one file, as an editor or pre-commit passes it, or a sub-folder — is validated in
the context of its whole tree (the nearest folder above it holding the programme settings, ``load.scan.tree_root``),
and only its own problems are reported, with the problems that keep the tree from being read at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pairkit.cli.common import NoCacheOption, ProblemFormat, default_format, fail_usage, format_option, require_path
from pairkit.cli.lang import both
from pairkit.cli.progress import progress
from pairkit.diagnostics import Diagnostic, ExitStatus
from pairkit.load.files import SUFFIXES


def command(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar=both("记录目录或文件", "PATH"),
            help=both(
                "记录目录，或其中的文件（可写多个；默认 records）。"
                "只给文件时，按它所在的整个记录目录校验，只报告这些文件的问题。",
                "The records folder, or files in it (several allowed; default: records). Files are validated with "
                "the whole tree they belong to, and only their problems are reported.",
            ),
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        ProblemFormat | None,
        format_option(
            "输出格式：text、json、github 或 gitlab（GitLab 代码质量报告）；在 GitHub Actions 中默认 github。",
            "Output format; gitlab writes GitLab Code Quality JSON (github by default under GitHub Actions).",
            "text|json|github|gitlab",
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option("--strict", help=both("警告也视为失败。", "Treat warnings as errors for the exit code.")),
    ] = False,
    no_cache: NoCacheOption = False,
) -> None:
    from pairkit.cli.output import show_diagnostics
    from pairkit.load.files import discover
    from pairkit.load.scan import tree_root
    from pairkit.pipeline import Findings, diagnose_tree

    lang = ctx.obj
    targets = paths or [Path("records")]
    trees: dict[Path, list[Path]] = {}  # each tree and the paths asked about in it
    for path in targets:
        require_path(path, lang)
        if path.is_file() and path.suffix not in SUFFIXES:
            raise fail_usage(f"{path} 不是 .yaml 记录文件。", f"{path} is not a .yaml record file.", lang)
        root = tree_root(path) or path
        trees.setdefault(root, []).append(path)
    fmt = default_format(fmt, ProblemFormat)
    diagnostics: list[Diagnostic] = []
    file_count = 0
    with progress(lang, machine_output=fmt is not ProblemFormat.TEXT) as shown:
        for root, asked in trees.items():
            outcome = diagnose_tree(root, progress=shown, cache=not no_cache)
            whole = any(path.resolve() == root.resolve() for path in asked)
            if whole:
                diagnostics += outcome.diagnostics
                file_count += outcome.file_count
                continue
            within = {p.resolve() for path in asked for p in discover(path)}
            file_count += len(within)
            diagnostics += [d for d in outcome.diagnostics if _concerns(d, within, root)]
    found = Findings(diagnostics, file_count)
    show_diagnostics(found, fmt, lang)
    if found.no_records:
        raise typer.Exit(ExitStatus.USAGE)
    failed = found.has_errors or (strict and bool(found.diagnostics))
    raise typer.Exit(ExitStatus.PROBLEMS if failed else ExitStatus.OK)


def _concerns(diag: Diagnostic, files: set[Path], root: Path) -> bool:
    """Whether a diagnostic of the whole tree is one to report when only ``files`` were asked about: one of theirs,
    or one that keeps the tree from being judged (a file that cannot be read, missing programme settings)."""
    from pairkit.check.root_cause import HELD_BACK, UNREAD

    if Path(diag.file).resolve() in files:
        return True
    return diag.code in UNREAD or diag.code == HELD_BACK or Path(diag.file) == root
