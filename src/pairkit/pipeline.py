"""The flow every command shares: load → model → check, with positions filled in for the problems found."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pairkit import incremental
from pairkit.check.root_cause import root_cause_first
from pairkit.diagnostics import Diagnostic, Severity, Source
from pairkit.load.cache import Cache

if TYPE_CHECKING:  # the models, checks and parsers are imported when records are built, not with this module
    from pairkit.load import ParsedFile
    from pairkit.load.positions import Positions
    from pairkit.model import Records

# Told how far the work has come: a step name ("read", "check"), the items done and the items in all (0: unknown).
Progress = Callable[[str, int, int], None]


def quiet(step: str, done: int, total: int) -> None:
    return None


@dataclass(frozen=True)
class Findings:
    """The problems found in a records tree, as every command shows them."""

    diagnostics: list[Diagnostic]  # sorted by file, line, column
    file_count: int
    root: Path | None = None  # the records folder (or file) read: excerpts are shown only from inside it

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity)

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.diagnostics)

    @property
    def no_records(self) -> bool:
        """The path holds no record file at all (PK040): a usage problem rather than a problem in records."""
        return any(d.code == "PK040" for d in self.diagnostics)


@dataclass(frozen=True, kw_only=True)
class Outcome(Findings):
    """The findings with the records they were found in, for the commands that use the records."""

    records: Records
    files: tuple[ParsedFile, ...] = ()  # as loaded: commands that change records append to their data
    # Where records are written, for commands that show it (`check` annotations, `list`): asked, not stored.
    positions: Positions = field(compare=False, repr=False)


def validate_tree(root: Path, *, progress: Progress = quiet, cache: bool = False) -> Outcome:
    """Every record under ``root`` and every problem, located; ``progress`` is told how far the work has come.

    ``cache``: reuse and update the cache (``load/cache.py``). A file seen before, with the same size, time and
    inode, is not read again: its data comes from the cache by its digest (``incremental.Survey``). When `validate`
    has judged the tree as it is now, its diagnostics are reused instead of checking again.
    """
    from pairkit.check.run import run_checks
    from pairkit.load import load_tree, with_positions
    from pairkit.load.positions import Positions
    from pairkit.model import build

    store = Cache.at(root, enabled=cache)
    with _bulk():
        known = None
        if store.enabled:
            survey = incremental.Survey(root, store)  # the tree is walked once: for the data and the answer
            files, problems = survey.load(progress)
            known = survey.answer
        else:
            files, problems = load_tree(root, progress=progress)
        progress("check", 0, 0)
        built, found = build(files, str(root))
        positions = Positions({f.shown: f.path for f in files})
        if known is not None:  # `validate` found them already, and nothing changed since
            shown = _as_shown(known.diagnostics, root, known.file_count)
            return Outcome(shown, known.file_count, root, records=built, files=tuple(files), positions=positions)
        problems += found
        problems += run_checks(built)
        located = sorted(with_positions(problems, files), key=Diagnostic.sort_key)
        shown = _as_shown(located, root, len(files))
        return Outcome(shown, len(files), root, records=built, files=tuple(files), positions=positions)


def diagnose_tree(root: Path, *, progress: Progress = quiet, cache: bool = False, jobs: int | None = None) -> Findings:
    """The problems ``validate_tree`` finds, without keeping the records (`pairkit validate`). They are found file
    by file, with the cache and on ``jobs`` processes (default: one per core) when the tree is large enough to pay
    for it; with nothing changed since the last run the cached answer is given without loading the record models."""
    store = Cache.at(root, enabled=cache)
    with _bulk():
        progress("check", 0, 0)
        diagnosed = incremental.diagnose(root, store, jobs)
        return Findings(_as_shown(diagnosed.diagnostics, root, diagnosed.file_count), diagnosed.file_count, root)


def _as_shown(diagnostics: list[Diagnostic], root: Path, file_count: int) -> list[Diagnostic]:
    """The diagnostics as every command shows them: a path without record files is one problem (PK040), and the
    consequences of an unread file are held back behind their root cause (``check.root_cause``)."""
    if file_count == 0 and not any(d.code == "PK001" for d in diagnostics):
        return [Diagnostic.at("PK040", Source(str(root)), path=str(root))]
    return root_cause_first(diagnostics)


@contextmanager
def _bulk() -> Iterator[None]:
    """No cyclic garbage collection while building: the records form no cycles, and with hundreds of thousands
    of live objects each collection walks them all (it tripled the time of a province-sized tree)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
