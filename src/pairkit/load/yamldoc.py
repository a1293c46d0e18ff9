"""YAML text to plain Python data, safely, and positions found again from a path on demand.

ruamel.yaml composes a node tree (YAML 1.2: ``NO`` and ``on`` stay text); we build plain dicts, lists and scalars
from it ourselves so that we decide what is allowed: no tags that build objects, no duplicate keys, no alias
expansion beyond a budget. Dates stay text so the schema reports an impossible date with its location.

Positions are not kept with the data: ``locate`` re-composes only the files that have problems. That keeps the
seam for a faster parser on big trees.
"""

from __future__ import annotations

import math
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from pairkit.diagnostics import Bilingual, Diagnostic, Source, YamlPath

_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}
_MAX_DEPTH = 64
_BRACKETS = re.compile(r"[\[\]{}]")


class _Refused(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic


def compose(text: str) -> Node | None:
    """The node tree of the first document; raises ruamel's errors for malformed YAML."""
    try:
        node: Node | None = YAML(typ="rt", pure=True).compose(text)
    except NotImplementedError:  # the round-trip loader's comment gathering gives up on some valid layouts
        node = YAML(typ="safe", pure=True).compose(text)
    return node


def _too_deep(text: str) -> tuple[int, int] | None:
    """Where ``[``/``{`` nesting first passes the depth limit, if it does.

    ruamel's scanner is quadratic in flow depth (10,000 brackets take seconds before it gives up), so deep
    nesting is refused before composing. Brackets inside quotes are counted too: a real record never has 64
    unclosed ones.
    """
    if text.count("[") + text.count("{") <= _MAX_DEPTH:
        return None
    depth = 0
    for match in _BRACKETS.finditer(text):
        depth = depth + 1 if match[0] in "[{" else max(depth - 1, 0)
        if depth > _MAX_DEPTH:
            offset = match.start()
            line_start = text.rfind("\n", 0, offset) + 1
            return text.count("\n", 0, offset) + 1, offset - line_start + 1
    return None


def parse(text: str, file: str) -> tuple[Any, list[Diagnostic]]:
    """Plain data from YAML text, with the problems found. Data is ``None`` when the text cannot be read at all."""
    deep = _too_deep(text)
    if deep is not None:
        return None, [Diagnostic.at("PK104", Source(file)).located(*deep)]
    try:
        node = compose(text)
    except MarkedYAMLError as err:
        return None, [_syntax_error(err, file, text)]
    except RecursionError:
        return None, [Diagnostic.at("PK104", Source(file)).located(1, 1)]
    except Exception as err:  # ruamel's other refusals (YAMLError, an assertion on `%YAML 1.3`) have no position
        return None, [Diagnostic.at("PK101", Source(file), problem=str(err) or type(err).__name__).located(1, 1)]
    if node is None:
        return None, []
    builder = _Builder(file, budget=max(10_000, 4 * len(text)))
    try:
        return builder.build(node, 0), builder.problems
    except _Refused as refused:
        return None, [*builder.problems, refused.diagnostic]


# The parser's reasons a clerk meets most, in plain words (matched on ruamel's wording; others are shown as it says).
_SYNTAX = (
    (
        "cannot start any token",
        "用了 Tab 键缩进，YAML 只能用空格缩进",
        "a tab is used for indentation; YAML indents with spaces",
    ),
    (
        "mapping values are not allowed here",
        "这里不能再出现“字段: 值”，可能是缩进不对，或值里有冒号却没加引号",
        "a 'key: value' cannot start here: the indentation is off, or a value holds a colon without quotes",
    ),
    (
        "found unexpected end of stream",
        "引号没有配对，直到文件末尾都没有结束",
        "a quote is opened and never closed",
    ),
    ("expected ',' or ']'", "方括号 [ ] 没有配对，或列表项之间缺少逗号", "a [ ] is not closed, or a comma is missing"),
    ("expected ',' or '}'", "花括号 { } 没有配对，或各项之间缺少逗号", "a { } is not closed, or a comma is missing"),
    ("could not find expected ':'", "缺少冒号，或冒号后面没有空格", "a colon is missing, or has no space after it"),
    (
        "expected <block end>",
        "缩进不对，这一行没有和同级的字段对齐",
        "the indentation is off: this line is not aligned with the keys beside it",
    ),
    (
        "expected a single document",
        "一个文件只能有一份内容，删除 --- 分隔线",
        "a file holds one document: remove the --- separator",
    ),
    ("found undefined alias", "使用了没有定义的别名（*）", "an alias (*) names no anchor"),
)
_FULL_WIDTH = Bilingual(
    "冒号写成了中文全角的“：”，字段名后面要用英文冒号“:”再加一个空格",
    "the colon is the full-width '：'; a key is followed by the ASCII colon ':' and a space",
)
_NO_COLON = Bilingual("字段名 {key} 后面缺少冒号“:”", "the key {key} is not followed by a colon ':'")
# A line that starts like ``key`` (after its indentation and an optional ``- ``), then what follows the key.
_KEY_START = re.compile(r"[ \t]*(?:-[ \t]+)?([A-Za-z_][\w-]*)(.*)")


def _syntax_error(err: MarkedYAMLError, file: str, text: str) -> Diagnostic:
    problem = " ".join(p for p in (err.context, err.problem) if p) or "invalid YAML"
    # An unclosed quote is only noticed at the end of the file: point at where it opened instead.
    at_end = "end of stream" in (err.problem or "") and err.context_mark is not None
    mark = err.context_mark if at_end else (err.problem_mark or err.context_mark)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    colon = _colon_slip(err, text.splitlines(), line)
    if colon is not None:
        (line, column), reason = colon
        return Diagnostic.at("PK101", Source(file), problem=reason).located(line, column)
    words = next((Bilingual(zh, en) for match, zh, en in _SYNTAX if match in problem), Bilingual(problem, problem))
    return Diagnostic.at("PK101", Source(file), problem=words).located(line, column)


def _colon_slip(err: MarkedYAMLError, lines: list[str], line: int) -> tuple[tuple[int, int], Bilingual] | None:
    """A full-width or missing colon after a key, at its own line: the parser notices it only where the next key
    starts (or, for the first key of an item, one line later)."""
    if err.context == "while scanning a simple key" and err.context_mark is not None:
        candidates = [err.context_mark.line + 1]  # the key that lacks its colon starts here
    elif "mapping values are not allowed" in (err.problem or ""):
        above = [n for n in range(line - 1, max(line - 4, 0), -1) if lines[n - 1].strip()]
        candidates = [line, *above[:1]]  # this line, or the nearest written line above it
    else:
        return None
    for number in candidates:
        if not 1 <= number <= len(lines):
            continue
        text = lines[number - 1]
        m = _KEY_START.match(text)
        if m is None or text.lstrip().startswith("#"):
            continue
        rest = m[2]
        if rest.lstrip(" \t").startswith("："):
            return (number, text.index("：", m.end(1)) + 1), _FULL_WIDTH
        if ":" not in rest and rest[:1] in (" ", "\t", ""):
            key = m[1]
            return (number, m.end(1) + 1), Bilingual(_NO_COLON.zh.format(key=key), _NO_COLON.en.format(key=key))
    return None


def _mark(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    def __init__(self, file: str, budget: int) -> None:
        self.file = file
        self.budget = budget  # nodes we may still build: aliases can multiply a small file into billions
        self.problems: list[Diagnostic] = []

    def refuse(self, code: str, node: Node, **args: object) -> _Refused:
        return _Refused(Diagnostic.at(code, Source(self.file), **args).located(*_mark(node)))

    def build(self, node: Node, depth: int) -> Any:
        self.budget -= 1
        if self.budget < 0 or depth > _MAX_DEPTH:
            raise self.refuse("PK104", node)
        tag = str(node.tag)
        if tag not in _ALLOWED_TAGS:
            raise self.refuse("PK103", node, tag=tag.removeprefix(_CORE))
        if isinstance(node, ScalarNode):
            return _scalar(node)
        if isinstance(node, SequenceNode):
            return [self.build(item, depth + 1) for item in node.value]
        assert isinstance(node, MappingNode)
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _CORE + "merge":
                raise self.refuse("PK103", key_node, tag="<<")
            if not isinstance(key_node, ScalarNode):
                raise self.refuse(
                    "PK101", key_node, problem=Bilingual("字段名必须是简单的文字", "a key must be a plain word")
                )
            key = str(key_node.value)  # as written: `2024:` is the text "2024"
            if key in out:
                self.problems.append(Diagnostic.at("PK102", Source(self.file), key=key).located(*_mark(key_node)))
                continue
            out[key] = self.build(value_node, depth + 1)
        return out


def _scalar(node: ScalarNode) -> Any:
    text: str = node.value
    if node.style == ">":  # ruamel marks the folds of a folded block with BEL characters, to write them back
        text = text.replace("\a", "")
    kind = str(node.tag).removeprefix(_CORE)
    if kind == "null":
        return None
    if kind == "bool":
        return text.lower() == "true"
    try:
        if kind == "int":
            digits = text.replace("_", "").lower()
            for prefix, base in (("0x", 16), ("0o", 8), ("0b", 2)):
                if digits.startswith(prefix):
                    return int(digits[2:], base)
            return int(digits)
        if kind == "float":
            lowered = text.replace("_", "").lower()
            if lowered.endswith(".inf"):
                return -math.inf if lowered.startswith("-") else math.inf
            return math.nan if lowered == ".nan" else float(lowered)
    except ValueError:
        pass  # a number form Python does not read: leave it as text for the schema to judge
    return text  # str, and timestamps kept as written


def tree(text: str) -> Node | None:
    """The node tree for finding positions, or None when there is none to be had."""
    try:
        return compose(text)
    except Exception:  # malformed: positions fall back to the start of the file
        return None


def locate(root: Node | None, path: YamlPath, anchor: str = "value") -> tuple[int, int]:
    """Line and column (1-based) of ``path``; the nearest existing parent when the path is missing."""
    if root is None:
        return 1, 1
    node = root
    for i, part in enumerate(path):
        last = i == len(path) - 1
        if isinstance(node, MappingNode) and isinstance(part, str):
            pair = next(((k, v) for k, v in node.value if str(k.value) == part), None)
            if pair is None:
                break
            node = pair[0] if last and anchor == "key" else pair[1]
        elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
        else:
            break
    return _mark(node)
