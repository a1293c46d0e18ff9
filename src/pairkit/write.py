"""Writing files: the one guarded path for every file pairkit writes — records (add, import, fmt), reports, ledgers,
lists, the schema, templates and a new records repository.

- **Atomic.** The data goes to a temporary file beside the target, is flushed to disk, and is renamed over the
  target: a kill at any moment leaves the old file or the new one, whole.
- **Never through a link, never onto a special file.** A target that is a symbolic link (PK714), or a folder, FIFO or
  device (PK715), is refused before anything is written. The folder must exist (PK716) unless the command writes into
  its own default folder (``reports/``).
- **Mode.** A file replaced keeps its permissions (setuid and setgid bits dropped); a new file gets the usual ones,
  0666 less the umask, as any program's new file.
- **Temporary files** are named ``.NAME.PID-XXXXXXXX.pairkit-tmp``; those a killed run left behind are removed by
  the next write in that folder (and by every run that takes the records lock, in the whole records folder), once
  their process is gone. The ``.gitignore`` that ``pairkit init`` writes ignores them.
- **The records lock.** Commands that change records hold ``.pairkit.lock`` in the records folder, locked through
  the operating system, which releases it when its holder ends however it ends: a second writer waits for the first
  (up to a minute, then PK711), so two writers never interleave and no stale lock is ever left to delete by hand.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from pairkit.diagnostics import Diagnostic, Source
from pairkit.load.files import kind_of

LOCK_NAME = ".pairkit.lock"
LOCK_WAIT = 60.0  # seconds a writer waits for another to finish
TEMP_SUFFIX = ".pairkit-tmp"
_TEMP = re.compile(r"\.(?P<name>.+)\.(?P<pid>\d+)-[0-9a-f]{8}" + re.escape(TEMP_SUFFIX))
# What earlier versions left (``tempfile.mkstemp``): ``.NAME.XXXXXXXX.tmp`` beside a file called NAME.
_OLD_TEMP = re.compile(r"\.(?P<name>.+\.(?:yaml|yml|docx|xlsx|csv|json))\.[a-z0-9_]{8}\.tmp")
_STALE_SECONDS = 3600  # where a process cannot be asked whether it still runs (Windows): a temporary file this old
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)


class WriteRefused(Exception):
    """The target may not be written (a link, a special file, a missing folder, the records locked); nothing was."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.code)
        self.diagnostic = diagnostic


def check_target(path: Path, *, create_folder: bool = False) -> None:
    """Raise ``WriteRefused`` if ``path`` may not be written: before a command does the work whose result it is."""
    where = Source(str(path))
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError:  # e.g. a part of the path is a file: the write itself will say so
        info = None
    if info is not None and stat.S_ISLNK(info.st_mode):
        raise WriteRefused(Diagnostic.at("PK714", where, file=str(path)))
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise WriteRefused(Diagnostic.at("PK715", where, file=str(path), kind=kind_of(info.st_mode)))
    folder = path.parent
    if not create_folder and not folder.is_dir():
        raise WriteRefused(Diagnostic.at("PK716", where, file=str(path), folder=str(folder)))


def write_file(path: Path, data: bytes, *, create_folder: bool = False, replace: bool = True) -> None:
    """Write ``data`` to ``path`` atomically, under the rules above. Raises ``WriteRefused``, or ``OSError`` when
    the system refuses (disk full, no permission); either way the old file is as it was. ``replace=False`` never
    replaces a file (``FileExistsError``), even one created a moment before."""
    check_target(path, create_folder=create_folder)
    folder = path.parent
    if create_folder:
        folder.mkdir(parents=True, exist_ok=True)
    sweep(folder)
    try:
        old: os.stat_result | None = os.lstat(path)
    except FileNotFoundError:
        old = None
    temp = folder / f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}{TEMP_SUFFIX}"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY, 0o666)  # the umask applies
    try:
        with os.fdopen(fd, "wb") as out:
            if old is not None:
                _keep_owner_and_mode(out.fileno(), old)
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if replace:
            os.replace(temp, path)
        else:
            _create(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _sync_folder(folder)


def _create(temp: Path, path: Path) -> None:
    """Give ``temp`` the name ``path`` unless that exists: a hard link refuses an existing name atomically."""
    try:
        os.link(temp, path)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links
        if os.path.lexists(path):
            raise FileExistsError(17, "File exists", str(path)) from None
        os.replace(temp, path)
        return
    os.unlink(temp)


def _keep_owner_and_mode(fd: int, old: os.stat_result) -> None:
    mode = stat.S_IMODE(old.st_mode) & ~(stat.S_ISUID | stat.S_ISGID)
    with contextlib.suppress(OSError, AttributeError):  # another owner: only root may give it back
        if hasattr(os, "fchown") and old.st_uid != os.geteuid():
            os.fchown(fd, old.st_uid, old.st_gid)
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no directory handles to flush)."""
    if sys.platform == "win32":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def sweep(folder: Path) -> list[Path]:
    """Remove the temporary files a killed pairkit left in ``folder``; the ones removed."""
    removed: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        if not name.startswith("."):
            continue
        ours = _TEMP.fullmatch(name)
        old = None if ours else _OLD_TEMP.fullmatch(name)
        if ours is None and (old is None or not (folder / old["name"]).exists()):
            continue
        path = folder / name
        if ours is not None and not _gone(int(ours["pid"]), path):
            continue  # another pairkit is writing it right now
        with contextlib.suppress(OSError):
            if stat.S_ISREG(os.lstat(path).st_mode):
                os.unlink(path)
                removed.append(path)
    return removed


def sweep_tree(root: Path) -> list[Path]:
    """``sweep`` every folder of a records tree (hidden folders, such as the cache, left alone)."""
    removed: list[Path] = []
    for folder, dirs, _ in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        removed += sweep(Path(folder))
    return removed


def _gone(pid: int, path: Path) -> bool:
    """Whether the process that wrote ``path`` has ended."""
    if pid == os.getpid():
        return False
    if sys.platform == "win32":  # os.kill would end the process there: judge by age instead
        with contextlib.suppress(OSError):
            return time.time() - path.stat().st_mtime > _STALE_SECONDS
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # it exists, under another user
        return False
    return False


# --- the records lock --------------------------------------------------------------------------------------------


@contextlib.contextmanager
def records_lock(
    root: Path, *, wait: float | None = None, waiting: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the lock of the records folder at ``root`` (or of the folder of a single file): another holder is
    waited for, up to ``wait`` seconds (``waiting`` is told once, with what the holder wrote), then ``WriteRefused``
    (PK711). Temporary files left in the tree by a killed writer are removed once the lock is held."""
    wait = LOCK_WAIT if wait is None else wait
    folder = root if root.is_dir() else root.parent
    lock = folder / LOCK_NAME
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT | _NOFOLLOW | _BINARY, 0o644)
        except OSError as err:
            if not lock.is_symlink():
                raise
            raise WriteRefused(Diagnostic.at("PK714", Source(str(lock)), file=str(lock))) from err
        if _try_lock(fd):
            if _names(fd, lock):
                break
            os.close(fd)  # the holder before us removed this file: lock the one there now
            continue
        holder = _holder(fd)
        os.close(fd)
        if time.monotonic() >= deadline:
            diagnostic = Diagnostic.at("PK711", Source(str(lock)), lock=str(lock), holder=holder, wait=f"{wait:g}")
            raise WriteRefused(diagnostic)
        if waiting is not None and not told:
            waiting(holder)
            told = True
        time.sleep(0.05)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()} {datetime.now().astimezone().isoformat(timespec='seconds')}\n".encode())
        sweep_tree(folder)
        yield
    finally:
        with contextlib.suppress(OSError):  # Windows cannot remove an open file: it stays, unlocked
            os.unlink(lock)
        _unlock(fd)
        os.close(fd)


def _names(fd: int, lock: Path) -> bool:
    """Whether the path ``lock`` still names the file open as ``fd``."""
    try:
        mine, there = os.fstat(fd), os.stat(lock)
    except OSError:
        return False
    return (mine.st_dev, mine.st_ino) == (there.st_dev, there.st_ino)


def _holder(fd: int) -> str:
    with contextlib.suppress(OSError):
        os.lseek(fd, 0, os.SEEK_SET)
        return os.read(fd, 200).decode("utf-8", "replace").strip()[:80] or "?"
    return "?"


if sys.platform == "win32":  # pragma: no cover - exercised on Windows
    import msvcrt

    _LOCKED_BYTE = 1 << 20  # past what the holder writes, which others may then still read

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, _LOCKED_BYTE, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            os.lseek(fd, _LOCKED_BYTE, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError:  # a file system without locks (some network shares): go on unlocked rather than never
            return True
        return True

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
