"""Terminal tables drawn line by line, in the box style of rich's default table.

`pairkit check` on a province prints tens of thousands of rows; rich measures and renders every cell through
several layers (about 0.3 ms a cell, minutes for a province), this takes microseconds. Chinese characters count as
two columns, as a terminal draws them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from functools import cache

MIN_WIDTH = 4


@cache
def _char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


@cache  # the cells of a big table repeat a few hundred texts
def width(text: str) -> int:
    """Columns the text takes in a terminal."""
    return len(text) if text.isascii() else sum(_char_width(ch) for ch in text)


def fold(text: str, limit: int) -> list[str]:
    """Lines of at most ``limit`` columns: broken at the last space when there is one (English), else anywhere."""
    if width(text) <= limit:
        return [text]
    lines: list[str] = []
    line, used = "", 0
    for ch in text:
        w = _char_width(ch)
        if used + w > limit and line:
            cut = line.rfind(" ")
            if cut > 0:
                lines.append(line[:cut])
                line = line[cut + 1 :]
            else:
                lines.append(line)
                line = ""
            used = width(line)
        line += ch
        used += w
    lines.append(line)
    return lines


def _pad(text: str, size: int) -> str:
    return text + " " * (size - width(text))


def _rule(left: str, fill: str, middle: str, right: str, widths: Sequence[int]) -> str:
    return left + middle.join(fill * (w + 2) for w in widths) + right


def table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], max_width: int, foldable: int
) -> Iterator[tuple[int | None, str]]:
    """The lines of a table, each with the index of the row it draws (None for the frame); the columns before
    ``foldable`` fold to fit ``max_width``."""
    widths = [max(width(h), MIN_WIDTH) for h in headers]
    for row in rows:
        widths = [max(w, width(cell)) for w, cell in zip(widths, row, strict=True)]
    excess = sum(widths) + 3 * len(widths) + 1 - max_width
    while excess > 0:  # narrow the widest foldable column, one column at a time
        widest = max(range(foldable), key=lambda i: widths[i])
        if widths[widest] <= MIN_WIDTH:
            break
        widths[widest] -= 1
        excess -= 1
    yield None, _rule("┏", "━", "┳", "┓", widths)
    yield None, "┃" + "┃".join(f" {_pad(h, w)} " for h, w in zip(headers, widths, strict=True)) + "┃"
    yield None, _rule("┡", "━", "╇", "┩", widths)
    for index, row in enumerate(rows):
        cells = [fold(cell, w) for cell, w in zip(row, widths, strict=True)]
        for i in range(max(len(c) for c in cells)):
            parts = (c[i] if i < len(c) else "" for c in cells)
            yield index, "│" + "│".join(f" {_pad(p, w)} " for p, w in zip(parts, widths, strict=True)) + "│"
    yield None, _rule("└", "─", "┴", "┘", widths)
