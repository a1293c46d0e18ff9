"""Where a record is written: the quick text scan gives the same line as composing the file with ruamel, and it
steps aside (to ruamel) for layouts it cannot vouch for."""

from __future__ import annotations

from pathlib import Path

from conftest import write_tree
from pairkit.diagnostics import Source
from pairkit.load.positions import Positions
from pairkit.load.scan import block_items, quick_ids
from pairkit.load.yamldoc import locate, tree
from pairkit.pipeline import validate_tree

RECORDS = Path(__file__).resolve().parent.parent / "records"


def test_every_sample_record_is_found_on_the_line_ruamel_gives() -> None:
    """For every record of every kind in the sample, Positions.line equals the line of the record's node as
    ruamel composes it (the differential check that keeps the fast path honest)."""
    outcome = validate_tree(RECORDS)
    positions = Positions()
    nodes = {}
    checked = 0
    for section in ("units", "people", "pairings", "secondments", "activities", "donations", "mentorships", "rules"):
        for record in outcome.records.section(section):
            file = record.source.file
            if file not in nodes:
                nodes[file] = tree(Path(file).read_text(encoding="utf-8"))
            assert positions.line(record.source) == locate(nodes[file], record.source.path)[0], record.source
            checked += 1
    assert checked > 1000


def test_layouts_the_scan_cannot_vouch_for_fall_back_to_ruamel(tmp_path: Path) -> None:
    """A flow list, a list on the key's line, or a less indented line: the scan says None and the line still
    comes out right, from ruamel."""
    root = write_tree(
        tmp_path,
        {
            "flow.yaml": "units: [{id: a, name: 甲}, {id: b, name: 乙}]\n",
            "block.yaml": (
                "# 注释\nunits:\n\n  - id: a\n    name: |\n      - 不是一项\n  # 注释\n  - id: b\n    name: 乙\n"
                "people:\n- id: p\n"
            ),
        },
    )
    flow = (root / "flow.yaml").read_text(encoding="utf-8").splitlines()
    assert block_items(flow, "units") is None
    block = (root / "block.yaml").read_text(encoding="utf-8").splitlines()
    assert block_items(block, "units") == [4, 8]
    assert block_items(block, "people") == [11]
    positions = Positions()
    assert positions.line(Source(str(root / "flow.yaml"), ("units", 1))) == 1
    assert positions.line(Source(str(root / "block.yaml"), ("units", 1))) == 8


def test_quick_ids_read_broken_trees(tmp_path: Path) -> None:
    """The IDs shell completion offers are read from the text: a file with a YAML error elsewhere, a flow-style
    item and a file that is not UTF-8 do not stop the others."""
    root = write_tree(
        tmp_path,
        {
            "pairings.yaml": "pairings:\n  - id: yz-ez\n    name: 一中—二中\n  - {id: bz-sz, name: 八中—三中}\n",
            "broken.yaml": "pairings:\n  - id: half\n    name: [unclosed\n",
            "gbk.yaml": "pairings:\n  - id: gbk-1\n    name: 乙\n".encode("gbk"),
        },
    )
    assert sorted(quick_ids(root, "pairings")) == [
        ("bz-sz", "八中—三中"),
        ("half", "[unclosed"),
        ("yz-ez", "一中—二中"),
    ]
