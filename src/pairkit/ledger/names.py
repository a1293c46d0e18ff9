"""Schools, people and pairings by name: how the ledger writes them, and how a clerk's text finds the record.

A name shared by two records is written ``林慧（p-linhui）`` so that the export reads back without doubt; a clerk may
write an ID, a name, a short name or that form. Unknown and ambiguous names are answered with the candidates.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field

from pairkit.model import Records
from pairkit.report.figures import pairing_label

_WITH_ID = re.compile(r"^(?P<name>.*?)\s*[（(]\s*(?P<id>[A-Za-z0-9][A-Za-z0-9_.-]*)\s*[)）]$")


@dataclass(frozen=True)
class Found:
    id: str | None  # the record meant, or None
    candidates: tuple[str, ...] = ()  # when ambiguous: "林慧（p-linhui，云溪一中）"
    suggestion: str = ""  # when unknown: the nearest name or ID


@dataclass
class Index:
    """One kind of record (units, people or pairings) by ID and by every name it goes by."""

    what: str  # "units", "people", "pairings"
    names: dict[str, str] = field(default_factory=dict)  # ID → the name the ledger writes
    by_name: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    about: dict[str, str] = field(default_factory=dict)  # ID → a few words telling homonyms apart

    def add(self, record_id: str, name: str, *aliases: str | None, about: str = "") -> None:
        self.names[record_id] = name
        self.about[record_id] = about
        for alias in (name, *aliases):
            if alias:
                self.by_name[alias].add(record_id)

    def show(self, record_id: str) -> str:
        """The name as the ledger writes it: unique names alone, shared ones with the ID."""
        name = self.names.get(record_id)
        if name is None:
            return record_id
        return name if len(self.by_name[name]) == 1 else f"{name}（{record_id}）"

    def find(self, text: str) -> Found:
        text = text.strip()
        if text in self.names:
            return Found(text)
        m = _WITH_ID.match(text)
        if m and m["id"] in self.names and (not m["name"] or m["id"] in self.by_name.get(m["name"], ())):
            return Found(m["id"])
        ids = self.by_name.get(text, set())
        if len(ids) == 1:
            return Found(next(iter(ids)))
        if ids:
            return Found(None, tuple(self._describe(i) for i in sorted(ids)))
        close = difflib.get_close_matches(text, [*self.by_name, *self.names], n=1, cutoff=0.5)
        if not close:
            return Found(None)
        near = self.by_name.get(close[0], set())
        return Found(None, suggestion=self.show(next(iter(near))) if len(near) == 1 else close[0])

    def _describe(self, record_id: str) -> str:
        about = self.about.get(record_id)
        return f"{self.names[record_id]}（{record_id}{'，' + about if about else ''}）"


@dataclass(frozen=True)
class Names:
    units: Index
    people: Index
    pairings: Index

    @classmethod
    def of(cls, records: Records) -> Names:
        units, people, pairings = Index("units"), Index("people"), Index("pairings")
        for u in records.units:
            units.add(u.id, u.name, u.short_name, about=u.township or u.county or "")
        for p in records.people:
            unit = records.unit.get(p.unit)
            people.add(p.id, p.name, about=unit.display_name if unit else p.unit)
        for pr in records.pairings:
            pairings.add(pr.id, pairing_label(records, pr), pr.name)
        return cls(units, people, pairings)

    def __getitem__(self, what: str) -> Index:
        index: Index = getattr(self, what)
        return index
