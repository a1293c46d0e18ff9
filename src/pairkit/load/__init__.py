"""Stage 1, load: find the record files, read them as text and parse YAML into plain data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pairkit.diagnostics import Diagnostic
from pairkit.load.files import discover, read_text
from pairkit.load.positions import Positions
from pairkit.load.yamldoc import parse


@dataclass(frozen=True)
class ParsedFile:
    shown: str  # the path as the user sees it in diagnostics
    path: Path
    data: Any  # plain dicts, lists and scalars; None for an empty or unreadable file


def load_tree(
    root: Path, *, progress: Callable[[str, int, int], None] | None = None
) -> tuple[list[ParsedFile], list[Diagnostic]]:
    """Every record file under ``root``, parsed; problems of one file never stop the others. ``progress`` is told
    ("read", files read, files in all) as it goes."""
    files: list[ParsedFile] = []
    problems: list[Diagnostic] = []
    paths = list(discover(root, problems))
    for path in paths:
        if progress is not None:
            progress("read", len(files), len(paths))
        shown = str(path)
        text = read_text(path, shown)
        if isinstance(text, Diagnostic):
            problems.append(text)
            files.append(ParsedFile(shown, path, None))
            continue
        data, found = parse(text, shown)
        problems.extend(found)
        files.append(ParsedFile(shown, path, data))
    return files, problems


def with_positions(diagnostics: list[Diagnostic], files: list[ParsedFile]) -> list[Diagnostic]:
    """Fill in line and column from each diagnostic's YAML path, re-reading only the files concerned."""
    positions = Positions({f.shown: f.path for f in files})
    out = []
    for diag in diagnostics:
        if diag.related is not None and positions.knows(diag.related.file):
            line, column = positions.of(diag.related.file, diag.related.path)
            diag = replace(diag, args={**diag.args, "related": f"{diag.related.file}:{line}:{column}"})
        if not diag.line and positions.knows(diag.file):
            diag = diag.located(*positions.of(diag.file, diag.path, diag.anchor))
        out.append(diag)
    return out
