"""`pairkit add KIND`: a new record from options or prompts, validated with all records before it is written.

One sub-command per record kind, with one option per field, generated from ``SECTIONS`` and the record models
(``pairkit.form``): nested blocks (a secondment's allowances, a donation's items) are options given once per
block, ``--allowances "kind=生活补助,amount=3000,months=10"``. A problem with a value is shown at its option.

At a terminal, when a required field is missing, every field not given is asked in turn: optional ones can be
skipped, each answer is checked as it is given and only a wrong one is asked again, the record is shown as YAML and
written after a yes. Ctrl-C at any question ends it with nothing written.
"""

from __future__ import annotations

import difflib
import inspect
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from pairkit.change import ChangeError, Spot
from pairkit.cli import completion
from pairkit.cli.commands import PairkitCommand, PairkitGroup
from pairkit.cli.common import fail_usage, paint, printable, refuse_invalid, show_problems, waiting_for
from pairkit.cli.lang import both
from pairkit.cli.progress import progress
from pairkit.diagnostics import Diagnostic, ExitStatus, YamlPath
from pairkit.form import REFERENCES, SPLIT, Ask, Reader, candidates, choices, fields
from pairkit.load.files import SUFFIXES
from pairkit.messages import Lang
from pairkit.model import SECTION_LABELS, SECTIONS
from pairkit.personal import mask_line

if TYPE_CHECKING:
    from pairkit.change import Plan

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
_LISTED = 40  # more records than this are not listed at a prompt: the clerk types a name or an ID


def interactive() -> bool:
    """Prompts only for a person at a terminal; in CI or a pipe a missing field is an error."""
    return sys.stdin.isatty()


@dataclass(frozen=True)
class _Options:
    """A record typed as options: a problem with a field is shown at its option (``--date``; ``--items #2`` for
    the second block of a nested list)."""

    kind: str

    def spot(self, path: YamlPath) -> Spot:
        key = path[0] if path else None
        if not isinstance(key, str):
            return Spot("", f"pairkit add {self.kind}")
        option = f"--{key.replace('_', '-')}"
        ask = next((a for a in fields(SECTIONS[KINDS[self.kind]]) if a.key == key), None) if self.kind else None
        if ask is not None and ask.part is not None and len(path) > 1 and isinstance(path[1], int):
            return Spot("", f"{option} #{path[1] + 1}")
        return Spot("", option)


@dataclass(frozen=True)
class _Answers:
    """A record typed at prompts: a problem is shown at the field's title (``日期 date``)."""

    titles: dict[str, str]

    def spot(self, path: YamlPath) -> Spot:
        key = path[0] if path else None
        return Spot("", self.titles.get(key, str(key)) if isinstance(key, str) else "")


def _run(ctx: typer.Context, kind: str, records: Path, file: Path | None, given: dict[str, Any]) -> None:
    from pairkit.pipeline import validate_tree

    lang: Lang = ctx.obj
    zh = lang is Lang.ZH
    section = KINDS[kind]
    asks = fields(SECTIONS[section])
    if file is not None and (file.suffix not in SUFFIXES or file.is_dir()):
        raise fail_usage(f"{file} 不是 .yaml 记录文件。", f"{file} is not a .yaml record file.", lang)
    if not records.is_dir():
        raise fail_usage(f"记录目录 {records} 不存在。", f"the records folder {records} does not exist.", lang)

    with progress(lang) as shown:
        outcome = validate_tree(records, progress=shown)
    refuse_invalid(outcome, lang)
    reader = Reader(outcome.records, section)
    values: dict[str, Any] = {}
    wrong: list[Diagnostic] = []
    for ask in asks:
        raw = given.get(ask.key)
        if raw is None or raw == []:
            continue
        value, problems = reader.read_each(ask, raw) if isinstance(raw, list) else reader.read(ask, raw)
        wrong += problems
        if not problems:
            values[ask.key] = value
    missing = [a for a in asks if a.required and a.key not in values and a.key not in _keys(wrong)]
    asking = bool(missing) and interactive()
    if not asking:
        if missing:
            options = "、".join(a.option for a in missing) if zh else ", ".join(a.option for a in missing)
            typer.echo(
                f"错误：缺少必填字段 {options}（在终端中运行可逐项填写）。"
                if zh
                else f"error: required fields are missing: {options} (run it in a terminal to be asked).",
                err=True,
            )
            raise typer.Exit(ExitStatus.USAGE)
        _refuse_if_wrong(wrong, _Options(kind), section, outcome.file_count, lang)
    try:
        if asking:
            change = Prompts(reader, lang).fill(asks, values, wrong, outcome, records, file)
        else:
            change = _plan(outcome, records, file, section, asks, values, _Options(kind))
    except typer.Abort:
        typer.echo("\n已取消，没有写入任何文件。" if zh else "\nCancelled; nothing was written.", err=True)
        raise typer.Exit(ExitStatus.PROBLEMS) from None
    except ChangeError as err:  # the target file named with --file cannot be read as records
        show_problems([err.diagnostic], outcome.file_count, lang)
        raise typer.Exit(ExitStatus.PROBLEMS) from None
    _refuse_if_wrong(change.problems, None, section, outcome.file_count, lang)
    _write(change, records, outcome.file_count, lang)


def _keys(problems: list[Diagnostic]) -> set[str]:
    return {p.path[0] for p in problems if p.path and isinstance(p.path[0], str)}


def _plan(
    outcome: Any, records: Path, file: Path | None, section: str, asks: list[Ask], values: dict[str, Any], origin: Any
) -> Plan:
    from pairkit.change import NewRecord, plan

    ordered = {a.key: values[a.key] for a in asks if values.get(a.key) not in (None, [])}
    return plan(outcome, records, [NewRecord(section, ordered, origin)], file=file)


def _refuse_if_wrong(
    problems: list[Diagnostic], origin: _Options | None, section: str, file_count: int, lang: Lang
) -> None:
    """Problems with the new record, at the options that gave them: exit 1, nothing written."""
    if not any(p.is_error for p in problems):
        if problems:
            show_problems(problems, file_count, lang)
        return
    placed = [p.placed(*origin.spot(p.path)) for p in problems] if origin is not None else problems
    show_problems(placed, file_count, lang)
    label = SECTION_LABELS[section]
    typer.echo(
        f"新{label.zh}记录有错误，没有改动任何文件。"
        if lang is Lang.ZH
        else f"the new {label.en} has errors; no file was changed.",
        err=True,
    )
    raise typer.Exit(ExitStatus.PROBLEMS)


def _write(change: Plan, records: Path, file_count: int, lang: Lang) -> None:
    """Write the new record (planned again under the lock if the records changed meanwhile), or say it is kept."""
    from pairkit.change import apply

    if not change.skipped:
        try:
            change = apply(change, records, waiting=lambda holder: waiting_for(holder, lang))
        except ChangeError as err:
            show_problems([err.diagnostic], file_count, lang)
            raise typer.Exit(ExitStatus.PROBLEMS) from None
    if change.skipped:  # already kept, or added by someone else while this one waited for the lock
        typer.echo(
            "已有一条相同的记录，没有添加。" if lang is Lang.ZH else "an identical record exists; nothing was added."
        )
        raise typer.Exit(ExitStatus.OK)
    (target,) = change.targets
    shown = printable(str(target.path))
    show_diff(target.old, target.new, shown)
    typer.echo(f"已添加到 {shown}" if lang is Lang.ZH else f"added to {shown}")


def show_diff(old: str, new: str, name: str) -> None:
    """The change as a diff; ID and phone numbers in it masked (they are shown only where ``--personal`` asks)."""
    lines = difflib.unified_diff(old.splitlines(), new.splitlines(), f"{name}（原）", name, n=2, lineterm="")
    for line in map(mask_line, lines):
        colour = "green" if line.startswith("+") else "red" if line.startswith("-") else None
        typer.echo(paint(line, fg=colour) if colour else line)


# --- prompts ------------------------------------------------------------------------------------------------------


class Prompts:
    """Asking for a record field by field at a terminal."""

    def __init__(self, reader: Reader, lang: Lang) -> None:
        self.reader = reader
        self.lang = lang
        self.zh = lang is Lang.ZH

    def say(self, zh: str, en: str) -> None:
        typer.echo(zh if self.zh else en)

    def fill(
        self,
        asks: list[Ask],
        values: dict[str, Any],
        wrong: list[Diagnostic],
        outcome: Any,
        records: Path,
        file: Path | None,
    ) -> Plan:
        """Ask every field not given, then the fields the whole record is found wrong in, until it is right and
        confirmed. Raises ``typer.Abort`` when the person gives up (Ctrl-C, end of input, or no at the end)."""
        from pairkit.fmt.append import append_records

        section = self.reader.section
        label = self.reader.label
        self.say(
            f"新增一条{label.zh}记录：逐项填写，可不填的直接回车跳过，按 Ctrl-C 取消。",
            f"A new {label.en}: answer each question; press Enter to skip an optional one, Ctrl-C to cancel.",
        )
        for problem in wrong:
            self._problem(problem, _Options("").spot(problem.path).place)
        for ask in asks:
            if ask.key not in values:
                values[ask.key] = self.ask(ask)
        titles = {a.key: self._title(a) for a in asks}
        while True:
            change = _plan(outcome, records, file, section, asks, values, _Answers(titles))
            errors = [p for p in change.problems if p.is_error]
            for problem in change.problems:
                self._problem(problem, problem.place)
            if not errors:
                break
            # A problem of the record as a whole (a donation of neither cash nor items) is about what was skipped.
            skipped = {a.key for a in asks if values.get(a.key) in (None, [])}
            again = _keys([_unplaced(p) for p in errors]) or skipped or {a.key for a in asks}
            self.say("请重新填写以上有问题的字段：", "Answer the fields above again:")
            for ask in asks:
                if ask.key in again:
                    values[ask.key] = self.ask(ask, current=values.get(ask.key))
        if change.skipped:
            return change
        (target,) = change.targets
        record = append_records("", [(r.section, r.data) for r in target.added]).rstrip("\n")
        self.say(f"\n将写入 {target.shown}：", f"\nTo be written to {target.shown}:")
        typer.echo(paint(record, fg="green"))
        if not typer.confirm("写入吗？" if self.zh else "Write it?", default=True):
            raise typer.Abort
        return change

    def _title(self, ask: Ask) -> str:
        return f"{ask.title} {ask.key}" if self.zh else ask.key.replace("_", " ")

    def _problem(self, problem: Diagnostic, where: str) -> None:
        from pairkit.cli.output import with_hint
        from pairkit.messages import text

        line = with_hint(*text(problem, self.lang), self.lang)
        typer.echo(paint(f"  {where}：{line}" if where else f"  {line}", fg="red" if problem.is_error else "yellow"))

    def ask(self, ask: Ask, current: Any = None) -> Any:
        """One field, asked until the answer is right (or skipped, when it may be)."""
        if ask.part is not None:
            return self._parts(ask)
        self._show_choices(ask)
        while True:
            answer = typer.prompt(self._question(ask, current), default="", show_default=False)
            if not answer.strip() and current is not None:
                return current
            value, problems = self.reader.read(ask, self._numbers(ask, answer))
            if not problems:
                return value
            for problem in problems:
                self._problem(problem, "")

    def _numbers(self, ask: Ask, answer: str) -> str:
        """Numbers picked from a listed set of records, as their IDs (choices of a vocabulary are the reader's)."""
        known = candidates(ask.reference, self.reader.records) if ask.reference else []
        if not 0 < len(known) <= _LISTED:
            return answer
        picked = [
            known[int(part) - 1][0] if part.isdigit() and 1 <= int(part) <= len(known) else part
            for part in SPLIT.split(answer.strip())
        ]
        return "，".join(picked)

    def _question(self, ask: Ask, current: Any) -> str:
        notes_zh, notes_en = [], []
        if current is not None:
            shown = "，".join(map(str, current)) if isinstance(current, list) else str(current)
            notes_zh.append(f"回车保留 {shown}")
            notes_en.append(f"Enter keeps {shown}")
        elif ask.required:
            notes_zh.append("必填")
            notes_en.append("required")
        else:
            default = ask.default()
            notes_zh.append("可不填" + (f"，默认 {_shown(default)}" if default not in (None, False, 0) else ""))
            notes_en.append("optional" + (f", default {_shown(default)}" if default not in (None, False, 0) else ""))
        if ask.many:
            notes_zh.append("多个用逗号分隔")
            notes_en.append("comma-separated")
        if "date" in {getattr(k, "__name__", "") for k in ask.kinds()}:
            notes_zh.append("年-月-日")
            notes_en.append("year-month-day")
        if self.zh:
            return f"{self._title(ask)}（{'，'.join(notes_zh)}）"
        return f"{self._title(ask)} ({', '.join(notes_en)})"

    def _show_choices(self, ask: Ask) -> None:
        offered = choices(ask, self.reader.records)
        for number, (key, label) in enumerate(offered, start=1):
            typer.echo(f"  {number:>2}. {label}（{key}）" if self.zh else f"  {number:>2}. {key}")
        if ask.reference is None:
            return
        known = candidates(ask.reference, self.reader.records)
        target = SECTION_LABELS[ask.reference]
        if 0 < len(known) <= _LISTED:
            for number, (record_id, name) in enumerate(known, start=1):
                typer.echo(f"  {number:>2}. {record_id}  {name}".rstrip())
            self.say("  写序号、编号或名称", "  give a number, an ID or a name")
        elif known:
            self.say(
                f"  共 {len(known)} 个{target.zh}，写名称或编号",
                f"  give a name or an ID ({len(known)} to choose from)",
            )

    def _parts(self, ask: Ask) -> list[dict[str, Any]]:
        """A nested list, one block at a time, as long as the person wants another."""
        assert ask.part is not None
        blocks: list[dict[str, Any]] = []
        part_asks = fields(ask.part)
        while True:
            more = "再添加一项" if blocks else "添加"
            question = (
                f"{self._title(ask)}：{more}吗？"
                if self.zh
                else f"{self._title(ask)}: add {'another' if blocks else 'one'}?"
            )
            if not typer.confirm(question, default=False):
                return blocks
            block = {}
            for part_ask in part_asks:
                value = self.ask(part_ask)
                if value is not None:
                    block[part_ask.key] = value
            blocks.append(block)


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def _unplaced(problem: Diagnostic) -> Diagnostic:
    """The problem with its path inside the new record (``activities[3].date`` → ``date``)."""
    from dataclasses import replace

    return replace(problem, path=problem.path[2:])


# --- the commands -----------------------------------------------------------------------------------------------


def _make(kind: str) -> Callable[..., None]:
    section = KINDS[kind]
    asks = fields(SECTIONS[section])
    names = {f"v_{i}": ask.key for i, ask in enumerate(asks)}

    def command(ctx: typer.Context, records: Path, file: Path | None, **values: Any) -> None:
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
    for name, ask in zip(names, asks, strict=True):
        params.append(inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=_option(ask)))
    command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    return command


def _option(ask: Ask) -> Any:
    """The option of one field: a value (commas for a list), or for a nested block one ``field=value,…`` per use."""
    required = ("（必填）", " (required)") if ask.required else ("", "")
    if ask.part is not None:
        example = ",".join(f"{f.key}=…" for f in fields(ask.part) if f.required)
        help_text = both(
            f"{ask.title}：每项写成 {example}（字段也可写中文名），多项就重复这个选项",
            f"{ask.key.replace('_', ' ')}: one block as {example}; repeat the option for more",
        )
        option = typer.Option(ask.option, metavar=both("字段=值,…", "FIELD=VALUE,…"), help=help_text)
        return Annotated[list[str] | None, option]
    extra = ("，多个用逗号分隔", ", comma-separated") if ask.many else ("", "")
    by_name = ("，可写名称", ", or a name") if ask.reference else ("", "")
    help_text = both(
        f"{ask.title}{required[0]}{extra[0]}{by_name[0]}",
        f"{ask.key.replace('_', ' ')}{required[1]}{extra[1]}{by_name[1]}",
    )
    complete = completion.ids_of(REFERENCES[ask.key]) if ask.reference else None
    option = typer.Option(ask.option, metavar=both("值", "VALUE"), help=help_text, autocompletion=complete)
    return Annotated[str | None, option]


for _kind in KINDS:
    _label = SECTION_LABELS[KINDS[_kind]]
    _help = both(f"新增一条{_label.zh}记录。", f"Add a new {_label.en} record.")
    app.command(name=_kind, cls=PairkitCommand, help=_help)(_make(_kind))
