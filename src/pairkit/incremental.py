"""Validation file by file, for `pairkit validate`: what the cache knows is reused, the rest is parsed and validated,
on both cores when there is enough of it. It gives exactly the diagnostics of the whole-tree run (``pipeline``).

The records split in two (``model.CORE_SECTIONS``, ``model.LEAF_SECTIONS``). The core — programme settings, units,
people, pairings, secondments, rules, waivers — is a few per cent of a province's records and is rebuilt every run,
from cached data. A file holding only leaf records (activities, donations, mentorships, plans) is judged against the
core alone (``check.BY_CORE``), so its diagnostics are cached under its content and the core's: after one activity
file is edited, only that file is read again. IDs are compared across all files every run, from cached lists, and
so is whether the files records name (evidence) exist: that depends on the disk, not on a record file's content.

With nothing changed since the last run, the answer is given again without reading a record file: the record
models and the checks are imported only when a file must be judged. ``Survey.load`` serves the commands that need
the records (`check`, `report`): each file's data comes from the cache by its digest, read only when it is not there.
"""

from __future__ import annotations

import functools
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from pairkit.check.files import Named, missing_files, named_files
from pairkit.diagnostics import Diagnostic, Source, YamlPath
from pairkit.load import ParsedFile, parse_cached, with_positions
from pairkit.load.cache import Cache, digest
from pairkit.load.files import discover, read_source

if TYPE_CHECKING:
    from pairkit.model import Records

# A file is "leaf only" when each line that starts at the margin is a comment or a leaf section's key. Anything
# else there (another section, flow style, a stray line) makes it a core file, which is always safe.
_MARGIN = re.compile(r"\n[^#\s]")  # a line starting at the margin (searched from a literal: fast)


@functools.cache
def _leaf_key() -> re.Pattern[str]:
    """A leaf section's key at the start of a line (built when first needed: it takes the model's section names)."""
    from pairkit.model import LEAF_SECTIONS

    return re.compile(rf"(?:{'|'.join(LEAF_SECTIONS)}):(?:[ \t]|\r?$)", re.MULTILINE)


def leaf_only(text: str) -> bool:
    """Whether every line at the margin of ``text`` is a comment or the key of a leaf section."""
    text = "\n" + text
    leaf_key = _leaf_key()
    return all(leaf_key.match(text, m.start() + 1) for m in _MARGIN.finditer(text))


# Work worth two processes: below this much text, starting them costs more than it saves.
PARALLEL_BYTES = 4 * 1024 * 1024
# A file whose modification time is this close to when it was read is hashed again next time, as git does: it may
# have changed again within the same tick of the clock.
_RACY_NS = 2_000_000_000


class Known(NamedTuple):
    """What the cache keeps about one file between runs (stored as a plain tuple)."""

    stat: tuple[int, int, int]  # size, modification time (ns), inode: unchanged means the content is unchanged
    read_at: int  # when the content was last read (ns)
    digest: str  # of the content
    core: bool
    core_key: str = ""  # for a leaf file: the core its results were judged against
    problems: tuple[Diagnostic, ...] = ()  # for a leaf file: every diagnostic of the file, located
    ids: tuple[tuple[str, str, YamlPath], ...] = ()  # for a leaf file: (section, ID, path) of its valid records
    named: tuple[Named, ...] = ()  # for a leaf file: the files its records name (looked up on disk every run)


@dataclass
class _File:
    shown: str
    path: Path
    digest: str | None = None  # None when unreadable
    text: str | Diagnostic | None = None  # None while not read this run
    known: Known | None = None


@dataclass(frozen=True)
class Diagnosed:
    diagnostics: list[Diagnostic]  # sorted
    file_count: int


def _missing(root: Path, files: list[_File], named: list[Named]) -> list[Diagnostic]:
    """The named files not on disk now, located (a file's text is read again only when it names one)."""
    missing = list(missing_files(named, str(root)))
    return with_positions(missing, [ParsedFile(f.shown, f.path, None) for f in files]) if missing else []


class Survey:
    """The files of a tree, each identified by its content's digest, and what the cache knows of the tree."""

    def __init__(self, root: Path, cache: Cache) -> None:
        self.root = root
        self.cache = cache
        self.problems: list[Diagnostic] = []
        self.files = [_File(str(path), path) for path in discover(root, self.problems)]
        self.stored: dict[str, Any] = cache.get("trees", cache.tree_key()) or {}
        known = {shown: Known(*entry) for shown, entry in self.stored.get("files", {}).items()}
        now = time.time_ns()
        for f in self.files:
            _identify(f, known.get(f.shown), now)

    def whole(self) -> str | None:
        """The digest of the whole tree as it is now (None when a file cannot be read: it is read again each run)."""
        if self.problems or any(f.digest is None for f in self.files):
            return None
        return digest("\n".join(f"{f.shown}\n{f.digest}" for f in self.files).encode())

    @property
    def answer(self) -> Diagnosed | None:
        """The diagnostics of the last run when no file has changed since; None otherwise."""
        whole = self.whole()
        if whole is None or self.stored.get("whole") != whole:
            return None
        named = [*self.stored.get("named", ()), *(n for f in self.files if f.known for n in f.known.named)]
        found = [*self.stored["diagnostics"], *_missing(self.root, self.files, named)]
        return Diagnosed(sorted(found, key=Diagnostic.sort_key), len(self.files))

    def load(self, progress: Callable[[str, int, int], None]) -> tuple[list[ParsedFile], list[Diagnostic]]:
        """Every file's data and the problems of reading it, as ``load.load_tree`` gives them; a file's data comes
        from the cache by its digest, and the file is read (and its data kept) only when the cache lacks it.
        ``progress`` is told ("read", files done, files in all) as it goes."""
        files: list[ParsedFile] = []
        problems = list(self.problems)
        for f in self.files:
            progress("read", len(files), len(self.files))
            data, found = _data(f, self.cache) if f.digest is not None else (None, [])
            if isinstance(f.text, Diagnostic):  # unreadable (or it became so while being read)
                problems.append(f.text)
                files.append(ParsedFile(f.shown, f.path, None))
                continue
            problems += found
            files.append(ParsedFile(f.shown, f.path, data, f.digest))
            f.text = None  # parsed: its text need not stay in memory
        return files, problems


def diagnose(root: Path, cache: Cache, jobs: int | None = None) -> Diagnosed:
    """Every diagnostic of the tree at ``root``, as the whole-tree run gives them, reusing the cache."""
    survey = Survey(root, cache)
    if (answer := survey.answer) is not None:
        return answer
    from pairkit.check.identity import duplicate_ids
    from pairkit.check.run import BY_CORE, run_checks
    from pairkit.model import build

    problems, files = survey.problems, survey.files

    core_files = [f for f in files if f.digest is not None and _is_core(f)]
    core_parsed, core_problems = _parse_core(core_files, cache)
    core, found = build(core_parsed, str(root))
    core_key = cache.key("core", *(f"{f.shown}\n{f.digest}" for f in core_files))
    core_problems += with_positions(found + run_checks(core, BY_CORE), core_parsed)

    stale = [f for f in files if f.digest is not None and not _is_core(f) and not _fresh(f, core_key)]
    results = _judge_leaves(stale, core, core_parsed, str(root), jobs)
    for f in stale:
        found_here, ids, names = results[f.shown]
        if f.known is not None and f.known.digest == f.digest:
            f.known = f.known._replace(core_key=core_key, problems=found_here, ids=ids, named=names)
        else:  # it changed while being read: report it as read, cache nothing for it
            f.known = Known((0, 0, 0), 0, f.digest or "", False, "", found_here, ids, names)

    leaf_files = [f for f in files if f.digest is not None and not _is_core(f)]
    every = [ParsedFile(f.shown, f.path, None) for f in files]
    duplicates = with_positions(list(duplicate_ids(_ids(files, core))), every)
    unreadable = [f.text if f.text.line else f.text.located(1, 1) for f in files if isinstance(f.text, Diagnostic)]
    diagnostics = [*problems, *unreadable, *core_problems, *duplicates]
    diagnostics += [d for f in leaf_files if f.known for d in f.known.problems]
    diagnostics.sort(key=Diagnostic.sort_key)

    core_named = list(named_files(core))
    entries = {f.shown: tuple(f.known) for f in files if f.known is not None}
    stored = {"files": entries, "whole": survey.whole(), "diagnostics": diagnostics, "named": core_named}
    cache.put("trees", cache.tree_key(), stored)
    named = [*core_named, *(n for f in leaf_files if f.known for n in f.known.named)]
    found = [*diagnostics, *_missing(root, files, named)]
    return Diagnosed(sorted(found, key=Diagnostic.sort_key), len(files))


def _identify(f: _File, known: Known | None, now: int) -> None:
    """The file's digest: from the cache when its stat is unchanged (and not racy), else by reading it."""
    try:
        st = f.path.stat()
        stat = (st.st_size, st.st_mtime_ns, st.st_ino)
    except OSError:
        stat = None
    if known is not None and stat == known.stat and known.read_at - stat[1] > _RACY_NS:
        f.digest, f.known = known.digest, known
        return
    text, raw = read_source(f.path, f.shown)
    f.text = text
    if raw is None or isinstance(text, Diagnostic):  # unreadable or undecodable: reported, never cached
        return
    f.digest = digest(raw)
    stat = stat or (0, 0, 0)  # never matches: read again next time
    if known is not None and known.digest == f.digest:
        f.known = known._replace(stat=stat, read_at=now)
    else:
        f.known = Known(stat, now, f.digest, not (isinstance(text, str) and leaf_only(text)))


def _is_core(f: _File) -> bool:
    return f.known is None or f.known.core


def _fresh(f: _File, core_key: str) -> bool:
    return f.known is not None and f.known.core_key == core_key and f.known.digest == f.digest


def _text(f: _File) -> str:
    """The file's text, read now if the stat said it was unchanged and it had not been needed yet."""
    if f.text is None:
        text, raw = read_source(f.path, f.shown)
        if isinstance(text, str) and raw is not None and digest(raw) == f.digest:
            f.text = text
        else:  # changed in the meantime: judge it as it is now, and do not cache the result under the old digest
            f.text = text
            f.digest = digest(raw) if raw is not None and isinstance(text, str) else None
    return f.text if isinstance(f.text, str) else ""


def _data(f: _File, cache: Cache) -> tuple[Any, list[Diagnostic]]:
    """The file's data and parse problems: from the cache by its digest, else read now (``_text``) and parsed."""
    return parse_cached(f.shown, f.digest, lambda: (_text(f), f.digest), cache)


def _parse_core(files: list[_File], cache: Cache) -> tuple[list[ParsedFile], list[Diagnostic]]:
    parsed, problems = [], []
    for f in files:
        data, found = _data(f, cache)
        problems += found
        parsed.append(ParsedFile(f.shown, f.path, data))
    return parsed, problems


def _ids(files: list[_File], core: Records) -> Iterator[tuple[str, str | None, Source]]:
    """(section, ID, source) of every valid record, section by section, in file order."""
    from pairkit.model import SECTIONS

    by_file: dict[str, list[tuple[str, str | None, Source]]] = {}
    for section in SECTIONS:
        for record in core.section(section):
            by_file.setdefault(record.source.file, []).append((section, getattr(record, "id", None), record.source))
    for section in SECTIONS:
        for f in files:
            if _is_core(f):
                yield from (entry for entry in by_file.get(f.shown, ()) if entry[0] == section)
            elif f.known is not None:
                yield from ((s, i, Source(f.shown, p)) for s, i, p in f.known.ids if s == section)


# --- judging leaf files, in this process or in workers ----------------------------------------------------------

_core: tuple[Records, str] | None = None  # a worker's core, built once


def _start_worker(core_parsed: list[ParsedFile], root: str) -> None:
    from pairkit.model import build

    global _core
    _core = (build(core_parsed, root)[0], root)


# A leaf file's diagnostics, IDs, and the files its records name.
Judged = tuple[tuple[Diagnostic, ...], tuple[tuple[str, str, YamlPath], ...], tuple[Named, ...]]


def _judge_chunk(chunk: list[tuple[str, Path, str]]) -> dict[str, Judged]:
    from pairkit.check.run import BY_CORE, run_checks
    from pairkit.load import parse
    from pairkit.model import LEAF_SECTIONS, build

    assert _core is not None
    core, root = _core
    parsed, texts, problems = [], {}, []
    for shown, path, text in chunk:
        data, found = parse(text, shown)
        parsed.append(ParsedFile(shown, path, data))
        texts[shown] = text
        problems += found
    leaves, found = build(parsed, root, programme=core.programme)
    problems += found
    merged = replace(  # the leaf sections (model.LEAF_SECTIONS) of this chunk, judged against the core
        core,
        activities=leaves.activities,
        donations=leaves.donations,
        mentorships=leaves.mentorships,
        plans=leaves.plans,
        files=tuple(texts),
    )
    problems += [d for d in run_checks(merged, BY_CORE) if d.file in texts]
    located: dict[str, list[Diagnostic]] = {shown: [] for shown in texts}
    for d in with_positions(problems, parsed, texts=texts):
        located[d.file].append(d)
    ids: dict[str, list[tuple[str, str, YamlPath]]] = {shown: [] for shown in texts}
    for name in LEAF_SECTIONS:
        for record in leaves.section(name):
            if (record_id := getattr(record, "id", None)) is not None:
                ids[record.source.file].append((name, record_id, record.source.path))
    named: dict[str, list[Named]] = {shown: [] for shown in texts}
    for entry in named_files(leaves):
        named[entry[0]].append(entry)
    return {shown: (tuple(located[shown]), tuple(ids[shown]), tuple(named[shown])) for shown in texts}


def _judge_leaves(
    stale: list[_File], core: Records, core_parsed: list[ParsedFile], root: str, jobs: int | None
) -> dict[str, Judged]:
    """Parse, validate and check the stale leaf files against the core; on several processes if it pays (each
    worker builds the core again from ``core_parsed``: that is cheaper than sending it built)."""
    global _core
    work = [(f.shown, f.path, _text(f)) for f in stale]
    sizes = [len(text) * 3 for _, _, text in work]  # characters of Chinese text: about 3 bytes each
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    # Not worth it for little work, nor when one file is most of it (it is judged by one worker either way).
    if workers < 2 or sum(sizes) < PARALLEL_BYTES or max(sizes, default=0) * 2 > sum(sizes):
        _core = (core, root)
        try:
            return _judge_chunk(work) if work else {}
        finally:
            _core = None
    from concurrent.futures import ProcessPoolExecutor  # only when it pays: its import is not free either

    chunks = _split(work, workers * 4)
    out: dict[str, Judged] = {}
    with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(core_parsed, root)) as pool:
        for result in pool.map(_judge_chunk, chunks):
            out.update(result)
    return out


def _split(work: list[tuple[str, Path, str]], parts: int) -> list[list[tuple[str, Path, str]]]:
    """Consecutive runs of about equal size (files of one folder stay together)."""
    total = sum(len(text) for _, _, text in work)
    chunks: list[list[tuple[str, Path, str]]] = [[]]
    filled = 0
    for item in work:
        if filled >= total / parts * len(chunks) and chunks[-1]:
            chunks.append([])
        chunks[-1].append(item)
        filled += len(item[2])
    return chunks
