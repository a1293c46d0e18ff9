"""Every ID names one record of its kind."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pairkit.diagnostics import Diagnostic, Source
from pairkit.model import SECTION_LABELS, SECTIONS, Records


def unique_ids(records: Records) -> Iterator[Diagnostic]:
    return duplicate_ids(
        (section, getattr(record, "id", None), record.source)
        for section in SECTIONS
        for record in records.section(section)
    )


def duplicate_ids(entries: Iterable[tuple[str, str | None, Source]]) -> Iterator[Diagnostic]:
    """PK301 for each (section, ID, source) whose ID came earlier in its section; entries in file order."""
    first_seen: dict[tuple[str, str], Source] = {}
    for section, record_id, source in entries:
        if record_id is None:
            continue
        first = first_seen.setdefault((section, record_id), source)
        if first is not source:
            yield Diagnostic.at(
                "PK301",
                source.at("id"),
                record=SECTION_LABELS[section],
                id=record_id,
                related=f"{first.file} {first.dotted()}",  # replaced by file:line:col when positions are known
            ).see_also(first.at("id"))
