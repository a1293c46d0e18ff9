"""The command tree: commands loaded only when used, help and usage errors in one language, no traceback.

``pairkit --help`` lists the commands from ``Entry`` records without importing them, so start-up costs only what
the help shows; a command's module (and the record models, rich, …) is imported when the command runs or shows
its own help. ``Root.main`` chooses the language before parsing and answers every framework error in it.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import typer
from typer._click import Command, Parameter
from typer._click import Context as ClickContext
from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
from typer.core import TyperCommand, TyperGroup

from pairkit.cli import lang as words
from pairkit.cli.lang import pick
from pairkit.diagnostics import ExitStatus
from pairkit.messages import Lang

COMPLETE_VAR = "_PAIRKIT_COMPLETE"


class Context(typer.Context):
    formatter_class = words.Formatter


def localise(command: Command, lang: Lang) -> None:
    """Show ``command`` (and its sub-commands) in ``lang``: help texts, value names, usage pieces."""
    for name in ("help", "short_help", "epilog"):
        value = getattr(command, name, None)
        if isinstance(value, str):
            setattr(command, name, pick(value, lang))
    if command.options_metavar is not None:
        command.options_metavar = pick(words.OPTIONS_METAVAR, lang)
    if isinstance(command, TyperGroup):
        command.subcommand_metavar = pick(words.COMMAND_METAVAR, lang)
        for sub in command.commands.values():
            localise(sub, lang)
    for param in command.params:
        _localise_param(param, lang)


def _localise_param(param: Parameter, lang: Lang) -> None:
    if isinstance(getattr(param, "help", None), str):
        param.help = pick(param.help, lang)  # type: ignore[attr-defined]
    if param.metavar is not None:
        param.metavar = pick(param.metavar, lang)


class Localised:
    """What every pairkit command and group shares: the formatter, the help option, headings and short help."""

    context_class: type[ClickContext] = Context

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = pick(words.HELP_OPTION, words.current())
        return option

    def get_short_help_str(self, limit: int = 45) -> str:
        return first_sentence(self.short_help or self.help or "")  # type: ignore[attr-defined]

    def format_options(self, ctx: Any, formatter: Any) -> None:
        lang = words.current()
        arguments: list[tuple[str, str]] = []
        options: list[tuple[str, str]] = []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            record = param.get_help_record(ctx)
            if record is None:
                continue
            name, help_text = record
            argument = param.param_type_name == "argument"
            if argument:
                name = name.split(" <")[0]  # its value name says it; the framework adds the type (<path>)
            row = (words.type_names(pick(name, lang), lang), words.extras(pick(help_text, lang), lang))
            (arguments if argument else options).append(row)
        for heading, rows in ((words.ARGUMENTS, arguments), (words.OPTIONS, options)):
            if rows:
                with formatter.section(pick(heading, lang)):
                    formatter.write_dl(rows)


class PairkitCommand(Localised, TyperCommand):
    pass


class PairkitGroup(Localised, TyperGroup):
    def format_options(self, ctx: Any, formatter: Any) -> None:
        super().format_options(ctx, formatter)
        rows = [(name, self._summary(ctx, name)) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section(pick(words.COMMANDS, words.current())):
                formatter.write_dl(rows)

    def _summary(self, ctx: Any, name: str) -> str:
        command = self.get_command(ctx, name)
        return command.get_short_help_str() if command is not None else ""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0]
        command = self.get_command(ctx, name)
        if command is None and not ctx.resilient_parsing:
            if name.startswith("-"):
                self.parse_args(ctx, args)  # an unknown option: the parser says so
            import difflib

            close = difflib.get_close_matches(name, self.list_commands(ctx), n=2)
            ctx.fail(
                words.say(
                    f"没有 {name} 这个命令" + (f"，是不是 {'、'.join(close)}？" if close else "。"),
                    f"No such command '{name}'." + (f" Did you mean {', '.join(close)}?" if close else ""),
                )
            )
        return (name if command else None), command, args[1:]


@dataclass(frozen=True)
class Entry:
    """A command of the root, loaded on first use: ``module:attribute`` is its function or its Typer group."""

    target: str
    summary: str  # both languages: the line `pairkit --help` shows, and the command's own help

    def load(self, name: str) -> Command:
        module, _, attribute = self.target.partition(":")
        found = getattr(importlib.import_module(module), attribute)
        if isinstance(found, typer.Typer):
            group = typer.main.get_group(found)  # a group even when it has one command (template export)
            group.help = self.summary
            return group
        single = typer.Typer(add_completion=False, rich_markup_mode=None)
        single.command(name=name, cls=PairkitCommand, help=self.summary)(found)
        return typer.main.get_command(single)


class Root(PairkitGroup):
    """``pairkit``: the commands of ``entries`` (see ``pairkit.cli``), each imported only when it is used."""

    entries: ClassVar[dict[str, Entry]] = {}

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.entries)

    def get_command(self, ctx: Any, name: str) -> Command | None:
        if name not in self.commands and name in self.entries:
            command = self.entries[name].load(name)
            localise(command, words.current())
            self.commands[name] = command
        return self.commands.get(name)

    def _summary(self, ctx: Any, name: str) -> str:
        return first_sentence(self.entries[name].summary)  # without importing the command

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        lang = words.lang_of(argv)
        words.use(lang)
        localise(self, lang)
        if os.environ.get(COMPLETE_VAR):
            from typer._completion_classes import completion_init

            completion_init()
        code = self._run(argv, prog_name or "pairkit", complete_var or COMPLETE_VAR, lang, extra)
        if standalone_mode:
            sys.exit(code)
        return code

    def _run(self, argv: list[str], prog_name: str, complete_var: str, lang: Lang, extra: dict[str, Any]) -> int:
        try:
            result = super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
        except NoArgsIsHelpError as err:
            typer.echo(err.format_message(), err=True)
            return ExitStatus.USAGE
        except UsageError as err:
            typer.echo(words.usage_error_text(err, lang), err=True)
            return ExitStatus.USAGE
        except ClickException as err:
            typer.echo(("错误：" if lang is Lang.ZH else "Error: ") + err.format_message(), err=True)
            return err.exit_code
        except typer.Abort:  # Ctrl-C or the end of input at a prompt: the prompt's line is left open
            typer.echo("\n" + pick(words.ABORTED, lang), err=True)
            return ExitStatus.PROBLEMS
        if result == 130:  # the framework turns Ctrl-C into exit status 130
            typer.echo(pick(words.INTERRUPTED, lang), err=True)
        return result if isinstance(result, int) else ExitStatus.OK


def first_sentence(text: str) -> str:
    """The first sentence of a help text, whole (a Chinese sentence ends with 。), in the language of the run."""
    lines = pick(text, words.current()).strip().splitlines()
    m = re.match(r"(.+?[。.!?！？])(\s|$)", lines[0]) if lines else None
    return m[1] if m else (lines[0] if lines else "")


__all__ = ["Entry", "PairkitCommand", "PairkitGroup", "Root", "localise"]
