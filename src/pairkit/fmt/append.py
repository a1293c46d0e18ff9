"""Appending one record to a record file's text, keeping its comments and laying the result out canonically."""

from __future__ import annotations

from datetime import date
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from pairkit.fmt.comments import last_slot, pop_following, push_following
from pairkit.fmt.layout import normalize
from pairkit.fmt.roundtrip import dump, load

Value = str | int | float | bool | date | list[Any] | dict[str, Any] | None


def append_record(text: str, section: str, record: dict[str, Value]) -> str:
    """``text`` with ``record`` added at the end of ``section``; see ``append_records``."""
    return append_records(text, [(section, record)])


def append_records(text: str, additions: list[tuple[str, dict[str, Value]]]) -> str:
    """``text`` with each record added at the end of its section (created at the end of the file if missing).

    Comments after the last record (they introduce what follows) stay after the new ones; records separated by a
    blank line get one before each new record too. Raises ruamel's errors for text it cannot read.
    """
    from pairkit.fmt import finish

    data = load(text) if text.strip() else None
    if data is None:
        data = CommentedMap()
    if not isinstance(data, CommentedMap):
        raise ValueError("the top level of the file is not a mapping of sections")
    for section, record in additions:
        items = data.get(section)
        if not isinstance(items, CommentedSeq):
            items = CommentedSeq()
            data[section] = items
        _append(items, CommentedMap((key, _plain(value)) for key, value in record.items() if value is not None))
    return finish(dump(normalize(data)))


def _append(items: CommentedSeq, new: CommentedMap) -> None:
    if not len(items):
        items.append(new)
        return
    tail = pop_following(last_slot(items, len(items) - 1))
    spaced = False  # with a single record there is no telling; records stay close together
    if len(items) >= 2:
        between = pop_following(last_slot(items, len(items) - 2))
        push_following(last_slot(items, len(items) - 2), between)
        spaced = between.startswith("\n")
    items.append(new)
    if spaced:
        push_following(last_slot(items, len(items) - 2), "\n")
    push_following(last_slot(items, len(items) - 1), tail)


def _plain(value: Value | dict[str, Value]) -> Any:
    """A value as the canonical layout writes it: a list of plain values on one line, nested blocks (a secondment's
    allowances) one under another."""
    if isinstance(value, dict):
        return CommentedMap((key, _plain(item)) for key, item in value.items() if item is not None)
    if isinstance(value, list):
        seq = CommentedSeq(_plain(item) for item in value)
        if not any(isinstance(item, dict) for item in value):
            seq.fa.set_flow_style()
        return seq
    return value
