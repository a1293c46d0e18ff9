"""Nothing a file or a user does can hang pairkit, crash it, lose a record or leak what it should not.

Each case seen when pairkit was tried as an adversarial user would, run through the commands: the exact answer
(code, message, location), and that nothing changed. The big cases (100,000 keys, 20,000 bad references, a 4.9 MB
file) are measured in ``benchmarks/bench_hostile.py``; the one the suite keeps is the 100,000-key file.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import BASE, PROGRAMME, Found, assert_clean_exit, diagnose, digest, invoke, write_tree
from pairkit.load.files import NotRegular, read_bounded
from pairkit.messages import Lang

ACTIVITY = """\
activities:
  - date: 2024-10-15
    pairing: pr-1
    kind: 示范课
    title: 《分数》示范课
"""
ADD = ["--date", "2024-11-20", "--pairing", "pr-1", "--kind", "示范课", "--title", "新课"]
PK005_FIFO = "这是命名管道（FIFO），不是普通文件，没有读取"
PK006 = "这是指向记录目录之外的快捷方式（符号链接），没有读取"
PK007 = "这是循环指向自身的快捷方式（符号链接），无法读取"


def _tree(root: Path) -> Path:
    return write_tree(root, {"programme.yaml": PROGRAMME, "base.yaml": BASE, "activities.yaml": ACTIVITY})


def _add(tree: Path, *extra: str) -> list[str]:
    return ["add", "activity", "--records", str(tree), *ADD, *extra]


# --- only regular files inside the tree are read ----------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_named_like_a_record_file_is_reported_within_a_second(tree: Path) -> None:
    """`mkfifo records/x.yaml; pairkit validate records` answers at once with PK005 at x.yaml (a FIFO opened for
    reading would wait for a writer for ever); so does every other command that reads the records."""
    _tree(tree)
    os.mkfifo(tree / "x.yaml")
    started = time.monotonic()
    result = invoke(["validate", str(tree)])
    assert time.monotonic() - started < 1
    assert_clean_exit(result, 1)
    assert result.output.splitlines()[0] == (
        f"{tree / 'x.yaml'}:1:1: error[PK005]: {PK005_FIFO}"
        "（提示：记录文件必须是普通的 .yaml 文本文件：把它移出记录目录，或改一个不以 .yaml 结尾的名字）"
    )
    for command in (
        ["check", str(tree), "--year", "2024"],
        ["list", "activities", str(tree)],
        ["status", str(tree)],
        ["fmt", str(tree)],
        ["fmt", str(tree / "x.yaml")],
        _add(tree),
    ):
        result = invoke(command)
        assert_clean_exit(result, 1)
        assert f"{tree / 'x.yaml'}:1:1: error[PK005]: {PK005_FIFO}" in result.output, command


def test_a_device_is_never_read(tmp_path: Path) -> None:
    """Reading /dev/zero (a device that never ends) stops before a byte is read: it is not a regular file."""
    with pytest.raises(NotRegular):
        read_bounded(Path("/dev/zero"))


def test_links_leading_out_of_the_tree_are_reported_and_not_followed(tree: Path) -> None:
    """A link to /dev/zero, to /etc/passwd or to a folder elsewhere is PK006 and nothing of its target is read or
    printed; a link that stays inside is read (once: a link to a file read anyway adds nothing); a folder named
    like a record file is PK005; links in a loop are PK007."""
    _tree(tree)
    (tree / "zero.yaml").symlink_to("/dev/zero")
    (tree / "pw.yaml").symlink_to("/etc/passwd")
    (tree / "elsewhere").symlink_to(tree.parent)
    (tree / "again.yaml").symlink_to("base.yaml")
    (tree / "folder.yaml").mkdir()
    (tree / "a.yaml").symlink_to("b.yaml")
    (tree / "b.yaml").symlink_to("a.yaml")
    before = digest(tree)
    assert diagnose(tree, {}) == [
        Found("a.yaml", 1, 1, "PK007", "error", PK007),
        Found("b.yaml", 1, 1, "PK007", "error", PK007),
        Found("elsewhere", 1, 1, "PK006", "error", PK006),
        Found("folder.yaml", 1, 1, "PK005", "error", "这是文件夹，不是普通文件，没有读取"),
        Found("pw.yaml", 1, 1, "PK006", "error", PK006),
        Found("zero.yaml", 1, 1, "PK006", "error", PK006),
    ]
    result = invoke(["validate", str(tree)])
    assert "root:x" not in result.output
    assert result.output.count("\n") == 7  # six lines and the tally: no excerpt of anything
    assert digest(tree) == before


def test_fmt_leaves_a_link_to_etc_passwd_as_it_was(tree: Path) -> None:
    """`ln -s /etc/passwd records/pw.yaml; pairkit fmt records`: the link is still the same link, /etc/passwd is
    untouched, and fmt says why it left it (PK006); validate prints nothing of /etc/passwd."""
    _tree(tree)
    (tree / "pw.yaml").symlink_to("/etc/passwd")
    passwd = Path("/etc/passwd").read_bytes()
    result = invoke(["fmt", str(tree)])
    assert_clean_exit(result, 1)
    assert f"{tree / 'pw.yaml'}:1:1: error[PK006]: {PK006}" in result.output
    assert (tree / "pw.yaml").is_symlink()
    assert os.readlink(tree / "pw.yaml") == "/etc/passwd"
    assert Path("/etc/passwd").read_bytes() == passwd
    validated = invoke(["validate", str(tree)])
    assert "root:x" not in validated.output
    assert passwd.decode(errors="replace").splitlines()[0] not in validated.output


def test_a_link_loop_in_fmt_and_add_is_reported_not_a_crash(tree: Path) -> None:
    """Links in a loop stop neither fmt (PK007, the other files formatted) nor add (PK007, refused, nothing
    written), and no command ends in an internal error."""
    _tree(tree)
    (tree / "a.yaml").symlink_to("b.yaml")
    (tree / "b.yaml").symlink_to("a.yaml")
    before = digest(tree)
    into_the_loop = [*_add(tree), "--file", str(tree / "a.yaml")]
    for command in (["fmt", str(tree)], _add(tree), into_the_loop):
        result = invoke(command)
        assert_clean_exit(result, 1)
        assert "内部错误" not in result.output
        assert f"error[PK007]: {PK007}" in result.output, command
    assert digest(tree) == before


def test_a_file_name_with_control_characters_cannot_forge_a_line(tree: Path) -> None:
    """A file named with a newline and a terminal escape is one diagnostic line in text (escaped), a valid JSON
    string naming the real file, and one GitHub annotation (%0A)."""
    _tree(tree)
    name = "x\nfake.yaml:1:1: error[PK999]: forged\x1b[2J.yaml"
    (tree / name).write_text("units: [", encoding="utf-8")
    text = invoke(["validate", str(tree)]).output
    head = f"{tree}/x\\nfake.yaml:1:1: error[PK999]: forged\\x1b[2J.yaml:1:9: error[PK101]"
    assert next(line for line in text.splitlines() if "PK101" in line).startswith(head)
    assert "\x1b" not in text
    assert not any(line.startswith("fake.yaml") for line in text.splitlines())
    items = json.loads(invoke(["validate", str(tree), "--format", "json"]).stdout)
    assert [i["file"] for i in items] == [str(tree / name)]
    github = invoke(["validate", str(tree), "--format", "github"]).stdout.splitlines()
    assert len(github) == 2
    assert github[0].startswith(f"::error file={tree}/x%0Afake.yaml%3A1%3A1%3A error[PK999]%3A forged\\x1b[2J.yaml,")


def test_an_unreadable_folder_is_located_at_its_first_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A sub-folder that cannot be listed is PK001 at 1:1 in every format (not at :0:0), first: the missing
    programme settings it may hold are held back behind it (PK042); simulated, as the tests run as root."""
    real = os.scandir
    locked = tmp_path / "locked"
    locked.mkdir()

    def scandir(path: str) -> object:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert diagnose(tmp_path, {}) == [
        Found("locked", 1, 1, "PK001", "error", "无法读取文件：没有读取权限"),
        Found(
            "locked", 1, 1, "PK042", "warning", "另有 1 个问题暂不列出：项目设置可能就在这个没能打开的文件或文件夹里"
        ),
    ]
    assert json.loads(invoke(["validate", str(tmp_path), "-f", "json", "--no-cache"]).stdout)[0]["line"] == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_the_cache_is_read_like_the_records(tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cache entries are read bounded and never through a link: FIFOs planted where every entry of a first run was
    are passed over (no hang, the same diagnostics), and a cache folder that is a link is not used at all."""
    _tree(tree)
    (tree / "bad.yaml").write_text("units: [", encoding="utf-8")
    cache = tmp_path / "planted"
    monkeypatch.setenv("PAIRKIT_CACHE_DIR", str(cache))
    first = invoke(["validate", str(tree)])
    entries = [p for p in cache.rglob("*") if p.is_file() and not p.name.startswith((".", "CACHEDIR"))]
    assert entries
    for entry in entries:
        entry.unlink()
        os.mkfifo(entry)
    assert invoke(["validate", str(tree)]).output == first.output
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.setenv("PAIRKIT_CACHE_DIR", str(tmp_path / "link"))
    (tmp_path / "link").symlink_to(elsewhere)
    assert invoke(["validate", str(tree)]).output == first.output
    assert list(elsewhere.iterdir()) == []


# --- every parser failure is a located diagnostic ---------------------------------------------------------------


def test_a_comment_between_a_key_and_its_value_is_read_and_fmt_explains_why_it_leaves_it(tree: Path) -> None:
    """`title:    # 主题` / `# 写全称` / the value, then blank lines (where ruamel's round-trip comment handling
    failed with "overlap in comment"): validate reads it and locates other problems in it; fmt leaves it as it is
    with a located PK701 in Chinese, no internal error."""
    content = (
        "activities:\n  - date: 2024-10-15\n    pairing: pr-9\n    kind: 示范课\n    title:    # 主题\n"
        "              # 写全称\n      《函数的单调性》示范课\n\n\n\n"
    )
    write_tree(tree, {"programme.yaml": PROGRAMME, "base.yaml": BASE, "a.yaml": content})
    before = digest(tree)
    assert diagnose(tree, {}) == [
        Found("a.yaml", 3, 14, "PK302", "error", "找不到编号为 pr-9 的结对，是不是 pr-1？"),
    ]
    result = invoke(["fmt", str(tree / "a.yaml")])
    assert_clean_exit(result, 1)
    assert result.output.splitlines()[0] == (
        f"{tree / 'a.yaml'}:5:15: error[PK701]: 无法整理此文件的格式：注释夹在字段名和它的值之间，整理格式时无法保留"
        "它的位置，文件没有改动；把注释移到字段的上一行或行尾"
        "（提示：先按 pairkit validate 的提示改正这一处，再运行 pairkit fmt）"
    )
    assert digest(tree) == before


def test_a_number_too_long_for_python_to_print_is_located(tree: Path) -> None:
    """`attendance: 0x` followed by 4,000 f (beyond Python's limit on printing digits) is PK209 at the value."""
    content = ACTIVITY + "    attendance: 0x" + "f" * 4000 + "\n"
    assert diagnose(tree, {"programme.yaml": PROGRAMME, "base.yaml": BASE, "activities.yaml": content}) == [
        Found("activities.yaml", 6, 17, "PK209", "error", "活动的参与人次 一个位数极多的数 超出范围（应 ≤ 100000）"),
    ]


def test_a_yaml_1_3_directive_is_read_as_the_specification_says(tree: Path) -> None:
    """`%YAML 1.3` (a later minor version: to be read with a warning, the specification says) is no internal
    error: the file is read; a stray `%YAML 2.0` is refused at its line."""
    assert diagnose(tree, {"programme.yaml": PROGRAMME, "base.yaml": "%YAML 1.3\n---\n" + BASE}) == []
    assert [(f.file, f.line, f.code) for f in diagnose(tree, {"base.yaml": "%YAML 2.0\n---\n" + BASE})] == [
        ("base.yaml", 1, "PK101")
    ]


def test_a_file_with_a_hundred_thousand_keys_validates_in_seconds(tree: Path) -> None:
    """A 1.3 MB file of 100,000 unknown sections validates in under 10 s (positions are found in one pass, and
    "did you mean" is given for the first few only), every one located."""
    (tree / "keys.yaml").write_text("".join(f"k{i}: {i}\n" for i in range(100_000)), encoding="utf-8")
    (tree / "programme.yaml").write_text(PROGRAMME, encoding="utf-8")
    started = time.monotonic()
    result = invoke(["validate", str(tree), "--no-cache"])
    assert time.monotonic() - started < 10
    assert_clean_exit(result, 1)
    lines = result.output.splitlines()
    assert lines[0].startswith(f"{tree / 'keys.yaml'}:1:1: error[PK106]: 未知的分类 k0（提示：可用的分类：")
    assert lines[-4].startswith(f"{tree / 'keys.yaml'}:100000:1: error[PK106]: 未知的分类 k99999（")
    assert lines[-1] == "100000 个错误，0 个警告，共 2 个文件"


# --- writes: the lock, refusals, links, kills ---------------------------------------------------------------------


def _unformatted(root: Path, files: int = 40) -> None:
    """A tree whose activity files all need formatting (extra spaces after the colons), so fmt takes a while."""
    _tree(root)
    body = "".join(
        f"  - date:   2024-10-{d:02d}\n    pairing:   pr-1\n    kind:   示范课\n    title:   课{d}\n"
        for d in range(1, 29)
    )
    for i in range(files):
        (root / f"a{i:02d}.yaml").write_text("activities:\n" + body, encoding="utf-8")


def _pairkit(*args: str) -> list[str]:
    return [sys.executable, "-m", "pairkit", *args]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX process handling")
def test_add_while_fmt_runs_keeps_the_record_twenty_times_out_of_twenty(tmp_path: Path) -> None:
    """`pairkit add` started while `pairkit fmt` rewrites the same tree (it holds the records lock): add waits for
    fmt, then plans again from the formatted files; the added record is there afterwards, 20 runs out of 20, and
    every file is formatted."""
    env = {**os.environ, "PAIRKIT_LANG": "zh", "PAIRKIT_CACHE_DIR": str(tmp_path / "cache")}
    for run in range(20):
        root = tmp_path / f"run{run}"
        _unformatted(root, files=8)
        fmt = subprocess.Popen(_pairkit("fmt", str(root)), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        while not (root / ".pairkit.lock").exists() and fmt.poll() is None:
            time.sleep(0.005)
        title = f"并发添加{run}"
        added = subprocess.run(
            _pairkit(*_add(root)[:-1], title), env=env, capture_output=True, text=True, timeout=120, check=False
        )
        fmt.communicate(timeout=120)
        assert (fmt.returncode, added.returncode) == (0, 0), added.stderr
        kept = [p.name for p in root.glob("*.yaml") if title in p.read_text(encoding="utf-8")]
        assert len(kept) == 1, run
        assert invoke(["fmt", str(root), "--check"]).exit_code == 0
        assert not (root / ".pairkit.lock").exists()


@pytest.mark.parametrize(
    ("name", "content", "code", "line"),
    [
        ("tab.yaml", "units:\n\t- id: u-x\n", "PK101", 2),
        ("gbk.yaml", "units:\n  - id: u-x\n    name: 镇中心小学\n".encode("gbk"), "PK002", 3),
        ("nul.yaml", b"units:\n  - id: u-x\x00\n", "PK003", 2),
        ("cut.yaml", 'units:\n  - id: u-x\n    name: "镇中心', "PK101", 3),
    ],
)
def test_add_refuses_while_another_record_file_fails_to_load(
    tree: Path, name: str, content: str | bytes, code: str, line: int
) -> None:
    """`pairkit add` when another record file has a tab, is GBK, holds NUL bytes or was cut short: exit 1, the
    file's problem shown at its line, and nothing written."""
    write_tree(_tree(tree), {name: content})
    before = digest(tree)
    result = invoke(_add(tree))
    assert_clean_exit(result, 1)
    assert f"{tree / name}:{line}:" in result.output
    assert f"error[{code}]" in result.output
    assert result.output.splitlines()[-1] == "记录有错误，请先改正（pairkit validate），没有改动任何文件。"
    assert digest(tree) == before


def test_report_output_through_a_link_is_refused_and_modes_are_kept(tmp_path: Path) -> None:
    """`report -o` naming a link is PK714 before any work, and the link and its target are unchanged (no
    world-writable copy); a report written over an existing one keeps that file's mode, a new one gets the
    usual mode (0666 less the umask)."""
    root = _tree(tmp_path / "records")
    target = tmp_path / "target.docx"
    target.write_bytes(b"old")
    target.chmod(0o666)
    link = tmp_path / "link.docx"
    link.symlink_to(target)
    result = invoke(["report", str(root), "--year", "2024", "-o", str(link)])
    assert_clean_exit(result, 1)
    assert result.output.splitlines()[0] == (
        f"{link}: error[PK714]: {link} 是快捷方式（符号链接），pairkit 不通过链接写入，没有写入"
        "（提示：写到另一个文件名，或先删除这个链接）"
    )
    assert link.is_symlink()
    assert target.read_bytes() == b"old"
    umask = os.umask(0o022)
    os.umask(umask)
    new = tmp_path / "new.docx"
    assert_clean_exit(invoke(["report", str(root), "--year", "2024", "-o", str(new)]), 0)
    assert new.stat().st_mode & 0o777 == 0o666 & ~umask
    new.chmod(0o600)
    assert_clean_exit(invoke(["report", str(root), "--year", "2024", "-o", str(new)]), 0)
    assert new.stat().st_mode & 0o777 == 0o600


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_kill_at_any_moment_leaves_every_file_whole_and_the_next_run_cleans_up(tmp_path: Path) -> None:
    """`kill -9` of `pairkit fmt` at ten moments of its run: every file is either as it was or fully formatted,
    never half written; the next run removes the temporary files left behind (.NAME.PID-….pairkit-tmp) and is not
    stopped by the lock file of the killed run."""
    root = tmp_path / "records"
    _unformatted(root, files=20)
    old = {p.name: p.read_bytes() for p in root.glob("*.yaml")}
    env = {**os.environ, "PAIRKIT_CACHE_DIR": str(tmp_path / "cache")}
    assert_clean_exit(invoke(["fmt", str(root)]), 0)
    new = {p.name: p.read_bytes() for p in root.glob("*.yaml")}
    for delay in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.2, 1.5):
        for name, data in old.items():
            (root / name).write_bytes(data)
        fmt = subprocess.Popen(
            _pairkit("fmt", str(root)), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(delay)
        fmt.send_signal(signal.SIGKILL)
        fmt.wait()
        for name in old:
            assert (root / name).read_bytes() in (old[name], new[name]), (delay, name)
    stale = root / f".a00.yaml.{_dead_pid()}-0123abcd.pairkit-tmp"
    stale.write_bytes(b"half")
    assert_clean_exit(invoke(["fmt", str(root)]), 0)
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".")) == []
    assert {p.name: p.read_bytes() for p in root.glob("*.yaml")} == new


def _dead_pid() -> int:
    """A process ID no process has now."""
    pid = 4_000_000
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except PermissionError:
            pass
        pid += 1


# --- output cannot leak -------------------------------------------------------------------------------------------


def test_numbers_that_look_like_an_id_or_a_phone_are_masked_in_messages_and_excerpts(tree: Path) -> None:
    """`attendance: 13800138000` (a phone number typed in the wrong field) is PK209 with the number masked, in the
    message and in the source line shown; an ID number in the line of another problem is masked in its excerpt;
    neither is printed in full in any format."""
    content = ACTIVITY + "    attendance: 13800138000\n    身份证: 110101199003077774\n"
    write_tree(tree, {"programme.yaml": PROGRAMME, "base.yaml": BASE, "activities.yaml": content})
    result = invoke(["validate", str(tree)])
    assert result.output.splitlines()[:6] == [
        f"{tree / 'activities.yaml'}:6:17: error[PK209]: 活动的参与人次 138****8000 超出范围（应 ≤ 100000）"
        "（提示：检查数字是否多写或少写了一位）",
        "    6 |     attendance: 138****8000",
        "      |                 ^",
        f"{tree / 'activities.yaml'}:7:5: error[PK203]: 活动中有未知字段 身份证"
        "（提示：可用的字段：id, date, days, pairing, kind, subject, dimension, title, people, attendance, location, "
        "evidence, highlight, note）",
        "    7 |     身份证: 110101********7774",
        "      |     ^",
    ]
    for fmt in ("text", "json", "github"):
        shown = invoke(["validate", str(tree), "-f", fmt]).output
        assert "13800138000" not in shown
        assert "110101199003077774" not in shown


def test_english_output_masks_the_same_way(tree: Path) -> None:
    """With --lang en the masked number reads the same."""
    content = ACTIVITY + "    attendance: 13800138000\n"
    found = diagnose(tree, {"programme.yaml": PROGRAMME, "base.yaml": BASE, "activities.yaml": content}, Lang.EN)
    assert [f.message for f in found] == ["activity attendance 138****8000 is out of range (must be ≤ 100000)"]
