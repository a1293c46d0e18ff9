"""The chart of activities per month by kind, drawn with matplotlib as a PNG for the report.

Chinese labels need a font that has the glyphs. matplotlib keeps a cache of installed fonts that goes stale when
fonts are installed later, so the font is found by file: the cached families first (preferred names in order),
then every font file on the system, each checked to cover every label. Without one, the kinds are labelled by their
keys and a warning names the font to install, rather than shipping a chart of empty boxes. The chart has no title
inside the picture: the caption under it is the title.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from pairkit.report.figures import MonthSeries

# Windows first (what clerks have), then macOS, then the free fonts of Linux distributions.
CJK_FAMILIES = (
    "Microsoft YaHei",
    "SimHei",
    "DengXian",
    "SimSun",
    "PingFang SC",
    "Heiti SC",
    "Songti SC",
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Serif CJK SC",
    "Source Han Sans SC",
    "Source Han Serif SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "AR PL UMing CN",
    "AR PL SungtiL GB",
    "Noto Serif CJK JP",
)
PALETTE = ("#C00000", "#1F4E79", "#548235", "#BF8F00", "#7030A0", "#2E75B6", "#833C0B", "#595959", "#00B0F0")


MAX_KINDS = 8  # more colours than this cannot be told apart: the rest are drawn together as 其他


def top_kinds(series: MonthSeries, keep: int) -> MonthSeries:
    """The ``keep`` most frequent kinds, and the others summed as 其他 (the month totals stay the same)."""
    if len(series.kinds) <= keep:
        return series
    shown, rest = series.kinds[: keep - 1], series.kinds[keep - 1 :]
    other = [sum(series.counts[key][i] for key, _ in rest) for i in range(len(series.months))]
    counts = {key: series.counts[key] for key, _ in shown} | {"other": other}
    return MonthSeries(series.months, [*shown, ("other", "其他")], counts)


@dataclass(frozen=True)
class Chart:
    png: bytes
    font: str | None  # the CJK family used; None when labels fell back to keys


def _covers(path: str, needed: set[int]) -> tuple[str, bool] | None:
    """The family name of the font file at ``path`` (and whether it is a regular weight) if it has a glyph for
    every code point, else None."""
    from matplotlib import ft2font

    try:
        font = ft2font.FT2Font(path)
        if all(font.get_char_index(code) for code in needed):
            return str(font.family_name), str(font.style_name) in ("Regular", "Book", "Medium")
    except (OSError, RuntimeError, ValueError):
        return None
    return None


def find_cjk_font(text: str) -> str | None:
    """A font family that draws every character of ``text``: a preferred family from matplotlib's cache whose file
    still exists, else any font file installed on the system (registered with matplotlib for this drawing)."""
    import os

    from matplotlib import font_manager

    needed = {ord(ch) for ch in text if not ch.isspace()}
    cached: dict[str, str] = {}
    for entry in font_manager.fontManager.ttflist:
        cached.setdefault(entry.name, entry.fname)
    for family in CJK_FAMILIES:
        path = cached.get(family)
        if path is not None and os.path.exists(path) and _covers(path, needed):
            return family
    known = set(cached.values())
    found: list[tuple[int, bool, str, str]] = []
    for path in font_manager.findSystemFonts():
        if path in known:
            continue
        covered = _covers(path, needed)
        if covered is not None:
            family, regular = covered
            rank = CJK_FAMILIES.index(family) if family in CJK_FAMILIES else len(CJK_FAMILIES)
            found.append((rank, not regular, path, family))
    if not found:
        return None
    _, _, path, family = min(found)
    font_manager.fontManager.addfont(path)
    _save_cache(font_manager)
    return family


def _save_cache(font_manager: Any) -> None:
    """Write matplotlib's font list with the font just found (where matplotlib reads it at start-up), so the next
    report finds it in the cache."""
    import contextlib

    import matplotlib

    version = getattr(font_manager.FontManager, "__version__", None)
    if version is None:
        return
    with contextlib.suppress(OSError):  # a read-only cache folder: the next run scans the files again
        font_manager.json_dump(font_manager.fontManager, f"{matplotlib.get_cachedir()}/fontlist-v{version}.json")


def draw(series: MonthSeries) -> Chart:
    import matplotlib
    from matplotlib.figure import Figure  # not pyplot: no GUI machinery to import for one picture
    from matplotlib.ticker import MaxNLocator

    series = top_kinds(series, MAX_KINDS)
    labels = [label for _, label in series.kinds]
    month_labels = [m.split("年", 1)[1] if "年" in m else m for m in series.months]
    words = "".join(["次数月份", *labels, *month_labels])
    family = find_cjk_font(words)
    if family is None:
        labels = [key for key, _ in series.kinds]
        month_labels = [str(i + 1) for i in range(len(series.months))]
        y_label, x_label = "count", "month"
    else:
        y_label, x_label = "次数", "月份"
    rc: dict[str, Any] = {
        "font.family": "sans-serif",
        "font.sans-serif": [family] if family else ["DejaVu Sans"],
        "axes.unicode_minus": False,
        "svg.hashsalt": "pairkit",
    }
    with matplotlib.rc_context(rc):  # type: ignore[arg-type]
        fig = Figure(figsize=(6.1, 3.0), dpi=200)
        ax = fig.subplots()
        bottoms = [0] * len(series.months)
        for i, ((key, _), label) in enumerate(zip(series.kinds, labels, strict=True)):
            values = series.counts[key]
            ax.bar(range(len(values)), values, bottom=bottoms, label=label, color=PALETTE[i % len(PALETTE)])
            bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
        ax.set_xticks(range(len(month_labels)), month_labels, fontsize=8)
        ax.set_ylabel(y_label, fontsize=9)
        ax.set_xlabel(x_label, fontsize=9)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.spines[["top", "right"]].set_visible(False)
        if labels:
            ax.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        fig.tight_layout()
        out = io.BytesIO()
        fig.savefig(out, format="png", metadata={"Software": None})
    return Chart(out.getvalue(), family)
