"""Rendering diagnostics: the one place that turns them into text, JSON or GitHub annotations.

What comes from the files — their names, the values quoted in messages, the source lines of excerpts — is shown so
that it cannot forge output: control characters are escaped (a file name with a newline cannot start a second
diagnostic line), personal numbers are masked, and excerpts are read only from files inside the records folder.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from pathlib import Path

import typer

from pairkit.cli.common import Format, ProblemFormat, paint, printable
from pairkit.diagnostics import Diagnostic, Severity
from pairkit.load.files import MAX_BYTES, boundary, inside, read_bounded
from pairkit.messages import Lang, text
from pairkit.personal import mask_line
from pairkit.pipeline import Findings

__all__ = ["Format", "ProblemFormat", "code_quality", "headline", "show_diagnostics", "tally"]

_SEVERITY_ZH = {Severity.ERROR: "错误", Severity.WARNING: "警告"}


def headline(diag: Diagnostic, lang: Lang) -> str:
    """``file:line:col: severity[CODE]: message (hint: …)``, the line editors and CI jump to; a workbook cell
    reads ``台账.xlsx!活动台账!D17: …``."""
    where = f"{diag.where}: " if diag.where else ""
    return printable(f"{where}{diag.severity}[{diag.code}]: {with_hint(*text(diag, lang), lang)}")


def with_hint(message: str, hint: str, lang: Lang) -> str:
    """``message（提示：hint）``, or ``message (hint: hint)`` in English."""
    if not hint:
        return message
    return f"{message}（提示：{hint}）" if lang is Lang.ZH else f"{message} (hint: {hint})"


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


_EXCERPT_CHARS = 80  # a minified or junk line is cut to a window around the column


def excerpt(diag: Diagnostic, lines: list[str] | None) -> list[str]:
    """The offending source line with a caret under the column (hledger-style)."""
    if not lines or not 1 <= diag.line <= len(lines):
        return []
    raw = mask_line(lines[diag.line - 1].rstrip("\r\n").replace("\t", " "))
    cut = max(diag.column - 1, 0)
    head = printable(raw[:cut])  # escaped apart, so that the caret stays under the column
    source, column = head + printable(raw[cut:]), len(head)
    start = max(0, column - _EXCERPT_CHARS // 2)
    shown = source[start : start + _EXCERPT_CHARS]
    prefix, suffix = ("…" if start else ""), ("…" if start + _EXCERPT_CHARS < len(source) else "")
    gutter = f"{diag.line:>5} | "
    caret = " " * _width(prefix + source[start:column]) + "^"
    return [gutter + prefix + shown + suffix, " " * (len(gutter) - 2) + "| " + caret]


def _read_lines(file: str, folder: Path | None) -> list[str] | None:
    """The lines of a record file for excerpts: only a regular file inside ``folder`` (the records folder; without
    one, only a file that is not a link), read within the size limit."""
    path = Path(file)
    try:
        if not inside(path, folder) if folder is not None else path.is_symlink():
            return None
        return read_bounded(path, MAX_BYTES).decode("utf-8-sig", errors="replace").splitlines()
    except OSError:
        return None


def tally(outcome: Findings, lang: Lang) -> str:
    errors, warnings = outcome.count(Severity.ERROR), outcome.count(Severity.WARNING)
    if lang is Lang.ZH:
        return f"{errors} 个错误，{warnings} 个警告，共 {outcome.file_count} 个文件"
    plural = "" if errors == 1 else "s"
    wplural = "" if warnings == 1 else "s"
    fplural = "" if outcome.file_count == 1 else "s"
    return f"{errors} error{plural}, {warnings} warning{wplural} in {outcome.file_count} file{fplural}"


def _github_escape(s: str, *, prop: bool = False) -> str:
    s = printable(s, keep="\r\n").replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return s.replace(":", "%3A").replace(",", "%2C") if prop else s


def show_diagnostics(outcome: Findings, fmt: Format | ProblemFormat, lang: Lang) -> None:
    diags = outcome.diagnostics
    if fmt == "json":
        items = []
        for d in diags:
            message, hint = text(d, lang)
            item: dict[str, object] = {
                "file": d.file,
                "line": d.line,
                "column": d.column,
                "severity": str(d.severity),
                "code": d.code,
                "message": message,
                "hint": hint,
            }
            if d.place:  # a workbook cell: line and column are its row and column numbers
                item["place"] = d.place
            items.append(item)
        typer.echo(json.dumps(items, ensure_ascii=False, indent=2))
        typer.echo(tally(outcome, lang), err=True)
        return
    if fmt == "gitlab":
        typer.echo(json.dumps(code_quality(diags, lang), ensure_ascii=False, indent=2))
        typer.echo(tally(outcome, lang), err=True)
        return
    out = _Lines()
    if fmt == "github":
        for d in diags:
            message, hint = text(d, lang)
            level = "error" if d.is_error else "warning"
            props = f"file={_github_escape(d.file, prop=True)},line={d.line},col={d.column},title={d.code}"
            body = (f"{d.place}: " if d.place else "") + message + (" — " + hint if hint else "")
            out.add(f"::{level} {props}::{_github_escape(body)}")
        out.add(tally(outcome, lang))
        out.flush()
        return
    cache: dict[str, list[str] | None] = {}
    folder = boundary(outcome.root) if outcome.root is not None else None
    for d in diags:
        colour = "red" if d.is_error else "yellow"
        out.add(paint(headline(d, lang), fg=colour))
        if d.place or not d.line or d.code < "PK100":  # a cell, an option, or a file that could not be read
            continue
        if d.file not in cache:
            cache[d.file] = _read_lines(d.file, folder)
        out.add(*excerpt(d, cache[d.file]))
    out.add(paint(tally(outcome, lang), fg="red" if outcome.has_errors else "green", bold=True))
    out.flush()


class _Lines:
    """Output lines written a thousand at a time: echoing each of a few hundred thousand lines alone costs
    seconds."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)
        if len(self.lines) >= 1000:
            self.flush()

    def flush(self) -> None:
        if self.lines:
            typer.echo("\n".join(self.lines))
            self.lines.clear()


def code_quality(diagnostics: list[Diagnostic], lang: Lang) -> list[dict[str, object]]:
    """GitLab Code Quality issues (https://docs.gitlab.com/ci/testing/code_quality/): merge requests show them
    beside the lines they name. A fingerprint identifies an issue across runs: it leaves out the line, so a problem
    that moves down when lines are added above it is still the same problem, and counts repeats of one message."""
    seen: dict[tuple[str, str, str], int] = {}
    out: list[dict[str, object]] = []
    for d in diagnostics:
        message, hint = text(d, lang)
        key = (d.file, d.code, message)
        seen[key] = seen.get(key, 0) + 1
        fingerprint = hashlib.sha256("\0".join((*key, str(seen[key]))).encode("utf-8")).hexdigest()
        out.append(
            {
                "description": f"[{d.code}] {with_hint(message, hint, lang)}",
                "check_name": d.code,
                "fingerprint": fingerprint,
                "severity": "major" if d.is_error else "minor",
                "location": {"path": Path(d.file).as_posix(), "lines": {"begin": max(d.line, 1)}},
            }
        )
    return out
