"""Shell completion: installed for bash, zsh and PowerShell, and record IDs completed for --pairing, --rule and
--secondment straight from the files, fast, even when the records are broken."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import write_tree

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "records"


def complete(words: str, shell: str = "bash", cwd: Path = ROOT) -> tuple[list[str], str, float]:
    """What the shell would be offered for the command line ``words`` (the last word being completed)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("_PAIRKIT", "PAIRKIT_LANG"))}
    parts = words.split(" ")
    if shell == "bash":
        env.update(_PAIRKIT_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=str(len(parts) - 1))
    else:
        env.update(_PAIRKIT_COMPLETE=f"complete_{shell}", _TYPER_COMPLETE_ARGS=words)
        env["_TYPER_COMPLETE_WORD_TO_COMPLETE"] = parts[-1]
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "pairkit"], capture_output=True, text=True, env=env, cwd=cwd, timeout=60, check=False
    )
    return proc.stdout.splitlines(), proc.stderr, time.perf_counter() - started


def test_pairing_rule_and_secondment_ids_are_completed() -> None:
    """`pairkit check records --pairing yz<TAB>` offers the pairing IDs starting with yz; --rule and --secondment
    (of report) likewise, read from the sample records."""
    offered, errors, _ = complete("pairkit check records --pairing yz")
    assert (offered, errors) == (["yz-ez-li"], "")
    assert sorted(complete("pairkit check records --rule demo")[0]) == ["demo-5-per-year", "demo-backbone-5-8"]
    offered = complete("pairkit report records --secondment zj-2024-0")[0]
    assert offered == ["zj-2024-01", "zj-2024-02", "zj-2024-03", "zj-2024-04"]
    assert "wz-gd-st" in complete("pairkit status --pairing w")[0]  # the default records folder


def test_zsh_and_powershell_get_the_names_as_help() -> None:
    """zsh and PowerShell show each ID with the record's name."""
    offered, _, _ = complete("pairkit list activities records --pairing yz", shell="zsh")
    assert any("yz-ez-li" in line and "云溪一中—二中高中部（理科）" in line for line in offered), offered
    offered, _, _ = complete("pairkit check records --pairing yz", shell="powershell")
    assert offered == ["yz-ez-li:::云溪一中—二中高中部（理科）"]


def test_completion_is_fast_and_survives_broken_records(tmp_path: Path) -> None:
    """With a broken file among the records, completion still offers the IDs of the others, prints no traceback,
    and answers in well under a second and a half (no validation of the tree)."""
    root = write_tree(
        tmp_path / "records",
        {
            "pairings.yaml": "pairings:\n  - id: p-one\n    name: 一\n  - id: p-two\n    name: 二\n",
            "broken.yaml": "pairings: [\n  {id: 坏\n",
            "junk.yaml": b"\x00\x01\x02",
        },
    )
    offered, errors, seconds = complete(f"pairkit check {root} --pairing p-", cwd=tmp_path)
    assert (offered, errors) == (["p-one", "p-two"], "")
    assert seconds < 1.5


@pytest.mark.parametrize(
    ("shell", "script", "rc"),
    [("bash", ".bash_completions/pairkit.sh", ".bashrc"), ("zsh", ".zfunc/_pairkit", ".zshrc")],
)
def test_install_completion_writes_the_script_and_hooks_it_in(tmp_path: Path, shell: str, script: str, rc: str) -> None:
    """`pairkit --install-completion --shell bash|zsh` writes the completion script under HOME and loads it from
    the shell's start-up file; the message says where, in Chinese."""
    env = {**os.environ, "HOME": str(tmp_path), "PAIRKIT_LANG": ""}
    proc = subprocess.run(
        [sys.executable, "-m", "pairkit", "--install-completion", "--shell", shell],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [f"已为 {shell} 安装补全：{tmp_path / script}", "重新打开终端后生效。"]
    assert "_PAIRKIT_COMPLETE" in (tmp_path / script).read_text(encoding="utf-8")
    assert (tmp_path / rc).is_file()


@pytest.mark.parametrize("shell", ["bash", "zsh", "powershell"])
def test_show_completion_prints_each_shells_script(shell: str) -> None:
    """`pairkit --show-completion --shell X` prints the script for bash, zsh and PowerShell (to install by hand,
    e.g. into a PowerShell profile); an unknown shell is a usage error."""
    proc = subprocess.run(
        [sys.executable, "-m", "pairkit", "--show-completion", "--shell", shell],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "_PAIRKIT_COMPLETE" in proc.stdout
    assert ("Register-ArgumentCompleter" in proc.stdout) == (shell == "powershell")


def test_unknown_shell_is_a_usage_error() -> None:
    """A shell other than bash, zsh or PowerShell: one sentence saying which are supported, exit 2."""
    proc = subprocess.run(
        [sys.executable, "-m", "pairkit", "--show-completion", "--shell", "fish"],
        capture_output=True,
        text=True,
        env={**os.environ, "PAIRKIT_LANG": ""},
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr == "错误：不支持 fish shell；请用 --shell 指定 bash、zsh 或 powershell。\n"
