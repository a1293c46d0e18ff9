"""Personal data: ID numbers (居民身份证号码, GB 11643-1999) and phone numbers, checked and masked.

Offices keep them in their ledgers, so people may carry ``id_number`` and ``phone``; but they are shown only where
a command is given ``--personal`` (the per-teacher form, the Excel ledger). Everywhere else — diagnostics, their
source excerpts, diffs and previews — any number that looks like one is masked: ``110101********7777``,
``138****8000``, whichever field it was written in.
"""

from __future__ import annotations

import re
from datetime import date

# GB 11643-1999: the weights of the first 17 digits, and the check character for each remainder modulo 11.
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
ID_FORM = re.compile(r"\d{17}[\dX]")
# A mainland mobile (138 0013 8000, 138-0013-8000), or a landline with its area code (0591-87654321, 转 or - an
# extension), optionally after +86.
PHONE_FORM = re.compile(r"(?:\+?86[ -]?)?(?:1[3-9]\d(?:[ -]?\d{4}){2}|0\d{2,3}[ -]?\d{7,8}(?:(?:-|转)\d{1,6})?)")

# The same shapes inside any text: an ID number (15 to 18 characters, a slip of one or two digits included), a
# mobile, a landline (which needs its hyphen there, so that other long numbers stay readable).
_AROUND = r"(?<![0-9*])", r"(?![0-9*])"
_IN_TEXT = re.compile(
    _AROUND[0]
    + r"(?:(?P<id>\d{6})(?P<id_mid>\d{5,8})(?P<id_end>\d{3}[\dXx])"
    + r"|(?P<mobile>(?:\+?86[ -]?)?1[3-9]\d)(?P<mobile_mid>[ -]?\d{4}[ -]?)(?P<mobile_end>\d{4})"
    + r"|(?P<area>0\d{2,3}-)(?P<local>\d{3,4})(?P<local_end>\d{4}))"
    + _AROUND[1]
)
_FOUR_DIGITS = re.compile(r"\d{4}")


def id_check_character(first17: str) -> str:
    """The 18th character of an ID number whose first 17 digits are ``first17``."""
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def id_birth_date(number: str) -> date | None:
    """The birth date written in an ID number (characters 7–14), or None when it is not a calendar date."""
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def id_is_male(number: str) -> bool:
    """The 17th digit is odd for a man, even for a woman."""
    return int(number[16]) % 2 == 1


def mask_id(number: str) -> str:
    """``110101********7777``: the area code and the last four characters."""
    return number[:6] + "*" * (len(number) - 10) + number[-4:] if len(number) > 10 else "*" * len(number)


def mask_phone(number: str) -> str:
    """``138****8000``, ``0591-****4321``: everything but the prefix and the last four digits hidden."""
    masked = mask_numbers(number)
    return masked if masked != number else re.sub(r"\d(?=(?:\D*\d){4})", "*", number)


def mask_numbers(text: str) -> str:
    """``text`` with every ID number and phone number in it masked."""
    if _FOUR_DIGITS.search(text) is None:  # every number masked holds four digits in a row: most text has none
        return text
    return _IN_TEXT.sub(_masked, text)


# The personal fields of people, and how each is shown where --personal is not given.
MASKED = {"id_number": mask_id, "phone": mask_phone}
_FIELD_VALUE = re.compile(r"""(?P<key>\b(?P<name>id_number|phone)\s*:\s*["']?)(?P<value>[^"'\s,}\]#]+)""")


def mask_line(line: str) -> str:
    """A line of a record file as it may be shown: numbers masked, and the values of the personal fields masked
    whatever their shape (a number with a digit too few is still somebody's number)."""
    if "id_number" in line or "phone" in line:
        line = _FIELD_VALUE.sub(lambda m: m["key"] + MASKED[m["name"]](m["value"]), line)
    return mask_numbers(line)


def _masked(m: re.Match[str]) -> str:
    if m["id"]:
        return m["id"] + "*" * len(m["id_mid"]) + m["id_end"]
    if m["mobile"]:
        return m["mobile"] + re.sub(r"\d", "*", m["mobile_mid"]) + m["mobile_end"]
    return m["area"] + "*" * len(m["local"]) + m["local_end"]
