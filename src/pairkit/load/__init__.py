"""Stage 1, load: find the record files, read them as text and parse YAML into plain data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pairkit.diagnostics import Diagnostic
from pairkit.load import fastyaml, yamldoc
from pairkit.load.cache import Cache, digest
from pairkit.load.files import discover, read_source
from pairkit.load.positions import Positions


@dataclass(frozen=True)
class ParsedFile:
    shown: str  # the path as the user sees it in diagnostics
    path: Path
    data: Any  # plain dicts, lists and scalars; None for an empty or unreadable file
    digest: str | None = None  # of the bytes read, to tell later whether the file is still as read


def parse(text: str, file: str) -> tuple[Any, list[Diagnostic]]:
    """Plain data from YAML text and the problems found: the fast path when it can vouch for the text, else the
    careful one. Both give the same data (``tests/test_fast_path.py``); only the careful one finds positions."""
    vouched, data = fastyaml.vouch(text)
    if vouched:
        return data, []
    return yamldoc.parse(text, file)


def load_tree(
    root: Path, *, progress: Callable[[str, int, int], None] | None = None, cache: Cache | None = None
) -> tuple[list[ParsedFile], list[Diagnostic]]:
    """Every record file under ``root``, parsed; problems of one file never stop the others. ``progress`` is told
    ("read", files read, files in all) as it goes. With a ``cache``, a file read before is not parsed again: its
    data is taken from the cache by the digest of its content."""
    files: list[ParsedFile] = []
    problems: list[Diagnostic] = []
    paths = list(discover(root, problems))
    for path in paths:
        if progress is not None:
            progress("read", len(files), len(paths))
        shown = str(path)
        text, raw = read_source(path, shown)
        if isinstance(text, Diagnostic):
            problems.append(text)
            files.append(ParsedFile(shown, path, None))
            continue
        content = digest(raw) if raw is not None else None
        data, found = parse_cached(text, shown, content, cache)
        problems.extend(found)
        files.append(ParsedFile(shown, path, data, content))
    return files, problems


def parse_cached(text: str, shown: str, content: str | None, cache: Cache | None) -> tuple[Any, list[Diagnostic]]:
    """``parse``, through the cache when there is one (``content`` is the digest of the file's bytes). Problems
    are cached without their file's name."""
    if cache is None or not cache.enabled or content is None:
        return parse(text, shown)
    key = cache.key("data", content)
    hit = cache.get("data", key)
    if hit is not None:
        data, found = hit
        return data, [replace(d, file=shown) for d in found]
    data, found = parse(text, shown)
    cache.put("data", key, (data, [replace(d, file="") for d in found]))
    return data, found


def with_positions(
    diagnostics: list[Diagnostic], files: list[ParsedFile], *, texts: dict[str, str] | None = None
) -> list[Diagnostic]:
    """Fill in line and column from each diagnostic's YAML path, re-reading only the files concerned (``texts``
    gives the text already read for some, by shown name)."""
    positions = Positions({f.shown: f.path for f in files}, texts=texts)
    out = []
    for diag in diagnostics:
        if diag.related is not None and positions.knows(diag.related.file):
            line, column = positions.of(diag.related.file, diag.related.path)
            diag = replace(diag, args={**diag.args, "related": f"{diag.related.file}:{line}:{column}"})
        if not diag.line and positions.knows(diag.file):
            diag = diag.located(*positions.of(diag.file, diag.path, diag.anchor))
        out.append(diag)
    return out
