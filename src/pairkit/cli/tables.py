"""Tables on the terminal that never break a number, a date or a period label, at any width.

Column widths are decided here, not by rich: columns of numbers and labels keep their full width; text columns
(a rule's title, a name) share what is left and are wrapped between Chinese characters or at spaces, never inside
a run of digits such as 5-8 or 2025—2026. When even that does not fit, each row becomes a short block of lines.
Piped output is as wide as its content, with no padding to an imagined terminal, no colour and no escape codes.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import typer

from pairkit.cli.lang import no_color, width_of, wrap


# A province's table repeats a few hundred texts (rule titles, periods, scopes) over tens of thousands of rows.
@functools.lru_cache(maxsize=1 << 16)
def _wrapped(text: str, size: int) -> tuple[str, ...]:
    return tuple(wrap(text, size))


_CONTROL = re.compile("[\a\b\t\v\f\r]")  # rich's Text strips these but the tab, which it expands
_GAP = 2  # between columns: the divider and a space
_UNBOUNDED = 10_000


@dataclass(frozen=True)
class Column:
    header: str
    wrap: bool = False  # text that may go onto several lines; otherwise kept on one line
    right: bool = False  # numbers line up on the right
    least: int = 8  # a text column narrower than this reads badly: rows become blocks instead


def terminal() -> bool:
    return sys.stdout.isatty()


def width() -> int:
    """The terminal's width; piped output has no width of its own unless COLUMNS gives one."""
    if terminal():
        return shutil.get_terminal_size().columns
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else _UNBOUNDED


def console(**options: Any) -> Any:
    from rich.console import Console

    return Console(
        width=width(),
        highlight=False,
        markup=False,
        emoji=False,
        no_color=no_color(),
        soft_wrap=True,
        **options,
    )


def _longest_token(text: str) -> int:
    return max((width_of(line) for line in _wrapped(text, 1)), default=0)


def fit(columns: Sequence[Column], rows: Sequence[Sequence[str]], total: int) -> list[int] | None:
    """Widths that fit ``total`` without breaking a cell of a fixed column, or None when none do. Text columns
    start at their least width and share the room left evenly, each up to what it needs."""
    natural = [
        max([width_of(c.header), *(width_of(line) for r in rows for line in r[i].splitlines())])
        for i, c in enumerate(columns)
    ]
    room = total - _GAP * (len(columns) - 1)
    if sum(natural) <= room:
        return natural
    flexible = [i for i, c in enumerate(columns) if c.wrap]
    out = list(natural)
    for i in flexible:
        tokens = max((_longest_token(r[i]) for r in rows), default=0)
        out[i] = min(natural[i], max(columns[i].least, width_of(columns[i].header), tokens))
    left = room - sum(out)
    if not flexible or left < 0:
        return None
    wanting = [i for i in flexible if out[i] < natural[i]]
    while left > 0 and wanting:
        share = max(left // len(wanting), 1)
        for i in list(wanting):
            grow = min(share, natural[i] - out[i], left)
            out[i] += grow
            left -= grow
            if out[i] >= natural[i]:
                wanting.remove(i)
    return out


def show(
    out: Any,
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    styles: Sequence[str | None] | None = None,
    *,
    title: str | None = None,
    hoist: bool = False,
    gap: bool = False,
) -> None:
    """Print a table (or, too narrow for one, blocks of lines) to the rich console ``out``, after an empty line
    with ``gap`` and its ``title``. With ``hoist``, a column that says the same on every row is said once above the
    table (``结对：…``) to leave room for the rest."""
    styles = styles or [None] * len(rows)
    above: list[tuple[str, str | None]] = [("", None)] if gap else []
    if title:
        above.append((title, "bold"))
    keep = [i for i in range(len(columns)) if any(r[i] for r in rows)]  # a column with nothing in it goes
    if hoist and len(rows) > 1:
        same = [i for i in keep if len({r[i] for r in rows}) == 1]
        for i in same:
            header = columns[i].header
            above.append((f"{header}：{rows[0][i]}" if _cjk(header) else f"{header}: {rows[0][i]}", None))
        keep = [i for i in keep if i not in same]
    columns = [columns[i] for i in keep]
    rows = [[r[i] for i in keep] for r in rows]
    widths = fit(columns, rows, out.width)
    drawn = _blocks(columns, rows, styles, out.width) if widths is None else _drawn(columns, widths, rows, styles)
    out.print(_printed([*above, *drawn]))


def _printed(lines: Iterable[tuple[str, str | None]]) -> Any:
    """Styled lines handed to rich as ready segments, in one print: rich's table took a third of a millisecond a
    cell (over a minute for the 67,800 findings of a province), and even one styled text of all the rows cost
    seconds to split into lines again; a print of each line costs seconds too. The text is what rich's ``Text``
    would print (``_as_rich_shows``)."""
    from rich.segment import Segment, Segments
    from rich.style import Style

    newline = Segment.line()
    out = []
    for text, style in lines:
        out.append(Segment(_as_rich_shows(text), Style.parse(style) if style else None))
        out.append(newline)
    return Segments(out)


def _drawn(
    columns: Sequence[Column], widths: Sequence[int], rows: Sequence[Sequence[str]], styles: Sequence[str | None]
) -> Iterator[tuple[str, str | None]]:
    """The table's lines and their styles, laid out as rich lays out a table with a simple head, no edges and one
    space of padding. ``tests/test_tables.py`` holds the output equal to rich's table."""

    def line(cells: Sequence[str]) -> str:
        parts = []
        for size, cell in zip(widths, cells, strict=True):
            parts.append(cell + " " * (size - width_of(cell)))  # rich left-aligns these too: `no_wrap` cells
        return "  ".join(parts)

    yield line([c.header for c in columns]), "bold"
    yield "─" * (sum(widths) + _GAP * (len(widths) - 1)), None
    for row, style in zip(rows, styles, strict=True):
        cells = [_wrapped(cell, w) if c.wrap else (cell,) for c, w, cell in zip(columns, widths, row, strict=True)]
        for i in range(max(len(c) for c in cells)):
            yield line([c[i] if i < len(c) else "" for c in cells]), style


def _as_rich_shows(text: str) -> str:
    """The text as rich's Text would print it: control codes it strips removed, tabs expanded."""
    if not _CONTROL.search(text):
        return text  # nearly always: a search is much cheaper than rich's translate
    from rich.control import strip_control_codes

    text = strip_control_codes(text)
    if "\t" in text:
        from rich.text import Text

        shown = Text(text)
        shown.expand_tabs()
        return shown.plain
    return text


def _cjk(text: str) -> bool:
    return any(width_of(ch) == 2 for ch in text)


def _blocks(
    columns: Sequence[Column], rows: Sequence[Sequence[str]], styles: Sequence[str | None], total: int
) -> Iterator[tuple[str, str | None]]:
    """Each row as its first cell on a line, then ``header value`` pairs filled onto indented lines of ``total``
    columns; with their styles."""
    for row, style in zip(rows, styles, strict=True):
        for line in wrap(row[0], total):
            yield line, style
        pairs = [f"{c.header} {cell}" for c, cell in zip(columns[1:], row[1:], strict=True) if cell]
        for line in fill(pairs, total, "  "):
            yield line, style


def fill(parts: Sequence[str], total: int, indent: str = "") -> list[str]:
    """Parts joined by `` · `` onto lines of ``total`` columns; a part is split only when it alone is too wide."""
    lines: list[str] = []
    line = ""
    for part in parts:
        candidate = f"{line} · {part}" if line else indent + part
        if line and width_of(candidate) > total:
            lines.append(line)
            candidate = indent + part
        if width_of(candidate) > total:
            pieces = wrap(part, total, indent, indent)
            lines.extend(pieces[:-1])
            candidate = pieces[-1]
        line = candidate
    if line:
        lines.append(line)
    return lines


@contextmanager
def screen() -> Iterator[Any]:
    """A rich console for standard output. Piped, what it prints is passed on without trailing spaces."""
    out = console()
    if terminal():
        yield out
        return
    with out.capture() as captured:
        yield out
    text = "\n".join(line.rstrip() for line in captured.get().splitlines())
    if text:
        typer.echo(text)
