"""The fast path: yaml-rs (Rust) builds plain data for the files it can vouch for, ~200 times faster than ruamel.

yaml-rs follows the YAML 1.2 specification closely: it reads every valid case of the public YAML test suite as the
data the suite says it means and refuses every invalid one, where ruamel refuses some valid layouts (a tab after a
colon, some block scalars and flow collections), misreads a few and accepts some invalid ones
(``tests/test_yaml_suite.py``). So what yaml-rs reads is the data, unless the text holds something the careful path
(``yamldoc``) must judge: a tag, an anchor or alias, a complex key, a merge key, a key written twice, several
documents, a number form YAML 1.2 reads as text (0X1F, +0x1F, _1), a %YAML directive of another major version,
keys that are not plain text, or nesting beyond the depth limit. Those files, and every file yaml-rs refuses, take
the careful path, where they are refused or located; callers cannot tell which path ran.

``referee`` is yaml-rs's word for the careful path: whether the text is YAML at all, where it is not, and what it
means.

yaml-rs is optional at import time: on a platform without its wheel every file takes the careful path.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

try:
    import yaml_rs
except ImportError:  # pragma: no cover - platforms without a wheel
    yaml_rs = None  # type: ignore[assignment]

MAX_DEPTH = 64  # the careful path's limit too (PK104)

# What the fast path never vouches for. Each pattern runs only when a plain substring test (much faster than a
# regular expression over Chinese text) shows that its characters occur at all.
_MARK = re.compile(r"(?:^|[\s\[{,])(?:[!&*]|\?(?:\s|$))", re.MULTILINE)  # a tag, anchor, alias or complex key
# Number forms yaml-rs reads as numbers and YAML 1.2 as text: 0X1F, 0O17, +0x1F, and _1 (not inside a word).
_RADIX = re.compile(r"(?<![\w.])(?:[-+]0[xXoO]|0[XO])")
_UNDERSCORE_DIGIT = re.compile(r"_[0-9]")
_DIRECTIVE = re.compile(r"%")
_OTHER_MAJOR = re.compile(r"^%YAML[ \t]+(?![ \t]|1\.)", re.MULTILINE)  # a YAML 2.x document must be refused
_CONTENT = re.compile(r"[^#\s]")
_RARE = b"<!&*?XO"  # bytes: none of them occurs inside the UTF-8 of a Chinese character
_COMMON = bytes(b for b in range(256) if b not in _RARE)
_MARKS = frozenset(b"!&*?")
_SCALARS = frozenset({str, int, float, bool, type(None)})
_ERROR_AT = re.compile(r"at line (\d+), column (\d+)")


def vouch(text: str) -> tuple[bool, Any]:
    """``(True, data)`` when the fast path can vouch for ``text``; ``(False, None)`` to take the careful path."""
    if yaml_rs is None or _judged(text):
        return False, None
    try:
        data = yaml_rs.loads(text, parse_datetime=False)  # a key written twice raises: the careful path reports it
    except Exception:  # every parse problem is for the careful path to locate and explain
        return False, None
    return _plain(data, 0), data


class Referee(NamedTuple):
    """yaml-rs's reading of text for the careful path: where and why it is not YAML (line and column 1-based,
    yaml-rs's reason), or the data it means and whether that data stands for the text (``vouch`` would say so)."""

    error: tuple[int, int, str] | None = None
    data: Any = None
    plain: bool = False


def referee(text: str) -> Referee:
    """yaml-rs's reading of ``text``; an empty one without yaml-rs, or for refusals that are the careful path's to
    judge: aliases expanding beyond yaml-rs's limits (the careful path has its own budget), a key written twice."""
    if yaml_rs is None:
        return Referee()
    try:
        data = yaml_rs.loads(text, parse_datetime=False)
    except Exception as err:
        message = str(err)
        if message.startswith("duplicate mapping key"):
            return Referee()  # valid YAML otherwise, as far as yaml-rs can tell: the careful path reports the key
        at = _ERROR_AT.search(message)
        if at is None:
            return Referee()
        return Referee((int(at[1]), max(int(at[2]), 1), message.rstrip().rsplit("\n", 1)[-1]))
    return Referee(data=data, plain=not _judged(text) and _plain(data, 0))


def _judged(text: str) -> bool:
    """Whether ``text`` holds something the careful path judges (see the module's docstring)."""
    rare = text.encode("utf-8", "surrogatepass").translate(None, _COMMON)  # the rare marks that occur, if any
    return bool(
        (b"<" in rare and "<<" in text)  # a merge key
        or (_MARKS.intersection(rare) and _MARK.search(text))
        or ((b"X" in rare or b"O" in rare or "0x" in text or "0o" in text) and _RADIX.search(text))
        or any(_starts_word(text, m.start()) for m in _UNDERSCORE_DIGIT.finditer(text))
        or (("---" in text or "..." in text) and not _one_document(text))
        or ("%YAML" in text and _OTHER_MAJOR.search(text) is not None)
    )


def _one_document(text: str) -> bool:
    """At most one ``---`` before the content (after directives and comments), at most one ``...`` after it."""
    started = ended = False
    for line in text.splitlines():
        marker = line[:3] if line[:3] in ("---", "...") and line[3:4] in ("", " ", "\t") else ""
        if marker == "...":
            if ended:
                return False
            ended = True
            continue
        if marker == "---":
            if started or ended:
                return False
            started, line = True, line[3:]
        elif not started and _DIRECTIVE.match(line):
            continue
        if not line.lstrip().startswith("#") and _CONTENT.search(line):
            if ended:
                return False
            started = True
    return True


def _starts_word(text: str, at: int) -> bool:
    return at == 0 or not (text[at - 1].isalnum() or text[at - 1] in "_.")


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
