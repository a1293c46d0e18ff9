"""Finding record files and reading them as text, with a clear answer for every way a file can be unreadable."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path

from pairkit.diagnostics import Bilingual, Diagnostic, Source

SUFFIXES = (".yaml", ".yml")
# A records file holds a few hundred KB at most; larger ones are refused before reading so that a stray
# 2 GB file cannot stall CI (the YAML parser reads ~0.3 MB/s).
MAX_BYTES = 5 * 1024 * 1024


def discover(root: Path, unreadable: list[Diagnostic] | None = None) -> Iterator[Path]:
    """Every ``.yaml``/``.yml`` file under ``root`` (or ``root`` itself), in a stable order; hidden folders skipped.

    Folders that cannot be listed are reported into ``unreadable``: their records must not go missing silently.
    """
    if root.is_file():
        yield root
        return

    def report(err: OSError) -> None:
        if unreadable is not None:
            unreadable.append(Diagnostic.at("PK001", Source(str(err.filename or root)), reason=_reason(err)))

    for folder, dirs, files in os.walk(root, onerror=report):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith(SUFFIXES) and not name.startswith("."):
                yield Path(folder, name)


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, len(data[line_start:offset].decode("utf-8", "replace")) + 1


def read_text(path: Path, shown: str) -> str | Diagnostic:
    """The file's text, or the diagnostic that says why it cannot be read as UTF-8 YAML."""
    return read_source(path, shown)[0]


def read_source(path: Path, shown: str) -> tuple[str | Diagnostic, bytes | None]:
    """The file's text (or why it cannot be read) and its raw bytes, which key the cache (None if unread)."""
    where = Source(shown)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            limit = MAX_BYTES // 1024 // 1024
            return Diagnostic.at("PK004", where, size=f"{size / 1024 / 1024:.1f}", limit=limit), None
        raw = path.read_bytes()
    except OSError as err:
        return Diagnostic.at("PK001", where, reason=_reason(err)), None
    return _decode(raw, where), raw


# A file too large to be read as records is still scanned for what it defines, up to this size.
_SCAN_BYTES = 64 * 1024 * 1024


def loose_text(path: Path) -> str:
    """The file's text as well as it can be had, for a file that could not be read as records: legacy Chinese
    encodings decoded, undecodable bytes replaced; empty when it cannot be read at all."""
    try:
        if path.stat().st_size > _SCAN_BYTES:
            return ""
        data = path.read_bytes()
    except OSError:
        return ""
    encodings = (
        ("utf-16", "utf-8-sig", "gb18030") if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig", "gb18030")
    )
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", "replace")


def _decode(data: bytes, where: Source) -> str | Diagnostic:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Diagnostic.at("PK002", where, encoding="UTF-16")
    if data.startswith(b"\xef\xbb\xbf"):  # a BOM, as Windows Notepad writes it
        data = data[3:]
    if b"\x00" in data:
        return Diagnostic.at("PK003", where).located(*_position(data, data.index(b"\x00")))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line, column = _position(data, err.start)
        if _is_chinese_legacy(data):
            return Diagnostic.at("PK002", where, encoding="GBK/GB18030").located(line, column)
        return Diagnostic.at("PK003", where).located(line, column)


_REASONS = {
    errno.ENOENT: Bilingual("文件不存在（可能是失效的快捷方式）", "the file does not exist (perhaps a broken link)"),
    errno.EACCES: Bilingual("没有读取权限", "permission denied"),
    errno.EPERM: Bilingual("没有读取权限", "permission denied"),
    errno.ELOOP: Bilingual("快捷方式循环指向自身", "the link points back to itself"),
    errno.EISDIR: Bilingual("这是一个文件夹", "it is a folder"),
}


def _reason(err: OSError) -> Bilingual:
    """Why a file cannot be read, in Chinese for the common cases; the system's words otherwise."""
    system = err.strerror or type(err).__name__
    return _REASONS.get(err.errno or 0, Bilingual(system, system))


def _is_chinese_legacy(data: bytes) -> bool:
    """Text saved by a Chinese Windows editor in the legacy code page, rather than binary junk."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return False
    controls = sum(1 for ch in text if ch < " " and ch not in "\t\r\n")
    return controls == 0 and any("\u4e00" <= ch <= "\u9fff" for ch in text)
