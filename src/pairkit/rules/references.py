"""Validate-time checks of rules and waivers: what they name exists, and their dates run forwards.

They run with the other consistency checks (``pairkit validate``), so a rule naming a pairing that does not exist
is reported with its file and line before any quota is computed.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from pairkit.diagnostics import Diagnostic, Source
from pairkit.model import SECTION_LABELS, Records


def _close(value: str, known: list[str]) -> str:
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    return close[0] if close else ""


def rule_references(records: Records) -> Iterator[Diagnostic]:
    pairings = list(records.pairing)
    rules = [r.id for r in records.rules]
    broken = {rid for section, rid in records.broken_ids if section == "rules"}
    for rule in records.rules:
        for i, pairing in enumerate(rule.targets.pairings):
            if pairing not in records.pairing and ("pairings", pairing) not in records.broken_ids:
                yield Diagnostic.at(
                    "PK302",
                    rule.source.at("targets", "pairings", i),
                    target=SECTION_LABELS["pairings"],
                    id=pairing,
                    suggestion=_close(pairing, pairings),
                )
        yield from _forwards(rule.source, "rules", rule.effective_from, rule.effective_to, "effective_to")
    scopes = [*records.pairing, *records.unit, *records.person]
    scopes += [f"{p.id}/{s}" for p in records.pairings for s in p.subjects]
    for waiver in records.waivers:
        if waiver.rule not in rules and waiver.rule not in broken:
            yield Diagnostic.at(
                "PK302",
                waiver.source.at("rule"),
                target=SECTION_LABELS["rules"],
                id=waiver.rule,
                suggestion=_close(waiver.rule, rules),
            )
        if waiver.scope is not None and waiver.scope not in scopes:
            yield Diagnostic.at(
                "PK501", waiver.source.at("scope"), scope=waiver.scope, suggestion=_close(waiver.scope, scopes)
            )
        yield from _forwards(waiver.source, "waivers", waiver.from_day, waiver.to_day, "to")


def _forwards(source: Source, section: str, start: object, end: object, field: str) -> Iterator[Diagnostic]:
    if start is not None and end is not None and str(end) < str(start):
        yield Diagnostic.at("PK402", source.at(field), record=SECTION_LABELS[section], start=str(start), end=str(end))
