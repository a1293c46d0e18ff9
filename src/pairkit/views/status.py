"""The status dashboard as data: how far into the period we are, each pairing's findings by status and its pace,
and the items at risk or missed, worst first. Everything here is read off the findings of ``rules.evaluate``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from pairkit.messages import Lang
from pairkit.model import Records
from pairkit.model.periods import Period
from pairkit.rules.results import Finding, Status
from pairkit.views.findings import (
    as_json,
    back_on_track,
    counts,
    done_share,
    pairing_title,
    scope_in_names,
    worst_first,
)

ATTENTION = (Status.MISSED, Status.AT_RISK)
JUDGED = (Status.MET, Status.ON_TRACK, Status.AT_RISK, Status.MISSED)  # a pace counts these (not n/a, not waived)


@dataclass(frozen=True)
class Row:
    """One pairing (``pairing`` None: the programme, its schools and people as a whole)."""

    pairing: str | None
    name: str
    counts: dict[Status, int]
    done: float  # the share of what is required that is done, averaged over the findings judged (0–1)

    def to_json(self) -> dict[str, Any]:
        return {
            "pairing": self.pairing,
            "name": self.name,
            "counts": {str(s): n for s, n in self.counts.items()},
            "done": round(self.done, 3),
        }


@dataclass(frozen=True)
class Item:
    finding: Finding
    remedy: str  # what it takes to get back on track, in the dashboard's language


@dataclass(frozen=True)
class Dashboard:
    records: Records
    period: Period
    as_of: date
    counts: dict[Status, int]
    rows: list[Row]
    attention: list[Item]  # at risk and missed, worst first

    @property
    def elapsed(self) -> int:
        return self.period.elapsed_days(self.as_of)

    @property
    def time_share(self) -> float:
        return self.elapsed / self.period.days

    def to_json(self, lang: Lang) -> dict[str, Any]:
        return {
            "period": {
                "label": self.period.shown(lang),
                "start": self.period.start.isoformat(),
                "end": self.period.end.isoformat(),
                "days": self.period.days,
                "elapsed_days": self.elapsed,
            },
            "as_of": self.as_of.isoformat(),
            "counts": {str(s): n for s, n in self.counts.items()},
            "pairings": [row.to_json() for row in self.rows],
            "attention": [
                {
                    **as_json(i.finding, lang),
                    "names": scope_in_names(self.records, i.finding, lang),
                    "back_on_track": i.remedy,
                }
                for i in self.attention
            ],
        }


def pace(findings: Iterable[Finding]) -> float:
    judged = [done_share(f) for f in findings if f.status in JUDGED]
    return sum(judged) / len(judged) if judged else 1.0


def dashboard(records: Records, period: Period, as_of: date, findings: list[Finding], lang: Lang) -> Dashboard:
    by_pairing: dict[str | None, list[Finding]] = {}
    for f in findings:
        by_pairing.setdefault(f.scope.pairing, []).append(f)
    order = [p.id for p in records.pairings if p.id in by_pairing] + ([None] if None in by_pairing else [])
    rows = [Row(k, pairing_title(records, k, lang), counts(by_pairing[k]), pace(by_pairing[k])) for k in order]
    attention = [
        Item(f, back_on_track(f, records, as_of, lang))
        for f in worst_first(f for f in findings if f.status in ATTENTION)
    ]
    return Dashboard(records, period, as_of, counts(findings), rows, attention)
