"""The command line: a thin layer that parses options, calls the library, renders, and picks an exit code."""

from __future__ import annotations

import gc
import io
import sys
from typing import Annotated

import typer

from pairkit import __version__
from pairkit.cli import add, check, fmt, init, ledger, report, schema, validate
from pairkit.diagnostics import ExitStatus
from pairkit.messages import Lang, default_lang

app = typer.Typer(
    name="pairkit",
    help="城乡学校结对帮扶记录的校验、指标检查与工作总结。Records, checks and reports for school pairing programmes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"pairkit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    lang: Annotated[
        Lang | None,
        typer.Option("--lang", help="消息语言 zh 或 en（也可设环境变量 PAIRKIT_LANG）。Message language."),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="显示版本。Show the version.")
    ] = False,
) -> None:
    ctx.obj = lang or default_lang()


app.command(name="validate")(validate.command)
app.command(name="report")(report.command)
app.add_typer(report.template_app, name="template")
app.command(name="check")(check.command)
app.command(name="export")(ledger.export_command)
app.command(name="import")(ledger.import_command)
app.command(name="fmt")(fmt.command)
app.command(name="schema")(schema.command)
app.command(name="init")(init.command)
app.add_typer(add.app, name="add")


def main() -> None:
    """Entry point: whatever happens, the user gets a sentence and an exit code, never a traceback."""
    # A command runs briefly and builds no reference cycles worth collecting, but may hold a province's records:
    # with hundreds of thousands of live objects every collection walks them all (it doubled `check` on a province).
    gc.disable()
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")  # a console that cannot show CJK must not crash us
    try:
        app()  # usage errors exit 2 inside; commands raise typer.Exit with their status
    except KeyboardInterrupt:
        typer.echo("已中断。Interrupted.", err=True)
        sys.exit(ExitStatus.USAGE)
    except Exception as err:  # the last line of defence; every known problem is reported before this
        typer.echo(f"pairkit 内部错误（internal error）：{type(err).__name__}: {err}", err=True)
        typer.echo("这是 pairkit 的缺陷，请把以上内容报告给维护者。Please report this.", err=True)
        sys.exit(ExitStatus.PROBLEMS)
