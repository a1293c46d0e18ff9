"""One language at a time on the command line: help, usage errors and the words of the command framework.

Help texts are written once with both languages (``both("中文", "English")``); the command tree shows one of them.
The language is chosen before any option is parsed — from ``--lang`` on the command line, else ``PAIRKIT_LANG`` —
so that a usage error raised while parsing (``--format nope``), or ``--help`` given before ``--lang``, is already in
the right language. The framework's own English (``Usage:``, ``Options``, ``Show this message and exit.``,
``Invalid value for …``, ``Aborted!``) is replaced here; a test runs every command's help and a set of usage errors
in both languages and looks for words of the other one.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections.abc import Sequence

from typer._click import HelpFormatter
from typer._click.exceptions import BadParameter, MissingParameter, NoSuchOption, UsageError

from pairkit.messages import Lang, default_lang

_SEP = "\x1f"  # between the Chinese and the English of a help text; survives cleandoc and splitlines


def both(zh: str, en: str) -> str:
    """A text the command line shows in Chinese or in English, whichever is chosen."""
    return f"{zh}{_SEP}{en}"


def pick(text: str, lang: Lang) -> str:
    if _SEP not in text:
        return text
    zh, _, en = text.partition(_SEP)
    return en if lang is Lang.EN else zh


def lang_of(argv: Sequence[str]) -> Lang:
    """``--lang en`` (or ``--lang=en``) anywhere before ``--``, else ``PAIRKIT_LANG``, else Chinese."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        value = arg.partition("=")[2] if arg.startswith("--lang=") else None
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        if value is not None and value.lower()[:2] in ("zh", "en"):
            return Lang(value.lower()[:2])
    return default_lang()


_current = Lang.ZH


def use(lang: Lang) -> None:
    """The language of this run (set once, before parsing)."""
    global _current
    _current = lang


def current() -> Lang:
    return _current


def say(zh: str, en: str) -> str:
    return en if _current is Lang.EN else zh


# --- the framework's own words ----------------------------------------------------------------------------------

USAGE = both("用法：", "Usage: ")
OPTIONS = both("选项", "Options")
ARGUMENTS = both("参数", "Arguments")
COMMANDS = both("命令", "Commands")
OPTIONS_METAVAR = both("[选项]", "[OPTIONS]")
COMMAND_METAVAR = both("命令 [参数]...", "COMMAND [ARGS]...")
HELP_OPTION = both("显示本帮助并退出。", "Show this message and exit.")
ABORTED = both("已取消。", "Aborted!")
INTERRUPTED = both("已中断。", "Interrupted.")
_EXTRAS = {"default": both("默认", "default"), "env var": both("环境变量", "env var")}
_REQUIRED = both("必填", "required")


def extras(help_text: str, lang: Lang) -> str:
    """``… [default: records; required]`` as the framework appends it, in ``lang``."""
    m = re.search(r"\[([^\[\]]*)\]$", help_text)
    if m is None or lang is Lang.EN:
        return help_text
    parts = []
    for part in m[1].split("; "):
        name, colon, value = part.partition(": ")
        if part == "required":
            parts.append(pick(_REQUIRED, lang))
        elif colon and name in _EXTRAS:
            parts.append(f"{pick(_EXTRAS[name], lang)}：{value}")
        else:
            parts.append(part)
    return help_text[: m.start()] + "[" + "；".join(parts) + "]"


# The framework's names of value types (``<str>`` in help, "not a valid integer" in errors), in Chinese.
_TYPE_NAMES = {
    "str": "文字",
    "text": "文字",
    "path": "路径",
    "int": "整数",
    "integer": "整数",
    "float": "数字",
    "bool": "是或否",
    "boolean": "是或否",
}


def type_names(name: str, lang: Lang) -> str:
    """``--records <path>``: the type the framework shows for a value without a name of its own, in ``lang``."""
    if lang is Lang.EN:
        return name
    return re.sub(r"<(\w+)>", lambda m: f"<{_TYPE_NAMES.get(m[1], m[1])}>", name)


# --- usage errors --------------------------------------------------------------------------------------------------


def _hint(names: str) -> str:
    """``'--format' / '-f'`` → ``--format（-f）``."""
    opts: list[str] = re.findall(r"'([^']+)'", names) or [names]
    return opts[0] + (f"（{'、'.join(opts[1:])}）" if len(opts) > 1 else "")


def _invalid_value(message: str) -> str:
    m = re.fullmatch(r"(.*) is not one of (.*)\.", message, re.S)
    if m:
        choices = "、".join(re.findall(r"'([^']*)'", m[2]))
        return f"{m[1]} 不是可选的值，只能是 {choices}"
    m = re.fullmatch(r"Value (.*) is not a valid (\w+)\.", message, re.S)
    if m:
        return f"{m[1]} 不是有效的{_TYPE_NAMES.get(m[2].lower(), m[2])}"
    return message


_PLAIN: tuple[tuple[str, str], ...] = (
    (r"Got unexpected extra argument\(s\) \((.*)\)", "多余的参数：{0}"),
    (r"Missing command\.", "缺少命令。"),
    (r"Option '(.+)' requires an argument\.", "选项 {0} 后面要写一个值。"),
    (r"Option '(.+)' requires (\d+) arguments\.", "选项 {0} 后面要写 {1} 个值。"),
    (r"Option '(.+)' does not take a value\.", "选项 {0} 不需要值。"),
    (r"Argument '(.+)' takes (\d+) values\.", "参数 {0} 要写 {1} 个值。"),
)


def error_message(err: UsageError, lang: Lang) -> str:
    """The message of a usage error raised by the framework, in ``lang``."""
    err.message = err.message.removeprefix("Value error, ")  # the framework checks values with pydantic, which says so
    if lang is Lang.EN:
        return err.format_message()
    if isinstance(err, NoSuchOption):
        close = sorted(err.possibilities or ())
        return f"没有 {err.option_name} 这个选项" + (f"，是不是 {'、'.join(close)}？" if close else "。")
    if isinstance(err, MissingParameter):
        param = err.param
        missing = _hint(param.get_error_hint()) if param is not None else ""
        what = "参数" if param is not None and param.param_type_name == "argument" else "选项"
        return f"缺少{what} {missing}。".replace(" 。", "。")
    if isinstance(err, BadParameter):
        named = err.param_hint if isinstance(err.param_hint, str) else None
        if named is None and err.param is not None:
            named = err.param.get_error_hint()
        inner = _invalid_value(err.message)
        if not named:
            return f"值无效：{inner}。"
        hint = _hint(named)
        return f"{hint}{'' if hint.endswith('）') else ' '}的值无效：{inner}。"
    for pattern, zh in _PLAIN:
        m = re.fullmatch(pattern, err.message, re.S)
        if m:
            return zh.format(*m.groups())
    return err.message  # our own messages are already in the chosen language


def usage_error_text(err: UsageError, lang: Lang) -> str:
    """Usage line, where to find help, and the error: what the framework would print, in ``lang``."""
    lines = []
    if err.ctx is not None:
        lines.append(err.ctx.get_usage())
        command = err.ctx.command_path
        lines.append(f"运行 {command} --help 查看用法。" if lang is Lang.ZH else f"Try '{command} --help' for help.")
        lines.append("")
    lines.append(("错误：" if lang is Lang.ZH else "Error: ") + error_message(err, lang))
    return "\n".join(lines)


# --- help layout that measures Chinese as two columns ------------------------------------------------------------


@functools.lru_cache(maxsize=1 << 16)  # tables and wrapped lines measure the same few hundred texts again and again
def width_of(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


_CJK = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u3000-\u303f"
_OPENING = "(\\[{（《「『“‘"
_CLOSING = "，。、；：！？）》」』”’)\\]},.;:!?"
# A Chinese character (a line may break after any), or a word of other text kept whole; punctuation stays with
# what it opens or closes, so that no line starts with "，" or "）" and none ends with "（".
# A Chinese date (2026年8月31日, 7月31日) is one token: a line never breaks inside it.
_DATE = r"(?:\d{4}年)?\d{1,2}月\d{1,2}日|\d{4}年\d{1,2}月"
_TOKEN = re.compile(
    rf"\s+|[{_OPENING}]*(?:{_DATE})[{_CLOSING}]*|[{_OPENING}]*[{_CJK}][{_CLOSING}]*|[{_OPENING}]*[^\s{_CJK}]+[{_CLOSING}]*"
)


def wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """Greedy line filling by display width; a token wider than a line is put alone on it."""
    words = " ".join(text.split())  # what the filling below gives when everything fits on the first line
    if width_of(first) + width_of(words) <= width:  # nearly always for piped output (no width): skip the tokens
        return [first + words]
    lines: list[str] = []
    line, used, space = first, width_of(first), False
    empty = True
    for token in _TOKEN.findall(text):
        if token.isspace():
            space = not empty
            continue
        need = width_of(token) + (1 if space else 0)
        if not empty and used + need > width:
            lines.append(line)
            line, used, empty = rest, width_of(rest), True
            need = width_of(token)
        elif space:
            line += " "
        line += token
        used += need
        empty, space = False, False
    lines.append(line)
    return lines


def _paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs; lines inside one are joined (with a space between words of Latin text)."""
    out = []
    for block in re.split(r"\n\s*\n", text.strip()):
        joined = ""
        for line in block.splitlines():
            line = line.strip()
            cjk_seam = joined and (re.match(rf"[{_CJK}]", line) or re.search(rf"[{_CJK}]$", joined))
            joined += line if not joined or cjk_seam else " " + line
        out.append(joined)
    return out


class Formatter(HelpFormatter):
    """Click's help layout, with the headings in the chosen language and widths measured as a terminal shows them."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        head = f"{pick(USAGE, current())}{prog} "
        text_width = self.width - self.current_indent
        lines = wrap(args, text_width, " " * self.current_indent + head, " " * width_of(head))
        self.write("\n".join(lines) + "\n")

    def write_heading(self, heading: str) -> None:
        colon = "：" if current() is Lang.ZH else ":"
        self.write(f"{'':>{self.current_indent}}{heading}{colon}\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        blocks = ["\n".join(wrap(p, self.width, indent, indent)) for p in _paragraphs(text)]
        self.write("\n\n".join(blocks) + "\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max((width_of(first) for first, _ in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        text_width = max(self.width - first_col - self.current_indent, 20)
        for first, second in rows:
            self.write(f"{indent}{first}")
            if not second:
                self.write("\n")
                continue
            if width_of(first) <= first_col - col_spacing:
                self.write(" " * (first_col - width_of(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = [line for p in _paragraphs(second) for line in wrap(p, text_width)]
            pad = " " * (first_col + self.current_indent)
            self.write(lines[0] + "\n" + "".join(f"{pad}{line}\n" for line in lines[1:]))


def no_color() -> bool:
    """NO_COLOR set to anything but empty turns colour off everywhere (https://no-color.org)."""
    return bool(os.environ.get("NO_COLOR"))
