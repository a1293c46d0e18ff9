"""Time arithmetic of rule evaluation: the periods a rule counts in, the days a scope is active, and the verdict.

Formulas (docs/rules.md states them for users):
- pro-rating: required = ceil(minimum × active days ÷ period days) when the scope is active for part of the period;
- pace: projected = actual × active days ÷ elapsed active days; a running period is at risk when projected < required;
- a period is closed the day after it ends; a running period is never missed.
"""

from __future__ import annotations

import calendar as cal
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from pairkit.diagnostics import Bilingual
from pairkit.model.periods import Calendar, Period, month_period
from pairkit.model.rules import Length, PeriodUnit
from pairkit.rules.results import Status
from pairkit.rules.results import number as number  # where callers have always found it

FOREVER = date(9999, 12, 31)  # the end of an open-ended pairing

Interval = tuple[date, date]


@dataclass(frozen=True)
class Span:
    """Merged, sorted inclusive day intervals: the days a scope is active."""

    intervals: tuple[Interval, ...]

    @classmethod
    def of(cls, intervals: Iterable[tuple[date, date | None]]) -> Span:
        merged: list[Interval] = []
        for start, end in sorted((s, e or FOREVER) for s, e in intervals):
            if end < start:
                continue
            if merged and (start - merged[-1][1]).days <= 1:  # overlapping or adjacent
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        return cls(tuple(merged))

    def clip(self, start: date, end: date) -> Span:
        out = []
        for lo, hi in self.intervals:
            lo, hi = max(lo, start), min(hi, end)
            if lo <= hi:
                out.append((lo, hi))
        return Span(tuple(out))

    def within(self, other: Span) -> Span:
        """The days in both."""
        return Span.of((max(lo, o_lo), min(hi, o_hi)) for lo, hi in self.intervals for o_lo, o_hi in other.intervals)

    def __bool__(self) -> bool:
        return bool(self.intervals)

    def __contains__(self, day: object) -> bool:
        if isinstance(day, date):
            for lo, hi in self.intervals:  # a plain loop: asked for every record counted, it is the hottest test
                if lo <= day <= hi:
                    return True
        return False

    @property
    def days(self) -> int:
        return sum((hi - lo).days + 1 for lo, hi in self.intervals)

    def elapsed(self, as_of: date) -> int:
        return self.clip(date.min, as_of).days

    @property
    def start(self) -> date:
        return self.intervals[0][0]

    @property
    def end(self) -> date:
        return self.intervals[-1][1]


def sub_periods(unit: PeriodUnit, requested: Period, calendar: Calendar) -> list[Period]:
    """The whole weeks, months, terms, half-years or years that overlap the requested period (lifetime is handled
    per scope). Weeks are the school weeks of terms (``Calendar.weeks``): a holiday has none."""
    if unit is PeriodUnit.WEEK:
        weeks = (w for term in calendar.terms_within(requested) for w in calendar.weeks(term))
        return [w for w in weeks if w.start <= requested.end and w.end >= requested.start]
    if unit is PeriodUnit.HALF_YEAR:
        halves = (calendar.half_year(y, h) for y in range(requested.start.year, requested.end.year + 1) for h in (1, 2))
        return [h for h in halves if h.start <= requested.end and h.end >= requested.start]
    if unit is PeriodUnit.MONTH:
        out = []
        year, month = requested.start.year, requested.start.month
        while date(year, month, 1) <= requested.end:
            out.append(month_period(year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out
    if unit is PeriodUnit.TERM:
        return calendar.terms_within(requested)
    if unit is PeriodUnit.SCHOOL_YEAR:
        first, final = calendar.school_year_of(requested.start), calendar.school_year_of(requested.end)
        return [calendar.school_year(y) for y in range(first, final + 1)]
    if unit is PeriodUnit.CALENDAR_YEAR:
        return [Calendar.calendar_year(y) for y in range(requested.start.year, requested.end.year + 1)]
    return []


def add_length(start: date, length: Length) -> date:
    """The same date ``length`` later: years and months move the calendar date (a date the month lacks, such as
    29 February or 31 April, becomes the first day of the next month, as an age is reached on 1 March), then the
    days are added."""
    index = start.month - 1 + length.months + 12 * length.years
    year, month = start.year + index // 12, index % 12 + 1
    last = cal.monthrange(year, month)[1]
    moved = date(year, month, start.day) if start.day <= last else date(year, month, last) + timedelta(days=1)
    return moved + timedelta(days=length.days)


def last_day(start: date, length: Length) -> date:
    """The last day of a term of ``length`` that starts on ``start``: 1年 from 2024-09-01 ends on 2025-08-31."""
    return add_length(start, length) - timedelta(days=1)


def length_between(start: date, end: date) -> Length:
    """How long ``start`` to ``end`` (both included) lasts, in whole years, months and then days:
    2024-09-01 to 2025-08-31 is 1年; to 2025-08-30 it is 11个月又30天."""
    after = end + timedelta(days=1)
    months = max((after.year - start.year) * 12 + after.month - start.month, 0)
    while months and add_length(start, Length(months=months)) > after:
        months -= 1
    days = (after - add_length(start, Length(months=months))).days
    return Length(months // 12, months % 12, days)


def lifetime(span: Span) -> Period:
    start, end = span.start, span.end
    if end == FOREVER:
        return Period(
            start, end, f"结对期间（{start.year}.{start.month}起）", "lifetime", f"the pairing (since {start})"
        )
    # Years and months are enough to tell the pairing's life (the days are in the finding's start and end): the
    # label then fits a narrow terminal whole.
    label = f"结对期间（{start.year}.{start.month}—{end.year}.{end.month}）"
    return Period(start, end, label, "lifetime", f"the pairing ({start} to {end})")


def active_part(period: Period, span: Span) -> Period:
    """The period narrowed to the days the scope is active (same label)."""
    if span.start <= period.start and span.end >= period.end:
        return period  # the common case, and dataclasses.replace is not cheap
    return replace(period, start=max(period.start, span.start), end=min(period.end, span.end))


def prorated(value: float | None, active_days: int, period_days: int) -> float | None:
    if value is None or active_days >= period_days:
        return value
    # The small tolerance keeps 5 × 92/92-like exact products from rounding up by float noise.
    return float(math.ceil(value * active_days / period_days - 1e-9))


def required_text(low: float | None, high: float | None, suffix: str = "") -> str:
    if low is not None and high is not None:
        if low == high:
            return f"= {number(low)}{suffix}"
        return f"{number(low)}–{number(high)}{suffix}"
    if low is not None:
        return f"≥ {number(low)}{suffix}"
    return f"≤ {number(high or 0)}{suffix}"


NO_NOTE = Bilingual("", "")
NOT_BEGUN = Bilingual("本期尚未开始", "the period has not begun")


@dataclass(frozen=True)
class Verdict:
    status: Status
    gap: float
    note: Bilingual = NO_NOTE


def judge_pace(
    actual: float, low: float | None, high: float | None, span: Span, period: Period, as_of: date
) -> Verdict:
    """A quota over a period: met, missed once closed, else on track or at risk by the pace so far."""
    short = max((low or 0) - actual, 0.0)
    over = high is not None and actual > high
    over_note = NO_NOTE
    if over:
        excess = number(actual - (high or 0))
        over_note = Bilingual(f"超出上限 {excess}", f"{excess} over the maximum")
    if period.is_closed(as_of):
        ok = short == 0 and not over
        return Verdict(Status.MET if ok else Status.MISSED, short, over_note)
    if over:
        return Verdict(Status.AT_RISK, 0.0, over_note)
    if short == 0:
        return Verdict(Status.MET, 0.0)
    elapsed = span.elapsed(as_of)
    if elapsed == 0:
        return Verdict(Status.ON_TRACK, short, NOT_BEGUN)
    if span.end == FOREVER:
        return Verdict(Status.ON_TRACK, short, Bilingual("长期结对，尚未结束", "an open-ended pairing, still running"))
    projected = actual * span.days / elapsed
    shown = number(round(projected, 1))
    note = Bilingual(f"按目前进度预计 {shown}", f"{shown} expected at this pace")
    return Verdict(Status.AT_RISK if projected < (low or 0) else Status.ON_TRACK, short, note)


def judge_state(ok: bool, period: Period, as_of: date, gap: float = 0.0, note: Bilingual = NO_NOTE) -> Verdict:
    """A condition (eligibility, mentor load …): met, or missed once the period is closed, at risk before."""
    if ok:
        return Verdict(Status.MET, 0.0, note)
    return Verdict(Status.MISSED if period.is_closed(as_of) else Status.AT_RISK, gap, note)


def overlaps(span: Sequence[Interval], period: Period) -> bool:
    return any(lo <= period.end and hi >= period.start for lo, hi in span)
