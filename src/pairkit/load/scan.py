"""A quick look at record files without parsing them: where the items of a top-level list start, and the IDs
written there. Used where a full, validated load would be too slow or must not be needed: the line of a record
(``positions``) and shell completion of IDs, which has to answer at once even when the records are broken.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from pairkit.load.files import discover, loose_text, read_text

_SECTION = re.compile(r"([A-Za-z_][\w-]*)\s*:\s*(#.*)?")  # `activities:` alone on its line, at column 0
_ID = re.compile(r"(?:^|[\s{,])id:\s*['\"]?([A-Za-z0-9][A-Za-z0-9_.-]*)")
# ``id:`` anywhere, with the slips a broken file may hold (a full-width colon, a tab): what it meant to define.
_ANY_ID = re.compile(r"(?:^|[\s{,])id\s*[:：]\s*['\"]?([A-Za-z0-9][A-Za-z0-9_.-]*)", re.MULTILINE)
_PROGRAMME = re.compile(r"^programme\s*[:：]", re.MULTILINE)
_NAME = re.compile(r"(?:^|[\s{,])(?:name|title):\s*['\"]?([^,}\n#'\"]+)")


def block_items(lines: list[str], section: str) -> list[int] | None:
    """The 1-based line of each item of the top-level list ``section``, when it is written in plain block style.

    Every line of such a list is blank, a comment, an item ``- `` at the list's indentation, or deeper: a line of
    an item's own fields. Anything else (a flow list, a value on the key's line, a less indented line) gives None:
    the caller must then parse the file.
    """
    start = next((i for i, line in enumerate(lines) if (m := _SECTION.fullmatch(line)) and m[1] == section), None)
    if start is None:
        return None
    items: list[int] = []
    dash: int | None = None
    for number, line in enumerate(lines[start + 1 :], start=start + 2):
        body = line.lstrip(" ")
        if not body or body.startswith("#"):
            continue
        indent = len(line) - len(body)
        item = body.startswith("- ") or body == "-"
        if indent == 0 and not item:
            break  # the next top-level key
        if dash is None:
            if not item:
                return None
            dash = indent
        if indent == dash and item:
            items.append(number)
        elif indent <= dash:
            return None
    return items


def quick_ids(root: Path, section: str) -> Iterator[tuple[str, str]]:
    """(ID, name or title) of each record of ``section`` under ``root``, as written; files that cannot be read or
    laid out otherwise are passed over. Never raises for what is in the files."""
    for path in discover(root):
        text = read_text(path, str(path))
        if not isinstance(text, str):
            continue
        lines = text.splitlines()
        starts = block_items(lines, section)
        if not starts:
            continue
        ends = [*starts[1:], len(lines) + 1]
        for first, after in zip(starts, ends, strict=True):
            chunk = "\n".join(lines[first - 1 : after - 1]).lstrip(" -")
            found = _ID.search(chunk)
            if found:
                name = _NAME.search(chunk)
                yield found[1], name[1].strip() if name else ""


def ids_written(text: str) -> set[str]:
    """Every ID a text defines (``id: …``), read without parsing: also from a file that does not parse."""
    return set(_ANY_ID.findall(text))


def holds_programme(text: str) -> bool:
    """Whether the text has a ``programme:`` block at the margin (parsed or not)."""
    return _PROGRAMME.search(text) is not None


def tree_root(path: Path) -> Path | None:
    """The records tree ``path`` belongs to: the nearest folder at or above it that directly holds the programme
    settings (a ``.yaml`` file with ``programme:``), not looking above the git repository it is in. None when there
    is no such folder."""
    absolute = path.absolute()
    start = absolute if absolute.is_dir() else absolute.parent
    for folder in (start, *start.parents):
        if _holds_settings(folder):
            return folder if path.is_absolute() else Path(os.path.relpath(folder))
        if (folder / ".git").exists():
            return None
    return None


def _holds_settings(folder: Path) -> bool:
    try:
        names = sorted(p.name for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    except OSError:
        return False
    names.sort(key=lambda name: not name.startswith("programme."))  # the usual place first
    return any(holds_programme(loose_text(folder / name)) for name in names)
