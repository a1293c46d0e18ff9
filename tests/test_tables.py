"""`check`'s tables are drawn directly, line by line, and come out exactly as rich's table drew them (simple head, no
edges, one space of padding, cells wrapped beforehand), for Chinese and English cells, wrapped and empty ones."""

from __future__ import annotations

import unicodedata

import pytest
from rich import box
from rich.console import Console
from rich.table import Column as RichColumn
from rich.table import Table

from pairkit.cli.lang import wrap
from pairkit.cli.tables import Column, _blocks, _drawn
from pairkit.cli.tables import _printed as _segments

COLUMNS = [Column("规则", wrap=True), Column("统计期"), Column("完成", right=True), Column("差额", right=True)]
ROWS = [
    ["城区学校每学期派5-8名骨干教师到农村学校开示范课", "2025—2026学年秋季学期", "6 人", ""],
    ["示范课每学年不少于5次", "2025—2026学年", "12 次", "3"],
    ["Demonstration lessons, at least five a school year", "school year 2025–26", "0 times", "5"],
]


def _by_rich(widths: list[int], styles: list[str | None]) -> str:
    table = Table(
        *(
            RichColumn(c.header, width=w, no_wrap=True, justify="right" if c.right else "left", overflow="ignore")
            for c, w in zip(COLUMNS, widths, strict=True)
        ),
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, 0, 0, 1),
    )
    for row, style in zip(ROWS, styles, strict=True):
        cells = ["\n".join(wrap(cell, w)) if c.wrap else cell for c, w, cell in zip(COLUMNS, widths, row, strict=True)]
        table.add_row(*cells, style=style)
    return _printed(table)


def _printed(renderable: object) -> str:
    console = Console(width=200, highlight=False, markup=False, emoji=False, soft_wrap=True, no_color=True)
    with console.capture() as captured:
        console.print(renderable)
    return "\n".join(line.rstrip() for line in captured.get().splitlines())


@pytest.mark.parametrize("first", [14, 24, 60])  # never narrower than a word: see tables.fit
def test_drawn_table_equals_richs(first: int) -> None:
    """With the first column narrow (cells wrapped onto several lines) or wide, the text is the same character for
    character as rich's table."""
    widths = [first, 21, 7, 4]
    styles: list[str | None] = ["green", None, "bold red"]
    assert _printed(_segments(_drawn(COLUMNS, widths, ROWS, styles))) == _by_rich(widths, styles)


def test_drawn_table_styles_lines_as_rich_text_does() -> None:
    """At a colour terminal each line carries its row's style (the head bold, the rule plain), byte for byte as rich
    prints the same lines as one styled text; control codes rich removes from text are removed, and a tab is
    expanded as rich expands it."""
    from rich.text import Text

    rows = [*ROWS, ["示范课\x07每学年不少于5次", "2025—2026学年", "3 次", "2"]]
    widths = [60, 21, 7, 4]
    styles: list[str | None] = ["green", None, "bold red", "yellow"]
    lines = [(_padded([c.header for c in COLUMNS], widths), "bold"), ("─" * (sum(widths) + 6), None)]
    lines += [(_padded(row, widths), style) for row, style in zip(rows, styles, strict=True)]
    expected = Text()
    for i, (line, style) in enumerate(lines):
        expected.append(("\n" if i else "") + line, style=style or "")
    assert _colour(_segments(_drawn(COLUMNS, widths, rows, styles))) == _colour(expected)
    tabbed = [["示范课", "2025—2026\t学年", "3 次", "2"]]
    assert _printed(_segments(_drawn(COLUMNS, widths, tabbed, [None]))) == _printed(
        Text("\n".join([lines[0][0], lines[1][0], _padded(tabbed[0], widths)]))
    )


def test_blocks_print_as_one_styled_text_per_line() -> None:
    """Too narrow for a table, each row becomes a block of lines (its first cell, then the other cells as
    ``header value`` pairs); printed in one go, they come out byte for byte as one styled rich text per line."""
    from rich.text import Text

    styles: list[str | None] = ["green", None, "bold red"]
    lines = list(_blocks(COLUMNS, ROWS, styles, 20))
    assert lines[:3] == [("城区学校每学期派5-8", "green"), ("名骨干教师到农村学校", "green"), ("开示范课", "green")]
    assert lines[5:8] == [("  完成 6 人", "green"), ("示范课每学年不少于5", None), ("次", None)]
    one_each = "".join(_colour(Text(line, style=style or "")) for line, style in lines)
    assert _colour(_segments(lines)) == one_each


def _padded(cells: list[str], widths: list[int]) -> str:
    """Cells left-aligned in their columns, Chinese characters two columns wide, two spaces between columns."""
    shown = [sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in cell) for cell in cells]
    return "  ".join(cell + " " * (w - n) for cell, w, n in zip(cells, widths, shown, strict=True))


def _colour(renderable: object) -> str:
    console = Console(width=200, highlight=False, markup=False, emoji=False, soft_wrap=True, force_terminal=True)
    with console.capture() as captured:
        console.print(renderable)
    return captured.get()


def test_a_chinese_date_is_never_broken_across_lines() -> None:
    """A note with Chinese dates wrapped at every width from 16 to 80 columns: each date is whole on one line."""
    note = "选派 zj-2025-04：2025年9月1日至2026年7月10日，共10个月又10天，1年应至2026年8月31日，少52天；7月31日前"
    for width in range(16, 81):
        lines = wrap(note, width)
        for day in ("2025年9月1日", "2026年7月10日", "2026年8月31日", "7月31日"):
            assert any(day in line for line in lines), (width, day, lines)
