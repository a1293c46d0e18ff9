"""Where a report came from: pairkit's version, a hash of the records, the git commit, the time it was made."""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pairkit import __version__
from pairkit.load import ParsedFile


@dataclass(frozen=True)
class Provenance:
    version: str
    records_hash: str  # "sha256:…" over every record file's path and the digest of its bytes
    commit: str | None  # "abc1234…", with "-dirty" when the records have uncommitted changes
    generated: datetime

    def describe(self) -> str:
        commit = self.commit or "无（不在 git 仓库中）"
        stamp = self.generated.isoformat(timespec="seconds")
        return f"由 pairkit {self.version} 生成；记录哈希 {self.records_hash}；git 提交 {commit}；生成时间 {stamp}"


def records_hash(root: Path, files: Iterable[ParsedFile]) -> str:
    """A SHA-256 over each record file's path (from ``root``) and the digest of its bytes that the loader took
    when it read them (BLAKE2b, 16 bytes, in hex): it names the very records a document was made from, and a
    province's 70 MB are not read and hashed a second time for it."""
    hashed = hashlib.sha256()
    base = root if root.is_dir() else root.parent
    for f in files:
        hashed.update(f"{f.path.relative_to(base).as_posix()}\0{f.digest or ''}\0".encode())
    return f"sha256:{hashed.hexdigest()}"


def git_commit(root: Path) -> str | None:
    folder = root if root.is_dir() else root.parent
    try:
        head = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10, check=False
        )
        if head.returncode != 0:
            return None
        status = subprocess.run(
            ["git", "-C", str(folder), "status", "--porcelain", "--", "."],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    dirty = "-dirty" if status.returncode == 0 and status.stdout.strip() else ""
    return head.stdout.strip() + dirty


def collect(root: Path, files: Iterable[ParsedFile], now: datetime | None = None) -> Provenance:
    """Where a document made now from ``files``, the records loaded from ``root``, comes from."""
    return Provenance(__version__, records_hash(root, files), git_commit(root), now or datetime.now().astimezone())
