"""YAML text to plain Python data, safely, and positions found again from a path on demand.

ruamel.yaml composes a node tree (YAML 1.2: ``NO`` and ``on`` stay text); we build plain dicts, lists and scalars
from it ourselves so that we decide what is allowed: no tags that build objects, no duplicate keys, no alias
expansion beyond a budget. Dates stay text so the schema reports an impossible date with its location.

Positions are not kept with the data: ``tree`` re-composes only the files that have problems, with libyaml's C
composer where it is installed (twenty times faster than ruamel's pure-Python one, so that a file with a hundred
thousand problems is located in about a second), and ``locate`` finds each path in it through an index built once
per mapping. Neither reading the data nor locating uses ruamel's round-trip loader: its comment gathering is for
``pairkit fmt`` alone, and it fails on some valid layouts of comments.
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import replace
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.tokens import TagToken

from pairkit.diagnostics import Bilingual, Diagnostic, Source, YamlPath
from pairkit.load import fastyaml

_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}
_MAX_DEPTH = 64
_BRACKETS = re.compile(r"[\[\]{}]")


class _Refused(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic


def compose(text: str) -> Node | None:
    """The node tree of the first document; raises ruamel's errors for malformed YAML."""
    with warnings.catch_warnings():  # an anchor defined twice is valid YAML: no warning printed over the output
        warnings.simplefilter("ignore")
        node: Node | None = YAML(typ="safe", pure=True).compose(text)
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
    """Plain data from YAML text, with the problems found. Data is ``None`` when the text cannot be read at all.

    ruamel composes the nodes we judge; yaml-rs referees (``fastyaml.referee``): text ruamel accepts but the
    specification does not is refused where yaml-rs points, and where nothing in the text needs judging, yaml-rs's
    reading is the data, as on the fast path (ruamel cannot read some valid layouts and misreads a few).
    """
    deep = _too_deep(text)
    if deep is not None:
        return None, [Diagnostic.at("PK104", Source(file)).located(*deep)]
    referee = fastyaml.referee(text)
    try:
        node = compose(text)
    except RecursionError:
        return None, [Diagnostic.at("PK104", Source(file)).located(1, 1)]
    except Exception as err:  # every refusal of ruamel's, marked or not (an assertion on `%YAML 1.3`)
        if referee.plain:  # valid YAML that ruamel cannot read (a tab after a colon, some block scalars)
            return referee.data, []
        if isinstance(err, MarkedYAMLError):
            diagnostic = _syntax_error(err, file, text)
        else:
            diagnostic = _unmarked(err, referee.error, file)
        if referee.data is not None and "single document" not in str(err):
            # valid YAML written with what pairkit does not take, in a way ruamel cannot read: its reason would mislead
            diagnostic = replace(diagnostic, args={"problem": _UNSUPPORTED})
        return None, [diagnostic]
    if referee.error is not None:
        line, column, reason = referee.error
        problem = in_words(reason)
        return None, [Diagnostic.at("PK101", Source(file), problem=problem).located(line, column)]
    if node is None:
        return None, []
    bare = _bare_tag(text) if "!" in text else None
    if bare is not None:  # ruamel resolves `! 12` as a number; YAML says text. Tags are refused anyway
        return None, [Diagnostic.at("PK103", Source(file), tag="!").located(*bare)]
    builder = _Builder(file, budget=max(10_000, 4 * len(text)))
    try:
        data = builder.build(node, 0)
    except _Refused as refused:
        return None, [*builder.problems, refused.diagnostic]
    return (referee.data if referee.plain else data), builder.problems


def _bare_tag(text: str) -> tuple[int, int] | None:
    """Where the first non-specific tag (a lone ``!``) is written, if any."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for token in YAML(typ="safe", pure=True).scan(text):
            if isinstance(token, TagToken) and token.value == (None, "!"):
                return token.start_mark.line + 1, token.start_mark.column + 1
    return None


_UNSUPPORTED = Bilingual(
    "pairkit 不支持这种写法（标记 !、锚点 &、别名 *、以 ? 开头或不是文字的字段名、多份内容），请改成普通的“字段: 值”",
    "pairkit does not take this form (tags !, anchors &, aliases *, complex keys ?, several documents); write plain "
    "key: value pairs",
)


def _unmarked(err: Exception, invalid: tuple[int, int, str] | None, file: str) -> Diagnostic:
    """A refusal of ruamel's without a position: at yaml-rs's position when it has one, else at the start."""
    reason = str(err) or type(err).__name__
    if "version" in reason:  # `%YAML 1.3`: ruamel knows 1.1 and 1.2 only
        problem = Bilingual("不支持这个 YAML 版本：删除第一行的 %YAML，或写成 %YAML 1.2", reason)
    else:
        problem = in_words(reason)
    line, column = invalid[:2] if invalid is not None else (1, 1)
    return Diagnostic.at("PK101", Source(file), problem=problem).located(line, column)


# The parser's reasons a clerk meets most, in plain words: ruamel's wording, and yaml-rs's where it refuses what
# ruamel let through (others are shown as the parser says them).
_TAB = Bilingual("用了 Tab 键缩进，YAML 只能用空格缩进", "a tab is used for indentation; YAML indents with spaces")
_SQUARE = Bilingual("方括号 [ ] 没有配对，或列表项之间缺少逗号", "a [ ] is not closed, or a comma is missing")
_CURLY = Bilingual("花括号 { } 没有配对，或各项之间缺少逗号", "a { } is not closed, or a comma is missing")
_INDENT = Bilingual(
    "缩进不对，这一行没有和同级的字段对齐", "the indentation is off: this line is not aligned with the keys beside it"
)
_SYNTAX = (
    (("cannot start any token", "tabs disallowed"), _TAB),
    (
        ("mapping values are not allowed",),
        Bilingual(
            "这里不能再出现“字段: 值”，可能是缩进不对，或值里有冒号却没加引号",
            "a 'key: value' cannot start here: the indentation is off, or a value holds a colon without quotes",
        ),
    ),
    (
        ("found unexpected end of stream",),
        Bilingual("引号没有配对，直到文件末尾都没有结束", "a quote is opened and never closed"),
    ),
    (("expected ',' or ']'", "unclosed bracket '['"), _SQUARE),
    (("expected ',' or '}'", "unclosed bracket '{'"), _CURLY),
    (
        ("could not find expected ':'",),
        Bilingual("缺少冒号，或冒号后面没有空格", "a colon is missing, or has no space after it"),
    ),
    (("expected <block end>", "invalid indentation"), _INDENT),
    (
        ("expected a single document",),
        Bilingual("一个文件只能有一份内容，删除 --- 分隔线", "a file holds one document: remove the --- separator"),
    ),
    (("found undefined alias",), Bilingual("使用了没有定义的别名（*）", "an alias (*) names no anchor")),
    (
        ("comments must be separated",),
        Bilingual("注释的 # 前面要有空格", "a # that starts a comment needs a space before it"),
    ),
)
_FULL_WIDTH = Bilingual(
    "冒号写成了中文全角的“：”，字段名后面要用英文冒号“:”再加一个空格",
    "the colon is the full-width '：'; a key is followed by the ASCII colon ':' and a space",
)
_NO_COLON = Bilingual("字段名 {key} 后面缺少冒号“:”", "the key {key} is not followed by a colon ':'")
# A line that starts like ``key`` (after its indentation and an optional ``- ``), then what follows the key.
_KEY_START = re.compile(r"[ \t]*(?:-[ \t]+)?([A-Za-z_][\w-]*)(.*)")


def in_words(reason: str) -> Bilingual:
    """A parser's reason in the words a clerk reads (the common ones; others as the parser says them)."""
    return next((words for matches, words in _SYNTAX if any(m in reason for m in matches)), Bilingual(reason, reason))


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
    return Diagnostic.at("PK101", Source(file), problem=in_words(problem)).located(line, column)


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


class Tree:
    """A composed file for finding positions: the node tree, and an index of each mapping's keys built the first
    time the mapping is looked into, so that locating many problems costs one pass over the file, not one each."""

    def __init__(self, root: Any) -> None:
        self.root = root
        self._keys: dict[int, dict[str, tuple[Any, Any]]] = {}

    def pairs(self, mapping: Any) -> dict[str, tuple[Any, Any]]:
        index = self._keys.get(id(mapping))
        if index is None:
            index = {}
            for key, value in mapping.value:
                if key.id == "scalar":
                    index.setdefault(str(key.value), (key, value))  # the first of keys written twice, as read
            self._keys[id(mapping)] = index
        return index


def tree(text: str) -> Tree | None:
    """The node tree for finding positions, or None when there is none to be had (malformed text: positions fall
    back to the start of the file). libyaml's C composer where PyYAML brings it, else ruamel's."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            import yaml as pyyaml  # only where positions are wanted

            return Tree(pyyaml.compose(text, Loader=pyyaml.CSafeLoader))
        except Exception:  # no libyaml here, or it refuses a YAML 1.2 form (it reads 1.1): ask ruamel
            pass
        try:
            return Tree(compose(text))
        except Exception:
            return None


def locate(found: Tree | None, path: YamlPath, anchor: str = "value") -> tuple[int, int]:
    """Line and column (1-based) of ``path``; the nearest existing parent when the path is missing."""
    if found is None or found.root is None:
        return 1, 1
    node = found.root
    for i, part in enumerate(path):
        last = i == len(path) - 1
        if node.id == "mapping" and isinstance(part, str):
            pair = found.pairs(node).get(part)
            if pair is None:
                break
            node = pair[0] if last and anchor == "key" else pair[1]
        elif node.id == "sequence" and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
        else:
            break
    return node.start_mark.line + 1, node.start_mark.column + 1
