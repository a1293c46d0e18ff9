"""Field types shared by the record schemas: dates, IDs, enums that accept their Chinese labels."""

from __future__ import annotations

import enum
import functools
import re
from datetime import date
from typing import Annotated, Any, Self

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    Strict,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from pairkit.personal import ID_FORM, PHONE_FORM, id_birth_date, id_check_character

_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
# Records and periods live between these days; anything outside is refused with a clear message.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2100, 12, 31)


def _parse_day(value: Any) -> Any:
    # Only ISO-like text: an integer such as 20240901 would otherwise be taken as a Unix timestamp.
    if type(value) is str and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:  # the common 2024-09-01, read in C; anything odd takes the slow road below for its precise error
            day = date.fromisoformat(value)
        except ValueError:
            pass
        else:
            if FIRST_DAY <= day <= LAST_DAY:
                return day
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


def _id_number(value: str) -> str:
    """居民身份证号码 (GB 11643-1999): 17 digits and a check character; the birth date in it a calendar date."""
    if not ID_FORM.fullmatch(value.upper()):
        raise PydanticCustomError("id_number_form", "an ID number is 17 digits and a check digit or X")
    if id_birth_date(value) is None:
        raise PydanticCustomError("id_number_date", "the birth date in the ID number is not a calendar date")
    if id_check_character(value[:17]) != value[17].upper():
        raise PydanticCustomError("id_number_check", "the check digit does not match")
    return value


def _digits(value: object) -> object:
    """A phone number written without quotes is read as a number: its digits are the number (a landline that lost
    its leading 0 that way then fails its form, PK243, and is never echoed)."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _phone(value: str) -> str:
    if not PHONE_FORM.fullmatch(value):
        raise PydanticCustomError("phone_form", "a mobile number, or a landline with its area code")
    return value


# Personal data (shown only where a command is given --personal): text, so that no digit is lost to a number.
IdNumber = Annotated[
    str,
    StringConstraints(strip_whitespace=True),
    AfterValidator(_id_number),
    WithJsonSchema({"type": "string", "pattern": r"^\d{17}[\dXx]$", "examples": ["11010519491231002X"]}),
]
Phone = Annotated[
    str,
    BeforeValidator(_digits),
    StringConstraints(strip_whitespace=True),
    AfterValidator(_phone),
    WithJsonSchema({"type": "string", "examples": ["13800138000", "0591-87654321"]}),
]


def empty_list(**field: Any) -> Any:
    """A list field that defaults to empty. A fresh list per record: a literal ``[]`` default is deep-copied for
    every record validated, which cost more than some whole fields. The schema still shows the default."""
    return Field(default_factory=list, json_schema_extra={"default": []}, **field)


class Labelled(enum.StrEnum):
    """A fixed set of values with Chinese labels; records may write the key (``male``) or the label (``男``).

    The English label is the key in words (``health_centre`` → health centre) unless a third element names it."""

    label: str
    label_en: str

    def __new__(cls, value: str, label: str, label_en: str = "") -> Labelled:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        member.label_en = label_en or value.replace("_", " ")
        return member

    @classmethod
    def of(cls, key: str) -> Self:
        """The member whose key is ``key``."""
        member: Self = cls._value2member_map_[key]  # type: ignore[assignment]
        return member

    @classmethod
    def key_of(cls, value: Any) -> Any:
        """The key of a value written as key or label; anything else as given, for the schema to judge."""
        return _label_keys(cls).get(value, value) if type(value) is str else value

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        keys = _label_keys(cls)

        def accept_label(value: Any) -> Any:  # a dict look-up: this runs for every such field of every record
            return keys.get(value, value) if type(value) is str else value

        return core_schema.no_info_before_validator_function(
            accept_label, core_schema.enum_schema(cls, list(cls), sub_type="str")
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


@functools.cache
def _label_keys(cls: type[Labelled]) -> dict[str, str]:
    return {member.label: member.value for member in cls}
