"""The fast path: yaml-rs (Rust) builds plain data for the files it can vouch for, ~200 times faster than ruamel.

A file is vouched for only when the result is certainly the data the careful path (``yamldoc``) would build, so
callers cannot tell which path ran. Anything the careful path treats specially goes there instead, where it is
refused or located as before: tags, anchors and aliases, merge keys, directives and document markers, tabs, block
scalars, flow collections over several lines or nested deeper than one level, keys that are not plain text, number
forms the two parsers read differently, nesting beyond the depth limit, and every parse error (duplicate keys
included). ``tests/test_fast_path.py`` holds the two paths equal on the sample, generated trees and the cases of
the public YAML test suite.

yaml-rs is optional at import time: on a platform without its wheel every file takes the careful path.
"""

from __future__ import annotations

import re
from typing import Any

try:
    import yaml_rs
except ImportError:  # pragma: no cover - platforms without a wheel
    yaml_rs = None  # type: ignore[assignment]

MAX_DEPTH = 64  # the careful path's limit too (PK104)

# What the fast path never vouches for. Each pattern runs only when a plain substring test (much faster than a
# regular expression over Chinese text) shows that its characters occur at all.
_MARK = re.compile(r"(?:^|[\s\[{,])(?:[!&*]|\?(?:\s|$))", re.MULTILINE)  # a tag, anchor, alias or complex key
_BLOCK = re.compile(r"(?:^|[\s:-])[|>][-+0-9]*[ ]*(?:#.*)?$", re.MULTILINE)  # a block scalar (| or >)
_DOCUMENT = re.compile(r"^(?:---|\.\.\.|%)", re.MULTILINE)  # document markers and directives
# Number forms yaml-rs reads as numbers and YAML 1.2 as text: 0X1F, 0O17, +0x1F, and _1 (not inside a word).
_RADIX = re.compile(r"(?<![\w.])(?:[-+]0[xXoO]|0[XO])")
_UNDERSCORE_DIGIT = re.compile(r"_[0-9]")
# A flow collection the fast path vouches for: on one line, at most one level nested, no '?' or '#' inside, and
# a flow sequence holds no ':' (an implicit one-pair mapping, which the two parsers read differently).
_SIMPLE_FLOW = re.compile(r"\[[^\n\[\]{}:?#]*\]|\{(?:[^\n\[\]{}?#]|\[[^\n\[\]{}:?#]*\])*\}")
_SIMPLE_SEQUENCE = re.compile(r"\[[^\n\[\]{}:?#]*\]")
_BRACKETS = re.compile(r"[\[\]{}]")
_RARE = b"\t<!&*?|>%XO"  # bytes: none of them occurs inside the UTF-8 of a Chinese character
_COMMON = bytes(b for b in range(256) if b not in _RARE)
_MARKS = frozenset(b"!&*?")
_SCALARS = frozenset({str, int, float, bool, type(None)})


def vouch(text: str) -> tuple[bool, Any]:
    """``(True, data)`` when the fast path can vouch for ``text``; ``(False, None)`` to take the careful path."""
    if yaml_rs is None or _unsure(text) or _flows_unsure(text):
        return False, None
    try:
        data = yaml_rs.loads(text, parse_datetime=False)
    except Exception:  # every parse problem is for the careful path to locate and explain
        return False, None
    return _plain(data, 0), data


def _unsure(text: str) -> bool:
    """Whether the text holds anything the fast path does not vouch for (see the module's docstring)."""
    rare = text.encode("utf-8", "surrogatepass").translate(None, _COMMON)  # the rare marks that occur, if any
    return bool(
        b"\t" in rare  # tabs: the careful path names them as the indentation slip they are
        or (b"<" in rare and "<<" in text)  # a merge key
        or (_MARKS.intersection(rare) and _MARK.search(text))
        or ((b"|" in rare or b">" in rare) and _BLOCK.search(text))
        or ((b"%" in rare or "---" in text or "..." in text) and _DOCUMENT.search(text))
        or ((b"X" in rare or b"O" in rare or "0x" in text or "0o" in text) and _RADIX.search(text))
        or any(_starts_word(text, m.start()) for m in _UNDERSCORE_DIGIT.finditer(text))
    )


def _starts_word(text: str, at: int) -> bool:
    return at == 0 or not (text[at - 1].isalnum() or text[at - 1] in "_.")


def _flows_unsure(text: str) -> bool:
    """Whether a bracket is left once the simple flow collections are taken out."""
    opening = text.count("[")
    if "{" not in text and "}" not in text:  # the common case, counted in C: each simple [..] holds one of each
        return not (opening == text.count("]") == len(_SIMPLE_SEQUENCE.findall(text)))
    return _BRACKETS.search(_SIMPLE_FLOW.sub("", text)) is not None


def _plain(node: Any, depth: int) -> bool:
    """Only dicts with text keys, lists and plain scalars, no deeper than the careful path allows."""
    if depth > MAX_DEPTH:
        return False
    if type(node) is dict:
        try:
            "".join(node)  # every key is text: a key such as 2024: or true: is read as a number or yes/no
        except TypeError:
            return False
        children: Any = node.values()
    elif type(node) is list:
        children = node
    else:
        return type(node) in _SCALARS
    for child in children:
        kind = type(child)
        if kind is dict or kind is list:
            if not _plain(child, depth + 1):
                return False
        elif kind not in _SCALARS:
            return False
    return True
