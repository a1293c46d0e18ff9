"""`pairkit validate` works file by file with a cache and on several processes, and still says exactly what the
whole-tree run says: cold, warm, after an edit of a leaf file or of the core, with a damaged cache, in parallel.

Trees are generated small (one county) by benchmarks/gen_province.py, the province benchmark's own generator.
"""

from __future__ import annotations

import json
import pickle
import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest

from conftest import assert_clean_exit, digest, invoke
from pairkit import incremental
from pairkit.diagnostics import Diagnostic
from pairkit.pipeline import diagnose_tree, validate_tree

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from gen_province import plant, write_province

REPO = Path(__file__).resolve().parent.parent


def _key(d: Diagnostic) -> tuple[object, ...]:
    return (d.file, d.line, d.column, d.code, d.severity, tuple(sorted((k, str(v)) for k, v in d.args.items())))


def _same_as_whole(root: Path, **options: object) -> list[Diagnostic]:
    """Validate file by file (with the cache) and assert it equals the whole-tree run; return the diagnostics."""
    quick = diagnose_tree(root, cache=True, **options)  # type: ignore[arg-type]
    whole = validate_tree(root)
    assert Counter(map(_key, quick.diagnostics)) == Counter(map(_key, whole.diagnostics))
    assert quick.file_count == whole.file_count
    return quick.diagnostics


@pytest.fixture
def county(tmp_path: Path) -> Path:
    root = tmp_path / "province"
    write_province(root, scale=0.005)
    return root


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_planted_errors_are_found_at_their_lines_cold_and_warm(county: Path) -> None:
    """Twenty planted errors of ten kinds (bad dates, unknown kinds and fields, missing references, an object tag,
    an unclosed quote …) are each reported at their file and line, with their code, on a cold and a warm run."""
    planted = plant(county, 20)
    expected = sorted((str(county / p.file), p.line, p.code) for p in planted)
    for _ in ("cold", "warm"):
        result = invoke(["validate", str(county), "--format", "json"])
        assert_clean_exit(result, 1)
        found = sorted((d["file"], d["line"], d["code"]) for d in json.loads(result.stdout))
        assert found == expected


def test_cold_warm_and_edited_runs_equal_the_whole_tree_run(county: Path) -> None:
    """File by file with the cache equals the whole-tree run after each kind of change: none, a new error in one
    activity file, an ID that another file already uses, a pairing removed from the core (its activities in
    untouched files then point nowhere), and the error fixed again."""
    plant(county, 6)
    assert len(_same_as_whole(county)) == 6
    assert len(_same_as_whole(county)) == 6  # warm
    activities = sorted(county.glob("c001/activities/*/*.yaml"))
    _edit(activities[1], "attendance: ", "attendance: -", 1)
    assert [d.code for d in _same_as_whole(county) if d.file == str(activities[1])] == ["PK209"]
    _edit(activities[2], "  - date:", "  - id: act-1\n    date:", 1)
    _edit(activities[3], "  - date:", "  - id: act-1\n    date:", 1)
    dup = [d for d in _same_as_whole(county) if d.code == "PK301"]
    assert [d.file for d in dup] == [str(activities[3])]
    assert dup[0].args["related"] == f"{activities[2]}:3:9"  # "  - id: act-1" after the heading comment
    _edit(county / "c001" / "pairings.yaml", "id: c001-j00", "id: c001-x00")
    lost = [d for d in _same_as_whole(county) if d.code == "PK302" and d.args["id"] == "c001-j00"]
    assert {d.file for d in lost} >= {str(p) for p in county.glob("c001/activities/c001-j00/*.yaml")}
    _edit(county / "c001" / "pairings.yaml", "id: c001-x00", "id: c001-j00")
    assert not [d for d in _same_as_whole(county) if d.args.get("id") == "c001-j00"]


def test_parallel_run_equals_the_serial_one(county: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Spread over two processes (threshold lowered so a small tree is split), the diagnostics are the same."""
    plant(county, 10)
    monkeypatch.setattr(incremental, "PARALLEL_BYTES", 0)
    parallel = _same_as_whole(county, jobs=2)
    assert len(parallel) == 10


def test_damaged_or_foreign_cache_entries_are_ignored_and_rebuilt(county: Path, tmp_path: Path) -> None:
    """Every cache file truncated, then every one replaced by a pickle that would run code: each run ignores
    them, gives the right answer, and runs nothing it should not."""
    cache = tmp_path / "cache"
    env = {"PAIRKIT_CACHE_DIR": str(cache)}
    plant(county, 4)
    assert_clean_exit(invoke(["validate", str(county)], env=env), 1)
    entries = [p for p in cache.rglob("*") if p.is_file() and not p.name.startswith((".", "CACHEDIR"))]
    assert entries
    for path in entries:
        path.write_bytes(path.read_bytes()[:-7])
    assert len(_lines(invoke(["validate", str(county)], env=env))) == 4
    witness = tmp_path / "ran"
    for path in cache.rglob("*"):
        if path.is_file() and not path.name.startswith((".", "CACHEDIR")):
            evil = pickle.dumps(_Touch(str(witness)))
            path.write_bytes(b"pairkit1" + bytes(16) + evil)
    assert len(_lines(invoke(["validate", str(county)], env=env))) == 4
    assert not witness.exists()


class _Touch:
    """A pickle that would create a file when loaded by an unrestricted unpickler."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (self.path, "w"))


def _lines(result: object) -> list[str]:
    out: str = result.stdout  # type: ignore[attr-defined]
    return [line for line in out.splitlines() if "[PK" in line]


def test_no_cache_writes_no_cache_and_reading_changes_no_record_file(county: Path, tmp_path: Path) -> None:
    """`--no-cache` leaves no cache folder; with or without it, validate and check leave every record file as it
    was, byte for byte (the cache lives outside the records)."""
    cache = tmp_path / "cache"
    before = digest(county)
    assert_clean_exit(invoke(["validate", str(county), "--no-cache"], env={"PAIRKIT_CACHE_DIR": str(cache)}), 0)
    assert not cache.exists()
    assert_clean_exit(invoke(["validate", str(county)], env={"PAIRKIT_CACHE_DIR": str(cache)}), 0)
    assert (cache / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert digest(county) == before


def test_fmt_check_skips_files_it_has_seen_canonical(county: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A second `fmt --check` does not format again the files the first one found canonical; an edited file is
    formatted (and reported) again."""
    import pairkit.fmt as fmt

    assert_clean_exit(invoke(["fmt", str(county)]), 0)
    assert_clean_exit(invoke(["fmt", "--check", str(county)]), 0)
    calls: list[str] = []
    real = fmt.format_text

    def spy(text: str, file: str = "<text>") -> str:
        calls.append(file)
        return real(text, file)

    monkeypatch.setattr(fmt, "format_text", spy)
    assert_clean_exit(invoke(["fmt", "--check", str(county)]), 0)
    assert calls == []
    edited = sorted(county.glob("c001/activities/*/*.yaml"))[0]
    _edit(edited, "attendance: ", "attendance:   ")
    result = invoke(["fmt", "--check", str(county)])
    assert_clean_exit(result, 1)
    assert calls == [str(edited)]
    assert f"{edited}:" in result.stdout


def test_an_undecodable_file_is_reported_on_every_run(county: Path) -> None:
    """A file saved in GBK is reported (PK002) on the cold run and again on the warm one: problems of reading are
    never cached away."""
    (county / "c001" / "备注.yaml").write_bytes("plans:\n  - text: 备注\n".encode("gbk"))
    for _ in ("cold", "warm"):
        codes = [d.code for d in _same_as_whole(county)]
        assert codes == ["PK002"]


def test_a_file_named_by_a_record_is_looked_up_on_every_run(tmp_path: Path) -> None:
    """The cache keeps what the records say, not whether the files they name exist: deleting an evidence photo of
    the sample, with no record changed, gives PK319 on the next (warm) run at the line naming it; putting the
    photo back clears it."""
    root = tmp_path / "records"
    shutil.copytree(REPO / "records", root)
    photo = root / "evidence" / "2025" / "云溪五中-盖德中学-学生交流-0925.jpg"
    for _ in ("cold", "warm"):
        assert [d for d in _same_as_whole(root) if d.code == "PK319"] == []
    kept = photo.read_bytes()
    photo.unlink()
    missing = [(Path(d.file).name, d.line) for d in _same_as_whole(root) if d.code == "PK319"]
    assert missing == [("2025-2026.yaml", 503)]
    photo.write_bytes(kept)
    assert [d for d in _same_as_whole(root) if d.code == "PK319"] == []
