"""`pairkit export`: the ledger workbook (台账.xlsx) or a blank template; `pairkit import`: a workbook into records.

The Excel libraries (XlsxWriter to write, python-calamine to read) are imported only inside these commands.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pairkit.cli.common import (
    AllowEmptyOption,
    AsOfOption,
    ForceOption,
    Format,
    FromOption,
    HalfOption,
    PairingOption,
    PersonalOption,
    RecordsPath,
    TermOption,
    ToOption,
    YearOption,
    default_format,
    fail_usage,
    format_option,
    paint,
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
    show_problems,
    waiting_for,
)
from pairkit.cli.lang import both
from pairkit.cli.progress import progress
from pairkit.diagnostics import Diagnostic, ExitStatus
from pairkit.messages import Lang

if TYPE_CHECKING:
    from pairkit.change import Target
    from pairkit.pipeline import Outcome

REPORTS = Path("reports")


def export_command(
    ctx: typer.Context,
    path: RecordsPath = Path("records"),
    year: YearOption = None,
    term: TermOption = None,
    half: HalfOption = None,
    start: FromOption = None,
    end: ToOption = None,
    pairing: PairingOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar=both("文件", "FILE"),
            help=both(
                "输出的 .xlsx 文件（默认在 reports/ 下按标题命名）。", "The .xlsx to write (default: in reports/)."
            ),
        ),
    ] = None,
    template: Annotated[
        bool,
        typer.Option(
            "--template",
            help=both(
                "生成空白的活动登记表（带下拉列表）供学校填写。",
                "Write a blank form (with drop-down lists) for schools.",
            ),
        ),
    ] = False,
    as_of: AsOfOption = None,
    personal: PersonalOption = False,
    allow_empty: AllowEmptyOption = False,
    force: ForceOption = False,
) -> None:
    from pairkit.model.periods import Calendar
    from pairkit.pipeline import validate_tree

    lang: Lang = ctx.obj
    require_path(path, lang)
    if output is not None and output.suffix.lower() != ".xlsx":
        raise fail_usage(f"输出文件应以 .xlsx 结尾：{output}", f"the output file must end in .xlsx: {output}", lang)
    if output is not None:
        refuse_target(output, lang)
    today = parse_day(as_of, "--as-of", lang) if as_of is not None else date.today()
    start_day = parse_day(start, "--from", lang) if start is not None else None
    end_day = parse_day(end, "--to", lang) if end is not None else None
    if template and any(x is not None for x in (year, term, half, start, end, pairing)):
        raise fail_usage(
            "--template 生成空白登记表，不需要统计期间或结对。",
            "--template writes a blank form; it takes no period or pairing.",
            lang,
        )
    if not template:
        require_one_period(year, term, half, start_day, end_day, lang)
    with progress(lang) as shown:
        outcome = validate_tree(path, progress=shown)
    refuse_invalid(outcome, lang, what=("未导出台账。", "nothing was exported."))
    records = outcome.records
    if pairing is not None:
        require_known("--pairing", pairing, records.pairing, ("结对", "pairing"), lang)

    from pairkit.ledger import export
    from pairkit.report.provenance import collect

    provenance = collect(path, outcome.files)
    if template:
        data = export.template(records, provenance)
        target = output or REPORTS / f"{records.programme.name}活动登记表.xlsx"
    else:
        period = period_of(Calendar(records.programme), year, term, half, start_day, end_day, lang)
        if not allow_empty:
            refuse_empty(records, period, pairing, lang, what=("未导出台账。", "Nothing was exported."))
        data = export.ledger(records, period, today, provenance, pairing, personal=personal)
        scope = f"（{pairing}）" if pairing else ""
        target = output or REPORTS / f"{period.label}{records.programme.name}工作台账{scope}.xlsx"
    from pairkit.fmt import documents

    saved = documents.save(target, data, documents.EXCEL, force=force, create_folder=output is None)
    if saved.problem is not None:
        say_problems([saved.problem], lang)
        typer.echo("未导出台账。" if lang is Lang.ZH else "Nothing was exported.", err=True)
        raise typer.Exit(ExitStatus.PROBLEMS)
    say_kept(saved.kept, lang)
    typer.echo(f"已导出 {target}" if lang is Lang.ZH else f"wrote {target}")


def import_command(
    ctx: typer.Context,
    workbook: Annotated[
        Path,
        typer.Argument(
            metavar=both("工作簿", "WORKBOOK"),
            help=both("要导入的 .xlsx 或 .csv 文件。", "The workbook or CSV file to import."),
            show_default=False,
        ),
    ],
    path: RecordsPath = Path("records"),
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", "-n", help=both("只预览将要添加的记录，不写入。", "Show what would be added; write nothing.")
        ),
    ] = False,
    fmt: Annotated[
        Format | None, format_option("问题的输出格式：text、json 或 github。", "Output format of problems.")
    ] = None,
) -> None:
    from pairkit.pipeline import validate_tree

    lang: Lang = ctx.obj
    zh = lang is Lang.ZH
    fmt = default_format(fmt, Format)
    if not workbook.is_file():
        raise fail_usage(f"找不到要导入的文件 {workbook}。", f"the file {workbook} does not exist.", lang)
    require_path(path, lang)
    if not path.is_dir():
        raise fail_usage(f"记录目录 {path} 不是文件夹。", f"the records path {path} is not a folder.", lang)

    from pairkit.change import ChangeError, apply, plan
    from pairkit.ledger.rows import read_rows
    from pairkit.load.workbook import read_workbook

    with progress(lang, machine_output=fmt is not Format.TEXT) as shown:
        outcome = validate_tree(path, progress=shown)
    refuse_invalid(outcome, lang, fmt)
    book, problems = read_workbook(workbook, str(workbook))
    if book is None:
        _show(problems, outcome, fmt, lang)
        typer.echo("没有导入任何记录。" if zh else "Nothing was imported.", err=True)
        raise typer.Exit(ExitStatus.PROBLEMS)
    reading = read_rows(book, outcome.records)
    try:
        change = plan(outcome, path, reading.records)
    except ChangeError as err:
        change = None
        reading.problems.append(err.diagnostic)
    if change is not None:
        reading.problems += [p for p in change.problems if p.place not in reading.places]
    if change is None or any(d.is_error for d in reading.problems):
        _show(reading.problems, outcome, fmt, lang)
        typer.echo(
            "有错误，没有导入任何记录，没有改动任何文件。改正工作簿后重新导入。"
            if zh
            else "There are errors: nothing was imported and no file was changed. Fix the workbook and import again.",
            err=True,
        )
        raise typer.Exit(ExitStatus.PROBLEMS)
    if reading.problems:
        _show(reading.problems, outcome, fmt, lang)
    if dry_run:
        _preview(change.targets, lang)
    elif change.targets:
        try:
            change = apply(change, path, waiting=lambda holder: waiting_for(holder, lang))
        except ChangeError as err:
            _show([err.diagnostic], outcome, fmt, lang)
            raise typer.Exit(ExitStatus.PROBLEMS) from None
        for target in change.targets:
            typer.echo(
                f"已向 {target.shown} 追加 {len(target.added)} 条记录"
                if zh
                else f"appended {len(target.added)} records to {target.shown}"
            )
    typer.echo(_tally(reading.sheets, change.added, len(change.skipped), dry_run, lang), err=fmt is Format.JSON)


def _show(problems: list[Diagnostic], outcome: Outcome, fmt: Format, lang: Lang) -> None:
    show_problems(problems, outcome.file_count, lang, fmt)


def _preview(targets: list[Target], lang: Lang) -> None:
    from pairkit.fmt.append import append_records
    from pairkit.personal import mask_line

    for target in targets:
        head = (
            f"# 将追加到 {target.shown}（{len(target.added)} 条）"
            if lang is Lang.ZH
            else f"# would append to {target.shown} ({len(target.added)} records)"
        )
        typer.echo(paint(head, fg="green", bold=True))
        preview = append_records("", [(r.section, r.data) for r in target.added]).rstrip("\n")
        typer.echo("\n".join(map(mask_line, preview.split("\n"))))  # ID and phone numbers only with --personal


def _tally(sheets: list[tuple[str, str, int]], added: int, skipped: int, dry_run: bool, lang: Lang) -> str:
    if lang is Lang.ZH:
        read = "、".join(f"{name} {rows} 行" for name, _, rows in sheets if rows) or "没有数据行"
        verb = "将新增" if dry_run else "新增"
        return f"读取 {read}；{verb} {added} 条记录，与已有记录相同而跳过 {skipped} 条。" + (
            "（预览，未写入）" if dry_run else ""
        )
    read = ", ".join(f"{name} {rows} rows" for name, _, rows in sheets if rows) or "no data rows"
    verb = "would add" if dry_run else "added"
    note = " (dry run: nothing written)" if dry_run else ""
    return f"read {read}; {verb} {added} records, skipped {skipped} equal to existing records.{note}"
