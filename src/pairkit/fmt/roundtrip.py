"""The one ruamel.yaml round-trip configuration that reads and writes record files in the canonical layout."""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.emitter import RoundTripEmitter
from ruamel.yaml.error import CommentMark
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.tokens import CommentToken

_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class AsWritten(str):
    """A date-looking scalar that is not a calendar date (2024-02-30): written back untouched, for validate to judge."""

    __slots__ = ()


class _Constructor(RoundTripConstructor):
    def construct_yaml_timestamp(self, node: ScalarNode, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return AsWritten(node.value)


_Constructor.add_constructor(_TIMESTAMP, _Constructor.construct_yaml_timestamp)


# Text that YAML 1.1 tools (PyYAML, older editors) would read as true/false: pairkit reads YAML 1.2, where it is
# text, but the quotes keep the file meaning the same everywhere.
_YAML11_BOOLEANS = {"yes", "no", "on", "off"}


class _Representer(RoundTripRepresenter):
    def represent_as_written(self, data: AsWritten) -> Any:
        return self.represent_scalar(_TIMESTAMP, str(data))

    def represent_text(self, data: str) -> Any:
        if data.lower() in _YAML11_BOOLEANS:
            return self.represent_scalar("tag:yaml.org,2002:str", data, style='"')
        return super().represent_str(data)


_Representer.add_representer(AsWritten, _Representer.represent_as_written)
_Representer.add_representer(str, _Representer.represent_text)


class _Emitter(RoundTripEmitter):
    """Quotes, where YAML needs them, are double quotes: "3505250001" as people write it, never '3505250001'."""

    def choose_scalar_style(self) -> Any:
        style = super().choose_scalar_style()
        return '"' if style == "'" else style

    def write_comment(self, comment: CommentToken, pre: bool = False) -> None:
        """An end-of-line comment sits two spaces after the value, wherever it stood before re-indenting."""
        if not pre and self.column and comment.value.startswith("#"):
            comment = CommentToken(comment.value, CommentMark(self.column + 2), None)
        super().write_comment(comment, pre)


def new_yaml() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.Constructor = _Constructor
    yaml.Representer = _Representer
    yaml.Emitter = _Emitter
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never fold a long Chinese sentence onto a second line
    yaml.allow_unicode = True
    return yaml


def load(text: str) -> Any:
    """Round-trip data (CommentedMap/CommentedSeq with their comments); raises ruamel's errors."""
    return new_yaml().load(text)


def dump(data: Any) -> str:
    out = io.StringIO()
    new_yaml().dump(data, out)
    return out.getvalue()
