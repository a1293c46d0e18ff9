"""Project-level promises: CI runs the README's test command, and every command explains itself."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

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
