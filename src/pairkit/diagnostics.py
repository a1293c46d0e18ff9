"""Diagnostics are data: a located, coded problem that is rendered in one place (see ``cli/output.py``)."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal, NamedTuple

# A position inside a YAML document: mapping keys and sequence indices, e.g. ("activities", 12, "date").
YamlPath = tuple[str | int, ...]


class Bilingual(NamedTuple):
    """A message argument that reads differently in Chinese and English (a field's title, a record kind)."""

    zh: str
    en: str

    def __str__(self) -> str:
        return self.zh


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


class ExitStatus(enum.IntEnum):
    OK = 0
    PROBLEMS = 1  # the records (or a rule of a closed period) have errors
    USAGE = 2  # bad option, missing path


@dataclass(frozen=True, slots=True)
class Source:
    """Where a record came from: its file and its path inside that file."""

    file: str
    path: YamlPath = ()

    def at(self, *more: str | int) -> Source:
        return Source(self.file, self.path + more)

    def dotted(self) -> str:
        """``activities[12].date``: the path as a person reads it."""
        out = ""
        for part in self.path:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
        return out


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem. ``args`` fill the code's message template; ``line``/``column`` are 1-based, 0 = unknown."""

    code: str
    file: str
    path: YamlPath = ()
    args: Mapping[str, str | Bilingual] = field(default_factory=dict)
    severity: Severity = Severity.ERROR
    line: int = 0
    column: int = 0
    # Whether the path names the key itself (an unknown field) or its value (a bad date).
    anchor: Literal["value", "key"] = "value"
    # Another place the message names ("first used at …"); its position fills the argument ``related``.
    related: Source | None = None
    # A place that is not a line of a text file, shown instead of ``file:line:col``: a workbook cell
    # (``台账.xlsx!活动台账!D17``, with ``line``/``column`` its row and column numbers) or a command option.
    place: str = ""

    @classmethod
    def at(cls, code: str, source: Source, **args: object) -> Diagnostic:
        """An error at ``source``; ``args`` fill the message (see messages.py)."""
        plain = {k: v if isinstance(v, Bilingual) else str(v) for k, v in args.items()}
        return cls(code, source.file, source.path, plain)

    def see_also(self, source: Source) -> Diagnostic:
        return replace(self, related=source)

    def warning(self) -> Diagnostic:
        return replace(self, severity=Severity.WARNING)

    def on_key(self) -> Diagnostic:
        """Point at the key of the last path part (an unknown field) rather than at its value."""
        return self._copy(anchor="key")

    def located(self, line: int, column: int) -> Diagnostic:
        return self._copy(line=line, column=column)

    def _copy(self, *, line: int | None = None, column: int | None = None, anchor: str | None = None) -> Diagnostic:
        """``dataclasses.replace`` for the hot paths (a file with a hundred thousand problems), without its
        introspection of the fields, three times as fast."""
        return Diagnostic(
            self.code,
            self.file,
            self.path,
            self.args,
            self.severity,
            self.line if line is None else line,
            self.column if column is None else column,
            self.anchor if anchor is None else anchor,  # type: ignore[arg-type]
            self.related,
            self.place,
        )

    def placed(self, file: str, place: str, line: int = 0, column: int = 0) -> Diagnostic:
        """The same problem shown at ``place`` (a cell or an option) rather than in a record file."""
        return replace(self, file=file, place=place, line=line, column=column)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def where(self) -> str:
        """The location as shown at the start of a line: ``file:line:col``, a cell, an option, or the file."""
        if self.place:
            return self.place
        return f"{self.file}:{self.line}:{self.column}" if self.line else self.file

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.code)
