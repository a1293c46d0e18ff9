"""Progress on long work: a bar on stderr for a person at a terminal once the work lasts about a second; never when
piped, under CI, or for machine-readable output; nothing at all for quick work."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import invoke
from pairkit.cli import progress
from pairkit.messages import Lang

ROOT = Path(__file__).resolve().parent.parent


def test_a_bar_only_for_a_person_at_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """wanted(): yes at a terminal; no when standard output or standard error is not one (piped, redirected),
    under CI=true, on a dumb terminal, or when the output is for a machine (--format json|github)."""
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False)
    assert not progress.wanted()  # `pairkit check … | cat`: the output goes on, the bar would be in the way
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert progress.wanted()
    assert not progress.wanted(machine_output=True)
    monkeypatch.setenv("CI", "true")
    assert not progress.wanted()
    monkeypatch.delenv("CI")
    monkeypatch.setenv("TERM", "dumb")
    assert not progress.wanted()
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    monkeypatch.delenv("TERM")
    assert not progress.wanted()


def test_the_bar_appears_only_after_the_delay(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Work shorter than the delay prints nothing; longer work shows the step in the chosen language."""
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.setattr(progress, "DELAY", 0.2)
    with progress.Progress(Lang.EN, enabled=True) as shown:
        shown("read", 1, 13)
    time.sleep(0.3)
    assert capsys.readouterr().err == ""
    monkeypatch.setattr(progress, "DELAY", 0.01)
    with progress.Progress(Lang.EN, enabled=True) as shown:
        shown("read", 3, 13)
        time.sleep(0.4)
    assert "Reading record files" in capsys.readouterr().err
    with progress.Progress(Lang.ZH, enabled=True) as shown:
        shown.step("document")
        time.sleep(0.4)
    assert "生成文档" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("script") is None, reason="needs script(1) to give pairkit a terminal")
def test_check_at_a_terminal_shows_progress_and_not_under_ci() -> None:
    """Run at a terminal (script(1) gives it one), checking the sample shows 读取记录文件 on stderr; piped into
    cat, with CI=true, or with --format json, it does not. The bar's one-second delay is set to nothing in the
    process: checking the sample takes less than that."""
    no_delay = "import pairkit.cli.progress as p; p.DELAY = 0; from pairkit.cli import main; main()"

    def at_terminal(command: str, **env: str) -> str:
        proc = subprocess.run(
            ["script", "-qc", f"{sys.executable} -c '{no_delay}' {command}", "/dev/null"],
            capture_output=True,
            text=True,
            env={**os.environ, "PAIRKIT_LANG": "", "CI": "", **env},
            cwd=ROOT,
            timeout=120,
            check=False,
        )
        return proc.stdout

    check = "check records --year 2025 --as-of 2026-11-23"
    assert "读取记录文件" in at_terminal(check)
    assert "读取记录文件" not in at_terminal(f"{check} | cat")
    assert "读取记录文件" not in at_terminal(check, CI="true")
    assert "读取记录文件" not in at_terminal(f"{check} --format json")


def test_piped_check_shows_no_bar() -> None:
    """Piped (as in `pairkit check … | cat`), no bar and no escape code reach either stream."""
    result = invoke(["check", str(ROOT / "records"), "--year", "2025", "--as-of", "2026-11-23"], env={"NO_COLOR": None})
    assert "\x1b" not in result.output
    assert "读取记录文件" not in result.output
