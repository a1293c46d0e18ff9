"""Writing the documents pairkit makes (the Word report, the Excel ledger) without losing anyone's edits.

Each document carries a fingerprint of what pairkit wrote: a SHA-256 over every part of the Office package except
its custom properties, kept as the custom property ``pairkit_fingerprint`` (Word, WPS and Excel keep custom
properties when they save, and rewrite the other parts). Before a document is written over, the fingerprint is
computed again: equal means nobody has saved the file since pairkit wrote it. A document edited since — or one that
pairkit did not write — is left alone: the command refuses and suggests another name, or with ``force`` keeps the
old file as a numbered copy (``报告（1）.docx``) before writing. A document open in Word, WPS, Excel or LibreOffice
(their lock file beside it) is not written at all: the clerk is told to close it.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import zipfile
from dataclasses import dataclass
from html import escape  # not xml.sax.saxutils, which imports urllib.request, http and ssl
from pathlib import Path
from typing import Literal

from pairkit.diagnostics import Bilingual, Diagnostic, Source

PROPERTY = "pairkit_fingerprint"
_CUSTOM = "docProps/custom.xml"
_CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
_PROPERTIES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"></Properties>'
)
_OURS = re.compile(rf'<property [^>]*name="{PROPERTY}"[^>]*>.*?</property>', re.S)
# As Office, WPS or another library may write it back: attributes in any order, any namespace prefix.
_VALUE = re.compile(rf'<(?:\w+:)?property\b[^>]*\bname="{PROPERTY}"[^>]*>\s*<(?:\w+:)?lpwstr\b[^>]*>([^<]*)<', re.S)
_PID = re.compile(r'\bpid="(\d+)"')
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one every custom property uses

State = Literal["absent", "ours", "edited", "foreign"]


def _fingerprint(parts: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for name in sorted(parts):
        if name != _CUSTOM:
            digest.update(name.encode("utf-8") + b"\0" + parts[name] + b"\0")
    return "sha256:" + digest.hexdigest()


def _read(data: bytes) -> tuple[list[zipfile.ZipInfo], dict[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        infos = z.infolist()
        return infos, {info.filename: z.read(info) for info in infos}


def stamp(data: bytes) -> bytes:
    """The Office package ``data`` with its fingerprint added as a custom property."""
    infos, parts = _read(data)
    if _CUSTOM not in parts:
        parts[_CUSTOM] = _PROPERTIES.encode("utf-8")
        infos.append(zipfile.ZipInfo(_CUSTOM, date_time=infos[0].date_time))
        types = parts["[Content_Types].xml"].decode("utf-8")
        override = f'<Override PartName="/{_CUSTOM}" ContentType="{_CUSTOM_TYPE}"/>'
        parts["[Content_Types].xml"] = types.replace("</Types>", override + "</Types>").encode("utf-8")
        rels = parts["_rels/.rels"].decode("utf-8")
        relation = f'<Relationship Id="rIdPairkit" Type="{_CUSTOM_REL}" Target="{_CUSTOM}"/>'
        parts["_rels/.rels"] = rels.replace("</Relationships>", relation + "</Relationships>").encode("utf-8")
    custom = _OURS.sub("", parts[_CUSTOM].decode("utf-8"))
    pid = max([int(p) for p in _PID.findall(custom)] + [1]) + 1
    value = escape(_fingerprint(parts))
    prop = f'<property fmtid="{_FMTID}" pid="{pid}" name="{PROPERTY}"><vt:lpwstr>{value}</vt:lpwstr></property>'
    parts[_CUSTOM] = custom.replace("</Properties>", prop + "</Properties>").encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in infos:
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, parts[info.filename])
    return out.getvalue()


def state(path: Path) -> State:
    """``absent``; ``ours``: written by pairkit and unchanged since; ``edited``: written by pairkit and saved by
    someone since; ``foreign``: not a document pairkit wrote (or one it wrote before it kept fingerprints)."""
    try:
        data = path.read_bytes()
    except OSError:  # not there (or its folder is not): the write itself says what is wrong, if anything
        return "absent"
    try:
        _, parts = _read(data)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return "foreign"
    found = _VALUE.search(parts.get(_CUSTOM, b"").decode("utf-8", "replace"))
    if found is None:
        return "foreign"
    return "ours" if found[1] == _fingerprint(parts) else "edited"


def numbered(path: Path) -> Path:
    """The first free ``name（n）.ext`` beside ``path``."""
    n = 1
    while True:
        candidate = path.with_name(f"{path.stem}（{n}）{path.suffix}")
        if not candidate.exists():
            return candidate
        n += 1


def lock_file(path: Path) -> Path | None:
    """The lock file an office program keeps beside a document it has open: Word and WPS ``~$name`` (Word drops
    the first characters of a long name), LibreOffice ``.~lock.name#``."""
    name = path.name
    for candidate in (f"~${name}", f"~${name[1:]}", f"~${name[2:]}", f".~lock.{name}#"):
        if (path.parent / candidate).exists():
            return path.parent / candidate
    return None


@dataclass(frozen=True)
class Codes:
    """The diagnostics a kind of document is refused with: open in its program, and cannot be written."""

    open_in: str  # args: file, lock
    unwritable: str  # args: file, reason
    busy: tuple[str, str]  # the reason a PermissionError gives, in Chinese and English (the file is open)


WORD = Codes(
    "PK853", "PK807", ("文件被占用（可能正在 Word 或 WPS 中打开）或没有写入权限", "the file is in use or read-only")
)
EXCEL = Codes(
    "PK620", "PK619", ("文件被占用（可能正在 Excel 或 WPS 中打开）或没有写入权限", "the file is in use or read-only")
)


@dataclass(frozen=True)
class Saved:
    """What happened: ``problem`` when nothing was written; ``kept``, the numbered copy of an old file."""

    problem: Diagnostic | None = None
    kept: Path | None = None


def save(target: Path, data: bytes, codes: Codes, *, force: bool = False, create_folder: bool = False) -> Saved:
    """Write the document ``data`` to ``target`` through ``pairkit.write`` (atomic, never through a link; the
    folder made only when ``create_folder``), stamped, unless that would lose someone's work."""
    from pairkit.write import WriteRefused, check_target, write_file

    where = Source(str(target))
    try:
        check_target(target, create_folder=create_folder)  # a link or a missing folder: refused before anything
    except WriteRefused as refused:
        return Saved(refused.diagnostic)
    lock = lock_file(target)
    if lock is not None:
        return Saved(Diagnostic.at(codes.open_in, where, file=str(target), lock=lock.name))
    found = state(target)
    kept = None
    if found in ("edited", "foreign"):
        copy = numbered(target)
        if not force:
            code = "PK851" if found == "edited" else "PK852"
            return Saved(Diagnostic.at(code, where, file=str(target), copy=str(copy)))
        try:
            shutil.copy2(target, copy)
        except OSError as err:
            return Saved(_unwritable(codes, copy, err))
        kept = copy
    try:
        write_file(target, stamp(data), create_folder=create_folder)
    except WriteRefused as refused:
        return Saved(refused.diagnostic, kept)
    except OSError as err:
        return Saved(_unwritable(codes, target, err), kept)
    return Saved(None, kept)


def _unwritable(codes: Codes, target: Path, err: OSError) -> Diagnostic:
    system = err.strerror or type(err).__name__
    reason = Bilingual(*codes.busy) if isinstance(err, PermissionError) else Bilingual(system, system)
    return Diagnostic.at(codes.unwritable, Source(str(target)), file=str(target), reason=reason)
