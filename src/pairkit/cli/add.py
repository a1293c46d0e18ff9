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
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from pairkit.change import Spot
from pairkit.cli import completion
from pairkit.cli.commands import PairkitCommand, PairkitGroup
from pairkit.cli.common import fail_usage, paint, printable, refuse_invalid, show_problems, waiting_for
from pairkit.cli.lang import both
from pairkit.cli.progress import progress
from pairkit.diagnostics import ExitStatus, YamlPath
from pairkit.load.files import SUFFIXES
from pairkit.messages import Lang
from pairkit.model import SECTION_LABELS, SECTIONS, Records
from pairkit.model.fields import Labelled
from pairkit.model.vocab import Vocab
from pairkit.personal import mask_line
from pairkit.schema import vocabulary_of

app = typer.Typer(cls=PairkitGroup, no_args_is_help=True, add_completion=False, rich_markup_mode=None)


def _kinds() -> dict[str, str]:
    """Command name (``activity``) → section, for every section of ``SECTIONS`` except families of forms
    (rules), whose nested forms are written by hand."""
    out = {}
    for section, model in SECTIONS.items():
        if getattr(model, "FORMS", None):
            continue
        label = SECTION_LABELS.get(section)
        words = label.en.split() if label else []
        out["-".join(words) if words and all(w.isalpha() for w in words) else section] = section
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
    "leaders": "people",
    "deputies": "people",
    "members": "people",
    "pairing": "pairings",
    "pairings": "pairings",
}
_LISTED = 40  # more IDs than this are not listed; the clerk types the ID


def known_ids(section: str, records: Records) -> list[tuple[str, str]]:
    """(ID, name) of every record of ``section``."""
    out = []
    for item in records.section(section):
        record_id = getattr(item, "id", None)
        if isinstance(record_id, str):
            out.append((record_id, str(getattr(item, "name", None) or getattr(item, "supporter", None) or "")))
    return out


def _english(key: str) -> str:
    return key.replace("_", " ")


def _prompt(key: str, info: FieldInfo, records: Records, lang: Lang) -> Any:
    zh = lang is Lang.ZH
    title = f"{info.title or key} {key}" if zh else _english(key)
    options = _choices(info, records.vocab)
    for number, (value, label) in enumerate(options, start=1):
        typer.echo(f"  {number:>2}. {label}（{value}）" if zh else f"  {number:>2}. {value}")
    ids = known_ids(_REFERENCES[key], records) if key in _REFERENCES and not options else []
    if 0 < len(ids) <= _LISTED:
        named = [(f"{i}（{n}）" if zh else f"{i} ({n})") if n else i for i, n in ids]
        typer.echo(f"  可选编号：{'、'.join(named)}" if zh else f"  IDs: {', '.join(named)}")
    multiple = (
        "，多个用逗号分隔" if _is_list(info) and lang is Lang.ZH else (", comma-separated" if _is_list(info) else "")
    )
    answer: str = typer.prompt(f"{title}{multiple}")
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


@dataclass(frozen=True)
class _Options:
    """A record typed as options: a problem with a field is shown at its option (``--date``)."""

    kind: str

    def spot(self, path: YamlPath) -> Spot:
        key = path[0] if path else None
        return Spot("", f"--{key.replace('_', '-')}" if isinstance(key, str) else f"pairkit add {self.kind}")


def _run(ctx: typer.Context, kind: str, records: Path, file: Path | None, given: dict[str, str | None]) -> None:
    from pairkit.change import ChangeError, NewRecord, Plan, apply, plan
    from pairkit.pipeline import validate_tree

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

    with progress(lang) as shown:
        outcome = validate_tree(records, progress=shown)
    refuse_invalid(outcome, lang)
    missing = [key for key, info in fields.items() if info.is_required() and key not in record]
    if missing and interactive():
        for key in missing:
            record[key] = _prompt(key, fields[key], outcome.records, lang)
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
    new = [NewRecord(section, ordered, _Options(kind))]

    def again() -> Plan:  # the records changed meanwhile (another pairkit wrote them): judged again, under the lock
        now = validate_tree(records)
        if now.has_errors:
            raise ChangeError(next(d for d in now.diagnostics if d.is_error))
        return plan(now, records, new, file=file)

    try:
        change = plan(outcome, records, new, file=file)
        if not change.skipped and not change.has_errors:
            change = apply(change, records, again, waiting=lambda holder: waiting_for(holder, lang))
        if change.skipped:
            typer.echo("已有一条相同的记录，没有添加。" if zh else "an identical record exists; nothing was added.")
            raise typer.Exit(ExitStatus.OK)
        if change.has_errors:
            show_problems(change.problems, outcome.file_count, lang)
            label = SECTION_LABELS[section]
            typer.echo(
                f"新{label.zh}记录有错误，没有改动任何文件。"
                if zh
                else f"the new {label.en} has errors; no file was changed.",
                err=True,
            )
            raise typer.Exit(ExitStatus.PROBLEMS)
    except ChangeError as err:
        show_problems([err.diagnostic], outcome.file_count, lang)
        raise typer.Exit(ExitStatus.PROBLEMS) from None
    (target,) = change.targets
    show_diff(target.old, target.new, printable(str(target.path)))
    typer.echo(f"已添加到 {printable(str(target.path))}" if zh else f"added to {printable(str(target.path))}")


def show_diff(old: str, new: str, name: str) -> None:
    """The change as a diff; ID and phone numbers in it masked (they are shown only where ``--personal`` asks)."""
    lines = difflib.unified_diff(old.splitlines(), new.splitlines(), f"{name}（原）", name, n=2, lineterm="")
    for line in map(mask_line, lines):
        colour = "green" if line.startswith("+") else "red" if line.startswith("-") else None
        typer.echo(paint(line, fg=colour) if colour else line)


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
            annotation=Annotated[
                Path,
                typer.Option(
                    "--records",
                    metavar=both("记录目录", "PATH"),
                    help=both("记录目录。", "The records folder."),
                    show_default=False,
                ),
            ],
        ),
        inspect.Parameter(
            "file",
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=Annotated[
                Path | None,
                typer.Option(
                    "--file",
                    metavar=both("文件", "FILE"),
                    help=both("写入这个文件（默认自动选择）。", "Append to this file (default: chosen for you)."),
                ),
            ],
        ),
    ]
    for name, key in names.items():
        info = fields[key]
        required = ("（必填）", " (required)") if info.is_required() else ("", "")
        extra = ("，多个用逗号分隔", ", comma-separated") if _is_list(info) else ("", "")
        help_text = both(f"{info.title or key}{required[0]}{extra[0]}", f"{_english(key)}{required[1]}{extra[1]}")
        complete = completion.ids_of(_REFERENCES[key]) if key in _REFERENCES else None
        option = typer.Option(
            f"--{key.replace('_', '-')}", metavar=both("值", "VALUE"), help=help_text, autocompletion=complete
        )
        params.append(
            inspect.Parameter(
                name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=Annotated[str | None, option]
            )
        )
    command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    return command


for _kind in KINDS:
    _label = SECTION_LABELS[KINDS[_kind]]
    _help = both(f"新增一条{_label.zh}记录。", f"Add a new {_label.en} record.")
    app.command(name=_kind, cls=PairkitCommand, help=_help)(_make(_kind))
