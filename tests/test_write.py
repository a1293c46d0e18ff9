"""The one guarded write path (pairkit.write): atomic, never through a link or onto a special file, modes kept,
temporary files swept, and the records lock that makes a second writer wait — for every command that writes."""

from __future__ import annotations

import fnmatch
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import BASE, PROGRAMME, assert_clean_exit, digest, invoke, write_tree
from pairkit import write
from pairkit.cli.init import scaffold_files
from pairkit.write import WriteRefused, records_lock, sweep, write_file

LINK = "是快捷方式（符号链接），pairkit 不通过链接写入，没有写入（提示：写到另一个文件名，或先删除这个链接）"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_link_a_special_file_and_a_missing_folder_are_refused(tmp_path: Path) -> None:
    """write_file refuses a link (PK714), a FIFO or a folder (PK715) and a folder that is not there (PK716),
    and leaves each as it was."""
    target = tmp_path / "real.txt"
    target.write_bytes(b"old")
    (tmp_path / "link.txt").symlink_to(target)
    os.mkfifo(tmp_path / "fifo.txt")
    (tmp_path / "dir.txt").mkdir()
    cases = {
        "link.txt": ("PK714", {"file": str(tmp_path / "link.txt")}),
        "fifo.txt": ("PK715", {"file": str(tmp_path / "fifo.txt")}),
        "dir.txt": ("PK715", {"file": str(tmp_path / "dir.txt")}),
        "missing/x.txt": ("PK716", {"file": str(tmp_path / "missing/x.txt"), "folder": str(tmp_path / "missing")}),
    }
    for name, (code, args) in cases.items():
        with pytest.raises(WriteRefused) as refused:
            write_file(tmp_path / name, b"new")
        assert refused.value.diagnostic.code == code, name
        assert {k: refused.value.diagnostic.args[k] for k in args} == args, name
    assert target.read_bytes() == b"old"
    assert (tmp_path / "link.txt").is_symlink()
    assert not (tmp_path / "missing").exists()


def test_modes_are_kept_or_the_usual_ones(tmp_path: Path) -> None:
    """A replaced file keeps its mode (setuid dropped); a new file gets 0666 less the umask, like any program's."""
    umask = os.umask(0o027)
    try:
        write_file(tmp_path / "new.txt", b"x")
        old = tmp_path / "old.txt"
        old.write_bytes(b"x")
        old.chmod(0o4640)
        write_file(old, b"y")
    finally:
        os.umask(umask)
    assert (tmp_path / "new.txt").stat().st_mode & 0o7777 == 0o640
    assert old.stat().st_mode & 0o7777 == 0o640
    assert old.read_bytes() == b"y"


def test_only_temporary_files_of_ended_processes_are_swept(tmp_path: Path) -> None:
    """sweep removes .NAME.PID-XXXXXXXX.pairkit-tmp files whose process has ended (and the .NAME.XXXXXXXX.tmp of
    earlier versions beside their file), never one a running pairkit is writing nor anyone else's file."""
    (tmp_path / "a.yaml").write_bytes(b"a")
    dead = tmp_path / ".a.yaml.4194303-0123abcd.pairkit-tmp"
    alive = tmp_path / f".a.yaml.{os.getppid()}-0123abcd.pairkit-tmp"
    older = tmp_path / ".a.yaml.k3j9_x2a.tmp"
    others = [tmp_path / ".b.yaml.k3j9_x2a.tmp", tmp_path / ".notes.tmp", tmp_path / "x.pairkit-tmp"]
    for path in (dead, alive, older, *others):
        path.write_bytes(b"half")
    if _running(4194303):
        pytest.skip("process 4194303 exists here")
    assert sorted(sweep(tmp_path)) == sorted([dead, older])
    assert {p.name for p in tmp_path.iterdir()} == {p.name for p in (alive, *others)} | {"a.yaml"}


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def test_init_ignores_the_temporary_and_lock_files() -> None:
    """The .gitignore that `pairkit init` writes ignores pairkit's temporary files and the records lock."""
    ignored = [line for line in scaffold_files()[".gitignore"].decode().splitlines() if line and line[0] != "#"]
    for name in (".activities.yaml.4242-0123abcd.pairkit-tmp", ".pairkit.lock"):
        assert any(fnmatch.fnmatch(name, pattern) for pattern in ignored), name


# --- the records lock ---------------------------------------------------------------------------------------------


def _hold_lock(root: Path, seconds: float) -> subprocess.Popen[str]:
    """Another process that holds the records lock of ``root`` for ``seconds`` (it says so once it does)."""
    code = (
        "import sys, time; from pathlib import Path; from pairkit.write import records_lock\n"
        "with records_lock(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(float(sys.argv[2]))\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", code, str(root), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "held"
    holder.stdout.close()
    return holder


def test_a_second_writer_waits_for_the_first_then_writes(tree: Path) -> None:
    """`pairkit add` while another process holds the lock says it is waiting, waits, then adds its record."""
    write_tree(tree, {"programme.yaml": PROGRAMME, "base.yaml": BASE})
    holder = _hold_lock(tree, 1.5)
    started = time.monotonic()
    args = ["--date", "2024-11-20", "--pairing", "pr-1", "--kind", "示范课", "--title", "等锁之后"]
    result = invoke(["add", "activity", "--records", str(tree), *args])
    assert time.monotonic() - started > 1
    holder.wait()
    assert_clean_exit(result, 0)
    assert "另一个 pairkit 命令正在修改记录（pid " in result.output
    assert [p.name for p in tree.rglob("*.yaml") if "等锁之后" in p.read_text(encoding="utf-8")] == ["2024-2025.yaml"]


def test_a_writer_that_waited_too_long_refuses_and_writes_nothing(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When the lock stays held past the wait (cut short here), fmt refuses with PK711 and changes no file."""
    write_tree(tree, {"base.yaml": "units:\n    - {id: u-a, name: 甲, area: urban}\n"})
    monkeypatch.setattr(write, "LOCK_WAIT", 0.2)
    holder = _hold_lock(tree, 3)
    before = digest(tree)
    result = invoke(["fmt", str(tree)])
    holder.kill()
    holder.wait()
    assert_clean_exit(result, 1)
    assert "error[PK711]: 记录目录正被另一个 pairkit 命令修改（pid " in result.output
    assert "），等了 0.2 秒仍未结束" in result.output
    assert digest(tree) == before


def test_the_lock_of_a_killed_writer_is_free_at_once(tmp_path: Path) -> None:
    """The operating system releases the lock when its holder is killed: the next writer takes it at once, though
    the lock file is still there."""
    holder = _hold_lock(tmp_path, 30)
    holder.kill()
    holder.wait()
    assert (tmp_path / ".pairkit.lock").exists()
    started = time.monotonic()
    with records_lock(tmp_path, wait=5):
        assert time.monotonic() - started < 1
    assert not (tmp_path / ".pairkit.lock").exists()


# --- every command that writes ----------------------------------------------------------------------------------


def test_no_command_writes_through_a_link(tmp_path: Path) -> None:
    """report, export, list -o, schema -o, template export and init each refuse to write through a link (PK714),
    and the file the link points to is unchanged."""
    root = write_tree(tmp_path / "records", {"programme.yaml": PROGRAMME, "base.yaml": BASE})
    victim = tmp_path / "victim"
    victim.write_bytes(b"keep")
    commands = {
        "r.docx": ["report", str(root), "--year", "2024", "-o"],
        "l.xlsx": ["export", str(root), "--year", "2024", "-o"],
        "p.csv": ["list", "people", str(root), "-o"],
        "s.json": ["schema", "-o"],
    }
    for name, command in commands.items():
        link = tmp_path / name
        link.symlink_to(victim)
        result = invoke([*command, str(link)])
        assert_clean_exit(result, 1)
        assert f"{link}: error[PK714]: {link} {LINK}" in result.output, name
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "summary.md.j2").symlink_to(victim)
    assert_clean_exit(invoke(["template", "export", str(templates), "--force"]), 1)
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "README.md").symlink_to(tmp_path / "nowhere")  # a dangling link: init must not create its target
    result = invoke(["init", str(repo), "--force"])
    assert_clean_exit(result, 0)
    assert not (tmp_path / "nowhere").exists()
    assert victim.read_bytes() == b"keep"


def test_outputs_into_a_missing_folder_are_refused_the_default_folder_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """-o into a folder that does not exist is PK716 for report, export and list (a typo is likelier than a wish
    for a new folder); the default reports/ folder is made when missing."""
    root = write_tree(tmp_path / "records", {"programme.yaml": PROGRAMME, "base.yaml": BASE})
    for command in (
        ["report", str(root), "--year", "2024", "-o", str(tmp_path / "typo" / "r.docx")],
        ["export", str(root), "--year", "2024", "-o", str(tmp_path / "typo" / "l.xlsx")],
        ["list", "people", str(root), "-o", str(tmp_path / "typo" / "p.csv")],
    ):
        result = invoke(command)
        assert_clean_exit(result, 1)
        assert f"error[PK716]: 文件夹 {tmp_path / 'typo'} 不存在（或者不是文件夹）" in result.output
    assert not (tmp_path / "typo").exists()
    monkeypatch.chdir(tmp_path)
    assert_clean_exit(invoke(["export", str(root), "--year", "2024", "--allow-empty"]), 0)
    assert [p.suffix for p in (tmp_path / "reports").iterdir()] == [".xlsx"]
