"""Every reference names an existing record, with "did you mean" for near misses (Chinese names included)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping

from pairkit.diagnostics import Diagnostic, Source
from pairkit.model import SECTION_LABELS, Records
from pairkit.model.records import Person, Unit


def _suggest(value: str, targets: Mapping[str, Unit | Person]) -> str:
    """The ID meant: an exact name match first, else the closest ID or name."""
    by_name = {t.name: key for key, t in targets.items()}
    if value in by_name:
        key = by_name[value]
        return f"{key}（{targets[key].name}）"
    close = difflib.get_close_matches(value, [*targets, *by_name], n=1, cutoff=0.6)
    if not close:
        return ""
    key = by_name.get(close[0], close[0])
    return f"{key}（{targets[key].name}）"


def references_resolve(records: Records) -> Iterator[Diagnostic]:
    units, people, pairings = records.unit, records.person, records.pairing

    def check(source: Source, value: str | None, section: str) -> Iterator[Diagnostic]:
        if value is None:
            return
        known = {"units": units.keys(), "people": people.keys(), "pairings": pairings.keys()}[section]
        if value in known or (section, value) in records.broken_ids:
            return
        if section == "pairings":
            close = difflib.get_close_matches(value, list(pairings), n=1, cutoff=0.6)
            suggestion = close[0] if close else ""
        else:
            suggestion = _suggest(value, units if section == "units" else people)
        yield Diagnostic.at("PK302", source, target=SECTION_LABELS[section], id=value, suggestion=suggestion)

    def each(source: Source, field: str, values: Iterable[str], section: str) -> Iterator[Diagnostic]:
        for i, value in enumerate(values):
            yield from check(source.at(field, i), value, section)

    for person in records.people:
        yield from check(person.source.at("unit"), person.unit, "units")
    for pairing in records.pairings:
        yield from check(pairing.source.at("supporter"), pairing.supporter, "units")
        yield from each(pairing.source, "recipients", pairing.recipients, "units")
    for sec in records.secondments:
        yield from check(sec.source.at("person"), sec.person, "people")
        yield from check(sec.source.at("from"), sec.from_unit, "units")
        yield from check(sec.source.at("to"), sec.to, "units")
        yield from check(sec.source.at("pairing"), sec.pairing, "pairings")
    for activity in records.activities:
        yield from check(activity.source.at("pairing"), activity.pairing, "pairings")
        yield from each(activity.source, "people", activity.people, "people")
    for donation in records.donations:
        yield from check(donation.source.at("donor"), donation.donor, "units")
        yield from check(donation.source.at("recipient"), donation.recipient, "units")
        yield from check(donation.source.at("pairing"), donation.pairing, "pairings")
    for mentorship in records.mentorships:
        yield from check(mentorship.source.at("mentor"), mentorship.mentor, "people")
        yield from each(mentorship.source, "mentees", mentorship.mentees, "people")
        yield from check(mentorship.source.at("pairing"), mentorship.pairing, "pairings")
    for plan in records.plans:
        yield from check(plan.source.at("pairing"), plan.pairing, "pairings")
    for group in records.groups:
        yield from check(group.source.at("unit"), group.unit, "units")
        yield from check(group.source.at("pairing"), group.pairing, "pairings")
        for field in ("leaders", "deputies", "members"):
            yield from each(group.source, field, getattr(group, field), "people")
        for i, contact in enumerate(group.contacts):
            yield from check(group.source.at("contacts", i, "person"), contact.person, "people")
    for agreement in records.agreements:
        yield from each(agreement.source, "pairings", agreement.pairings, "pairings")
    for tie in records.person_pairings:
        yield from check(tie.source.at("person"), tie.person, "people")
        yield from check(tie.source.at("unit"), tie.unit, "units")
        yield from check(tie.source.at("pairing"), tie.pairing, "pairings")
    for student in records.students:
        yield from check(student.source.at("unit"), student.unit, "units")
        yield from check(student.source.at("pairing"), student.pairing, "pairings")
        yield from check(student.source.at("person"), student.person, "people")
    for award in records.awards:
        yield from each(award.source, "people", award.people, "people")
        yield from check(award.source.at("unit"), award.unit, "units")
        yield from check(award.source.at("pairing"), award.pairing, "pairings")


def pairing_sides_differ(records: Records) -> Iterator[Diagnostic]:
    for pairing in records.pairings:
        seen: set[str] = set()
        for i, recipient in enumerate(pairing.recipients):
            if recipient == pairing.supporter or recipient in seen:
                yield Diagnostic.at("PK305", pairing.source.at("recipients", i), id=recipient)
            seen.add(recipient)


def vocabulary_links(records: Records) -> Iterator[Diagnostic]:
    """An activity kind's ``dimension`` must name a dimension."""
    source = records.programme.source.at("vocabularies", "activity_kinds")
    for kind, dimension in records.vocab.unknown_dimensions():
        yield Diagnostic.at(
            "PK207",
            source.at(kind, "dimension"),
            record=SECTION_LABELS["programme"],
            field="dimension",
            value=dimension,
            vocabulary="dimensions",
            suggestion=records.vocab.dimensions.suggest(dimension) or "",
        )
