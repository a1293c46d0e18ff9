"""`pairkit add` at a real terminal: a pseudo-terminal, keys typed one answer at a time, Ctrl-C as the tty sends it."""

from __future__ import annotations

import os
import select
import signal
import sys
import time
from pathlib import Path

import pytest

from conftest import BASE, PROGRAMME, digest, write_tree

pty = pytest.importorskip("pty")  # not on Windows

ACTIVITIES = "activities:\n  - date: 2024-10-15\n    pairing: pr-1\n    kind: 示范课\n    title: 《分数》示范课\n"


class Terminal:
    """A command running on a pseudo-terminal of its own (its controlling terminal, as in a shell window)."""

    def __init__(self, *args: str, cwd: Path) -> None:
        env = {**os.environ, "NO_COLOR": "1", "TERM": "xterm", "COLUMNS": "100"}
        env.pop("PAIRKIT_LANG", None)
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: becomes the command
            os.chdir(cwd)
            os.execve(sys.executable, [sys.executable, "-m", "pairkit", *args], env)
        self.seen = ""

    def expect(self, text: str, timeout: float = 60) -> str:
        """Read until ``text`` has appeared after what was already matched; the output up to it."""
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            left = deadline - time.monotonic()
            assert left > 0, f"waited for {text!r}; the terminal shows:\n{self.seen}"
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:  # the command ended
                    chunk = b""
                assert chunk, f"the command ended before {text!r}:\n{self.seen}"
                self.seen += chunk.decode("utf-8", "replace").replace("\r\n", "\n")
        before, _, self.seen = self.seen.partition(text)
        return before + text

    def type(self, answer: str) -> None:
        os.write(self.fd, answer.encode("utf-8") + b"\r")

    def finish(self, timeout: float = 60) -> tuple[int, str]:
        """Wait for the command to end: its exit status and the rest of its output."""
        deadline = time.monotonic() + timeout
        rest = self.seen
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.fd], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:
                    chunk = b""
                rest += chunk.decode("utf-8", "replace").replace("\r\n", "\n")
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                return os.waitstatus_to_exitcode(status), rest
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        raise AssertionError(f"the command did not end:\n{rest}")


@pytest.fixture
def records(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path / "records", {"programme.yaml": PROGRAMME, "base.yaml": BASE, "activities/2024-2025.yaml": ACTIVITIES}
    )


def test_a_wrong_date_is_asked_again_and_a_valid_record_is_written(records: Path) -> None:
    """In a terminal: the first date typed does not exist; pairkit says why and asks for the date again (and
    nothing else again); the other answers go in one by one; the record is shown and, after a yes, written; the
    records still validate."""
    term = Terminal("add", "activity", "--records", "records", cwd=records.parent)
    term.expect("编号 id（可不填）: ")
    term.type("")
    term.expect("日期 date（必填，年-月-日）: ")
    term.type("2025-02-30")
    said = term.expect("日期 date（必填，年-月-日）: ")
    assert "活动的日期 2025-02-30 不是有效的日期" in said
    term.type("2025-03-12")
    for question, answer in (
        ("天数 days", ""),
        ("所属结对 pairing", "1"),
        ("活动类型 kind", "示范课"),
        ("学科 subject", "数学"),
        ("帮扶内容 dimension", ""),
        ("主题 title", "《函数》示范课"),
        ("参与人员 people", "林慧"),
        ("参与人次 attendance", "40"),
        ("地点 location", ""),
        ("佐证材料 evidence", ""),
        ("典型活动 highlight", ""),
        ("备注 note", ""),
    ):
        said = term.expect(f"{question}（")
        assert "日期 date" not in said  # the date is not asked a third time
        term.expect(": ")
        term.type(answer)
    shown = term.expect("写入吗？ [Y/n]: ")
    assert "    people: [p-linhui]\n    attendance: 40\n" in shown
    term.type("y")
    status, rest = term.finish()
    assert status == 0, rest
    assert "已添加到 records/activities/2024-2025.yaml" in rest
    text = (records / "activities" / "2024-2025.yaml").read_text(encoding="utf-8")
    assert "  - date: 2025-03-12\n    pairing: pr-1\n    kind: 示范课\n    subject: 数学\n" in text


def test_ctrl_c_ends_it_in_the_users_language_with_nothing_written(records: Path) -> None:
    """Ctrl-C at a question (the terminal sends it as an interrupt): one sentence in the chosen language, no
    traceback, exit 1, every file as it was."""
    before = digest(records)
    for args, said in (
        (("add", "activity"), "已取消，没有写入任何文件。"),
        (("--lang", "en", "add", "activity"), "Cancelled"),
    ):
        term = Terminal(*args, "--records", "records", cwd=records.parent)
        term.expect("id")
        term.expect(": ")
        term.type("")
        term.expect("date")
        term.expect(": ")
        # A person's pause before the key: CPython's input() can miss an interrupt that arrives in the same
        # instant it starts reading (and then spins), which no hand on a keyboard is quick enough to cause.
        time.sleep(0.5)
        os.write(term.fd, b"\x03")
        status, rest = term.finish()
        assert status == 1, rest
        assert said in rest
        assert "Traceback" not in rest
        assert "Aborted" not in rest
    assert digest(records) == before
