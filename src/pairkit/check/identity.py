"""Every ID names one record of its kind."""

from __future__ import annotations

from collections.abc import Iterator

from pairkit.diagnostics import Diagnostic
from pairkit.model import SECTION_LABELS, SECTIONS, Records


def unique_ids(records: Records) -> Iterator[Diagnostic]:
    for section in SECTIONS:
        first_seen: dict[str, str] = {}
        for record in records.section(section):
            record_id = getattr(record, "id", None)
            if record_id is None:
                continue
            where = f"{record.source.file} {record.source.dotted()}"
            if record_id in first_seen:
                yield Diagnostic.at(
                    "PK301",
                    record.source.at("id"),
                    record=SECTION_LABELS[section],
                    id=record_id,
                    first=first_seen[record_id],
                )
            else:
                first_seen[record_id] = where
