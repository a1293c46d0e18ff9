"""Finding record files and reading them as text, with a clear answer for every way a file can be unreadable.

Only regular files inside the records folder are read. A FIFO, a device, a socket or a folder named ``*.yaml`` is
reported, never opened (opening a FIFO would wait for a writer for ever, a device such as /dev/zero never ends). A
symbolic link is followed only when it stays inside the records folder; one that leads out is reported and nothing
of its target is read. A link to a file that is read anyway under its own name is passed over, so that no record
is read twice. Every read is bounded before it starts: the file is opened without waiting, checked to be a regular
file, and read up to the size limit and no further.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator
from operator import attrgetter
from pathlib import Path

from pairkit.diagnostics import Bilingual, Diagnostic, Source

SUFFIXES = (".yaml", ".yml")
# A records file holds a few hundred KB at most; larger ones are refused before reading so that a stray
# 2 GB file cannot stall CI.
MAX_BYTES = 5 * 1024 * 1024
# Open without following links (where the platform can) and without waiting on a FIFO.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def boundary(root: Path) -> Path:
    """The folder links must stay inside: the records folder, or the folder of a single record file."""
    return Path(os.path.realpath(root if root.is_dir() else root.parent))


def inside(path: Path, folder: Path) -> bool:
    """Whether ``path``, links resolved, lies inside ``folder`` (itself resolved, see ``boundary``)."""
    return Path(os.path.realpath(path)).is_relative_to(folder)


def discover(root: Path, unreadable: list[Diagnostic] | None = None) -> Iterator[Path]:
    """Every ``.yaml``/``.yml`` file under ``root`` (or ``root`` itself) that may be read, in a stable order;
    hidden files and folders skipped.

    What must not be read is reported into ``unreadable``, so that no record goes missing silently: folders that
    cannot be listed, special files and folders named like record files, links that lead out of the folder or
    round in a loop.
    """

    def report(diagnostic: Diagnostic) -> None:
        if unreadable is not None:
            unreadable.append(diagnostic.located(1, 1))

    folder = boundary(root)
    if not root.is_dir():
        if _acceptable(root, folder, report):
            yield root
        return

    links: list[Path] = []
    seen: set[str] = set()  # the real path of each file given, so that a link to one is passed over

    def walk(current: str, real: str) -> Iterator[Path]:
        """The files of ``current`` (whose resolved path is ``real``), then those of its folders, in name order.
        The type of each entry comes with the listing (``os.scandir``): a province holds thousands of files, and an
        unchanged tree is judged by this walk, so no file costs a call of its own."""
        try:
            with os.scandir(current) as listing:
                entries = sorted(listing, key=attrgetter("name"))
        except OSError as err:
            report(why_unreadable(err, Source(str(err.filename or current))))
            return
        dirs: list[os.DirEntry[str]] = []
        files: list[os.DirEntry[str]] = []
        for entry in entries:
            if not entry.name.startswith("."):
                (dirs if _is_dir(entry) else files).append(entry)
        folders = []
        for entry in dirs:
            if entry.is_symlink():
                if not inside(Path(entry.path), folder):  # its records would be left out without a word
                    report(Diagnostic.at("PK006", Source(entry.path)))
                continue  # a link to a folder inside: its files are read under their own names
            if entry.name.endswith(SUFFIXES):
                report(Diagnostic.at("PK005", Source(entry.path), kind=_KINDS["folder"]))
                continue
            folders.append(entry)
        for entry in files:
            if not entry.name.endswith(SUFFIXES):
                continue
            try:
                link, regular = entry.is_symlink(), entry.is_file(follow_symlinks=False)
                mode = 0 if link or regular else entry.stat(follow_symlinks=False).st_mode
            except OSError as err:
                report(why_unreadable(err, Source(entry.path)))
                continue
            if link:
                links.append(Path(entry.path))
            elif not regular:
                report(Diagnostic.at("PK005", Source(entry.path), kind=kind_of(mode)))
            else:
                seen.add(os.path.join(real, entry.name))
                yield Path(entry.path)
        for entry in folders:  # not links: a folder's resolved path is its parent's and its name
            yield from walk(entry.path, os.path.join(real, entry.name))

    yield from walk(str(root), str(folder))
    for path in links:  # after the regular files, so that a link to one of them is recognised as a repeat
        if _acceptable(path, folder, report) and os.path.realpath(path) not in seen:
            seen.add(os.path.realpath(path))
            yield path


def _is_dir(entry: os.DirEntry[str]) -> bool:
    """A folder, or a link to one (as ``os.walk`` sorts them); an entry that cannot be looked at is not."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _acceptable(path: Path, folder: Path, report: Callable[[Diagnostic], None]) -> bool:
    """Whether ``path`` is a regular file (through a link that stays inside ``folder``); else why not, reported."""
    where = Source(str(path))
    try:
        if path.is_symlink() and not inside(path, folder):
            report(Diagnostic.at("PK006", where))
            return False
        mode = path.stat().st_mode
    except OSError as err:
        report(why_unreadable(err, where))
        return False
    if not stat.S_ISREG(mode):
        report(Diagnostic.at("PK005", where, kind=kind_of(mode)))
        return False
    return True


_KINDS = {
    "folder": Bilingual("文件夹", "a folder"),
    "fifo": Bilingual("命名管道（FIFO）", "a named pipe (FIFO)"),
    "device": Bilingual("设备文件", "a device"),
    "socket": Bilingual("套接字", "a socket"),
    "other": Bilingual("特殊文件", "a special file"),
}


def kind_of(mode: int) -> Bilingual:
    """What a file that is not a regular file is, in words."""
    if stat.S_ISDIR(mode):
        return _KINDS["folder"]
    if stat.S_ISFIFO(mode):
        return _KINDS["fifo"]
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _KINDS["device"]
    if stat.S_ISSOCK(mode):
        return _KINDS["socket"]
    return _KINDS["other"]


class NotRegular(OSError):
    """The path is a FIFO, a device, a socket or a folder: it was not read."""

    def __init__(self, path: Path, mode: int) -> None:
        super().__init__(errno.EINVAL, "not a regular file", str(path))
        self.kind = kind_of(mode)


class TooLarge(OSError):
    def __init__(self, path: Path, size: int) -> None:
        super().__init__(errno.EFBIG, "file too large", str(path))
        self.size = size


def read_bounded(path: Path, limit: int = MAX_BYTES, *, follow: bool = True) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them, read without ever waiting: a FIFO or a
    device raises ``NotRegular`` before a byte is read, a file over the limit ``TooLarge`` (also one that grows
    while it is read). ``follow=False`` refuses a link (ELOOP)."""
    fd = os.open(path, _OPEN_FLAGS | (0 if follow else _NOFOLLOW))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(path, info.st_mode)
        if info.st_size > limit:
            raise TooLarge(path, info.st_size)
        chunks, size = [], 0
        while chunk := os.read(fd, min(limit + 1 - size, 1 << 20) or 1):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise TooLarge(path, size)
        return b"".join(chunks)
    finally:
        os.close(fd)


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
        raw = read_bounded(path)
    except TooLarge as err:
        size, limit = f"{err.size / 1024 / 1024:.1f}", MAX_BYTES // 1024 // 1024
        return Diagnostic.at("PK004", where, size=size, limit=limit), None
    except NotRegular as err:
        return Diagnostic.at("PK005", where, kind=err.kind), None
    except OSError as err:
        return why_unreadable(err, where), None
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
    errno.EISDIR: Bilingual("这是一个文件夹", "it is a folder"),
}


def why_unreadable(err: OSError, where: Source) -> Diagnostic:
    """Why the file at ``where`` cannot be read: a loop of links (PK007), or the system's reason (PK001)."""
    if err.errno == errno.ELOOP:
        return Diagnostic.at("PK007", where)
    return Diagnostic.at("PK001", where, reason=_reason(err))


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
