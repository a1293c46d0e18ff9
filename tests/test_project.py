"""Project-level promises: CI runs the README's test command, and every command explains itself."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tarfile
import zipfile
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


def test_the_distributions_carry_what_pairkit_needs(tmp_path: Path) -> None:
    """`python -m build` makes an sdist and a wheel that `twine check` passes. The wheel holds every template and
    scaffold file; installed on its own (dependencies aside), its `init` writes a repository that validates and its
    `report` writes the sample's report. The sdist holds the sample records, docs and tests the checks run on."""
    dist = tmp_path / "dist"
    built = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(dist), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    wheel, sdist = sorted(dist.glob("*.whl")), sorted(dist.glob("*.tar.gz"))
    assert len(wheel) == len(sdist) == 1
    checked = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", str(wheel[0]), str(sdist[0])],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    package = ROOT / "src" / "pairkit"
    data = {
        p.relative_to(package.parent).as_posix() for d in ("scaffold", "templates") for p in (package / d).rglob("*")
    }
    with zipfile.ZipFile(wheel[0]) as z:
        inside = set(z.namelist())
    assert {name for name in data if (ROOT / "src" / name).is_file()} <= inside
    with tarfile.open(sdist[0]) as t:
        names = {name.split("/", 1)[1] for name in t.getnames() if "/" in name}
    assert {"records/people.yaml", "docs/diagnostics.md", "tests/conftest.py", ".pre-commit-hooks.yaml"} <= names

    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel[0])],
        capture_output=True,
        timeout=120,
        check=True,
    )
    env = {**os.environ, "PYTHONPATH": str(site), "PAIRKIT_CACHE_DIR": str(tmp_path / "cache")}

    def pairkit(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pairkit", *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            cwd=tmp_path,
            timeout=300,
            check=False,
        )

    where = subprocess.run(
        [sys.executable, "-c", "import pairkit; print(pairkit.__file__)"], capture_output=True, text=True, env=env
    )
    assert where.stdout.startswith(str(site)), where.stdout  # the wheel's pairkit, not the working tree's
    made = pairkit("init", "new", "--pairkit-source", "pypi")
    assert made.returncode == 0, made.stderr
    assert pairkit("validate", "new/records").returncode == 0
    report = pairkit("report", str(ROOT / "records"), "--year", "2025", "-o", "r.docx", "--no-cache")
    assert report.returncode == 0, report.stderr
    assert (tmp_path / "r.docx").stat().st_size > 10_000


def test_the_readme_gives_the_two_commands_for_windows_powershell() -> None:
    """Windows PowerShell 5.1 has no `&&`: the README gives each of the two commands as PowerShell lines, one command a
    line, the same steps as the `sh` line with `py` and `.venv\\Scripts\\`."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```powershell\n(.*?)```", text, flags=re.S)
    assert len(blocks) >= 2
    for sh, powershell in zip(_readme_commands(), blocks[:2], strict=True):
        lines = [line for line in powershell.splitlines() if line and not line.startswith("#")]
        assert not any("&&" in line or "||" in line for line in lines)
        expected = [
            step.replace("python3 -m venv", "py -m venv").replace(".venv/bin/", ".venv\\Scripts\\")
            for step in sh.split(" && ")
        ]
        assert lines == expected


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
