"""Every reference names an existing record, with "did you mean" for near misses (Chinese names included)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping

from pairkit.diagnostics import Diagnostic, Source
from pairkit.model import SECTION_LABELS, Records
from pairkit.model.records import Person, Record, Unit


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
    known: dict[str, Mapping[str, object]] = {"units": units, "people": people, "pairings": pairings}

    def missing(source: Source, path: tuple[str | int, ...], value: str, section: str) -> Diagnostic | None:
        # The common case (the ID exists) must stay cheap: a province has millions of references.
        if value in known[section] or (section, value) in records.broken_ids:
            return None
        if section == "pairings":
            close = difflib.get_close_matches(value, list(pairings), n=1, cutoff=0.6)
            suggestion = close[0] if close else ""
        else:
            suggestion = _suggest(value, units if section == "units" else people)
        where = source.at(*path)
        return Diagnostic.at("PK302", where, target=SECTION_LABELS[section], id=value, suggestion=suggestion)

    def refs(record: Record, pairs: Iterable[tuple[str, str | None, str]]) -> Iterator[Diagnostic]:
        """``pairs``: (field, value, section) of single references; None means not given."""
        for field, value, section in pairs:
            if value is not None and (found := missing(record.source, (field,), value, section)) is not None:
                yield found

    def each(record: Record, field: str, values: Iterable[str], section: str) -> Iterator[Diagnostic]:
        for i, value in enumerate(values):
            if (found := missing(record.source, (field, i), value, section)) is not None:
                yield found

    for person in records.people:
        yield from refs(person, [("unit", person.unit, "units")])
    for pairing in records.pairings:
        yield from refs(pairing, [("supporter", pairing.supporter, "units")])
        yield from each(pairing, "recipients", pairing.recipients, "units")
    for sec in records.secondments:
        yield from refs(
            sec,
            [
                ("person", sec.person, "people"),
                ("from", sec.from_unit, "units"),
                ("to", sec.to, "units"),
                ("pairing", sec.pairing, "pairings"),
            ],
        )
    for activity in records.activities:
        if activity.pairing not in pairings:
            yield from refs(activity, [("pairing", activity.pairing, "pairings")])
        if not people.keys() >= set(activity.people):
            yield from each(activity, "people", activity.people, "people")
    for donation in records.donations:
        yield from refs(
            donation,
            [
                ("donor", donation.donor, "units"),
                ("recipient", donation.recipient, "units"),
                ("pairing", donation.pairing, "pairings"),
            ],
        )
    for mentorship in records.mentorships:
        yield from refs(mentorship, [("mentor", mentorship.mentor, "people")])
        yield from each(mentorship, "mentees", mentorship.mentees, "people")
        yield from refs(mentorship, [("pairing", mentorship.pairing, "pairings")])
    for plan in records.plans:
        yield from refs(plan, [("pairing", plan.pairing, "pairings")])
    for group in records.groups:
        yield from refs(group, [("unit", group.unit, "units"), ("pairing", group.pairing, "pairings")])
        for field in ("leaders", "deputies", "members"):
            yield from each(group, field, getattr(group, field), "people")
        for i, contact in enumerate(group.contacts):
            if (found := missing(group.source, ("contacts", i, "person"), contact.person, "people")) is not None:
                yield found
    for agreement in records.agreements:
        yield from each(agreement, "pairings", agreement.pairings, "pairings")
    for tie in records.person_pairings:
        yield from refs(
            tie, [("person", tie.person, "people"), ("unit", tie.unit, "units"), ("pairing", tie.pairing, "pairings")]
        )
    for student in records.students:
        yield from refs(
            student,
            [
                ("unit", student.unit, "units"),
                ("pairing", student.pairing, "pairings"),
                ("person", student.person, "people"),
            ],
        )
    for award in records.awards:
        yield from each(award, "people", award.people, "people")
        yield from refs(award, [("unit", award.unit, "units"), ("pairing", award.pairing, "pairings")])


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
