"""`pairkit fmt`: one canonical layout for record files, keeping every comment and blank line.

A file is only touched when pairkit's own reader accepts it (the same checks as ``pairkit validate``), so a
broken file is reported, never rewritten. Line endings are kept (CRLF stays CRLF); a BOM is dropped. Files are
written through ``pairkit.write`` while the records lock of each folder formatted is held, so ``pairkit add``
waits for ``fmt`` to finish; a file changed by another program while it was being formatted is left alone (PK717),
and a link is never written through (PK714).
"""

from __future__ import annotations

import contextlib
import difflib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.error import MarkedYAMLError, YAMLError

from pairkit.diagnostics import Bilingual, Diagnostic, Source
from pairkit.fmt.layout import normalize
from pairkit.fmt.roundtrip import dump, load
from pairkit.load import parse
from pairkit.load.cache import Cache, digest
from pairkit.load.files import MAX_BYTES, discover, read_bounded, read_source
from pairkit.load.yamldoc import in_words
from pairkit.write import WriteRefused, records_lock, write_file

__all__ = ["FormatRun", "format_paths", "format_text"]

_COMMENT = re.compile(r"^[ \t]*#")
_BLOCK_SCALAR = re.compile(r"(?:^|[\s:-])[|>][0-9+-]*[ \t]*(?:#.*)?$")


_COMMENT_AT = re.compile(r"line: (\d+), col: (\d+)")
_COMMENT_BETWEEN = Bilingual(
    "注释夹在字段名和它的值之间，整理格式时无法保留它的位置，文件没有改动；把注释移到字段的上一行或行尾",
    "a comment sits between a key and its value, where formatting cannot keep it; the file was left as it is. "
    "Move the comment above the key or to the end of its line",
)


_MEANING_CHANGED = Bilingual(
    "整理后的文件读出来和原来不一样（某种少见的写法 pairkit fmt 保留不了），文件没有改动",
    "the formatted file would read differently from the original (a rare form fmt cannot keep); it was left as it is",
)


def _same(a: Any, b: Any) -> bool:
    """Equal data, types included (1 is not 1.0 or true); the order of keys is layout, not meaning."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(v, b[k]) for k, v in a.items())
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b or (a != a and b != b))  # NaN is NaN


class Unformattable(Exception):
    """The text is valid for pairkit's reader but ruamel's round trip cannot rewrite it."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic


def format_text(text: str, file: str = "<text>") -> str:
    """The canonical form of a record file's text (``\\n`` line ends). Raises ``Unformattable``."""
    try:
        data = load(text)
    except MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = " ".join(p for p in (err.context, err.problem) if p)
        diagnostic = Diagnostic.at("PK701", Source(file), problem=in_words(problem))
        raise Unformattable(diagnostic.located(line, column)) from None
    except NotImplementedError as err:  # ruamel's comment gathering gives up on a comment between key and value
        at = _COMMENT_AT.search(str(err))
        line, column = (int(at[1]) + 1, int(at[2]) + 1) if at else (1, 1)
        diagnostic = Diagnostic.at("PK701", Source(file), problem=_COMMENT_BETWEEN)
        raise Unformattable(diagnostic.located(line, column)) from None
    except (YAMLError, ValueError, RecursionError) as err:
        raise Unformattable(Diagnostic.at("PK701", Source(file), problem=str(err)).located(1, 1)) from None
    if data is None:
        return text if not text.strip() else finish(text)
    return finish(dump(normalize(data)))


def finish(text: str) -> str:
    """The last touches on dumped text: comments aligned, one newline at the end, no trailing spaces (except
    in the text of a block scalar, where they are content)."""
    lines = text.split("\n")
    content = _block_scalar_lines(lines)
    lines = [line if i in content else line.rstrip(" \t") for i, line in enumerate(_align_comments(lines, content))]
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines) + "\n" if lines else ""


def _align_comments(lines: list[str], content: set[int]) -> list[str]:
    """Indent each whole-line comment like the line it introduces, so moved records keep tidy comments."""
    out = list(lines)
    target: int | None = None
    for i in range(len(lines) - 1, -1, -1):
        stripped = lines[i].lstrip(" ")
        if not stripped or i in content:
            continue
        if _COMMENT.match(lines[i]):
            if target is not None:
                out[i] = " " * target + stripped
        else:
            target = len(lines[i]) - len(stripped)
    return out


def _block_scalar_lines(lines: list[str]) -> set[int]:
    """Lines that are the text of a ``|`` or ``>`` block scalar: a ``#`` there is text, not a comment."""
    inside: set[int] = set()
    key_column: int | None = None
    for i, line in enumerate(lines):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if key_column is not None:
            if not stripped or indent > key_column:
                inside.add(i)
                continue
            key_column = None
        if not _COMMENT.match(line) and _BLOCK_SCALAR.search(line):
            key_column = indent
            while stripped.startswith("- "):
                key_column += 2
                stripped = stripped[2:]
    return inside


@dataclass
class FileResult:
    shown: str
    changed: bool = False
    diff_line: int = 0  # first line that differs, for the --check message
    diff: list[str] = field(default_factory=list)  # unified diff lines, when asked for


@dataclass
class FormatRun:
    results: list[FileResult] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unwritable: list[tuple[str, str]] = field(default_factory=list)  # (file, reason): formatted but not saved

    @property
    def changed(self) -> list[FileResult]:
        return [r for r in self.results if r.changed]


def format_paths(
    paths: list[Path],
    *,
    check: bool,
    diff: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
    cache: Cache | None = None,
    waiting: Callable[[str], None] | None = None,
) -> FormatRun:
    """Format every record file under ``paths``; with ``check`` nothing is written; ``diff`` keeps the changes.
    ``progress`` is told ("format", files done, files in all) as it goes. A ``cache`` remembers the contents found
    canonical, so those files are not formatted again to check them. Unless ``check``, the records lock of each
    path is held throughout (``waiting`` is told when another writer holds one); raises ``WriteRefused`` (PK711)
    when one stays held."""
    run = FormatRun()
    with contextlib.ExitStack() as locks:
        if not check:
            folders = {os.path.realpath(p if p.is_dir() else p.parent): p for p in paths}
            for path in folders.values():
                locks.enter_context(records_lock(path, waiting=waiting))
        found: dict[str, Path] = {}  # each file once, however many of ``paths`` hold it
        for root in paths:
            for path in discover(root, run.diagnostics):
                found.setdefault(os.path.realpath(path), path)
        for done, path in enumerate(found.values()):
            if progress is not None:
                progress("format", done, len(found))
            _one(path, str(path), check, diff, run, cache)
    return run


def _one(path: Path, shown: str, check: bool, diff: bool, run: FormatRun, cache: Cache | None) -> None:
    text, raw = read_source(path, shown)
    if isinstance(text, Diagnostic):
        run.diagnostics.append(text if text.line else text.located(1, 1))
        return
    assert raw is not None
    canonical = cache.key("canonical", digest(raw)) if cache is not None and cache.enabled else None
    if canonical is not None and cache is not None and cache.get("canonical", canonical):
        run.results.append(FileResult(shown))  # seen canonical before, byte for byte
        return
    meant, problems = parse(text, shown)
    errors = [p for p in problems if p.is_error]
    if errors:
        run.diagnostics.extend(errors)
        return
    try:
        new = format_text(text.replace("\r\n", "\n"), shown)
    except Unformattable as err:
        run.diagnostics.append(err.diagnostic)
        return
    except Exception as err:  # a construct the round trip cannot write back: leave the file as it is
        run.diagnostics.append(
            Diagnostic.at("PK701", Source(shown), problem=f"{type(err).__name__}: {err}").located(1, 1)
        )
        return
    crlf = b"\r\n" in raw
    data = (new.replace("\n", "\r\n") if crlf else new).encode("utf-8")
    result = FileResult(shown)
    if data != raw and not _same(parse(new, shown)[0], meant):  # the round trip misread: never change the meaning
        run.diagnostics.append(Diagnostic.at("PK701", Source(shown), problem=_MEANING_CHANGED).located(1, 1))
        return
    if data != raw:
        result.changed = True
        old = raw.decode("utf-8", "replace")
        result.diff_line = _first_difference(old, new)
        if diff:
            before = old.removeprefix("\ufeff").replace("\r\n", "\n").splitlines()
            result.diff = list(difflib.unified_diff(before, new.splitlines(), shown, shown, n=2, lineterm=""))
        if not check:
            try:
                problem = _save(path, shown, raw, data)
            except OSError as err:
                run.unwritable.append((shown, err.strerror or type(err).__name__))
                return
            if problem is not None:
                run.diagnostics.append(problem)
                return
            if cache is not None and cache.enabled:
                cache.put("canonical", cache.key("canonical", digest(data)), True)
    elif canonical is not None and cache is not None:
        cache.put("canonical", canonical, True)
    run.results.append(result)


def _save(path: Path, shown: str, raw: bytes, data: bytes) -> Diagnostic | None:
    """Write the formatted file, unless another program changed it since it was read or it may not be written
    (a link): then why not. Raises ``OSError`` when the system refuses."""
    if read_bounded(path, MAX_BYTES) != raw:
        return Diagnostic.at("PK717", Source(shown), file=shown).located(1, 1)
    try:
        write_file(path, data)
    except WriteRefused as refused:
        return refused.diagnostic.located(1, 1)
    return None


def _first_difference(old: str, new: str) -> int:
    """The first line that differs (a BOM counts as a difference on line 1)."""
    old_lines, new_lines = old.replace("\r\n", "\n").split("\n"), new.split("\n")
    for number, (a, b) in enumerate(zip(old_lines, new_lines, strict=False), start=1):
        if a != b:
            return number
    return min(len(old_lines), len(new_lines))
