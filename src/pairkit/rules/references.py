"""Validate-time checks of rules and waivers: what they name exists, and their dates run forwards.

They run with the other consistency checks (``pairkit validate``), so a rule naming a pairing that does not exist
is reported with its file and line before any quota is computed.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from pairkit.diagnostics import Bilingual, Diagnostic, Source
from pairkit.model import SECTION_LABELS, Records
from pairkit.model.rules import MEASURES, Counting, CountRule, Per


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
        if isinstance(rule, CountRule):
            yield from _count_fits(rule)
    scopes = [*records.pairing, *records.unit, *records.person, *(s.id for s in records.secondments)]
    scopes += [f"{p.id}/{s}" for p in records.pairings for s in p.subjects]
    scopes += [f"{r}/{s}" for p in records.pairings for r in p.recipients for s in p.subjects]
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


# What each selector field applies to (besides activities, which take them all).
_SELECTS: dict[str, tuple[Counting, ...]] = {
    "subjects": (Counting.ACTIVITIES, Counting.SECONDMENTS),
    "dimensions": (Counting.ACTIVITIES,),
    "levels": (Counting.AWARDS,),
}
_BY_SUBJECT = (Per.PAIRING_SUBJECT, Per.RECIPIENT_SUBJECT)


def _count_fits(rule: CountRule) -> Iterator[Diagnostic]:
    """A count rule asks only what its records can answer: a measure, selectors and scopes that fit ``of``."""
    counting = Bilingual(rule.of.label, rule.of.value.replace("_", " "))
    allowed = MEASURES[rule.of]
    if rule.measure is not None and rule.measure not in allowed:
        yield Diagnostic.at(
            "PK511",
            rule.source.at("measure"),
            counting=counting,
            measure=Bilingual(rule.measure.label, rule.measure.value.replace("_", " ")),
            allowed=Bilingual(
                "、".join(f"{m.value}（{m.label}）" for m in allowed),
                ", ".join(f"{m.value} ({m.label})" for m in allowed),
            ),
        )
    for field, fits in _SELECTS.items():
        if getattr(rule.select, field) and rule.of not in fits:
            applies = Bilingual("、".join(c.label for c in fits), ", ".join(c.value.replace("_", " ") for c in fits))
            yield Diagnostic.at(
                "PK512", rule.source.at("select", field), counting=counting, field=field, applies=applies
            ).on_key()
    if rule.who is not None and rule.per is not Per.PERSON:
        yield Diagnostic.at("PK513", rule.source.at("who")).on_key()
    if rule.per in _BY_SUBJECT and rule.of not in _SELECTS["subjects"]:
        per = Bilingual(rule.per.label, rule.per.value)
        yield Diagnostic.at("PK514", rule.source.at("per"), counting=counting, per=per)


def _forwards(source: Source, section: str, start: object, end: object, field: str) -> Iterator[Diagnostic]:
    if start is not None and end is not None and str(end) < str(start):
        yield Diagnostic.at("PK402", source.at(field), record=SECTION_LABELS[section], start=str(start), end=str(end))
