"""Field types shared by the record schemas: dates, IDs, enums that accept their Chinese labels."""

from __future__ import annotations

import enum
import re
from datetime import date
from typing import Annotated, Any

from pydantic import (
    BeforeValidator,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    Strict,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
# Records and periods live between these days; anything outside is refused with a clear message.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2100, 12, 31)


def _parse_day(value: Any) -> Any:
    # Only ISO-like text: an integer such as 20240901 would otherwise be taken as a Unix timestamp.
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("date_format", "expected a date such as 2024-09-01")
    m = _DATE.fullmatch(value.strip())
    if not m:
        raise PydanticCustomError("date_format", "expected a date such as 2024-09-01")
    try:
        day = date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise PydanticCustomError("date_invalid", "not a calendar date") from None
    if not FIRST_DAY <= day <= LAST_DAY:  # a year such as 0202 or 9999 is a slip of the pen
        raise PydanticCustomError("date_range", "outside the years the programme can cover")
    return day


def full_years(since: date, on: date) -> int:
    """Completed years from ``since`` to ``on``: an age is reached on the birthday (29 February: on 1 March)."""
    return on.year - since.year - ((on.month, on.day) < (since.month, since.day))


Day = Annotated[
    date,
    BeforeValidator(_parse_day),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{1,2}-\d{1,2}$", "examples": ["2024-09-01"]}),
]

_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
# An identifier other records refer to: ASCII so that it is easy to type and stable in git diffs.
Id = Annotated[str, StringConstraints(pattern=_ID_PATTERN, max_length=64)]
# A reference to another record's ID; resolved by the checks, not here, so a typo gets "did you mean".
Ref = Annotated[str, StringConstraints(min_length=1, max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# Numbers and yes/no are strict: lax parsing would read `true` as 1 and `1` as true, hiding a slip of the pen.
Count = Annotated[int, Strict()]
Number = Annotated[float, Strict(), Field(allow_inf_nan=False)]
Flag = Annotated[bool, Strict()]
Money = Annotated[Number, Field(ge=0)]  # 元


class Labelled(enum.StrEnum):
    """A fixed set of values with Chinese labels; records may write the key (``male``) or the label (``男``)."""

    label: str

    def __new__(cls, value: str, label: str) -> Labelled:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def _accept_label(cls, value: Any) -> Any:
        for member in cls:
            if value == member.label:
                return member.value
        return value

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        members = list(cls)
        return core_schema.no_info_before_validator_function(
            cls._accept_label, core_schema.enum_schema(cls, members, sub_type="str")
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: CoreSchema, handler: GetJsonSchemaHandler) -> dict[str, Any]:
        keys = [m.value for m in cls]
        labels = [m.label for m in cls]
        return {
            "enum": keys + labels,
            "description": "，".join(f"{k}（{v}）" for k, v in zip(keys, labels, strict=True)),
        }

    @classmethod
    def choices(cls) -> str:
        return "、".join(f"{m.value}（{m.label}）" for m in cls)
