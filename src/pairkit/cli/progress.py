"""Progress on long work: a bar on stderr, only at a terminal and when the work lasts over a second.

Never when piped or redirected, under CI (``CI=true``) or for machine output (``--format json|github``): those
readers want the result alone. Short work shows nothing at all, so a quick command never flickers. The bar is drawn
by rich, which honours NO_COLOR; rich is imported only once a bar is actually shown.
"""

from __future__ import annotations

import os
import sys
import threading
from types import TracebackType
from typing import Any

from pairkit.cli.lang import both, pick
from pairkit.messages import Lang

DELAY = 1.0  # seconds of work before a bar appears

STEPS = {
    "read": both("读取记录文件", "Reading record files"),
    "check": both("校验记录", "Checking the records"),
    "rules": both("检查指标", "Checking the rules"),
    "figures": both("统计数据", "Counting"),
    "document": both("生成文档", "Writing the document"),
    "save": both("保存文件", "Saving"),
    "format": both("整理格式", "Formatting"),
    "workbook": both("读取工作簿", "Reading the workbook"),
}


def wanted(machine_output: bool = False) -> bool:
    """A bar helps a person watching a terminal, and nobody else: not when the output goes into a pipe or a file
    (`pairkit check … | cat`), not in CI, not for machine output."""
    ci = os.environ.get("CI", "").lower() in ("true", "1", "yes")
    at_terminal = sys.stderr.isatty() and sys.stdout.isatty() and os.environ.get("TERM") != "dumb"
    return at_terminal and not ci and not machine_output


class Progress:
    """Told ``(step, done, total)`` as work goes (``pipeline.Progress``); shows a bar once ``DELAY`` has passed.

    Use as a context manager around the work; it is safe to call when disabled (it then does nothing).
    """

    def __init__(self, lang: Lang, *, enabled: bool) -> None:
        self.lang = lang
        self.enabled = enabled
        self._lock = threading.Lock()
        self._state: tuple[str, int, int | None] = ("", 0, None)
        self._bar: Any = None
        self._task: tuple[str, Any] | None = None  # the step shown and its task in the bar
        self._timer: threading.Timer | None = None
        self._done = False

    def __enter__(self) -> Progress:
        if self.enabled:
            self._timer = threading.Timer(DELAY, self._show)
            self._timer.daemon = True
            self._timer.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        with self._lock:
            self._done = True
            if self._timer is not None:
                self._timer.cancel()
            if self._bar is not None:
                self._bar.stop()
                self._bar = None

    def __call__(self, step: str, done: int = 0, total: int | None = None) -> None:
        """Work on ``step`` has reached ``done`` of ``total`` (no total, or 0: a step of unknown length)."""
        if not self.enabled:
            return
        with self._lock:
            self._state = (step, done, total)
            if self._bar is not None:
                self._update()

    def step(self, step: str) -> None:
        self(step)

    def _show(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn

        with self._lock:
            if self._done:
                return
            self._bar = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.fields[count]}"),
                console=Console(stderr=True),
                transient=True,
            )
            self._update()
            self._bar.start()

    def _update(self) -> None:
        """One task per step: a new step starts a new line of the bar (without a count when it has none)."""
        step, done, total = self._state
        if self._task is None or self._task[0] != step:
            if self._task is not None:
                self._bar.remove_task(self._task[1])
            words = pick(STEPS.get(step, step), self.lang)
            self._task = (step, self._bar.add_task(words, total=total or None, count=""))
        self._bar.update(self._task[1], completed=done, count=f"{done}/{total}" if total else "")


def progress(lang: Lang, *, machine_output: bool = False) -> Progress:
    return Progress(lang, enabled=wanted(machine_output))
