"""Dated consistency: things end after they start, activities fall inside their pairing, no one is in two places."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta

from pairkit.diagnostics import Bilingual, Diagnostic, Source
from pairkit.model import SECTION_LABELS, Records
from pairkit.model.records import Secondment

OPEN = Bilingual("长期", "open-ended")


def ends_after_start(records: Records) -> Iterator[Diagnostic]:
    spans: list[tuple[str, Source, date, date | None]] = [
        *(("pairings", p.source, p.start, p.end) for p in records.pairings),
        *(("secondments", s.source, s.start, s.end) for s in records.secondments),
        *(("mentorships", m.source, m.start, m.end) for m in records.mentorships),
        *(("person_pairings", t.source, t.start, t.end) for t in records.person_pairings),
    ]
    for section, source, start, end in spans:
        if end is not None and end < start:
            yield Diagnostic.at(
                "PK402",
                source.at("end"),
                record=SECTION_LABELS[section],
                start=start.isoformat(),
                end=end.isoformat(),
            )


def activities_inside_pairing(records: Records) -> Iterator[Diagnostic]:
    for activity in records.activities:
        pairing = records.pairing.get(activity.pairing or "")
        if pairing is None:
            continue  # a programme-level activity, or a missing pairing reported by references_resolve
        last_day = activity.date + timedelta(days=activity.days - 1)
        if not (pairing.active_on(activity.date) and pairing.active_on(last_day)):
            yield Diagnostic.at(
                "PK401",
                activity.source.at("date"),
                date=activity.date.isoformat(),
                pairing=pairing.id,
                start=pairing.start.isoformat(),
                end=pairing.end.isoformat() if pairing.end else "",
            )


def secondments_inside_pairing(records: Records) -> Iterator[Diagnostic]:
    for sec in records.secondments:
        pairing = records.pairing.get(sec.pairing or "")
        if pairing is None or sec.end < sec.start:
            continue
        if pairing.active_on(sec.start) and pairing.active_on(sec.end):
            continue
        yield Diagnostic.at(
            "PK411",
            sec.source.at("start" if not pairing.active_on(sec.start) else "end"),
            id=sec.id,
            start=sec.start.isoformat(),
            end=sec.end.isoformat(),
            pairing=pairing.id,
            pairing_start=pairing.start.isoformat(),
            pairing_end=pairing.end.isoformat() if pairing.end else OPEN,
        )


def no_double_secondment(records: Records) -> Iterator[Diagnostic]:
    by_person: dict[str, list[Secondment]] = defaultdict(list)
    for sec in records.secondments:
        by_person[sec.person].append(sec)
    for person, secs in by_person.items():
        secs.sort(key=lambda s: s.start)
        for i, later in enumerate(secs):
            for earlier in secs[:i]:
                if later.start <= earlier.end and earlier.start <= later.end:
                    yield Diagnostic.at(
                        "PK403",
                        later.source.at("start"),
                        person=person,
                        id=later.id,
                        other=earlier.id,
                        start=earlier.start.isoformat(),
                        end=earlier.end.isoformat(),
                    )
