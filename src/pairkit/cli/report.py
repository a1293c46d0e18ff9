"""`pairkit report`: the Word summary (工作总结) or one teacher's form; `pairkit template export`: the templates."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from pairkit.cli import completion
from pairkit.cli.commands import PairkitCommand, PairkitGroup
from pairkit.cli.common import (
    AllowEmptyOption,
    AsOfOption,
    ForceOption,
    FromOption,
    HalfOption,
    NoCacheOption,
    PairingOption,
    RecordsPath,
    TermOption,
    ToOption,
    YearOption,
    fail_usage,
    parse_day,
    period_of,
    refuse_empty,
    refuse_invalid,
    refuse_target,
    require_known,
    require_one_period,
    require_path,
    say_kept,
    say_problems,
)
from pairkit.cli.lang import both
from pairkit.cli.progress import progress
from pairkit.diagnostics import ExitStatus, Severity
from pairkit.messages import Lang

REPORTS = Path("reports")
ANNEX_CHOICES = ("brief", "full")  # the same as pairkit.report.make.ANNEX_CHOICES, without importing the report
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def _file_name(title: str) -> str:
    return _UNSAFE_NAME.sub("_", title) + ".docx"


def command(
    ctx: typer.Context,
    path: RecordsPath = Path("records"),
    year: YearOption = None,
    term: TermOption = None,
    half: HalfOption = None,
    start: FromOption = None,
    end: ToOption = None,
    pairing: PairingOption = None,
    secondment: Annotated[
        str | None,
        typer.Option(
            "--secondment",
            metavar=both("选派编号", "ID"),
            help=both(
                "生成这次选派的《城镇教师到农村学校任教情况表》。", "Write one teacher's form for this secondment."
            ),
            autocompletion=completion.secondments,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar=both("文件", "FILE"),
            help=both(
                "输出的 .docx 文件（默认在 reports/ 下按标题命名）。", "The .docx to write (default: in reports/)."
            ),
        ),
    ] = None,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template",
            metavar=both("目录", "FOLDER"),
            help=both(
                "自定义模板目录（见 pairkit template export）。", "A template folder (see pairkit template export)."
            ),
        ),
    ] = None,
    as_of: AsOfOption = None,
    signed: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar=both("年-月-日", "DATE"),
            help=both("落款日期（默认为 --as-of 的日期）。", "The date signed under the report (default: --as-of)."),
        ),
    ] = None,
    number: Annotated[
        str | None,
        typer.Option(
            "--number",
            metavar=both("文号", "NUMBER"),
            help=both(
                "发文字号，如 云教〔2026〕15号（默认取项目设置）。", "Document number (default: the programme's)."
            ),
        ),
    ] = None,
    annex: Annotated[
        str,
        typer.Option(
            "--annex",
            metavar="[brief|full]",
            help=both(
                "附件：brief（名册和捐赠清单，默认）或 full（另附活动台账和指标明细）。",
                "Annexes: brief (rosters and donations) or full (also the activity ledger and rule detail).",
            ),
        ),
    ] = "brief",
    no_cache: NoCacheOption = False,
    personal: Annotated[
        bool,
        typer.Option(
            "--personal",
            help=both(
                "完整写出联系电话、身份证号等个人信息（默认只显示部分，如 138****8000）。",
                "Write personal data (phone and ID numbers) in full (masked by default, e.g. 138****8000).",
            ),
        ),
    ] = False,
    allow_empty: AllowEmptyOption = False,
    force: ForceOption = False,
) -> None:
    lang: Lang = ctx.obj
    require_path(path, lang)
    if template is not None and not template.is_dir():
        raise fail_usage(f"模板目录 {template} 不存在。", f"the template folder {template} does not exist.", lang)
    if output is not None and output.suffix.lower() != ".docx":
        raise fail_usage(f"输出文件应以 .docx 结尾：{output}", f"the output file must end in .docx: {output}", lang)
    if output is not None:
        refuse_target(output, lang)
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

    from pairkit.model.periods import Calendar
    from pairkit.pipeline import validate_tree

    with progress(lang) as shown:
        outcome = validate_tree(path, progress=shown, cache=not no_cache)
        refuse_invalid(outcome, lang, what=("未生成报告。", "no report was written."))
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
        if period is not None and not allow_empty:
            refuse_empty(records, period, pairing, lang, what=("未生成报告。", "No report was written."))
        if secondment is not None:
            known = {s.id for s in records.secondments}
            require_known("--secondment", secondment, known, ("选派", "secondment"), lang)

        from pairkit.fmt import documents
        from pairkit.report import make
        from pairkit.report.provenance import collect
        from pairkit.report.templating import ReportError

        try:
            provenance = collect(path, outcome.files)
            if period is None:
                assert secondment is not None
                built = make.form(
                    records,
                    secondment,
                    today,
                    provenance,
                    template_dir=template,
                    progress=shown.step,
                    personal=personal,
                )
            else:
                built = make.summary(
                    records,
                    period,
                    today,
                    provenance,
                    pairing=pairing,
                    template_dir=template,
                    progress=shown.step,
                    signed=signed_day,
                    annex=annex,
                    doc_number=number,
                    personal=personal,
                )
            target = output or REPORTS / _file_name(built.title)
            shown.step("save")
            saved = documents.save(target, built.data, documents.WORD, force=force, create_folder=output is None)
            if saved.problem is not None:
                raise ReportError(saved.problem)
        except ReportError as err:
            say_problems(err.diagnostics, lang)
            typer.echo("未生成报告。" if lang is Lang.ZH else "No report was written.", err=True)
            raise typer.Exit(ExitStatus.PROBLEMS) from None
    say_problems(built.warnings, lang)
    say_kept(saved.kept, lang)
    typer.echo(f"已生成 {target}" if lang is Lang.ZH else f"wrote {target}")
    raise typer.Exit(ExitStatus.OK)


template_app = typer.Typer(cls=PairkitGroup, no_args_is_help=True, add_completion=False, rich_markup_mode=None)


@template_app.command(
    "export",
    cls=PairkitCommand,
    help=both(
        "导出默认模板（措辞 .md.j2 和版式 base.docx），修改后用 --template 使用。",
        "Copy out the default templates (wording in .md.j2, layout in base.docx), to use with --template.",
    ),
)
def export(
    ctx: typer.Context,
    folder: Annotated[
        Path,
        typer.Argument(
            metavar=both("目录", "FOLDER"),
            help=both("导出到这个目录（如 templates）。", "Where to write the templates."),
            show_default=False,
        ),
    ],
    force: Annotated[bool, typer.Option("--force", help=both("覆盖已有文件。", "Overwrite existing files."))] = False,
) -> None:
    from pairkit.report.templating import DEFAULTS

    lang: Lang = ctx.obj
    sources = sorted(p for p in DEFAULTS.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    clashes = [folder / p.relative_to(DEFAULTS) for p in sources if (folder / p.relative_to(DEFAULTS)).exists()]
    if clashes and not force:
        raise fail_usage(
            f"{clashes[0]} 已存在；加 --force 覆盖。", f"{clashes[0]} exists; add --force to overwrite it.", lang
        )
    from pairkit.write import WriteRefused, write_file

    try:
        for source in sources:
            write_file(folder / source.relative_to(DEFAULTS), source.read_bytes(), create_folder=True)
    except WriteRefused as refused:
        say_problems([refused.diagnostic], lang)
        raise typer.Exit(ExitStatus.PROBLEMS) from None
    except OSError as err:
        typer.echo(f"错误：无法写入 {folder}：{err.strerror}" if lang is Lang.ZH else f"error: {err}", err=True)
        raise typer.Exit(ExitStatus.PROBLEMS) from None
    typer.echo(f"已导出 {len(sources)} 个模板文件到 {folder}" if lang is Lang.ZH else f"wrote {len(sources)} files")
