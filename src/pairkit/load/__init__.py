"""Stage 1, load: find the record files, read them as text and parse YAML into plain data.

The parsers (yaml-rs, ruamel) are imported when a file is parsed or located, not with this package: `validate`
with nothing changed answers from the cache without them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pairkit.diagnostics import Diagnostic
from pairkit.load.cache import Cache, digest
from pairkit.load.files import discover, read_source


@dataclass(frozen=True)
class ParsedFile:
    shown: str  # the path as the user sees it in diagnostics
    path: Path
    data: Any  # plain dicts, lists and scalars; None for an empty or unreadable file
    digest: str | None = None  # of the bytes read, to tell later whether the file is still as read


def parse(text: str, file: str) -> tuple[Any, list[Diagnostic]]:
    """Plain data from YAML text and the problems found: the fast path when it can vouch for the text, else the
    careful one. Both give the same data (``tests/test_fast_path.py``); only the careful one finds positions."""
    from pairkit.load import fastyaml, yamldoc

    vouched, data = fastyaml.vouch(text)
    if vouched:
        return data, []
    return yamldoc.parse(text, file)


def load_tree(
    root: Path, *, progress: Callable[[str, int, int], None] | None = None
) -> tuple[list[ParsedFile], list[Diagnostic]]:
    """Every record file under ``root``, read and parsed; problems of one file never stop the others. ``progress``
    is told ("read", files read, files in all) as it goes. With the cache, ``incremental.Survey.load`` does the
    same, reading only the files it has not seen."""
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
        data, found = parse(text, shown)
        problems.extend(found)
        files.append(ParsedFile(shown, path, data, digest(raw) if raw is not None else None))
    return files, problems


def parse_cached(
    shown: str, content: str | None, read: Callable[[], tuple[str, str | None]], cache: Cache
) -> tuple[Any, list[Diagnostic]]:
    """``parse`` through the cache, by ``content``, the digest of the file's bytes. Only when the cache does not
    have the file's data is ``read`` called, for the text and the digest of what was read (the file may have
    changed since ``content`` was taken): that is the key it is then cached under. Problems are cached without
    their file's name."""
    if content is not None:
        hit = cache.get("data", cache.key("data", content))
        if hit is not None:
            data, found = hit
            return data, [replace(d, file=shown) for d in found]
    text, content = read()
    data, found = parse(text, shown)
    data = _shared(data, {})  # as it will be read back: the records built from it hold each text once too
    if content is not None:
        cache.put("data", cache.key("data", content), (data, [replace(d, file="") for d in found]))
    return data, found


def _shared(node: Any, seen: dict[str, str]) -> Any:
    """``node`` with equal texts made one object. Pickle then keeps each text once per file: a province's records
    repeat the same keys, IDs and kinds hundreds of thousands of times, and its cached data is half the size and
    read back twice as fast."""
    kind = type(node)
    if kind is str:
        return seen.setdefault(node, node)
    if kind is dict:
        return {seen.setdefault(k, k) if type(k) is str else k: _shared(v, seen) for k, v in node.items()}
    if kind is list:
        return [_shared(v, seen) for v in node]
    return node


def with_positions(
    diagnostics: list[Diagnostic], files: list[ParsedFile], *, texts: dict[str, str] | None = None
) -> list[Diagnostic]:
    """Fill in line and column from each diagnostic's YAML path, re-reading only the files concerned (``texts``
    gives the text already read for some, by shown name)."""
    from pairkit.load.positions import Positions

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
