"""How a Chinese office writes figures in prose: money, requirements, dates and quotations.

The rules engine prints requirements with symbols (``≥ 5``, ``男 < 45 岁``) and notes with ISO dates, which suit a
terminal; a report says 不少于5次, 男未满45周岁 and 2025年7月31日. These functions turn the one into the other, so
the templates never print a symbol, an ISO date or a figure with false precision.
"""

from __future__ import annotations

import functools
import re
from datetime import date

from pairkit.model.periods import cn_date

# The measure a requirement counts in, as it follows a number in prose.
_UNITS = {"月": "个月"}
_ISO_DAY = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
# Chinese prose has no spaces: none between characters, figures and full-width punctuation (but "选派 s-1" keeps one).
_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’"
_BETWEEN = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}\d])|(?<=[\d%])\s+(?=[{_CJK}])")
_SYMBOLS = (
    (re.compile(r"\s*<\s*(\d+(?:\.\d+)?)\s*岁"), r"未满\1周岁"),
    (re.compile(r"\s*≤\s*"), "不超过"),
    (re.compile(r"\s*≥\s*"), "不少于"),
    (re.compile(r"\s*<\s*"), "少于"),
    (re.compile(r"\s*>\s*"), "超过"),
)
_AMOUNT = re.compile(r"([≥≤=])\s*(\d+(?:\.\d+)?)(%?)")
_RANGE = re.compile(r"(\d+(?:\.\d+)?)\s*[–-]\s*(\d+(?:\.\d+)?)(%?)")


def number(value: float, digits: int = 2) -> str:
    """12 → "12", 12.5 → "12.5", 0.333 → "0.33"."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.{digits}f}".rstrip("0").rstrip(".")


def money(value: float) -> str:
    """A sum as a summary writes it: whole hundreds from 1万 up in 万元 (86000 → 8.6万元, 293400 → 29.34万元),
    anything else exactly in 元 (3000元, 12000.5元): never a rounded figure that looks exact, never 8.60."""
    if value >= 10000 and round(value, 2) % 100 == 0:
        return f"{number(value / 10000)}万元"
    return f"{number(value)}元"


@functools.lru_cache(maxsize=4096)  # a province's findings repeat a few hundred labels and notes many times over
def plain(text: str) -> str:
    """Rule text for prose: ISO dates as 2025年7月31日, comparison symbols as words, no spaces around figures."""
    text = _ISO_DAY.sub(lambda m: cn_date(date(int(m[1]), int(m[2]), int(m[3]))), text)
    for pattern, words in _SYMBOLS:
        text = pattern.sub(words, text)
    return _BETWEEN.sub("", text)


@functools.lru_cache(maxsize=4096)
def requirement(required: str, measure: str) -> str:
    """A rule's requirement in words: "≥ 5" 次 → 不少于5次, "5–8" 人 → 5至8人, "≥ 10%" → 不低于10%,
    "≥ 10" 月 → 不少于10个月; a condition ("男 < 45 岁，…", "7月31日前") through ``plain``."""
    unit = _UNITS.get(measure, measure)
    m = _AMOUNT.fullmatch(required.strip())
    if m:
        sign, value, percent = m.groups()
        if percent:
            return {"≥": "不低于", "≤": "不高于", "=": ""}[sign] + value + "%"
        return {"≥": "不少于", "≤": "不超过", "=": ""}[sign] + value + unit
    m = _RANGE.fullmatch(required.strip())
    if m:
        low, high, percent = m.groups()
        return f"{low}%至{high}%" if percent else f"{low}至{high}{unit}"
    return plain(required)


def quoted(text: str) -> str:
    """“text”, with quotation marks inside turned into single ones (“…‘…’…”), as nested quotes are written."""
    inner = re.sub(r'"([^"]*)"', r"‘\1’", text).replace("“", "‘").replace("”", "’")
    return f"“{inner}”"


def school_year(year: int) -> str:
    return f"{year}—{year + 1}学年"
