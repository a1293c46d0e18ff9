"""Files the records name (evidence, agreements, schemes) exist in the repository.

A path is relative to the records folder or to the folder above it (the repository of ``pairkit init``); absolute
paths are taken as written and web addresses are not looked up. A missing file is a warning: the record still
counts, but its proof is not where the record says. The answer depends on the disk, not only on the records, so
it is never cached: ``incremental.py`` keeps the files each record file names and looks them up every run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from pairkit.diagnostics import Bilingual, Diagnostic, Source, YamlPath

if TYPE_CHECKING:  # `validate` looks up the named files without loading the record models
    from pairkit.model import Records

WHAT = {
    "evidence": Bilingual("佐证材料", "evidence"),
    "agreement": Bilingual("协议", "agreement"),
    "scheme": Bilingual("工作方案", "plan"),
}
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)

# A file a record names: (record file, path in it, the file as written, what it is: a key of WHAT).
Named = tuple[str, YamlPath, str, str]


def named_files(records: Records) -> Iterator[Named]:
    """Every file the records name, with where it is named."""
    for a in records.activities:
        for i, path in enumerate(a.evidence):
            yield a.source.file, (*a.source.path, "evidence", i), path, "evidence"
    for award in records.awards:
        for i, path in enumerate(award.evidence):
            yield award.source.file, (*award.source.path, "evidence", i), path, "evidence"
    for agreement in records.agreements:
        if agreement.file:
            yield agreement.source.file, (*agreement.source.path, "file"), agreement.file, "agreement"
    for plan in records.plans:
        if plan.file:
            yield plan.source.file, (*plan.source.path, "file"), plan.file, "scheme"


def missing_files(named: Iterable[Named], root: str) -> Iterator[Diagnostic]:
    """A warning for each named file that is not on disk."""
    if not root:
        return
    bases = (Path(root), Path(root).resolve().parent)
    for file, path, written, what in named:
        if _URL.match(written):
            continue
        target = Path(written.replace("\\", "/"))
        candidates = [target] if target.is_absolute() else [base / target for base in bases]
        if not any(c.is_file() for c in candidates):
            yield Diagnostic.at("PK319", Source(file, path), what=WHAT[what], file=written).warning()


def files_exist(records: Records) -> Iterator[Diagnostic]:
    return missing_files(named_files(records), records.root)
