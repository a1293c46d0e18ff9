"""Shared helpers: write a records tree inline, run the pipeline or the CLI on it, read diagnostics back."""

from __future__ import annotations

import hashlib
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

import pytest
from typer.testing import CliRunner, Result

from pairkit.cli import app
from pairkit.diagnostics import Diagnostic
from pairkit.messages import Lang, text
from pairkit.pipeline import Outcome, validate_tree

# A programme block and two schools, a teacher and a pairing that most inline trees build on.
PROGRAMME = """\
programme:
  name: 云溪县城乡学校结对帮扶
  office: 云溪县教育局
"""

BASE = """\
units:
  - id: u-city
    name: 城关第一小学
    area: 城区
  - id: u-rural
    name: 山村小学
    area: rural
people:
  - id: p-linhui
    name: 林慧
    gender: 女
    unit: u-city
pairings:
  - id: pr-1
    supporter: u-city
    recipients: [u-rural]
    start: 2024-09-01
    end: 2025-07-31
"""


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write ``{relative path: text or bytes}`` under ``root`` (text dedented, UTF-8) and return ``root``."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


class Found(NamedTuple):
    """A diagnostic as a test compares it: file relative to the tree, position, code, severity, message."""

    file: str
    line: int
    column: int
    code: str
    severity: str
    message: str


def found(root: Path, diag: Diagnostic, lang: Lang = Lang.ZH) -> Found:
    file = Path(diag.file)
    shown = file.relative_to(root).as_posix() if file.is_relative_to(root) and file != root else diag.file
    return Found(shown, diag.line, diag.column, diag.code, str(diag.severity), text(diag, lang)[0])


def diagnose(root: Path, files: Mapping[str, str | bytes], lang: Lang = Lang.ZH) -> list[Found]:
    """Write the tree and validate it; the diagnostics in output order (PK041 "no programme" left out)."""
    outcome = validate_tree(write_tree(root, files))
    return [found(root, d, lang) for d in outcome.diagnostics if d.code != "PK041"]


def outcome_of(root: Path, files: Mapping[str, str | bytes]) -> Outcome:
    return validate_tree(write_tree(root, files))


def line_of(content: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the ``occurrence``-th line containing ``needle`` in dedented ``content``."""
    seen = 0
    for number, line in enumerate(textwrap.dedent(content).splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not found")


def column_of(content: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based column where ``needle`` starts on its line (counted in characters)."""
    line = textwrap.dedent(content).splitlines()[line_of(content, needle, occurrence) - 1]
    return line.index(needle) + 1


def digest(root: Path) -> dict[str, str]:
    """SHA-256 of every file under ``root``, to prove that validation changed nothing."""
    out: dict[str, str] = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
        with path.open("rb") as f:
            out[path.relative_to(root).as_posix()] = hashlib.file_digest(f, "sha256").hexdigest()
    return out


def records_hash(root: Path) -> str:
    """The records hash a document's properties carry, recounted for a tree without sub-folders: SHA-256 over each
    ``.yaml`` file's name and the BLAKE2b (16 bytes, hex) of its bytes, in name order."""
    hashed = hashlib.sha256()
    for path in sorted(root.glob("*.yaml")):
        content = hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
        hashed.update(f"{path.name}\0{content}\0".encode())
    return f"sha256:{hashed.hexdigest()}"


def invoke(args: Sequence[str], env: Mapping[str, str | None] | None = None) -> Result:
    """Run ``pairkit ARGS`` in-process; GITHUB_ACTIONS and PAIRKIT_LANG are cleared unless ``env`` sets them."""
    base: dict[str, str | None] = {"GITHUB_ACTIONS": None, "PAIRKIT_LANG": None, "NO_COLOR": "1"}
    return CliRunner().invoke(app, list(args), env={**base, **(env or {})})


@pytest.fixture(autouse=True)
def _cache_in_tmp(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands run by the tests keep their cache in a fresh temporary folder, never in the repository."""
    monkeypatch.setenv("PAIRKIT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A folder for one inline records tree."""
    root = tmp_path / "records"
    root.mkdir()
    return root


def assert_clean_exit(result: Result, code: int) -> None:
    """The command ended with ``code`` through a normal exit: no exception escaped, no traceback was printed."""
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
