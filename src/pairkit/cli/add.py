"""`pairkit add KIND`: a new record from options or prompts, validated with all records before it is written.

One sub-command per record kind, with one option per field, generated from ``SECTIONS`` and the record models.
Nested blocks (allowances, donated items, rule forms) are written by hand in the file; everything else can be
given here.
"""

from __future__ import annotations

import difflib
import inspect
import re
import sys
import types
import typing
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from pairkit.cli.common import fail_usage
from pairkit.diagnostics import Diagnostic, ExitStatus
from pairkit.load.files import SUFFIXES
from pairkit.messages import Lang
from pairkit.model import SECTION_LABELS, SECTIONS
from pairkit.model.fields import Labelled
from pairkit.model.vocab import Vocab
from pairkit.schema import vocabulary_of

app = typer.Typer(
    help="新增一条记录：先与全部记录一起校验，再写入文件。Add a record, validated with all records first.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _kinds() -> dict[str, str]:
    """Command name (``activity``) → section, for every section of ``SECTIONS`` except families of forms
    (rules), whose nested forms are written by hand."""
    out = {}
    for section, model in SECTIONS.items():
        if getattr(model, "FORMS", None):
            continue
        label = SECTION_LABELS.get(section)
        out[label.en if label and label.en.isalpha() else section] = section
    return out


KINDS = _kinds()
_SPLIT = re.compile(r"\s*[,，、]\s*")
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TRUE, _FALSE = {"true", "yes", "是", "y"}, {"false", "no", "否", "n"}


# --- what the model says about a field ----------------------------------------------------------------------------


def _flat(annotation: Any) -> list[Any]:
    """The alternatives of an annotation, through ``Optional`` (``Annotated`` kept whole for vocabularies)."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [a for arg in typing.get_args(annotation) for a in _flat(arg)]
    return [annotation]


def _base(annotation: Any) -> Any:
    return typing.get_args(annotation)[0] if typing.get_origin(annotation) is Annotated else annotation


def _is_list(info: FieldInfo) -> bool:
    return any(typing.get_origin(_base(a)) is list for a in _flat(info.annotation))


def _item(info: FieldInfo) -> Any:
    for alternative in _flat(info.annotation):
        if typing.get_origin(_base(alternative)) is list:
            return typing.get_args(_base(alternative))[0]
    return next(a for a in _flat(info.annotation) if a is not type(None))


def _nested(annotation: Any) -> bool:
    base = _base(annotation)
    return isinstance(base, type) and issubclass(base, BaseModel)


def option_fields(model: type[BaseModel]) -> dict[str, FieldInfo]:
    """Key as written in YAML → field, for every field an option can give (no nested blocks)."""
    out = {}
    for name, info in model.model_fields.items():
        if name == "type" or _nested(_item(info)):
            continue
        out[info.alias or name] = info
    return out


def _choices(info: FieldInfo, vocab: Vocab) -> list[tuple[str, str]]:
    """(key, Chinese label) pairs a field offers, from a programme vocabulary or a fixed enum."""
    vocabulary = vocabulary_of(info)
    if vocabulary is not None:
        return [(key, term.label) for key, term in vocab[vocabulary].terms.items()]
    base = _base(_item(info))
    if isinstance(base, type) and issubclass(base, Labelled):
        return [(m.value, m.label) for m in base]
    return []


def convert(raw: str, info: FieldInfo) -> Any:
    """Option text → the YAML value to write: numbers, dates and true/false typed, lists split on commas."""
    if _is_list(info):
        return [convert(part, FieldInfo(annotation=_item(info))) for part in _SPLIT.split(raw.strip()) if part]
    text = raw.strip()
    kinds = {_base(a) for a in _flat(info.annotation)}
    if bool in kinds and text.lower() in _TRUE | _FALSE:
        return text.lower() in _TRUE
    if date in kinds and (m := _DATE.fullmatch(text)):
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return text  # validate reports it, located
    if int in kinds and re.fullmatch(r"-?\d+", text):
        return int(text)
    if float in kinds and re.fullmatch(r"-?\d+(\.\d+)?", text):
        number = float(text)
        return int(number) if number.is_integer() else number
    return text


# --- choosing the file ----------------------------------------------------------------------------------------------


def _year_of(day: date, calendar_years: bool) -> int:
    """The year an activity is filed under: its school year (from September), or its calendar year."""
    return day.year if calendar_years or day.month >= 9 else day.year - 1


def choose_file(
    section: str, record: dict[str, Any], files: list[tuple[Path, Any]], root: Path, *, calendar_years: bool = False
) -> Path:
    """The file that holds ``section`` (for activities, the one of the activity's year), else a new one."""
    holding = [(path, data) for path, data in files if isinstance(data, dict) and isinstance(data.get(section), list)]
    day = record.get("date")
    if section != "activities" or not isinstance(day, date):
        return holding[0][0] if holding else root / f"{section}.yaml"
    year = _year_of(day, calendar_years)
    best: tuple[int, Path] | None = None
    for path, data in holding:  # the file where most activities are of that year
        days = [d for d in (_day(item) for item in data[section]) if d is not None]
        same = sum(1 for d in days if _year_of(d, calendar_years) == year)
        if same * 2 > len(days) and (best is None or same > best[0]):
            best = (same, path)
    if best is not None:
        return best[1]
    label = str(year) if calendar_years else f"{year}-{year + 1}"
    for path, _ in reversed(holding):  # name the new file like the latest one: 2025-2026.yaml → 2026-2027.yaml
        renamed = re.sub(r"(19|20)\d{2}(-(19|20)\d{2})?", label, path.name, count=1)
        if renamed != path.name:
            return path.with_name(renamed)
    folder = holding[-1][0].parent if holding else root / "activities"
    return folder / f"{label}.yaml"


def _day(item: Any) -> date | None:
    value = item.get("date") if isinstance(item, dict) else None
    m = _DATE.fullmatch(str(value)) if value is not None else None
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


# --- the command ----------------------------------------------------------------------------------------------------


# Fields that name another record: at a prompt, the IDs there are to choose from are listed.
_REFERENCES = {
    "unit": "units",
    "supporter": "units",
    "recipients": "units",
    "from": "units",
    "to": "units",
    "donor": "units",
    "recipient": "units",
    "person": "people",
    "people": "people",
    "mentor": "people",
    "mentees": "people",
    "pairing": "pairings",
}
_LISTED = 40  # more IDs than this are not listed; the clerk types the ID


def known_ids(section: str, files: list[Any]) -> list[tuple[str, str]]:
    """(ID, name) of every record of ``section`` in the loaded files, as written."""
    out = []
    for f in files:
        items = f.data.get(section) if isinstance(f.data, dict) else None
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                out.append((item["id"], str(item.get("name") or item.get("supporter") or "")))
    return out


def _prompt(key: str, info: FieldInfo, vocab: Vocab, files: list[Any], lang: Lang) -> Any:
    title = info.title or key
    options = _choices(info, vocab)
    for number, (value, label) in enumerate(options, start=1):
        typer.echo(f"  {number:>2}. {label}（{value}）")
    ids = known_ids(_REFERENCES[key], files) if key in _REFERENCES and not options else []
    if 0 < len(ids) <= _LISTED:
        typer.echo(
            ("  可选编号：" if lang is Lang.ZH else "  IDs: ") + "、".join(f"{i}（{n}）" if n else i for i, n in ids)
        )
    multiple = (
        "，多个用逗号分隔" if _is_list(info) and lang is Lang.ZH else (", comma-separated" if _is_list(info) else "")
    )
    answer: str = typer.prompt(f"{title} {key}{multiple}")
    if options:
        picked = [
            options[int(part) - 1][1] if part.isdigit() and 1 <= int(part) <= len(options) else part
            for part in _SPLIT.split(answer.strip())
        ]
        answer = "，".join(picked)
    return convert(answer, info)


def interactive() -> bool:
    """Prompts only for a person at a terminal; in CI or a pipe a missing field is an error."""
    return sys.stdin.isatty()


def _run(ctx: typer.Context, kind: str, records: Path, file: Path | None, given: dict[str, str | None]) -> None:
    from pairkit.fmt import write_atomic
    from pairkit.fmt.append import append_record

    lang: Lang = ctx.obj
    zh = lang is Lang.ZH
    section = KINDS[kind]
    model = SECTIONS[section]
    fields = option_fields(model)
    record: dict[str, Any] = {key: convert(raw, fields[key]) for key, raw in given.items() if raw is not None}
    if file is not None and (file.suffix not in SUFFIXES or file.is_dir()):
        raise fail_usage(f"{file} 不是 .yaml 记录文件。", f"{file} is not a .yaml record file.", lang)
    if not records.is_dir():
        raise fail_usage(f"记录目录 {records} 不存在。", f"the records folder {records} does not exist.", lang)

    from pairkit.load import load_tree
    from pairkit.load.files import read_text

    files, _ = load_tree(records)
    vocab = Vocab.build(_programme_vocabularies(files))
    missing = [key for key, info in fields.items() if info.is_required() and key not in record]
    if missing and interactive():
        for key in missing:
            record[key] = _prompt(key, fields[key], vocab, files, lang)
    elif missing:
        options = [f"--{k.replace('_', '-')}" for k in missing]
        typer.echo(
            f"错误：缺少必填字段 {'、'.join(options)}（在终端中运行可逐项填写）。"
            if zh
            else f"error: required fields are missing: {', '.join(options)} (run it in a terminal to be asked).",
            err=True,
        )
        raise typer.Exit(ExitStatus.USAGE)
    ordered = {key: record[key] for key in fields if key in record}

    calendar_years = _programme_setting(files, "year_basis") in ("calendar", "自然年")
    loaded = [(f.path, f.data) for f in files]
    target = file or choose_file(section, ordered, loaded, records, calendar_years=calendar_years)
    old = read_text(target, str(target)) if target.exists() else ""
    if isinstance(old, Diagnostic):  # unreadable, not UTF-8, a folder …: say so, change nothing
        _show_problems([old if old.line else old.located(1, 1)], len(files), lang)
        raise typer.Exit(ExitStatus.PROBLEMS)
    try:
        new = append_record(old.replace("\r\n", "\n"), section, ordered)
    except Exception as err:  # the target file itself is broken: validate says where
        typer.echo(
            f"错误：无法在 {target} 中追加记录（{err}）。请先运行 pairkit validate 改正该文件。"
            if zh
            else f"error: cannot append to {target} ({err}); run pairkit validate and fix that file first.",
            err=True,
        )
        raise typer.Exit(ExitStatus.PROBLEMS) from None
    problems = _validate_with(records, files, target, new)
    if any(d.is_error for d in problems):
        _show_problems(problems, len(files), lang)
        label = SECTION_LABELS[section]
        typer.echo(
            f"新{label.zh}记录有错误，没有改动任何文件。"
            if zh
            else f"the new {label.en} has errors; no file was changed.",
            err=True,
        )
        raise typer.Exit(ExitStatus.PROBLEMS)
    crlf = b"\r\n" in (target.read_bytes() if target.is_file() else b"")
    try:
        write_atomic(target, (new.replace("\n", "\r\n") if crlf else new).encode("utf-8"))
    except OSError as err:
        reason = err.strerror or type(err).__name__
        typer.echo(f"错误：无法写入 {target}：{reason}" if zh else f"error: cannot write {target}: {reason}", err=True)
        raise typer.Exit(ExitStatus.PROBLEMS) from None
    _show_diff(old, new, str(target))
    typer.echo(f"已添加到 {target}" if zh else f"added to {target}")


def _programme_setting(files: list[Any], key: str) -> Any:
    """One setting of the ``programme:`` block as written, before validation (None when absent)."""
    for f in files:
        block = f.data.get("programme") if isinstance(f.data, dict) else None
        if isinstance(block, dict):
            return block.get(key)
    return None


def _programme_vocabularies(files: list[Any]) -> Any:
    from pydantic import ValidationError

    from pairkit.model.programme import Programme

    for f in files:
        if isinstance(f.data, dict) and isinstance(f.data.get("programme"), dict):
            try:
                return Programme.model_validate(f.data["programme"]).vocabularies
            except ValidationError:
                return None
    return None


def _validate_with(records: Path, files: list[Any], target: Path, text: str) -> list[Diagnostic]:
    """All records with ``target`` as it would be: the same flow as ``pairkit validate``."""
    from pairkit.check import run_checks
    from pairkit.load import ParsedFile, with_positions
    from pairkit.load.yamldoc import locate, parse, tree
    from pairkit.model import build

    shown = str(target)
    data, problems = parse(text, shown)
    replaced = [f if f.path.resolve() != target.resolve() else ParsedFile(f.shown, f.path, data) for f in files]
    if not any(f.path.resolve() == target.resolve() for f in files):
        replaced.append(ParsedFile(shown, target, data))
    shown = next(f.shown for f in replaced if f.path.resolve() == target.resolve())
    problems = [replace(p, file=shown) for p in problems]
    records_built, found = build(replaced, str(records))
    problems += found + run_checks(records_built)
    nodes = tree(text)
    located = [d.located(*locate(nodes, d.path, d.anchor)) if d.file == shown and not d.line else d for d in problems]
    return sorted(with_positions(located, [f for f in replaced if f.shown != shown]), key=Diagnostic.sort_key)


def _show_problems(problems: list[Diagnostic], file_count: int, lang: Lang) -> None:
    from pairkit.cli.output import Format, show_diagnostics
    from pairkit.model import Records
    from pairkit.pipeline import Outcome

    show_diagnostics(Outcome(Records(), problems, file_count), Format.TEXT, lang)


def _show_diff(old: str, new: str, name: str) -> None:
    lines = difflib.unified_diff(old.splitlines(), new.splitlines(), f"{name}（原）", name, n=2, lineterm="")
    for line in lines:
        colour = "green" if line.startswith("+") else "red" if line.startswith("-") else None
        typer.echo(typer.style(line, fg=colour) if colour else line)


def _make(kind: str) -> Callable[..., None]:
    section = KINDS[kind]
    fields = option_fields(SECTIONS[section])
    names = {f"v_{i}": key for i, key in enumerate(fields)}

    def command(ctx: typer.Context, records: Path, file: Path | None, **values: str | None) -> None:
        _run(ctx, kind, records, file, {names[k]: v for k, v in values.items()})

    params = [
        inspect.Parameter("ctx", inspect.Parameter.KEYWORD_ONLY, annotation=typer.Context),
        inspect.Parameter(
            "records",
            inspect.Parameter.KEYWORD_ONLY,
            default=Path("records"),
            annotation=Annotated[Path, typer.Option("--records", help="记录目录。The records folder.")],
        ),
        inspect.Parameter(
            "file",
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=Annotated[
                Path | None, typer.Option("--file", help="写入这个文件（默认自动选择）。Append to this file.")
            ],
        ),
    ]
    for name, key in names.items():
        info = fields[key]
        required = "（必填）" if info.is_required() else ""
        extra = "，多个用逗号分隔" if _is_list(info) else ""
        help_text = f"{info.title or key}{required}{extra}"
        option = typer.Option(f"--{key.replace('_', '-')}", help=help_text)
        params.append(
            inspect.Parameter(
                name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=Annotated[str | None, option]
            )
        )
    command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    label = SECTION_LABELS[section]
    command.__doc__ = f"新增一条{label.zh}记录。Add a new {label.en} record."
    return command


for _kind in KINDS:
    app.command(name=_kind)(_make(_kind))
