"""`pairkit report`: the Word summary (工作总结) or one teacher's form; `pairkit template export`: the templates."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from pairkit.cli.common import (
    AsOfOption,
    FromOption,
    HalfOption,
    RecordsPath,
    ToOption,
    YearOption,
    fail_usage,
    parse_day,
    period_of,
    require_known,
    require_one_period,
    require_path,
)
from pairkit.cli.output import Format, headline, show_diagnostics
from pairkit.diagnostics import Diagnostic, ExitStatus, Severity
from pairkit.messages import Lang, text
from pairkit.model.periods import Calendar
from pairkit.pipeline import validate_tree

REPORTS = Path("reports")
ANNEX_CHOICES = ("brief", "full")  # the same as pairkit.report.make.ANNEX_CHOICES, without importing the report
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def _file_name(title: str) -> str:
    return _UNSAFE_NAME.sub("_", title) + ".docx"


def _show(diagnostics: list[Diagnostic], lang: Lang) -> None:
    """Located problems (a template line) as ``file:line:col: …``; the others without a position of 0:0."""
    for d in diagnostics:
        line = headline(d, lang)
        if not d.line:
            message, hint = text(d, lang)
            hint_part = (f"（提示：{hint}）" if lang is Lang.ZH else f" (hint: {hint})") if hint else ""
            line = f"{d.severity}[{d.code}]: {message}{hint_part}"
            line = f"{d.file}: {line}" if d.file else line
        typer.echo(typer.style(line, fg="red" if d.is_error else "yellow"), err=True)


def command(
    ctx: typer.Context,
    path: RecordsPath = Path("records"),
    year: YearOption = None,
    term: Annotated[str | None, typer.Option("--term", help="学期，如 2025-1、2025秋、2026春。A term.")] = None,
    half: HalfOption = None,
    start: FromOption = None,
    end: ToOption = None,
    pairing: Annotated[
        str | None, typer.Option("--pairing", "-p", help="只总结这一结对（结对编号）。Report on one pairing.")
    ] = None,
    secondment: Annotated[
        str | None,
        typer.Option("--secondment", help="生成这次选派的《城镇教师到农村学校任教情况表》。One teacher's form."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="输出的 .docx 文件（默认在 reports/ 下按标题命名）。Output file."),
    ] = None,
    template: Annotated[
        Path | None,
        typer.Option("--template", "-t", help="自定义模板目录（见 pairkit template export）。Template folder."),
    ] = None,
    as_of: AsOfOption = None,
    signed: Annotated[
        str | None,
        typer.Option("--date", help="落款日期（默认为 --as-of 的日期）。The date signed under the report."),
    ] = None,
    number: Annotated[
        str | None,
        typer.Option("--number", help="发文字号，如 云教〔2026〕15号（默认取项目设置）。Document number."),
    ] = None,
    annex: Annotated[
        str,
        typer.Option(
            "--annex",
            help="附件：brief（名册和捐赠清单，默认）或 full（另附活动台账和指标明细）。Annexes: brief or full.",
        ),
    ] = "brief",
    personal: Annotated[
        bool,
        typer.Option("--personal", help="完整显示联系电话等个人信息（默认遮盖）。Show personal data in full."),
    ] = False,
) -> None:
    """生成 Word 工作总结或任教情况表。Write the Word summary report, or one teacher's form."""
    lang: Lang = ctx.obj
    require_path(path, lang)
    if template is not None and not template.is_dir():
        raise fail_usage(f"模板目录 {template} 不存在。", f"the template folder {template} does not exist.", lang)
    if output is not None and output.suffix.lower() != ".docx":
        raise fail_usage(f"输出文件应以 .docx 结尾：{output}", f"the output file must end in .docx: {output}", lang)
    if annex not in ANNEX_CHOICES:
        raise fail_usage(
            f"--annex 只能是 brief 或 full，不是 {annex}。", f"--annex is brief or full, not {annex}.", lang
        )
    today = parse_day(as_of, "--as-of", lang) if as_of is not None else date.today()
    signed_day = parse_day(signed, "--date", lang) if signed is not None else None
    start_day = parse_day(start, "--from", lang) if start is not None else None
    end_day = parse_day(end, "--to", lang) if end is not None else None
    if secondment is None:
        require_one_period(year, term, half, start_day, end_day, lang)

    from rich.console import Console

    console = Console(stderr=True)
    with console.status("校验记录……") as status:
        outcome = validate_tree(path)
    if outcome.has_errors:
        show_diagnostics(outcome, Format.TEXT, lang)
        typer.echo(
            "记录有错误，未生成报告。" if lang is Lang.ZH else "The records have errors; no report was written.",
            err=True,
        )
        raise typer.Exit(ExitStatus.PROBLEMS)
    records = outcome.records
    warned = outcome.count(Severity.WARNING)
    if warned:
        typer.echo(
            f"记录有 {warned} 个警告，不影响生成报告；用 pairkit validate 查看。"
            if lang is Lang.ZH
            else f"The records have {warned} warnings (see pairkit validate); the report is written anyway.",
            err=True,
        )
    calendar = Calendar(records.programme)
    period = None if secondment is not None else period_of(calendar, year, term, half, start_day, end_day, lang)
    if pairing is not None:
        require_known("--pairing", pairing, records.pairing, ("结对", "pairing"), lang)
    if secondment is not None:
        require_known("--secondment", secondment, {s.id for s in records.secondments}, ("选派", "secondment"), lang)

    from pairkit.report import make
    from pairkit.report.provenance import collect
    from pairkit.report.templating import ReportError

    try:
        with console.status("生成报告……") as status:

            def progress(step: str) -> None:
                status.update(f"{step}……")

            provenance = collect(path)
            if period is None:
                assert secondment is not None
                built = make.form(records, secondment, today, provenance, template_dir=template, progress=progress)
            else:
                built = make.summary(
                    records,
                    period,
                    today,
                    provenance,
                    pairing=pairing,
                    template_dir=template,
                    progress=progress,
                    signed=signed_day,
                    annex=annex,
                    doc_number=number,
                    personal=personal,
                )
            target = output or REPORTS / _file_name(built.title)
            status.update("保存文件……")
            make.save(built.data, target)
    except ReportError as err:
        _show(err.diagnostics, lang)
        typer.echo("未生成报告。" if lang is Lang.ZH else "No report was written.", err=True)
        raise typer.Exit(ExitStatus.PROBLEMS) from None
    _show(built.warnings, lang)
    typer.echo(f"已生成 {target}" if lang is Lang.ZH else f"wrote {target}")
    raise typer.Exit(ExitStatus.OK)


template_app = typer.Typer(
    help="报告模板：导出默认模板以便按本单位要求修改。Report templates.", no_args_is_help=True, add_completion=False
)


@template_app.command("export")
def export(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(help="导出到这个目录（如 templates）。Where to write the templates.")],
    force: Annotated[bool, typer.Option("--force", help="覆盖已有文件。Overwrite existing files.")] = False,
) -> None:
    """导出默认模板（措辞 .md.j2 和版式 base.docx），修改后用 --template 使用。Copy out the default templates."""
    from pairkit.report.templating import DEFAULTS

    lang: Lang = ctx.obj
    sources = sorted(p for p in DEFAULTS.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    clashes = [folder / p.relative_to(DEFAULTS) for p in sources if (folder / p.relative_to(DEFAULTS)).exists()]
    if clashes and not force:
        raise fail_usage(
            f"{clashes[0]} 已存在；加 --force 覆盖。", f"{clashes[0]} exists; add --force to overwrite it.", lang
        )
    try:
        for source in sources:
            target = folder / source.relative_to(DEFAULTS)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    except OSError as err:
        typer.echo(f"错误：无法写入 {folder}：{err.strerror}" if lang is Lang.ZH else f"error: {err}", err=True)
        raise typer.Exit(ExitStatus.PROBLEMS) from None
    typer.echo(f"已导出 {len(sources)} 个模板文件到 {folder}" if lang is Lang.ZH else f"wrote {len(sources)} files")
