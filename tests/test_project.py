"""Project-level promises: CI runs the README's test command, and every command explains itself."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import invoke
from pairkit.cli import Pairkit, app

ROOT = Path(__file__).resolve().parent.parent


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", text, flags=re.S)
    return [line for block in blocks[:2] for line in block.splitlines() if line and not line.startswith("#")]


def test_ci_runs_the_readme_test_command() -> None:
    """.ci/run executes exactly the second command at the top of the README."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    main_job, test_command = _readme_commands()
    assert "pairkit validate records" in main_job
    assert test_command in ci.splitlines()
    for tool in ("pytest", "ruff check", "ruff format --check", "mypy"):
        assert tool in test_command


def test_every_command_has_help_text() -> None:
    """`pairkit X --help` prints a description for every command, in Chinese and in English (sqlite-utils' rule);
    `pairkit --help` lists each with its first sentence."""
    runner = CliRunner()
    names = list(Pairkit.entries)
    assert {"validate", "check", "status", "list", "report", "export", "import"} <= set(names)
    listing = runner.invoke(app, ["--help"], env={"PAIRKIT_LANG": None}).output
    for name in names:
        assert re.search(rf"^  {name} +\S", listing, re.M), name
        for lang, usage in (("zh", "用法：pairkit"), ("en", "Usage: pairkit")):
            result = runner.invoke(app, ["--lang", lang, name, "--help"])
            assert result.exit_code == 0, result.output
            usage_line, blank, description = result.output.splitlines()[:3]
            assert usage_line.startswith(f"{usage} {name}"), result.output
            assert blank == ""
            assert len(description.strip()) > 5, f"{name} has no help text in {lang}"


def _tour() -> list[tuple[str, list[str]]]:
    """The README tour: each `$ pairkit …` command with the lines shown under it."""
    block = re.search(r"```console\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), flags=re.S)
    assert block is not None
    out: list[tuple[str, list[str]]] = []
    for line in block[1].splitlines():
        if line.startswith("$ "):
            out.append((line[2:], []))
        elif line and out:
            out[-1][1].append(line)
    return out


def _same(line: str) -> str:
    """A line as compared: runs of spaces as one, a rule of box characters as any rule."""
    return "─" if set(line.strip()) == {"─"} else re.sub(r"\s+", " ", line.strip())


def test_the_readme_tour_shows_what_the_commands_print(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each command of the tour run on the sample prints the lines the README shows, in that order (… stands for
    lines left out; the slip and the report, which change or write files, are left to their own tests)."""
    monkeypatch.chdir(ROOT)
    shown = [(c, lines) for c, lines in _tour() if "after a slip" not in c and not c.startswith("pairkit report")]
    assert len(shown) >= 5
    for command, lines in shown:
        words, _, pipe = command.split("  #")[0].partition(" | ")
        result = invoke(shlex.split(words)[1:])
        printed = result.output.splitlines()
        if pipe.startswith("tail -"):
            printed = printed[-int(pipe.split("-")[1]) :]
        elif pipe.startswith("grep ^"):
            printed = [p for p in printed if p.startswith(pipe[len("grep ^") :])]
        rest = iter(map(_same, printed))
        missing = [line for line in lines if line != "…" and _same(line) not in rest]
        assert missing == [], (command, printed)
