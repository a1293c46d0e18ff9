"""People's ID numbers agree with what else their records say: birth date, gender, and one person per number."""

from __future__ import annotations

from collections.abc import Iterator

from pairkit.diagnostics import Bilingual, Diagnostic, Source
from pairkit.model import Records
from pairkit.model.records import Gender
from pairkit.personal import id_birth_date, id_is_male


def id_numbers_agree(records: Records) -> Iterator[Diagnostic]:
    """PK244 when an ID number's birth date is not the person's ``birth_date``, PK245 when its gender digit is not
    the person's ``gender``, PK246 when two people share one number (one person entered twice, or a slip). The
    number itself is never part of the message."""
    first: dict[str, Source] = {}
    for person in records.people:
        number = person.id_number
        if number is None:
            continue
        where = person.source.at("id_number")
        born = id_birth_date(number)
        if person.birth_date is not None and born is not None and born != person.birth_date:
            yield Diagnostic.at("PK244", where, person=person.name, birth_date=person.birth_date.isoformat()).warning()
        male = id_is_male(number)
        if male != (person.gender is Gender.MALE):
            gender = Bilingual(person.gender.label, person.gender.label_en)
            said = Bilingual("男", "man") if male else Bilingual("女", "woman")
            yield Diagnostic.at("PK245", where, person=person.name, gender=gender, id_gender=said).warning()
        seen = first.setdefault(number.upper(), where)
        if seen is not where:
            yield Diagnostic.at("PK246", where, person=person.name, related=seen.file).warning().see_also(seen)
