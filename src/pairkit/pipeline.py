"""The flow every command shares: load → model → check, with positions filled in for the problems found."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pairkit.check import run_checks
from pairkit.diagnostics import Diagnostic, Severity
from pairkit.load import ParsedFile, load_tree, with_positions
from pairkit.model import Records, build


@dataclass(frozen=True)
class Outcome:
    records: Records
    diagnostics: list[Diagnostic]  # sorted by file, line, column
    file_count: int
    files: tuple[ParsedFile, ...] = ()  # as loaded: commands that change records append to their data

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity)

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.diagnostics)


def validate_tree(root: Path) -> Outcome:
    files, problems = load_tree(root)
    records, found = build(files, str(root))
    problems += found
    problems += run_checks(records)
    located = with_positions(problems, files)
    return Outcome(records, sorted(located, key=Diagnostic.sort_key), len(files), tuple(files))
