"""Every ID names one record of its kind."""

from __future__ import annotations

from collections.abc import Iterator

from pairkit.diagnostics import Diagnostic, Source
from pairkit.model import SECTION_LABELS, SECTIONS, Records


def unique_ids(records: Records) -> Iterator[Diagnostic]:
    for section in SECTIONS:
        first_seen: dict[str, Source] = {}
        for record in records.section(section):
            record_id = getattr(record, "id", None)
            if record_id is None:
                continue
            if record_id in first_seen:
                first = first_seen[record_id]
                yield Diagnostic.at(
                    "PK301",
                    record.source.at("id"),
                    record=SECTION_LABELS[section],
                    id=record_id,
                    related=f"{first.file} {first.dotted()}",  # replaced by file:line:col when positions are known
                ).see_also(first.at("id"))
            else:
                first_seen[record_id] = record.source
