"""Stage 1, load: find the record files, read them as text and parse YAML into plain data."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ruamel.yaml.nodes import Node

from pairkit.diagnostics import Diagnostic, YamlPath
from pairkit.load import fastyaml, yamldoc
from pairkit.load.files import discover, read_text
from pairkit.load.yamldoc import locate, tree


@dataclass(frozen=True)
class ParsedFile:
    shown: str  # the path as the user sees it in diagnostics
    path: Path
    data: Any  # plain dicts, lists and scalars; None for an empty or unreadable file


def parse(text: str, file: str) -> tuple[Any, list[Diagnostic]]:
    """Plain data from YAML text and the problems found: the fast path when it can vouch for the text, else the
    careful one. Both give the same data (``tests/test_fast_path.py``); only the careful one finds positions."""
    vouched, data = fastyaml.vouch(text)
    if vouched:
        return data, []
    return yamldoc.parse(text, file)


def load_tree(root: Path) -> tuple[list[ParsedFile], list[Diagnostic]]:
    """Every record file under ``root``, parsed; problems of one file never stop the others."""
    files: list[ParsedFile] = []
    problems: list[Diagnostic] = []
    for path in discover(root, problems):
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

    def position(file: str, path: YamlPath, anchor: str = "value") -> tuple[int, int]:
        if file not in trees:
            text = read_text(paths[file], file)
            trees[file] = tree(text) if isinstance(text, str) else None
        return locate(trees[file], path, anchor)

    out = []
    for diag in diagnostics:
        if diag.related is not None and diag.related.file in paths:
            line, column = position(diag.related.file, diag.related.path)
            diag = replace(diag, args={**diag.args, "related": f"{diag.related.file}:{line}:{column}"})
        if not diag.line and diag.file in paths:
            diag = diag.located(*position(diag.file, diag.path, diag.anchor))
        out.append(diag)
    return out
