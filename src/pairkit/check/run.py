"""The consistency checks of the records, and running them: each check is a plain function over all records."""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable

from pairkit.check import dates, files, identity, personal, references, sides
from pairkit.diagnostics import Diagnostic, Source
from pairkit.model import Records
from pairkit.rules.references import rule_references

Check = Callable[[Records], Iterable[Diagnostic]]

# Consistency of the records themselves; the rule checks (quotas) live in pairkit.rules.
# A check may judge a leaf record (model.LEAF_SECTIONS) only against the core records, never against another leaf
# record: ID uniqueness, the one exception, runs across all files apart (``identity.duplicate_ids``).
# ``tests/test_incremental.py`` holds validation file by file equal to this whole-tree run.
BY_CORE: tuple[Check, ...] = (
    references.references_resolve,
    references.pairing_sides_differ,
    references.vocabulary_links,
    sides.secondments_between_pairing_schools,
    sides.mentors_on_their_side,
    sides.donations_between_pairing_units,
    sides.activity_people_from_pairing,
    dates.ends_after_start,
    dates.activities_inside_pairing,
    dates.secondments_inside_pairing,
    dates.no_double_secondment,
    personal.id_numbers_agree,
    rule_references,
)
# Whether the files records name exist depends on the disk: it is not cached with a file's other diagnostics.
CONSISTENCY: tuple[Check, ...] = (identity.unique_ids, *BY_CORE, files.files_exist)


def run_checks(records: Records, checks: Iterable[Check] = CONSISTENCY) -> list[Diagnostic]:
    """Every check's diagnostics; a check that crashes becomes one diagnostic and the others still run."""
    found: list[Diagnostic] = []
    for check in checks:
        try:
            found.extend(check(records))
        except Exception as err:  # a bug in one check must not hide the others' findings
            where = traceback.extract_tb(err.__traceback__)[-1]
            found.append(
                Diagnostic.at(
                    "PK900",
                    Source(records.files[0] if records.files else "records"),
                    check=check.__name__,
                    problem=f"{type(err).__name__}: {err} ({where.filename}:{where.lineno})",
                ).located(1, 1)
            )
    return found
