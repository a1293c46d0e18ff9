"""Where a record is written: lines and columns found again from a record's YAML path, each file read once.

Positions are not kept with the data (see ``yamldoc``). A command that shows where things are (diagnostics,
``check`` annotations, ``list``'s ``file:line``) asks a ``Positions``. The line of a whole record — the item
``- …`` of a top-level list — is found by scanning the text when the list is laid out in plain block style, as
``pairkit fmt`` writes it; otherwise, and for any deeper path, the file is composed (``yamldoc.tree``) once.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from pairkit.diagnostics import Source, YamlPath
from pairkit.load.files import read_text
from pairkit.load.scan import block_items
from pairkit.load.yamldoc import Tree, locate, tree


class Positions:
    """Line and column of record paths; ``paths`` maps the names shown to the files (default: the name itself)."""

    def __init__(self, paths: Mapping[str, Path] | None = None, *, texts: Mapping[str, str] | None = None) -> None:
        self._paths = dict(paths or {})
        self._texts: dict[str, str | None] = dict(texts or {})  # the text of files already read, by shown name
        self._trees: dict[str, Tree | None] = {}
        self._items: dict[tuple[str, str], list[int] | None] = {}

    def of(self, file: str, path: YamlPath, anchor: str = "value") -> tuple[int, int]:
        """Line and column (1-based) of ``path`` in ``file``; the nearest existing parent when it is missing."""
        if file not in self._trees:
            text = self._text(file)
            self._trees[file] = tree(text) if text is not None else None
        return locate(self._trees[file], path, anchor)

    def knows(self, file: str) -> bool:
        return file in self._paths

    def line(self, source: Source) -> int:
        """The line a record (or a field of one) is written on."""
        path = source.path
        if len(path) == 2 and isinstance(path[0], str) and isinstance(path[1], int):
            items = self._block_items(source.file, path[0])
            if items is not None and path[1] < len(items):
                return items[path[1]]
        return self.of(source.file, path)[0]

    def _text(self, file: str) -> str | None:
        if file not in self._texts:
            text = read_text(self._paths.get(file, Path(file)), file)
            self._texts[file] = text if isinstance(text, str) else None
        return self._texts[file]

    def _block_items(self, file: str, section: str) -> list[int] | None:
        key = (file, section)
        if key in self._items:
            return self._items[key]
        text = self._text(file)
        found: list[int] | None = None
        if text is not None:
            found = block_items(text.splitlines(), section)
        self._items[key] = found
        return found
