"""The flow every command shares: load → model → check, with positions filled in for the problems found."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pairkit.check import run_checks
from pairkit.diagnostics import Diagnostic, Severity
from pairkit.load import ParsedFile, load_tree, with_positions
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

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity)

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.diagnostics)


def validate_tree(root: Path, *, progress: Progress = quiet) -> Outcome:
    files, problems = load_tree(root, progress=progress)
    progress("check", 0, 0)
    records, found = build(files, str(root))
    problems += found
    problems += run_checks(records)
    located = with_positions(problems, files)
    positions = Positions({f.shown: f.path for f in files})
    return Outcome(records, sorted(located, key=Diagnostic.sort_key), len(files), tuple(files), positions)
