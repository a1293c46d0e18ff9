"""Files the records name (evidence, agreements, schemes) exist in the repository.

A path is relative to the records folder or to the folder above it (the repository of ``pairkit init``); absolute
paths are taken as written and web addresses are not looked up. A missing file is a warning: the record still
counts, but its proof is not where the record says.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from pairkit.diagnostics import Bilingual, Diagnostic, Source
from pairkit.model import Records

EVIDENCE = Bilingual("佐证材料", "evidence")
AGREEMENT = Bilingual("协议", "agreement")
SCHEME = Bilingual("工作方案", "plan")
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def named_files(records: Records) -> Iterator[tuple[Source, str, Bilingual]]:
    """(where it is named, path, what it is) of every file the records name."""
    for a in records.activities:
        for i, path in enumerate(a.evidence):
            yield a.source.at("evidence", i), path, EVIDENCE
    for award in records.awards:
        for i, path in enumerate(award.evidence):
            yield award.source.at("evidence", i), path, EVIDENCE
    for agreement in records.agreements:
        if agreement.file:
            yield agreement.source.at("file"), agreement.file, AGREEMENT
    for plan in records.plans:
        if plan.file:
            yield plan.source.at("file"), plan.file, SCHEME


def files_exist(records: Records) -> Iterator[Diagnostic]:
    if not records.root:
        return
    root = Path(records.root)
    bases = (root, root.resolve().parent)
    for source, written, what in named_files(records):
        if _URL.match(written):
            continue
        path = Path(written.replace("\\", "/"))
        candidates = [path] if path.is_absolute() else [base / path for base in bases]
        if not any(c.is_file() for c in candidates):
            yield Diagnostic.at("PK319", source, what=what, file=written).warning()
