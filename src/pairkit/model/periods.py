"""Periods of time the programme counts in: months, terms, school years, calendar years, custom ranges.

``--year 2024`` means the school year 2024–2025 (1 September to 31 August) unless the programme counts in calendar
years. Terms come from the programme's calendar; a school year it does not list gets the default terms
(秋季学期 1 September – 31 January, 春季学期 1 February – 31 August) so that every day belongs to a term.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Literal

from pairkit.messages import Lang
from pairkit.model.fields import FIRST_DAY, LAST_DAY
from pairkit.model.programme import Programme, YearBasis

PeriodKind = Literal["week", "month", "term", "school_year", "calendar_year", "half_year", "custom", "lifetime"]

AUTUMN, SPRING = "秋季学期", "春季学期"
# A term named in the calendar is called by its season in English: 秋季学期 → autumn term 2026.
_SEASONS = (("秋", "autumn"), ("春", "spring"), ("夏", "summer"), ("冬", "winter"))
MAX_CUSTOM_DAYS = 3653  # --from/--to over more than ten years is a typo, and would make reports needlessly long


@dataclass(frozen=True, order=True)
class Period:
    """An inclusive range of days with a label a report can print."""

    start: date
    end: date
    label: str
    kind: PeriodKind = "custom"
    label_en: str = field(default="", compare=False)  # empty: the label reads the same in English

    def shown(self, lang: Lang) -> str:
        """The label in ``lang``: 2025—2026学年 or school year 2025–26."""
        return self.label_en or self.label if lang is Lang.EN else self.label

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def is_closed(self, as_of: date) -> bool:
        return as_of > self.end

    def has_started(self, as_of: date) -> bool:
        return as_of >= self.start

    def elapsed_days(self, as_of: date) -> int:
        """Days of the period up to and including ``as_of`` (0 before it starts, all after it ends)."""
        if as_of < self.start:
            return 0
        return (min(as_of, self.end) - self.start).days + 1

    def clip(self, start: date, end: date | None) -> Period | None:
        """The part of this period inside [start, end]; None when they do not meet."""
        lo = max(self.start, start)
        hi = self.end if end is None else min(self.end, end)
        if lo > hi:
            return None
        return replace(self, start=lo, end=hi)

    def months(self) -> list[Period]:
        """The calendar months this period touches, each clipped to the period."""
        out = []
        year, month = self.start.year, self.start.month
        while date(year, month, 1) <= self.end:
            clipped = month_period(year, month).clip(self.start, self.end)
            if clipped is not None:
                out.append(clipped)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out

    def dates(self, lang: Lang = Lang.ZH) -> str:
        """2025年9月1日至2026年8月31日; 2025-09-01 to 2026-08-31 in English."""
        if lang is Lang.EN:
            return f"{self.start.isoformat()} to {self.end.isoformat()}"
        return f"{cn_date(self.start)}至{cn_date(self.end)}"


def month_period(year: int, month: int) -> Period:
    last = date(year, month, calendar.monthrange(year, month)[1])
    return Period(date(year, month, 1), last, f"{year}年{month}月", "month", f"{calendar.month_name[month]} {year}")


def school_year_label(year: int) -> str:
    return f"{year}—{year + 1}学年"


def school_year_label_en(year: int) -> str:
    return f"school year {year}–{(year + 1) % 100:02d}"


def term_label_en(name: str, start: date, year: int) -> str:
    """autumn term 2026 (the year the term starts in); a name without a season keeps its own words."""
    season = next((en for zh, en in _SEASONS if zh in name or en in name.lower()), None)
    return f"{season} term {start.year}" if season else f"{name}, {school_year_label_en(year)}"


def cn_date(day: date) -> str:
    """2025年7月31日: how Chinese prose writes a date."""
    return f"{day.year}年{day.month}月{day.day}日"


HALVES = ("上半年", "下半年")


class Calendar:
    """The programme's school calendar: which terms and years exist and what they are called."""

    def __init__(self, programme: Programme) -> None:
        self.basis = programme.year_basis
        self._years = {sy.year: sy for sy in programme.calendar}

    def school_year(self, year: int) -> Period:
        start, end = date(year, 9, 1), date(year + 1, 8, 31)
        return Period(start, end, school_year_label(year), "school_year", school_year_label_en(year))

    @staticmethod
    def calendar_year(year: int) -> Period:
        return Period(date(year, 1, 1), date(year, 12, 31), f"{year}年", "calendar_year", str(year))

    def year(self, year: int) -> Period:
        """The programme's reporting year: a school year, or a calendar year if the settings say so."""
        return self.calendar_year(year) if self.basis is YearBasis.CALENDAR else self.school_year(year)

    def terms(self, year: int) -> list[Period]:
        """The terms of school year ``year`` in order."""
        label = school_year_label(year)
        listed = self._years.get(year)
        named = (
            [(t.name, t.start, t.end) for t in listed.terms]
            if listed is not None
            else [
                (AUTUMN, date(year, 9, 1), date(year + 1, 1, 31)),
                (SPRING, date(year + 1, 2, 1), date(year + 1, 8, 31)),
            ]
        )
        return [Period(lo, hi, f"{label}{name}", "term", term_label_en(name, lo, year)) for name, lo, hi in named]

    def school_year_of(self, day: date) -> int:
        return day.year if day.month >= 9 else day.year - 1

    def term_of(self, day: date) -> Period | None:
        """The term that contains ``day``; None in a holiday the calendar leaves out."""
        for term in self.terms(self.school_year_of(day)):
            if day in term:
                return term
        return None

    @staticmethod
    def weeks(term: Period) -> list[Period]:
        """The school weeks of a term, as a school numbers them: 第1周 starts on the term's first day, each week is
        seven days, and the last few days (fewer than seven) belong to the last week. Holidays have no weeks."""
        count = max(term.days // 7, 1)
        out = []
        for n in range(1, count + 1):
            start = term.start + timedelta(days=7 * (n - 1))
            end = term.end if n == count else start + timedelta(days=6)
            english = f"week {n} of {term.label_en or term.label}"
            out.append(Period(start, end, f"{term.label}第{n}周", "week", english))
        return out

    def current_term(self, day: date) -> Period:
        """The term running on ``day``; in a holiday, the term that ended last (what a dashboard looks back on)."""
        year = self.school_year_of(day)
        started = [t for y in (year - 1, year) for t in self.terms(y) if t.start <= day]
        return started[-1] if started else self.terms(year)[0]

    def terms_within(self, period: Period) -> list[Period]:
        out: list[Period] = []
        for year in range(self.school_year_of(period.start), self.school_year_of(period.end) + 1):
            out.extend(t for t in self.terms(year) if t.start <= period.end and t.end >= period.start)
        return out

    # --- parsing command-line periods ---

    def parse_year(self, text: str) -> Period:
        """``2024`` or ``2024-2025`` (also ``2024—2025``, ``2024-25``); raises ValueError with a reason."""
        m = re.fullmatch(r"\s*(\d{4})\s*(?:[-—–/]\s*(\d{2}|\d{4}))?\s*", text)
        if not m:
            raise ValueError(f"{text!r} is not a year such as 2024 or 2024-2025")
        year = int(m[1])
        if not FIRST_DAY.year <= year < LAST_DAY.year:
            raise ValueError(f"{text!r} is outside {FIRST_DAY.year}–{LAST_DAY.year}")
        if m[2] is not None:
            second = int(m[2]) if len(m[2]) == 4 else (year // 100) * 100 + int(m[2])
            if second != year + 1:
                raise ValueError(f"{text!r}: the second year must follow the first, e.g. 2024-2025")
            return self.school_year(year)
        return self.year(year)

    def parse_term(self, text: str) -> Period:
        """A term: ``2026-1`` (first term of 2026–2027), ``2026-2``, ``2026秋``, ``2027春``, ``2026-autumn``."""
        s = text.strip().lower()
        m = re.fullmatch(r"(\d{4})(?:\s*[-—–/]\s*\d{4})?\s*[-/ ]?\s*([12])", s)
        if m:
            terms = self.terms(int(m[1]))
            index = int(m[2]) - 1
            if index < len(terms):
                return terms[index]
            raise ValueError(f"{text!r}: school year {m[1]} has {len(terms)} terms")
        m = re.fullmatch(r"(\d{4})\s*[-/ ]?\s*(秋|秋季|秋季学期|autumn|fall|春|春季|春季学期|spring)", s)
        if m:
            year = int(m[1])
            autumn = m[2] in ("秋", "秋季", "秋季学期", "autumn", "fall")
            day = date(year, 10, 15) if autumn else date(year, 4, 15)
            term = self.term_of(day)
            if term is not None:
                return term
        raise ValueError(f"{text!r} is not a term such as 2026-1, 2026-autumn or 2027-spring")

    @staticmethod
    def half_year(year: int, half: int) -> Period:
        """``half`` 1: 1 January – 30 June (上半年); 2: 1 July – 31 December (下半年)."""
        start, end = (date(year, 1, 1), date(year, 6, 30)) if half == 1 else (date(year, 7, 1), date(year, 12, 31))
        english = f"{('first', 'second')[half - 1]} half of {year}"
        return Period(start, end, f"{year}年{HALVES[half - 1]}", "half_year", english)

    def parse_half(self, text: str) -> Period:
        """A half of a calendar year: ``2026-1`` or ``2026上半年`` (January–June), ``2026-2`` or ``2026下半年``."""
        s = text.strip().lower()
        m = re.fullmatch(r"(\d{4})\s*(?:[-/ ]\s*([12])|[-/ ]?\s*(上|下|上半年|下半年|h1|h2))", s)
        if not m:
            raise ValueError(f"{text!r} is not a half-year such as 2026-1 (January–June) or 2026-2")
        year = int(m[1])
        if not FIRST_DAY.year <= year <= LAST_DAY.year:
            raise ValueError(f"{text!r} is outside {FIRST_DAY.year}–{LAST_DAY.year}")
        half = int(m[2]) if m[2] else (1 if m[3] in ("上", "上半年", "h1") else 2)
        return self.half_year(year, half)

    @staticmethod
    def custom(start: date, end: date) -> Period:
        if end < start:
            raise ValueError(f"the period ends ({end}) before it starts ({start})")
        if start < FIRST_DAY or end > LAST_DAY or (end - start).days > MAX_CUSTOM_DAYS:
            raise ValueError(f"a period must lie within {FIRST_DAY.year}–{LAST_DAY.year} and span at most 10 years")
        return Period(start, end, f"{cn_date(start)}至{cn_date(end)}", "custom", f"{start} to {end}")
