"""Stage 3, check: plain functions over all records that return diagnostics and change nothing."""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable

from pairkit.check import dates, identity, personal, references
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
    dates.ends_after_start,
    dates.activities_inside_pairing,
    dates.no_double_secondment,
    personal.id_numbers_agree,
    rule_references,
)
CONSISTENCY: tuple[Check, ...] = (identity.unique_ids, *BY_CORE)


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
