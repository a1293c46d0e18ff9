"""The command line: a thin layer that parses options, calls the library, renders, and picks an exit code.

Each command lives in its own module, imported only when that command is used (``commands.Root``): this module
imports typer and nothing of the records, so `pairkit --help` starts at once.
"""

from __future__ import annotations

import gc
import io
import sys
from typing import Annotated, ClassVar

import typer

from pairkit import __version__
from pairkit.cli.commands import Entry, Root
from pairkit.cli.lang import INTERRUPTED, both, current, pick, say
from pairkit.diagnostics import ExitStatus
from pairkit.messages import Lang, default_lang


class Pairkit(Root):
    entries: ClassVar[dict[str, Entry]] = {
        "validate": Entry(
            "pairkit.cli.validate:command",
            both(
                "校验记录：格式、字段、编号引用和日期是否一致，每个问题都指出文件、行和列。",
                "Check the records and report every problem with its file, line and column.",
            ),
        ),
        "check": Entry(
            "pairkit.cli.check:command",
            both(
                "检查指标：每条规则在各统计期、各对象的要求、完成数和状态。",
                "Check the rules and quotas: required, done and status per period and scope.",
            ),
        ),
        "status": Entry(
            "pairkit.cli.status:command",
            both(
                "一屏看清：本学期各结对的指标进度，有风险和未达标的事项及补救所需。",
                "At a glance: each pairing's progress this term, and what is at risk or missed.",
            ),
        ),
        "list": Entry(
            "pairkit.cli.listing:command",
            both(
                "列出记录：单位、人员、结对、选派、活动、学生、获奖、规则……，可筛选，可导出 CSV。",
                "List records of one kind, filtered, as a table, JSON or CSV.",
            ),
        ),
        "report": Entry(
            "pairkit.cli.report:command",
            both("生成 Word 工作总结或任教情况表。", "Write the Word summary report, or one teacher's form."),
        ),
        "template": Entry(
            "pairkit.cli.report:template_app",
            both("报告模板：导出默认模板以便按本单位要求修改。", "Report templates: copy them out to adapt them."),
        ),
        "export": Entry(
            "pairkit.cli.ledger:export_command",
            both(
                "导出 Excel 台账（汇总、结对、选派、活动、捐赠、师徒、指标）或空白登记表。",
                "Export the ledger workbook, or a blank form for schools to fill in.",
            ),
        ),
        "import": Entry(
            "pairkit.cli.ledger:import_command",
            both(
                "把学校填写的 Excel 台账导入记录：先与全部记录一起校验，有错误时不写入。",
                "Import a workbook into records, validated with all records first; nothing is written on errors.",
            ),
        ),
        "fmt": Entry(
            "pairkit.cli.fmt:command",
            both(
                "整理记录文件的格式（缩进、字段顺序、引号、日期），保留全部注释。",
                "Lay out record files canonically, keeping every comment.",
            ),
        ),
        "add": Entry(
            "pairkit.cli.add:app",
            both(
                "新增一条记录：先与全部记录一起校验，再写入文件。",
                "Add a record, validated with all records before it is written.",
            ),
        ),
        "schema": Entry(
            "pairkit.cli.schema:command",
            both(
                "输出记录文件的 JSON Schema，供 VS Code 等编辑器补全和检查字段。",
                "Print the JSON Schema of record files, for editors to complete and check fields.",
            ),
        ),
        "init": Entry(
            "pairkit.cli.init:command",
            both(
                "新建记录仓库：项目设置、示例记录、CI 检查和提交前检查。",
                "Create a new records repository with examples, CI and pre-commit checks.",
            ),
        ),
    }


app = typer.Typer(
    name="pairkit",
    cls=Pairkit,
    help=both(
        "城乡学校结对帮扶记录的校验、指标检查与工作总结。",
        "Records, checks and reports for school pairing programmes.",
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    invoke_without_command=True,
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
        typer.Option(
            "--lang",
            metavar="[zh|en]",
            help=both(
                "消息语言 zh 或 en（也可设环境变量 PAIRKIT_LANG）。", "Language: zh or en (or set PAIRKIT_LANG)."
            ),
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help=both("显示版本。", "Show the version."))
    ] = False,
    install_completion: Annotated[
        bool,
        typer.Option(
            "--install-completion",
            help=both(
                "为当前的 shell（bash、zsh 或 PowerShell）安装命令补全，可用 --shell 指定。",
                "Install completion for the current shell (bash, zsh or PowerShell; or name it with --shell).",
            ),
        ),
    ] = False,
    show_completion: Annotated[
        bool,
        typer.Option(
            "--show-completion",
            help=both("显示补全脚本，以便自行安装。", "Print the completion script, to install it yourself."),
        ),
    ] = False,
    shell: Annotated[
        str | None,
        typer.Option(
            "--shell",
            metavar="[bash|zsh|powershell]",
            help=both("补全脚本用于哪种 shell（默认自动识别）。", "The shell to complete in (default: detected)."),
        ),
    ] = None,
) -> None:
    ctx.obj = lang or default_lang()
    if install_completion or show_completion:
        from pairkit.cli.completion import install_or_show

        raise typer.Exit(install_or_show(shell, install=install_completion, lang=ctx.obj))
    if ctx.invoked_subcommand is None:
        from typer._click.exceptions import NoArgsIsHelpError

        raise NoArgsIsHelpError(ctx)


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
        typer.echo(pick(INTERRUPTED, current()), err=True)
        sys.exit(ExitStatus.USAGE)
    except Exception as err:  # the last line of defence; every known problem is reported before this
        problem = f"{type(err).__name__}: {err}"
        typer.echo(say(f"pairkit 内部错误：{problem}", f"pairkit internal error: {problem}"), err=True)
        typer.echo(
            say("这是 pairkit 的缺陷，请把以上内容报告给维护者。", "This is a bug in pairkit: please report it."),
            err=True,
        )
        sys.exit(ExitStatus.PROBLEMS)
