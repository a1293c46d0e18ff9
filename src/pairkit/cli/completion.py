"""Shell completion: installing it (bash, zsh, PowerShell) and completing record IDs.

Completing ``--pairing``, ``--rule`` and ``--secondment`` reads the IDs straight from the record files' text
(``load.scan``): no validation, so it answers at once and still works while the records are broken.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from pairkit.cli.lang import both, pick
from pairkit.messages import Lang

SHELLS = ("bash", "zsh", "powershell")
_PROG, _VAR = "pairkit", "_PAIRKIT_COMPLETE"


def _records(ctx: Any) -> Path:
    """The records folder the command line names so far (``PATH`` or ``--records``), else ``records``."""
    for key in ("path", "records"):
        value = ctx.params.get(key) if ctx is not None else None
        if isinstance(value, Path | str) and str(value):
            return Path(value)
    return Path("records")


def _ids(ctx: Any, incomplete: str, section: str) -> list[tuple[str, str]]:
    from pairkit.load.scan import quick_ids

    try:
        root = _records(ctx)
        if not root.exists():
            return []
        return [(i, name) for i, name in quick_ids(root, section) if i.startswith(incomplete)]
    except Exception:  # completion must never print a traceback into the shell
        return []


def ids_of(section: str) -> Callable[[typer.Context, str], list[tuple[str, str]]]:
    """A completer of the IDs of ``section`` ("pairings", "units" …), with each record's name as its help."""

    def complete(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        return _ids(ctx, incomplete, section)

    return complete


pairings, rules, secondments = ids_of("pairings"), ids_of("rules"), ids_of("secondments")


def _detected() -> str | None:
    """The shell pairkit was started from: shellingham's answer, else $SHELL, else PowerShell on Windows."""
    try:
        import shellingham

        name = str(shellingham.detect_shell()[0])
    except Exception:
        name = Path(os.environ.get("SHELL", "")).name or ("powershell" if sys.platform == "win32" else "")
    name = name.lower().removesuffix(".exe")
    return "powershell" if name == "pwsh" else name or None


def install_or_show(shell: str | None, *, install: bool, lang: Lang) -> int:
    """Install the completion script for ``shell`` (detected when not given), or print it; the exit status."""
    from typer._completion_shared import get_completion_script
    from typer._completion_shared import install as install_script

    from pairkit.diagnostics import ExitStatus

    chosen = (shell or _detected() or "").lower()
    if chosen not in SHELLS:
        typer.echo(
            pick(
                both(
                    f"错误：不支持 {chosen or '这个'} shell；请用 --shell 指定 bash、zsh 或 powershell。",
                    f"error: the shell {chosen or '(unknown)'} is not supported; name bash, zsh or powershell "
                    "with --shell.",
                ),
                lang,
            ),
            err=True,
        )
        return ExitStatus.USAGE
    if not install:
        typer.echo(get_completion_script(prog_name=_PROG, complete_var=_VAR, shell=chosen))
        return ExitStatus.OK
    try:
        _, path = install_script(shell=chosen, prog_name=_PROG, complete_var=_VAR)
    except (OSError, typer.Exit, SystemExit) as err:
        reason = getattr(err, "strerror", None) or type(err).__name__
        typer.echo(
            pick(both(f"错误：无法安装补全：{reason}", f"error: cannot install completion: {reason}"), lang), err=True
        )
        return ExitStatus.PROBLEMS
    typer.echo(
        pick(
            both(
                f"已为 {chosen} 安装补全：{path}\n重新打开终端后生效。",
                f"{chosen} completion installed in {path}\nIt takes effect in a new terminal.",
            ),
            lang,
        )
    )
    return ExitStatus.OK
