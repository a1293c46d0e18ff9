"""Moving keys without moving their comments to the wrong place.

ruamel.yaml stores a comment with the element *before* it: the blank lines and comment lines between two records
hang on the last scalar of the first record, however deep that is. Reordering keys therefore first detaches each
such "trailing" run of lines and then reattaches it where it belongs in the new order.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken

Slot = tuple[CommentedMap | CommentedSeq, Any]


def is_block(value: Any) -> bool:
    """A non-empty collection written in block style (its last element carries the comments after it)."""
    return isinstance(value, CommentedMap | CommentedSeq) and len(value) > 0 and not value.fa.flow_style()


def last_slot(container: CommentedMap | CommentedSeq, key: Any) -> Slot:
    """Where ruamel keeps the comment that follows ``container[key]``: the deepest last element of a block value."""
    value = container[key]
    while is_block(value):
        container, key = value, (next(reversed(value)) if isinstance(value, CommentedMap) else len(value) - 1)
        value = container[key]
    return container, key


def _index(container: CommentedMap | CommentedSeq) -> int:
    return 2 if isinstance(container, CommentedMap) else 0


def _token(slot: Slot) -> CommentToken | None:
    container, key = slot
    entry = container.ca.items.get(key)
    if not entry:
        return None
    token = entry[_index(container)]
    return token if isinstance(token, CommentToken) else None


def pop_following(slot: Slot) -> str:
    """Detach the whole lines after the element at ``slot`` (keeping its end-of-line comment) and return them."""
    token = _token(slot)
    if token is None:
        return ""
    value: str = token.value
    cut = value.find("\n") + 1
    if cut == 0:
        return ""
    _set(slot, value[:cut])
    return value[cut:]


def push_following(slot: Slot, lines: str) -> None:
    """Attach whole comment/blank lines after the element at ``slot``, after any that are already there."""
    if not lines:
        return
    token = _token(slot)
    _set(slot, (token.value if token is not None else "\n") + lines)


def _set(slot: Slot, value: str) -> None:
    container, key = slot
    index = _index(container)
    entry = container.ca.items.get(key)
    if value == "\n":  # nothing but the line end: no comment at all
        if entry:
            entry[index] = None
            if not any(entry):
                del container.ca.items[key]
        return
    if not entry:
        entry = [None, None, None, None] if index == 2 else [None, None]
        container.ca.items[key] = entry
    token = entry[index]
    if isinstance(token, CommentToken):
        token.value = value
    else:
        entry[index] = CommentToken(value, CommentMark(0), None)


def has_comments(value: CommentedMap | CommentedSeq) -> bool:
    """Whether any comment is attached to the collection itself or one of its elements (not counting deeper ones)."""
    return bool(value.ca.items) or bool(value.ca.comment) or bool(getattr(value.ca, "end", None))


def reorder(mapping: CommentedMap, order: list[Any], within: Slot | None = None) -> None:
    """Put ``mapping``'s keys in ``order`` (a permutation); every comment line stays before the key it preceded.

    ``within`` is where the mapping sits (its list and index), for comments that now go before the whole mapping.
    """
    before = list(mapping)
    if order == before:
        return
    following = [pop_following(last_slot(mapping, key)) for key in before]
    # Lines after key i were written before key i + 1; those after the last key follow the whole mapping.
    # After a one-line list ruamel keeps them on the next key instead ("pre" comments): they join the same way.
    leading = {key: (following[i - 1] if i else "") + _pop_pre(mapping, key) for i, key in enumerate(before)}
    tail = following[-1]
    for key in order:
        mapping.move_to_end(key)
    for position, key in enumerate(order):
        lines = leading.get(key, "")
        if lines and position == 0:
            _push_start(mapping, lines, within)  # now the first key: the lines go before the whole mapping
        elif lines:
            push_following(last_slot(mapping, order[position - 1]), lines)
    push_following(last_slot(mapping, order[-1]), tail)


def _pop_pre(mapping: CommentedMap, key: Any) -> str:
    """Detach the comment lines ruamel stored as coming before ``key`` itself."""
    entry = mapping.ca.items.get(key)
    if not entry or not isinstance(entry[1], list):
        return ""
    lines = "".join(" " * token.column + token.value for token in entry[1] if isinstance(token, CommentToken))
    entry[1] = None
    if not any(entry):
        del mapping.ca.items[key]
    return lines


def _push_start(mapping: CommentedMap, lines: str, within: Slot | None) -> None:
    # Written before the mapping's first line; indentation is settled afterwards (``fmt.finish``).
    lines = "".join(line.lstrip(" ") for line in lines.splitlines(keepends=True))
    if within is not None and isinstance(within[0], CommentedSeq):
        # ruamel may already hold lines before this list item on the list itself; both places cannot be used
        entry = within[0].ca.items.get(within[1])
        if entry and isinstance(entry[1], list) and entry[1]:
            entry[1][-1].value += lines
            return
    comment = mapping.ca.comment
    if not comment:
        mapping.ca.comment = [None, [CommentToken(lines, CommentMark(0), None)]]
    elif comment[1]:
        comment[1][-1].value += lines
    else:
        comment[1] = [CommentToken(lines, CommentMark(0), None)]
