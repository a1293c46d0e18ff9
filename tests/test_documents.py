"""No lost edits: `report` and `export` never write over a document someone changed after pairkit wrote it."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest

from conftest import assert_clean_exit, invoke, write_tree
from pairkit.fmt import documents
from test_report import TREE

COMMANDS = {
    "report": ("report", "out.docx"),
    "export": ("export", "台账.xlsx"),
}


def _edit(path: Path) -> None:
    """What a clerk does: open the document in an office program, change it, save it."""
    if path.suffix == ".docx":
        doc = docx.Document(str(path))
        doc.add_paragraph("办事员补充的一段。")
        doc.save(str(path))
    else:
        book = openpyxl.load_workbook(path)
        book.worksheets[0]["A1"] = "办事员改过的标题"
        book.save(path)


@pytest.fixture
def records(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "records", TREE)


@pytest.mark.parametrize("command", list(COMMANDS))
def test_an_unchanged_document_is_written_again(records: Path, command: str) -> None:
    """A document pairkit wrote and nobody saved since carries its fingerprint and is simply written again."""
    name, file = COMMANDS[command]
    out = records.parent / file
    assert_clean_exit(invoke([name, str(records), "--year", "2025", "-o", str(out)]), 0)
    assert documents.state(out) == "ours"
    again = invoke([name, str(records), "--year", "2025", "-o", str(out)])
    assert_clean_exit(again, 0)
    assert documents.state(out) == "ours"
    assert sorted(p.name for p in records.parent.iterdir()) == sorted(["records", file])


@pytest.mark.parametrize("command", list(COMMANDS))
def test_an_edited_document_is_not_overwritten(records: Path, command: str) -> None:
    """Edited and saved after pairkit wrote it: the second run refuses with PK851, suggests a numbered name, exit 1,
    and the edited file is byte-for-byte what the clerk saved."""
    name, file = COMMANDS[command]
    out = records.parent / file
    assert_clean_exit(invoke([name, str(records), "--year", "2025", "-o", str(out)]), 0)
    _edit(out)
    edited = out.read_bytes()
    assert documents.state(out) == "edited"
    result = invoke([name, str(records), "--year", "2025", "-o", str(out)])
    assert_clean_exit(result, 1)
    copy = out.with_name(f"{out.stem}（1）{out.suffix}")
    assert result.output.splitlines()[0] == (
        f"{out}: error[PK851]: {out} 在 pairkit 生成之后被修改过（可能已在 Word、WPS 或 Excel 中编辑），没有覆盖"
        f"（提示：用 -o 另存为新文件，例如 -o {copy}；或加 --force 重新生成，原文件先保留为 {copy}）"
    )
    assert out.read_bytes() == edited
    assert not copy.exists()


@pytest.mark.parametrize("command", list(COMMANDS))
def test_force_keeps_the_edited_document_as_a_numbered_copy(records: Path, command: str) -> None:
    """--force writes the new document and keeps the edited one, untouched, as name（1）; a second forced run over
    an edited file picks name（2）."""
    name, file = COMMANDS[command]
    out = records.parent / file
    assert_clean_exit(invoke([name, str(records), "--year", "2025", "-o", str(out)]), 0)
    _edit(out)
    edited = out.read_bytes()
    result = invoke([name, str(records), "--year", "2025", "-o", str(out), "--force"])
    assert_clean_exit(result, 0)
    copy = out.with_name(f"{out.stem}（1）{out.suffix}")
    assert f"原文件已另存为 {copy}" in result.output
    assert copy.read_bytes() == edited
    assert documents.state(out) == "ours"
    _edit(out)
    assert_clean_exit(invoke([name, str(records), "--year", "2025", "-o", str(out), "--force"]), 0)
    assert out.with_name(f"{out.stem}（2）{out.suffix}").exists()


def test_a_file_pairkit_did_not_write_is_not_overwritten(records: Path) -> None:
    """Any other file at the target (here the office's own notes saved under that name) is PK852, left alone."""
    out = records.parent / "out.docx"
    out.write_bytes(b"not a report")
    result = invoke(["--lang", "en", "report", str(records), "--year", "2025", "-o", str(out)])
    assert_clean_exit(result, 1)
    assert result.output.splitlines()[0].startswith(
        f"{out}: error[PK852]: {out} exists and is not a file pairkit wrote (or an older pairkit wrote it); "
        "it was not overwritten (hint: write to another file, e.g. -o "
    )
    assert out.read_bytes() == b"not a report"


@pytest.mark.parametrize("lock", ["~$out.docx", "~$t.docx", ".~lock.out.docx#"])
def test_a_document_open_in_word_is_not_written(records: Path, lock: str) -> None:
    """Word, WPS or LibreOffice holding the document open (their lock file beside it; Word shortens long names):
    PK853 says to close it, and nothing is written."""
    out = records.parent / "out.docx"
    assert_clean_exit(invoke(["report", str(records), "--year", "2025", "-o", str(out)]), 0)
    before = out.read_bytes()
    (records.parent / lock).write_bytes(b"owner")
    result = invoke(["report", str(records), "--year", "2025", "-o", str(out)])
    assert_clean_exit(result, 1)
    assert result.output.splitlines()[0] == (
        f"{out}: error[PK853]: {out} 正在 Word 或 WPS 中打开（锁文件 {lock}），没有写入"
        "（提示：在 Word 或 WPS 中关闭这个文档后重新运行，或用 -o 另存为其他文件名；"
        f"如果文档其实没有打开，删除锁文件 {lock}）"
    )
    assert out.read_bytes() == before


def test_the_fingerprint_survives_word_like_round_trips_only_when_nothing_changed(records: Path) -> None:
    """The stamp is a custom property over every other part: stamping twice is stable, and any change to any
    part (here the document body) shows as an edit."""
    out = records.parent / "out.docx"
    assert_clean_exit(invoke(["report", str(records), "--year", "2025", "-o", str(out)]), 0)
    data = out.read_bytes()
    assert documents.stamp(data) == documents.stamp(documents.stamp(data))
    doc = docx.Document(str(out))
    assert doc.core_properties.title  # still an ordinary Word document with its properties
    doc.save(str(out))  # saved with no visible change: still a save after pairkit wrote it
    assert documents.state(out) == "edited"
