"""Stage 1, load: find the record files, read them as text and parse YAML into plain data."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.nodes import Node

from pairkit.diagnostics import Diagnostic
from pairkit.load.files import discover, read_text
from pairkit.load.yamldoc import locate, parse, tree


@dataclass(frozen=True)
class ParsedFile:
    shown: str  # the path as the user sees it in diagnostics
    path: Path
    data: Any  # plain dicts, lists and scalars; None for an empty or unreadable file


def load_tree(root: Path) -> tuple[list[ParsedFile], list[Diagnostic]]:
    """Every record file under ``root``, parsed; problems of one file never stop the others."""
    files: list[ParsedFile] = []
    problems: list[Diagnostic] = []
    for path in discover(root):
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
    paths = {f.shown: f.path for f in files}
    trees: dict[str, Node | None] = {}
    out = []
    for diag in diagnostics:
        if diag.line or diag.file not in paths:
            out.append(diag)
            continue
        if diag.file not in trees:
            text = read_text(paths[diag.file], diag.file)
            trees[diag.file] = tree(text) if isinstance(text, str) else None
        out.append(diag.located(*locate(trees[diag.file], diag.path, diag.anchor)))
    return out
