"""Records on the right side of their pairing: a secondment between two of its schools, a mentor of the supporting
school and mentees of receiving ones, a donation between its units, the people of an activity from its schools.

Each of these passes the schemas and the references, yet would silently move a figure to the wrong pairing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from pairkit.diagnostics import Bilingual, Diagnostic
from pairkit.model import Records
from pairkit.model.records import Pairing, UnitKind

SENDING, RECEIVING = Bilingual("派出单位", "sending unit"), Bilingual("接收单位", "receiving unit")
DONOR, RECIPIENT = Bilingual("捐赠单位", "donor"), Bilingual("受赠单位", "recipient")


def _units(pairing: Pairing) -> set[str]:
    return {pairing.supporter, *pairing.recipients}


def _names(records: Records, units: list[str]) -> str:
    return "、".join(records.unit[u].display_name if u in records.unit else u for u in units)


def _unit(records: Records, unit: str) -> Bilingual:
    """A unit as written, with its name: u-town（镇中心小学）."""
    name = records.unit[unit].display_name
    return Bilingual(f"{unit}（{name}）", f"{unit} ({name})")


def _person(name: str, person: str, unit: str) -> Bilingual:
    return Bilingual(f"{name}（{person}，{unit}）", f"{name} ({person}, {unit})")


def secondments_between_pairing_schools(records: Records) -> Iterator[Diagnostic]:
    for sec in records.secondments:
        person = records.person.get(sec.person)
        sender = sec.from_unit or (person.unit if person else None)
        if sender is not None and sender == sec.to:
            yield Diagnostic.at("PK311", sec.source.at("to"), id=sec.id, unit=sec.to)
            continue
        pairing = records.pairing.get(sec.pairing or "")
        if pairing is None:
            continue
        units = _units(pairing)
        listed = _names(records, [pairing.supporter, *pairing.recipients])
        where = {"from": (sender, SENDING), "to": (sec.to, RECEIVING)}
        for field, (unit, side) in where.items():
            if unit is None or unit in units or unit not in records.unit:
                continue  # an unknown unit is reported by references_resolve
            at = sec.source.at(field if field == "to" or sec.from_unit else "person")
            unit_named = _unit(records, unit)
            yield Diagnostic.at("PK312", at, id=sec.id, side=side, unit=unit_named, pairing=pairing.id, units=listed)


def mentors_on_their_side(records: Records) -> Iterator[Diagnostic]:
    mentor_role, mentee_role = Bilingual("导师", "mentor"), Bilingual("徒弟", "mentee")
    supporting, receiving = Bilingual("支援方", "supporting side"), Bilingual("受援方", "receiving side")
    for m in records.mentorships:
        seen: set[str] = set()
        for i, mentee in enumerate(m.mentees):
            if mentee == m.mentor:
                yield Diagnostic.at("PK313", m.source.at("mentees", i), mentor=m.mentor)
            elif mentee in seen:
                yield Diagnostic.at("PK314", m.source.at("mentees", i), mentee=mentee)
            seen.add(mentee)
        pairing = records.pairing.get(m.pairing or "")
        if pairing is None:
            continue
        checks: list[tuple[str, int | None, str, Bilingual, list[str], Bilingual]] = [
            ("mentor", None, m.mentor, mentor_role, [pairing.supporter], supporting)
        ]
        # A mentee who is the mentor, or listed again, is told once, above.
        firsts = [(i, p) for i, p in enumerate(m.mentees) if p != m.mentor and p not in m.mentees[:i]]
        checks += [("mentees", i, p, mentee_role, pairing.recipients, receiving) for i, p in firsts]
        for field, index, person_id, role, side_units, side in checks:
            person = records.person.get(person_id)
            if person is None or person.unit in side_units or person.unit not in records.unit:
                continue
            at = m.source.at(field) if index is None else m.source.at(field, index)
            yield Diagnostic.at(
                "PK315",
                at,
                role=role,
                person=_person(person.name, person.id, records.unit[person.unit].display_name),
                pairing=pairing.id,
                side=side,
                units=_names(records, side_units),
            )


def donations_between_pairing_units(records: Records) -> Iterator[Diagnostic]:
    for d in records.donations:
        if d.donor == d.recipient:
            yield Diagnostic.at("PK316", d.source.at("recipient"), unit=d.recipient)
            continue
        pairing = records.pairing.get(d.pairing or "")
        if pairing is None:
            continue
        units = _units(pairing)
        listed = _names(records, [pairing.supporter, *pairing.recipients])
        for field, unit, side in (("donor", d.donor, DONOR), ("recipient", d.recipient, RECIPIENT)):
            if unit in units or unit not in records.unit:
                continue
            named = _unit(records, unit)
            yield Diagnostic.at("PK317", d.source.at(field), side=side, unit=named, pairing=pairing.id, units=listed)


def activity_people_from_pairing(records: Records) -> Iterator[Diagnostic]:
    """A warning: someone of another school in an activity is usually a slip of the ID. Officials of a bureau
    (教育局、教研室) take part in many pairings' activities and are not flagged, nor is a teacher seconded to one of
    the pairing's schools on the day (a 支教 teacher works at the receiving school)."""
    seconded: dict[str, list[tuple[str, date, date]]] = defaultdict(list)
    for sec in records.secondments:
        seconded[sec.person].append((sec.to, sec.start, sec.end))
    for a in records.activities:
        pairing = records.pairing.get(a.pairing or "")
        if pairing is None:
            continue
        units = _units(pairing)
        for i, person_id in enumerate(a.people):
            person = records.person.get(person_id)
            unit = records.unit.get(person.unit) if person else None
            if person is None or unit is None or unit.id in units or unit.kind is UnitKind.BUREAU:
                continue
            if any(to in units and start <= a.date <= end for to, start, end in seconded[person_id]):
                continue
            yield Diagnostic.at(
                "PK318",
                a.source.at("people", i),
                person=_person(person.name, person.id, unit.display_name),
                pairing=pairing.id,
            ).warning()
