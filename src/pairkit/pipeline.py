"""The flow every command shares: load → model → check, with positions filled in for the problems found."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pairkit.check import run_checks
from pairkit.check.root_cause import root_cause_first
from pairkit.diagnostics import Diagnostic, Severity, Source
from pairkit.incremental import diagnose, known_diagnostics
from pairkit.load import ParsedFile, load_tree, with_positions
from pairkit.load.cache import Cache
from pairkit.load.positions import Positions
from pairkit.model import Records, build

# Told how far the work has come: a step name ("read", "check"), the items done and the items in all (0: unknown).
Progress = Callable[[str, int, int], None]


def quiet(step: str, done: int, total: int) -> None:
    return None


@dataclass(frozen=True)
class Outcome:
    records: Records
    diagnostics: list[Diagnostic]  # sorted by file, line, column
    file_count: int
    files: tuple[ParsedFile, ...] = ()  # as loaded: commands that change records append to their data
    # Where records are written, for commands that show it (`check` annotations, `list`): asked, not stored.
    positions: Positions = field(default_factory=Positions, compare=False, repr=False)
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


def validate_tree(
    root: Path,
    *,
    progress: Progress = quiet,
    records: bool = True,
    cache: bool = False,
    jobs: int | None = None,
) -> Outcome:
    """Every record under ``root`` and every problem, located; ``progress`` is told how far the work has come.

    ``cache``: reuse and update the cache (``load/cache.py``): files read before are not parsed again.
    ``records=False``: only the diagnostics are wanted (`pairkit validate`). They are then found file by file,
    with the cache and on ``jobs`` processes (default: one per core) when the tree is large enough, and
    ``Outcome.records`` and ``Outcome.files`` are left empty. The diagnostics are the same either way.
    """
    store = Cache.at(root, enabled=cache)
    with _bulk():
        if not records:
            progress("check", 0, 0)
            diagnosed = diagnose(root, store, jobs)
            shown = _as_shown(diagnosed.diagnostics, root, diagnosed.file_count)
            return Outcome(Records(), shown, diagnosed.file_count, root=root)
        files, problems = load_tree(root, progress=progress, cache=store if cache else None)
        progress("check", 0, 0)
        built, found = build(files, str(root))
        positions = Positions({f.shown: f.path for f in files})
        known = known_diagnostics(root, store)  # `validate` found them already, and nothing changed since
        if known is not None:
            shown = _as_shown(known.diagnostics, root, known.file_count)
            return Outcome(built, shown, known.file_count, tuple(files), positions, root)
        problems += found
        problems += run_checks(built)
        located = sorted(with_positions(problems, files), key=Diagnostic.sort_key)
        return Outcome(built, _as_shown(located, root, len(files)), len(files), tuple(files), positions, root)


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
