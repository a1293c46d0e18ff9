"""The one write path of `add` and `import` (pairkit.change): all files or none, never over someone else's edit."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import BASE, PROGRAMME, digest, write_tree
from pairkit.change import LOCK_NAME, ChangeError, NewRecord, Spot, apply, plan
from pairkit.diagnostics import YamlPath
from pairkit.pipeline import validate_tree


class _Typed:
    def spot(self, path: YamlPath) -> Spot:
        return Spot("", f"--{path[0]}" if path else "test")


def _new(section: str, **data: Any) -> NewRecord:
    return NewRecord(section, data, _Typed())


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path / "records",
        {
            "programme.yaml": PROGRAMME,
            "base.yaml": BASE,
            "activities/2024-2025.yaml": "# 活动\nactivities:\n"
            "  - {date: 2024-10-15, pairing: pr-1, kind: 示范课, title: 课}\n",
        },
    )


def _two_files(tree: Path) -> Any:
    outcome = validate_tree(tree)
    return plan(
        outcome,
        tree,
        [
            _new("activities", date=date(2024, 11, 1), pairing="pr-1", kind="示范课", title="新课"),
            _new("units", id="u-new", name="新学校", area="农村"),
        ],
    )


def test_a_file_changed_after_it_was_read_is_planned_again(tree: Path) -> None:
    """Someone saves a target file between planning and writing: the change is planned again from the file as it
    is now, so the edit is kept and the record still added; the lock is gone afterwards."""
    change = _two_files(tree)
    assert not change.problems
    target = tree / "activities" / "2024-2025.yaml"
    target.write_text(target.read_text(encoding="utf-8") + "# 编辑器里加的一行\n", encoding="utf-8")
    written = apply(change, tree)
    text = target.read_text(encoding="utf-8")
    assert "# 编辑器里加的一行" in text
    assert text.count("title: 新课") == 1
    assert written.added == 2
    assert not (tree / LOCK_NAME).exists()


def test_a_failed_write_puts_back_the_files_already_written(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk refuses the second file: PK712 names it, and the first file is restored to its old bytes."""
    change = _two_files(tree)
    before = digest(tree)
    real = os.replace
    calls: list[str] = []

    def second_fails(src: str, dst: str) -> None:
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(os, "replace", second_fails)
    with pytest.raises(ChangeError) as err:
        apply(change, tree)
    assert err.value.diagnostic.code == "PK712"
    assert err.value.diagnostic.args["reason"] == "No space left on device"
    assert digest(tree) == before
    assert sorted(p.name for p in tree.rglob("*") if p.name.startswith(".")) == []


def test_records_equal_to_kept_ones_are_skipped(tree: Path) -> None:
    """A record equal to a kept one (a label for a key, the same values) is skipped, not added or reported."""
    outcome = validate_tree(tree)
    change = plan(
        outcome, tree, [_new("activities", date=date(2024, 10, 15), pairing="pr-1", kind="demo_lesson", title="课")]
    )
    assert (change.added, len(change.skipped), change.problems) == (0, 1, [])
