"""One way to change records: plan new records, validate them with every record, lock, write atomically, show.

``pairkit add`` and ``pairkit import`` both come through here. Each new record carries its origin — the command
options it was typed as, or a workbook row — so a problem with it is shown where the user wrote it, not at a line
of a file that does not exist yet. A record equal to one already kept is skipped and counted, so running the same
import twice adds nothing.

The write follows git's lockfile-and-rename, through ``pairkit.write``: the records lock is taken (a second writer
waits), every record file is checked to be unchanged since it was read — if another writer (``pairkit fmt``, another
``add``) changed the tree meanwhile, the change is planned again under the lock from the tree as it is now — and
each target is written to a temporary file and renamed over the old one. A kill at any moment leaves every file
whole. Nothing is ever written through a link, or outside the records folder.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from pydantic import ValidationError

from pairkit.check.run import run_checks
from pairkit.diagnostics import Diagnostic, Source, YamlPath
from pairkit.load import ParsedFile, with_positions
from pairkit.load.cache import digest
from pairkit.load.files import MAX_BYTES, boundary, discover, inside, read_bounded
from pairkit.model import SECTIONS, Records, build
from pairkit.model.records import Record
from pairkit.personal import MASKED
from pairkit.pipeline import Outcome
from pairkit.write import LOCK_NAME, WriteRefused, records_lock, write_file

__all__ = ["LOCK_NAME", "ChangeError", "NewRecord", "Plan", "Spot", "apply", "plan"]
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


class Spot(NamedTuple):
    """Where the user wrote a value: a workbook cell (row and column numbers) or a command option."""

    file: str
    place: str  # 台账.xlsx!活动台账!D17, or --date
    line: int = 0
    column: int = 0


class Origin(Protocol):
    """Where a new record came from: it names the spot of the value at ``path`` inside the record."""

    def spot(self, path: YamlPath) -> Spot: ...


@dataclass(frozen=True)
class NewRecord:
    section: str
    data: dict[str, Any]  # the values to write, in schema order (dates as ``date``, references as IDs)
    origin: Origin


@dataclass
class Target:
    """One file the change writes: its text now and after, and the records it gains."""

    path: Path
    shown: str
    old: str  # the text as read ("" for a file the change creates)
    old_bytes: bytes | None  # the file as read, to prove nobody changed it before the write; None: new file
    added: list[NewRecord] = field(default_factory=list)
    new: str = ""


@dataclass
class Plan:
    targets: list[Target]
    skipped: list[NewRecord]  # equal to a record already kept (or to an earlier new one)
    problems: list[Diagnostic]  # errors and warnings of the new records, placed at their origins
    read: dict[str, str | None] = field(default_factory=dict)  # every record file planned from → digest as read
    new: list[NewRecord] = field(default_factory=list)  # what was asked for, to plan again if the records change
    file: Path | None = None

    def fresh(self, root: Path) -> bool:
        """Whether the records at ``root`` are still exactly those the plan was made from."""
        now = {str(path): _digest(path) for path in discover(root)}
        return now == self.read

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.problems)

    @property
    def added(self) -> int:
        return sum(len(t.added) for t in self.targets)


class ChangeError(Exception):
    """The change could not be written (lock held, file changed meanwhile, disk refused); nothing was changed."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.code)
        self.diagnostic = diagnostic


# --- planning -------------------------------------------------------------------------------------------------------


def plan(outcome: Outcome, root: Path, new: list[NewRecord], *, file: Path | None = None) -> Plan:
    """Where each new record goes and what every target file will read; problems found with all records.

    ``outcome`` is the validated tree as it is now (it must have no errors: the caller refuses before). Records
    equal to existing ones are skipped. When there are errors, no text is rendered.
    """
    fresh, skipped = _without_repeats(outcome.records, new)
    files = list(outcome.files)
    calendar_years = str(outcome.records.programme.year_basis) == "calendar"
    loaded = [(f.path, f.data) for f in files]
    targets: dict[Path, Target] = {}
    for record in fresh:
        path = file or choose_file(record.section, record.data, loaded, root, calendar_years=calendar_years)
        key = Path(os.path.realpath(path))
        if key not in targets:
            known = next((f for f in files if Path(os.path.realpath(f.path)) == key), None)
            targets[key] = Target(path, known.shown if known else str(path), *_read(path))
        targets[key].added.append(record)
    problems = _problems(outcome, root, files, list(targets.values())) if targets else []
    result = Plan(list(targets.values()), skipped, problems, {f.shown: f.digest for f in files}, new, file)
    if not result.has_errors:
        from pairkit.fmt.append import append_records

        for target in result.targets:
            target.new = append_records(target.old.replace("\r\n", "\n"), [(r.section, r.data) for r in target.added])
    return result


def _identity(section: str, record: Record, records: Records, *, personal: bool = True) -> str:
    """A record's content as validation stores it (labels turned into keys), to compare records; without its
    personal fields unless ``personal``."""
    data = record.model_dump(mode="json", by_alias=True, exclude=None if personal else set(MASKED))
    leave_out_implied(section, data, records)
    return section + json.dumps(data, sort_keys=True, ensure_ascii=False)


def _new_identity(section: str, data: dict[str, Any], records: Records) -> str | None:
    """The identity of a new record. A person given without ID and phone numbers (a ledger exported without
    --personal) is compared without them: it is the same person as one kept with them."""
    try:
        model = SECTIONS[section].variant(data).model_validate(data, context={"vocab": records.vocab})
    except ValidationError:
        return None  # it will be reported by the checks
    return _identity(section, model, records, personal=any(data.get(key) for key in MASKED))


def leave_out_implied(section: str, data: dict[str, Any], records: Records) -> None:
    """Drop values that say what leaving them out says: 人次 equal to the people named, the person's own unit as
    派出单位. Two records that differ only in these are the same record (a ledger shows them filled in)."""
    if section == "activities" and data.get("attendance") == len(data.get("people") or []):
        data["attendance"] = None
    if section == "secondments":
        person = records.person.get(data.get("person", ""))
        if person is not None and data.get("from") == person.unit:
            data["from"] = None


def _without_repeats(records: Records, new: list[NewRecord]) -> tuple[list[NewRecord], list[NewRecord]]:
    sections = {r.section for r in new}
    seen = {_identity(section, r, records) for section in sections for r in records.section(section)}
    if "people" in sections:
        seen |= {_identity("people", r, records, personal=False) for r in records.people}
    fresh, skipped = [], []
    for record in new:
        identity = _new_identity(record.section, record.data, records)
        if identity is not None and identity in seen:
            skipped.append(record)
            continue
        if identity is not None:
            seen.add(identity)
        fresh.append(record)
    return fresh, skipped


def _read(path: Path) -> tuple[str, bytes | None]:
    if path.is_symlink():
        raise ChangeError(Diagnostic.at("PK714", Source(str(path)), file=str(path)))
    if not os.path.lexists(path):
        return "", None
    from pairkit.load.files import read_text

    text = read_text(path, str(path))
    if isinstance(text, Diagnostic):  # the tree validated, so this is a path outside it (--file) that is no record
        raise ChangeError(text if text.line else text.located(1, 1))
    from pairkit.load import parse

    broken = [d for d in parse(text, str(path))[1] if d.is_error]  # a file outside the tree need not parse
    if broken:
        raise ChangeError(broken[0])
    return text, _read_bytes(path)


def _problems(outcome: Outcome, root: Path, files: list[ParsedFile], targets: list[Target]) -> list[Diagnostic]:
    """Validate every record with the new ones appended, in memory; place each problem where it was written."""
    origins: dict[tuple[str, str, int], NewRecord] = {}
    changed = []
    by_path = {Path(os.path.realpath(t.path)): t for t in targets}
    for f in files:
        target = by_path.pop(Path(os.path.realpath(f.path)), None)
        changed.append(_appended(f, target, origins) if target else f)
    for target in by_path.values():  # new files
        changed.append(_appended(ParsedFile(target.shown, target.path, None), target, origins))
    records, found = build(changed, str(root))
    found += run_checks(records)
    before = {(d.code, d.file, d.path) for d in outcome.diagnostics}
    out = []
    for diag in found:
        if (diag.code, diag.file, diag.path) in before:
            continue  # known before the change (warnings only: the tree had no errors)
        diag = _place_related(diag, origins)
        index = diag.path[1] if len(diag.path) >= 2 else None
        new = origins.get((diag.file, str(diag.path[0]), index)) if isinstance(index, int) else None
        out.append(diag.placed(*new.origin.spot(diag.path[2:])) if new else diag)
    return sorted(with_positions(out, files), key=Diagnostic.sort_key)


def _appended(file: ParsedFile, target: Target, origins: dict[tuple[str, str, int], NewRecord]) -> ParsedFile:
    data = dict(file.data) if isinstance(file.data, dict) else {}
    for record in target.added:
        items = list(data.get(record.section) or [])
        origins[(file.shown, record.section, len(items))] = record
        data[record.section] = [*items, _as_read(record.data)]
    return ParsedFile(file.shown, file.path, data)


def _as_read(data: dict[str, Any]) -> Any:
    """The values as the YAML reader gives them back once written (dates are text there)."""
    if isinstance(data, dict):
        return {k: _as_read(v) for k, v in data.items() if v is not None}
    if isinstance(data, list):
        return [_as_read(v) for v in data]
    if isinstance(data, date):
        return data.isoformat()
    return data


def _place_related(diag: Diagnostic, origins: dict[tuple[str, str, int], NewRecord]) -> Diagnostic:
    """ "First used at …" naming another new record: name its cell or option instead of a line not yet written."""
    related = diag.related
    if related is None or len(related.path) < 2 or not isinstance(related.path[1], int):
        return diag
    other = origins.get((related.file, str(related.path[0]), related.path[1]))
    if other is None:
        return diag
    return replace(diag, related=None, args={**diag.args, "related": other.origin.spot(related.path[2:]).place})


# --- choosing the file ----------------------------------------------------------------------------------------------


def _year_of(day: date, calendar_years: bool) -> int:
    """The year an activity is filed under: its school year (from September), or its calendar year."""
    return day.year if calendar_years or day.month >= 9 else day.year - 1


def choose_file(
    section: str, record: dict[str, Any], files: list[tuple[Path, Any]], root: Path, *, calendar_years: bool = False
) -> Path:
    """The file that holds ``section`` (for activities, the one of the activity's year), else a new one."""
    holding = [(path, data) for path, data in files if isinstance(data, dict) and isinstance(data.get(section), list)]
    day = record.get("date")
    if section != "activities" or not isinstance(day, date):
        return holding[0][0] if holding else root / f"{section}.yaml"
    year = _year_of(day, calendar_years)
    best: tuple[int, Path] | None = None
    for path, data in holding:  # the file where most activities are of that year
        days = [d for d in (_day(item) for item in data[section]) if d is not None]
        same = sum(1 for d in days if _year_of(d, calendar_years) == year)
        if same * 2 > len(days) and (best is None or same > best[0]):
            best = (same, path)
    if best is not None:
        return best[1]
    label = str(year) if calendar_years else f"{year}-{year + 1}"
    for path, _ in reversed(holding):  # name the new file like the latest one: 2025-2026.yaml → 2026-2027.yaml
        renamed = re.sub(r"(19|20)\d{2}(-(19|20)\d{2})?", label, path.name, count=1)
        if renamed != path.name:
            return path.with_name(renamed)
    folder = holding[-1][0].parent if holding else root / "activities"
    return folder / f"{label}.yaml"


def _day(item: Any) -> date | None:
    value = item.get("date") if isinstance(item, dict) else None
    if isinstance(value, date):
        return value
    m = _DATE.fullmatch(str(value)) if value is not None else None
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


# --- writing --------------------------------------------------------------------------------------------------------


def apply(change: Plan, root: Path, *, waiting: Callable[[str], None] | None = None) -> Plan:
    """Write every target under the records lock; the plan written. Raises ``ChangeError`` (nothing changed) when
    it cannot. When the records changed since the plan was made (another pairkit wrote them), the tree is judged
    again and the change planned again under the lock; its errors stop the change. ``waiting`` is told when another
    writer holds the lock."""
    try:
        with records_lock(root, waiting=waiting):
            if not change.fresh(root):
                change = _again(change, root)
            _write(change, root)
    except WriteRefused as refused:
        raise ChangeError(refused.diagnostic) from None
    return change


def _again(change: Plan, root: Path) -> Plan:
    from pairkit.pipeline import validate_tree

    now = validate_tree(root)
    if now.has_errors:
        raise ChangeError(next(d for d in now.diagnostics if d.is_error))
    again = plan(now, root, change.new, file=change.file)
    if again.has_errors:
        raise ChangeError(next(d for d in again.problems if d.is_error))
    return again


def _write(change: Plan, root: Path) -> None:
    folder = boundary(root)
    for target in change.targets:
        if _read_bytes(target.path) != target.old_bytes:
            raise ChangeError(Diagnostic.at("PK713", Source(target.shown), file=target.shown))
        if not inside(target.path.parent, folder):  # a folder of the tree that is a link to elsewhere
            raise ChangeError(Diagnostic.at("PK714", Source(target.shown), file=target.shown))
    written: list[tuple[Target, bytes | None]] = []
    try:
        for target in change.targets:
            before = _read_bytes(target.path)
            crlf = before is not None and b"\r\n" in before
            text = target.new.replace("\n", "\r\n") if crlf else target.new
            write_file(target.path, text.encode("utf-8"), create_folder=True)
            written.append((target, before))
    except WriteRefused as refused:
        _put_back(written)
        raise ChangeError(refused.diagnostic) from None
    except OSError as err:
        _put_back(written)
        raise ChangeError(_unwritable(target.path, err)) from None


def _put_back(written: list[tuple[Target, bytes | None]]) -> None:
    """Restore what was already written: all files or none."""
    for done, before in reversed(written):
        with contextlib.suppress(OSError, WriteRefused):
            if before is None:
                done.path.unlink()
            else:
                write_file(done.path, before)


def _unwritable(path: Path, err: OSError) -> Diagnostic:
    return Diagnostic.at("PK712", Source(str(path)), file=str(path), reason=err.strerror or type(err).__name__)


def _read_bytes(path: Path) -> bytes | None:
    try:
        return read_bounded(path, MAX_BYTES)
    except FileNotFoundError:
        return None


def _digest(path: Path) -> str | None:
    try:
        return digest(read_bounded(path, MAX_BYTES))
    except OSError:
        return None
