"""Whatever the input, `pairkit validate` answers with located diagnostics and exit 1 (2 for usage), never a
traceback, never a hang, never a changed file."""

from __future__ import annotations

import json
import os
import random
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import BASE, PROGRAMME, assert_clean_exit, digest, invoke, write_tree
from pairkit.load import load_tree

HINT_PK101 = "检查这一行及上一行的缩进、冒号和引号；同级字段要对齐，冒号后面要有空格"


def _alias_bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"  # 9**9 = 387 million strings once expanded


def test_malformed_yaml(tree: Path) -> None:
    """A syntax error is one PK101 line with file, line and column, then the source line and a caret."""
    write_tree(tree, {"programme.yaml": PROGRAMME, "a.yaml": "units:\n  - id: u-a\n     name: 城关小学\n"})
    result = invoke(["validate", str(tree)])
    assert_clean_exit(result, 1)
    assert result.stdout.splitlines() == [
        f"{tree / 'a.yaml'}:3:10: error[PK101]: YAML 格式错误："
        "这里不能再出现“字段: 值”，可能是缩进不对，或值里有冒号却没加引号"
        f"（提示：{HINT_PK101}）",
        "    3 |      name: 城关小学",
        "      |          ^",
        "1 个错误，0 个警告，共 2 个文件",
    ]


def test_wrong_types(tree: Path) -> None:
    """A record written as plain text and an ID written as a number are PK205, each at its value."""
    content = "units:\n  - 城关小学\npeople:\n  - id: 12345\n    name: 林慧\n    gender: 女\n    unit: u-a\n"
    write_tree(tree, {"programme.yaml": PROGRAMME, "a.yaml": content})
    result = invoke(["validate", str(tree), "--format", "json"])
    assert_clean_exit(result, 1)
    assert [(d["line"], d["column"], d["code"], d["message"]) for d in json.loads(result.stdout)] == [
        (2, 5, "PK205", "单位的记录应是键值对（字段: 值），写成了 城关小学"),
        (4, 9, "PK205", "人员的编号应是文字，写成了 12345"),
    ]


def test_binary_junk(tree: Path) -> None:
    """Random bytes with NULs are PK003 and none of the junk is echoed to the terminal."""
    junk = b"units:\n" + random.Random(7).randbytes(2000) + b"\x00" + random.Random(8).randbytes(2000)
    write_tree(tree, {"programme.yaml": PROGRAMME, "junk.yaml": junk})
    result = invoke(["validate", str(tree), "--format", "json"])
    assert_clean_exit(result, 1)
    (diag,) = json.loads(result.stdout)
    assert (diag["file"], diag["code"], diag["message"]) == (
        str(tree / "junk.yaml"),
        "PK003",
        "这不是文本文件，无法作为记录读取",
    )
    text_result = invoke(["validate", str(tree)])
    assert "\x00" not in text_result.output
    assert text_result.stdout.splitlines()[0].startswith(f"{tree / 'junk.yaml'}:")


def test_gbk_file_says_gbk_and_how_to_resave(tree: Path) -> None:
    """A GBK file is PK002 at the first Chinese byte; the message names GBK and says to save again as UTF-8."""
    write_tree(tree, {"programme.yaml": PROGRAMME, "a.yaml": BASE.encode("gbk")})
    result = invoke(["validate", str(tree)])
    assert_clean_exit(result, 1)
    assert result.stdout.splitlines()[0] == (
        f"{tree / 'a.yaml'}:3:11: error[PK002]: 文件不是 UTF-8 编码（看起来是 GBK/GB18030）"
        "（提示：用记事本或 WPS 打开，选择“另存为”，编码选 UTF-8 后保存）"
    )


def test_utf8_with_bom_is_accepted(tree: Path) -> None:
    """A UTF-8 file with a byte-order mark (as Notepad saves it) validates cleanly."""
    write_tree(tree, {"a.yaml": b"\xef\xbb\xbf" + (PROGRAMME + BASE).encode("utf-8")})
    result = invoke(["validate", str(tree)])
    assert_clean_exit(result, 0)
    assert result.stdout.splitlines() == ["0 个错误，0 个警告，共 1 个文件"]


def test_utf16_is_refused(tree: Path) -> None:
    """A UTF-16 file is PK002 naming UTF-16, with exit 1."""
    write_tree(tree, {"programme.yaml": PROGRAMME, "a.yaml": BASE.encode("utf-16")})
    result = invoke(["validate", str(tree), "--format", "json"])
    assert_clean_exit(result, 1)
    assert [(d["file"], d["line"], d["code"], d["message"]) for d in json.loads(result.stdout)] == [
        (str(tree / "a.yaml"), 1, "PK002", "文件不是 UTF-8 编码（看起来是 UTF-16）"),
    ]


def test_two_gigabyte_file_is_refused_quickly(tree: Path) -> None:
    """A 2 GB file (sparse, so the test writes nothing) is refused by its size, without reading it, within 2 s."""
    write_tree(tree, {"programme.yaml": PROGRAMME})
    with (tree / "huge.yaml").open("wb") as f:
        f.truncate(2 * 1024**3)
    started = time.monotonic()
    result = invoke(["validate", str(tree)])
    assert time.monotonic() - started < 2.0
    assert_clean_exit(result, 1)
    assert result.stdout.splitlines()[0] == (
        f"{tree / 'huge.yaml'}:1:1: error[PK004]: 文件太大（2048.0 MB），单个记录文件不能超过 5 MB"
        "（提示：把记录按年份或学校拆分成多个文件）"
    )


def test_alias_bomb_is_refused_in_bounded_time(tree: Path) -> None:
    """A billion-laughs file is refused (PK104) within 3 s instead of expanding 387 million strings."""
    write_tree(tree, {"programme.yaml": PROGRAMME, "bomb.yaml": _alias_bomb()})
    started = time.monotonic()
    result = invoke(["validate", str(tree), "--format", "json"])
    assert time.monotonic() - started < 3.0
    assert_clean_exit(result, 1)
    assert [(d["file"], d["code"]) for d in json.loads(result.stdout)] == [(str(tree / "bomb.yaml"), "PK104")]


def test_ten_thousand_nested_brackets(tree: Path) -> None:
    """10,000 nested brackets are refused (PK104) at the bracket that passes the limit, within 3 s."""
    write_tree(tree, {"programme.yaml": PROGRAMME, "deep.yaml": "units: " + "[" * 10_000 + "]" * 10_000 + "\n"})
    started = time.monotonic()
    result = invoke(["validate", str(tree), "--format", "json"])
    assert time.monotonic() - started < 3.0
    assert_clean_exit(result, 1)
    assert [(d["line"], d["column"], d["code"]) for d in json.loads(result.stdout)] == [(1, 72, "PK104")]


def test_python_object_tag_is_refused_and_never_run(tree: Path, tmp_path: Path) -> None:
    """A `!!python/object/apply` tag is PK103 and the command it names is not executed."""
    marker = tmp_path / "pwned"
    content = f'units:\n  - !!python/object/apply:os.system ["touch {marker}"]\n'
    write_tree(tree, {"programme.yaml": PROGRAMME, "evil.yaml": content})
    result = invoke(["validate", str(tree), "--format", "json"])
    assert_clean_exit(result, 1)
    assert [(d["line"], d["column"], d["code"], d["message"]) for d in json.loads(result.stdout)] == [
        (2, 5, "PK103", "不支持的 YAML 标记 python/object/apply:os.system"),
    ]
    assert not marker.exists()


def test_yaml_12_no_and_on_stay_text(tree: Path) -> None:
    """`NO`, `on` and `yes` are text under YAML 1.2: people with those names validate cleanly."""
    people = "people:\n" + "".join(
        f"  - id: p-{i}\n    name: {name}\n    gender: male\n    unit: u-city\n"
        for i, name in enumerate(("NO", "on", "yes"))
    )
    write_tree(tree, {"a.yaml": PROGRAMME + BASE, "b.yaml": people})
    result = invoke(["validate", str(tree), "--format", "json"])
    assert_clean_exit(result, 0)
    assert result.stdout.strip() == "[]"


def test_empty_and_comment_only_files_are_fine(tree: Path) -> None:
    """An empty file and a file of comments hold no records and no problems."""
    write_tree(tree, {"a.yaml": PROGRAMME + BASE, "empty.yaml": "", "notes.yml": "# 待补充\n"})
    result = invoke(["validate", str(tree)])
    assert_clean_exit(result, 0)
    assert result.stdout.splitlines() == ["0 个错误，0 个警告，共 3 个文件"]


def test_hidden_folders_and_other_suffixes_are_skipped(tree: Path) -> None:
    """Files under a hidden folder and files that are not .yaml/.yml are not read at all."""
    write_tree(
        tree,
        {"a.yaml": PROGRAMME + BASE, ".git/junk.yaml": b"\x00\x01", "readme.txt": "units: [", ".hidden.yaml": "["},
    )
    result = invoke(["validate", str(tree)])
    assert_clean_exit(result, 0)
    assert result.stdout.splitlines() == ["0 个错误，0 个警告，共 1 个文件"]


def test_every_bad_input_at_once_leaves_files_unchanged(tree: Path) -> None:
    """All the bad inputs in one tree: each file gets its own diagnostic, exit 1, and every file is byte-identical."""
    files: dict[str, str | bytes] = {
        "programme.yaml": PROGRAMME,
        "bom.yaml": b"\xef\xbb\xbf" + BASE.encode("utf-8"),
        "bomb.yaml": _alias_bomb(),
        "deep.yaml": "units: " + "{a: " * 500 + "}" * 500 + "\n",
        "dup.yaml": "units:\n  - id: u-d\n    name: A\n    name: B\n    area: urban\n",
        "gbk.yaml": "units:\n  - id: u-g\n    name: 山村小学\n".encode("gbk"),
        "junk.yaml": bytes(range(256)),
        "syntax.yaml": "units:\n  - id: u-s\n     name: 城关小学\n",
        "tag.yaml": "units:\n  - !!python/object:os.system\n    id: x\n",
        "utf16.yaml": "units: []\n".encode("utf-16"),
    }
    write_tree(tree, files)
    before = digest(tree)
    result = invoke(["validate", str(tree), "--format", "json"])
    assert_clean_exit(result, 1)
    assert [(Path(d["file"]).name, d["code"]) for d in json.loads(result.stdout)] == [
        ("bomb.yaml", "PK104"),
        ("deep.yaml", "PK104"),
        ("dup.yaml", "PK102"),
        ("gbk.yaml", "PK002"),
        ("junk.yaml", "PK003"),
        ("syntax.yaml", "PK101"),
        ("tag.yaml", "PK103"),
        ("utf16.yaml", "PK002"),
    ]
    assert digest(tree) == before
    assert sorted(before) == sorted(files)


def test_an_unreadable_folder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A sub-folder that cannot be listed is PK001, not silently left out (simulated: tests run as root)."""
    locked = tmp_path / "locked"
    locked.mkdir()
    real_scandir = os.scandir

    def scandir(path: str) -> Iterator[os.DirEntry[str]]:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    _, problems = load_tree(tmp_path)
    assert [(d.code, d.file) for d in problems] == [("PK001", str(tmp_path / "locked"))]
