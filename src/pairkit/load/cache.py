"""The cache: what pairkit learnt about each record file, kept between runs so an edit costs only what it touches.

It lives in ``.pairkit-cache/`` in the folder pairkit runs from (like ``.pytest_cache``), or where the environment
variable ``PAIRKIT_CACHE_DIR`` says; ``--no-cache`` turns it off. It holds no record file: commands that only read
write nothing but here. Everything is keyed by file content (a BLAKE2 digest), the pairkit code that read it, and
for results that depend on them the programme settings and referenced records (see ``pairkit.incremental``).

An entry is trusted only when it proves itself: a file that is truncated, altered, from another pairkit or another
records folder fails its check and is ignored, then rebuilt. Entries are read with an unpickler that can build
nothing but plain data and pairkit's diagnostics, so a planted file cannot run code.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

from pairkit import __version__
from pairkit.load.files import read_bounded

FOLDER = ".pairkit-cache"
_MAGIC = b"pairkit1"
_DIGEST = 16
_MAX_ENTRY = 1 << 30  # far above any real entry; only bounds a planted file
# The only classes an entry may hold besides plain data.
_ALLOWED = {
    ("pairkit.diagnostics", "Diagnostic"),
    ("pairkit.diagnostics", "Source"),
    ("pairkit.diagnostics", "Bilingual"),
    ("pairkit.diagnostics", "Severity"),
}


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=_DIGEST).hexdigest()


def code_fingerprint() -> str:
    """pairkit's version and the state of its own source files: an upgrade, or an edit of pairkit itself,
    starts a fresh cache instead of serving results the new code would not give."""
    package = Path(__file__).resolve().parent.parent
    parts = [__version__, sys.version.split()[0]]
    for path in sorted(package.rglob("*.py")):
        stat = path.stat()
        parts.append(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}")
    return digest("\n".join(parts).encode())


class _PlainUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a cache entry")
        return super().find_class(module, name)


class Cache:
    """One cache folder for one records root; a disabled cache answers every question with nothing."""

    def __init__(self, folder: Path | None, root: Path) -> None:
        self.folder = folder
        self.root = root
        self.scope = code_fingerprint() if folder is not None else ""  # entries of another pairkit are foreign

    @classmethod
    def at(cls, root: Path, enabled: bool = True) -> Cache:
        """The cache for ``root``: ``$PAIRKIT_CACHE_DIR`` or ``./.pairkit-cache``; disabled when asked."""
        folder = Path(os.environ.get("PAIRKIT_CACHE_DIR") or FOLDER)
        if not enabled or folder.is_symlink():  # a link could lead the cache's writes anywhere: not used
            return cls(None, root)
        return cls(folder, root)

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    def get(self, kind: str, key: str) -> Any:
        """The value stored under ``key``, or None when there is none that proves itself."""
        if self.folder is None:
            return None
        try:
            raw = read_bounded(self.folder / kind / key[:2] / key, _MAX_ENTRY, follow=False)
        except OSError:  # missing, a link, a FIFO or a device planted in its place: no entry
            return None
        if len(raw) < len(_MAGIC) + _DIGEST or not raw.startswith(_MAGIC):
            return None
        head, payload = raw[len(_MAGIC) : len(_MAGIC) + _DIGEST], raw[len(_MAGIC) + _DIGEST :]
        if hashlib.blake2b(payload, digest_size=_DIGEST).digest() != head:
            return None  # truncated or altered
        try:
            scope, value = _PlainUnpickler(io.BytesIO(payload)).load()
        except Exception:  # anything that is not an entry of ours
            return None
        return value if scope == self.scope else None

    def put(self, kind: str, key: str, value: Any) -> None:
        """Store ``value`` under ``key``, atomically; a cache that cannot be written is simply not used."""
        if self.folder is None:
            return
        payload = pickle.dumps((self.scope, value), protocol=pickle.HIGHEST_PROTOCOL)
        head = hashlib.blake2b(payload, digest_size=_DIGEST).digest()
        target = self.folder / kind / key[:2] / key
        try:
            if not target.parent.is_dir():
                self._prepare()
                target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as out:
                out.write(_MAGIC + head + payload)
            os.replace(tmp, target)
        except OSError:
            return

    def key(self, *parts: str) -> str:
        """A key for a value that depends on ``parts`` (and, always, on this pairkit)."""
        return digest("\n".join((self.scope, *parts)).encode())

    def tree_key(self) -> str:
        """The key of what is known about the records root as a whole."""
        return self.key("tree", str(self.root.resolve()))

    def _prepare(self) -> None:
        """A new cache folder says what it is, to git and to backup tools."""
        assert self.folder is not None
        if self.folder.is_dir():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / ".gitignore").write_text("# pairkit's cache: safe to delete\n*\n", encoding="utf-8")
        (self.folder / "CACHEDIR.TAG").write_text(
            "Signature: 8a477f597d28d172789f06886806bc55\n# pairkit's cache: safe to delete\n", encoding="utf-8"
        )
