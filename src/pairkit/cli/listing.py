"""`pairkit list KIND [PATH]`: the records of one kind (units, people, pairings, secondments, activities, donations,
mentorships, rules, groups, agreements, person pairings, students, awards), filtered, as a table, JSON or CSV
(UTF-8 with BOM, so that Excel and WPS open it as Chinese text). Each row says where its record is written,
``file:line``, and a totals line closes the list."""

from __future__ import annotations

import csv
import enum
import io
import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from pairkit.cli.common import (
    AsOfOption,
    FromOption,
    HalfOption,
    PairingOption,
    PersonalOption,
    RecordsPath,
    TermOption,
    ToOption,
    YearOption,
    fail_usage,
    parse_day,
    period_of,
    refuse_invalid,
    refuse_target,
    require_known,
    require_one_period,
    require_path,
    show_problems,
)
from pairkit.cli.lang import both
from pairkit.cli.progress import progress
from pairkit.diagnostics import ExitStatus
from pairkit.messages import Lang

if TYPE_CHECKING:
    from pairkit.pipeline import Outcome
    from pairkit.views.listing import Listing

# The kinds, as the command takes them: the section name, its singular, or its Chinese name.
KINDS = {
    "units": ("unit", "单位"),
    "people": ("person", "人员"),
    "pairings": ("pairing", "结对"),
    "secondments": ("secondment", "选派"),
    "activities": ("activity", "活动"),
    "donations": ("donation", "捐赠"),
    "mentorships": ("mentorship", "师徒结对"),
    "rules": ("rule", "规则"),
    "groups": ("group", "领导小组"),
    "agreements": ("agreement", "协议"),
    "person_pairings": ("person-pairing", "个人结对"),
    "students": ("student", "学生"),
    "awards": ("award", "获奖和论文"),
}


class ListFormat(enum.StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def _kinds(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    return [(k, names[1]) for k, names in KINDS.items() if k.startswith(incomplete)]


def command(
    ctx: typer.Context,
    kind: Annotated[
        str,
        typer.Argument(
            metavar=both("种类", "KIND"),
            help=both(
                "units（单位）、people（人员）、pairings（结对）、secondments（选派）、activities（活动）、"
                "donations（捐赠）、mentorships（师徒结对）、rules（规则）、groups（领导小组）、agreements（协议）、"
                "person-pairings（个人结对）、students（学生）或 awards（获奖和论文）。",
                "units, people, pairings, secondments, activities, donations, mentorships, rules, groups, agreements, "
                "person-pairings, students or awards.",
            ),
            autocompletion=_kinds,
            show_default=False,
        ),
    ],
    path: RecordsPath = Path("records"),
    pairing: PairingOption = None,
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit",
            metavar=both("单位编号", "ID"),
            help=both("只列出涉及这个单位的。", "Only those involving this unit."),
        ),
    ] = None,
    person: Annotated[
        str | None,
        typer.Option(
            "--person",
            metavar=both("人员编号", "ID"),
            help=both("只列出涉及这个人的。", "Only those naming this person."),
        ),
    ] = None,
    kind_of: Annotated[
        str | None,
        typer.Option(
            "--kind",
            metavar=both("类型", "KIND"),
            help=both(
                "只列出这一类型（活动类型、单位类别、结对类型、选派类型或规则类型）。",
                "Only this type of activity, unit, pairing, secondment or rule.",
            ),
        ),
    ] = None,
    subject: Annotated[
        str | None,
        typer.Option(
            "--subject", metavar=both("学科", "SUBJECT"), help=both("只列出这个学科的。", "Only this subject.")
        ),
    ] = None,
    year: YearOption = None,
    term: TermOption = None,
    half: HalfOption = None,
    start: FromOption = None,
    end: ToOption = None,
    as_of: AsOfOption = None,
    grep: Annotated[
        str | None,
        typer.Option(
            "--grep",
            metavar=both("文字", "TEXT"),
            help=both("只列出含有这段文字的（不分大小写）。", "Only rows containing this text (any case)."),
        ),
    ] = None,
    fmt: Annotated[
        ListFormat,
        typer.Option(
            "--format",
            "-f",
            metavar="[table|json|csv]",
            help=both(
                "输出格式：table（表格）、json 或 csv（带 BOM 的 UTF-8，Excel、WPS 可直接打开）。",
                "table, json, or csv (UTF-8 with BOM, for Excel and WPS).",
            ),
        ),
    ] = ListFormat.TABLE,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar=both("文件", "FILE"),
            help=both("写入这个文件（默认输出到屏幕）。", "Write to this file instead of the screen."),
        ),
    ] = None,
    personal: PersonalOption = False,
) -> None:
    lang: Lang = ctx.obj
    section = _section(kind, lang)
    require_path(path, lang)
    if output is not None and fmt is ListFormat.TABLE:
        by_suffix = {".csv": ListFormat.CSV, ".json": ListFormat.JSON}.get(output.suffix.lower())
        if by_suffix is None:
            raise fail_usage(
                f"--output 要写成 .csv 或 .json 文件（或给出 --format）：{output}",
                f"--output takes a .csv or .json file (or give --format): {output}",
                lang,
            )
        fmt = by_suffix
    if output is not None:
        refuse_target(output, lang)
    today = parse_day(as_of, "--as-of", lang) if as_of is not None else date.today()
    first = parse_day(start, "--from", lang) if start is not None else None
    last = parse_day(end, "--to", lang) if end is not None else None
    require_one_period(year, term, half, first, last, lang, optional=True)

    from pairkit.model.periods import Calendar
    from pairkit.pipeline import validate_tree
    from pairkit.views.listing import APPLIES, Query, listing

    timed = year or term or half or first
    asked = {
        "pairing": pairing,
        "unit": unit,
        "person": person,
        "kind": kind_of,
        "subject": subject,
        "period": timed,
        "grep": grep,
    }
    if personal and section != "people":
        raise fail_usage("--personal 只用于 people（人员）。", "--personal applies to people only.", lang)
    for name, value in asked.items():
        if value is not None and name not in APPLIES[section]:
            option = {"period": "--year/--term/--half/--from"}.get(name, f"--{name}")
            raise fail_usage(f"{option} 不适用于 {kind}。", f"{option} does not apply to {kind}.", lang)
    with progress(lang, machine_output=fmt is not ListFormat.TABLE) as shown:
        outcome = validate_tree(path, progress=shown)
    refuse_invalid(outcome, lang, what=("未列出记录：请先改正以上错误。", "nothing was listed: fix them first."))
    records = outcome.records
    for option, value, known, what in (
        ("--pairing", pairing, records.pairing, ("结对", "pairing")),
        ("--unit", unit, records.unit, ("单位", "unit")),
        ("--person", person, records.person, ("人员", "person")),
    ):
        if value is not None:
            require_known(option, value, known, what, lang)
    period = None
    if timed is not None:
        period = period_of(Calendar(records.programme), year, term, half, first, last, lang, today=today)
    query = Query(
        pairing=pairing,
        unit=unit,
        person=person,
        kind=_kind_key(records, section, kind_of, lang) if kind_of is not None else None,
        subject=_subject_key(records, subject, lang) if subject is not None else None,
        period=period,
        grep=grep,
        personal=personal,
    )
    found = listing(records, section, query, lang)
    text = _render(found, outcome, fmt, lang)
    if output is not None:
        _write(output, text, fmt, lang)
    elif fmt is ListFormat.CSV:
        stream = typer.get_binary_stream("stdout")
        stream.write(text.encode("utf-8-sig"))
        stream.flush()
    elif text:
        typer.echo(text)
    typer.echo(found.totals_text(lang), err=fmt is not ListFormat.TABLE)
    raise typer.Exit(ExitStatus.OK)


def _section(kind: str, lang: Lang) -> str:
    wanted = kind.strip().lower()
    for section, names in KINDS.items():
        if wanted in (section, section.replace("_", "-")) or wanted in names:
            return section
    choices = "、".join(f"{k}（{names[1]}）" for k, names in KINDS.items())
    raise fail_usage(
        f"没有 {kind} 这种记录，可选：{choices}。",
        f"no kind of record is called {kind}; choose from {', '.join(KINDS)}.",
        lang,
    )


def _kind_key(records: Any, section: str, value: str, lang: Lang) -> str:
    from pairkit.views.listing import kind_choices, kind_key

    key = kind_key(records, section, value)
    if key is None:
        choices = kind_choices(records, section, lang)
        raise fail_usage(
            f"--kind 的值 {value} 不是{section}的类型，可选：{'、'.join(choices)}。",
            f"--kind {value} is not a type of {section}; choose from {', '.join(choices)}.",
            lang,
        )
    return key


def _subject_key(records: Any, value: str, lang: Lang) -> str:
    from pairkit.views.listing import term_key

    key = term_key(records, "subjects", value)
    if key is None:
        suggestion = records.vocab.subjects.suggest(value)
        hint_zh, hint_en = (f"，是不是 {suggestion}？", f" (did you mean {suggestion}?)") if suggestion else ("。", ".")
        raise fail_usage(
            f"--subject：没有 {value} 这个学科{hint_zh}", f"--subject: no subject is called {value}{hint_en}", lang
        )
    return key


def _render(found: Listing, outcome: Outcome, fmt: ListFormat, lang: Lang) -> str:
    """The rows as a table (text), JSON or CSV, each with where its record is written."""
    places = [_place(outcome, row.record) for row in found.rows]
    headers = [c.header(lang) for c in found.columns] + ["位置" if lang is Lang.ZH else "Location"]
    if fmt is ListFormat.JSON:
        items = [
            {**{c.key: v for c, v in zip(found.columns, row.values, strict=True)}, "file": file, "line": line}
            for row, (file, line) in zip(found.rows, places, strict=True)
        ]
        return json.dumps(items, ensure_ascii=False, indent=2)
    if fmt is ListFormat.CSV:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(headers)
        for row, (file, line) in zip(found.rows, places, strict=True):
            writer.writerow([*row.values, f"{file}:{line}"])
        return buffer.getvalue()
    from pairkit.cli.tables import Column, screen, show

    columns = [Column(c.header(lang), wrap=c.wrap, right=c.number) for c in found.columns]
    columns.append(Column(headers[-1]))
    rows = [[_cell(v) for v in row.values] + [f"{f}:{n}"] for row, (f, n) in zip(found.rows, places, strict=True)]
    with screen() as out:
        if not rows:
            out.print("没有符合条件的记录。" if lang is Lang.ZH else "No record matches.")
        else:
            show(out, columns, rows, hoist=True)
    return ""


def _cell(value: object) -> str:
    if isinstance(value, float):
        from pairkit.rules.spans import number

        return number(value)
    return str(value)


def _place(outcome: Outcome, record: Any) -> tuple[str, int]:
    return record.source.file, outcome.positions.line(record.source)


def _write(target: Path, text: str, fmt: ListFormat, lang: Lang) -> None:
    from pairkit.write import WriteRefused, write_file

    data = text.encode("utf-8-sig" if fmt is ListFormat.CSV else "utf-8")
    try:
        write_file(target, data)
    except WriteRefused as refused:
        show_problems([refused.diagnostic], 0, lang)
        raise typer.Exit(ExitStatus.PROBLEMS) from None
    except OSError as err:
        reason = err.strerror or type(err).__name__
        typer.echo(
            f"错误：无法写入 {target}：{reason}" if lang is Lang.ZH else f"error: cannot write {target}: {reason}",
            err=True,
        )
        raise typer.Exit(ExitStatus.PROBLEMS) from None
    typer.echo(f"已写入 {target}" if lang is Lang.ZH else f"wrote {target}", err=True)
