"""Root cause first: when a file (or a section of one) could not be read, the problems that follow only from its
absence are held back, counted in one line, and the problem that explains them is shown first.

One slip in ``people.yaml`` (a tab, a missing colon, a GBK save) leaves every person undefined, and every activity
naming a person would be reported as a reference to a missing ID: thousands of lines, the real one among the last.
What an unread file would have defined is read off its text without parsing (``load.scan``): its IDs, and whether it
holds the programme settings. A reference to one of those IDs, a vocabulary term judged against the default
vocabularies, or "no programme settings" is then a consequence, not a finding. Problems that do not follow from the
gap (a typo naming an ID the file does not hold) are still shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pairkit.diagnostics import Bilingual, Diagnostic, Source
from pairkit.load.files import loose_text
from pairkit.load.scan import holds_programme, ids_written

# Problems that leave a whole file unread (PK001–PK105), or one section of it (PK106, PK107).
UNREAD = frozenset({"PK001", "PK002", "PK003", "PK004", "PK101", "PK103", "PK104", "PK105", "PK106", "PK107"})
HELD_BACK = "PK042"
NO_PROGRAMME = "PK041"


@dataclass
class _Gap:
    """What is missing because of one root cause."""

    cause: Diagnostic
    ids: set[str] = field(default_factory=set)
    programme: bool = False  # the programme settings are missing or defaulted: vocabularies are the defaults
    unopened: bool = False  # the cause could not be opened: what it holds is unknown
    held: int = 0
    reasons: set[str] = field(default_factory=set)

    def explains(self, diag: Diagnostic) -> str | None:
        """Why ``diag`` follows from the gap ("ids" or "programme"), or None when it does not."""
        if diag.code == "PK302" and str(diag.args.get("id", "")) in self.ids:
            return "ids"
        if diag.code == "PK501" and str(diag.args.get("scope", "")).split("/")[0] in self.ids:
            return "ids"
        if self.programme and diag.code in ("PK207", NO_PROGRAMME):
            return "unopened" if self.unopened else "programme" if self.cause.code in UNREAD else "settings"
        return None


def root_cause_first(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """``diagnostics`` (sorted) with the consequences of unread files held back and counted, each root cause and
    its count first."""
    gaps = _gaps(diagnostics)
    if not gaps:
        return diagnostics
    causes = {id(g.cause) for g in gaps}
    kept: list[Diagnostic] = []
    for diag in diagnostics:
        if id(diag) not in causes:
            gap, why = next(((g, w) for g in gaps if (w := g.explains(diag)) is not None), (None, None))
            if gap is not None and why is not None:
                gap.held += 1
                gap.reasons.add(why)
                continue
        kept.append(diag)
    first_files = {g.cause.file for g in gaps if g.held}  # a cause that explains nothing keeps its place
    out: list[Diagnostic] = []
    for diag in [d for d in kept if d.file in first_files] + [d for d in kept if d.file not in first_files]:
        out.append(diag)
        out.extend(_summary(g) for g in gaps if g.cause is diag and g.held)
    return out


def _gaps(diagnostics: Iterable[Diagnostic]) -> list[_Gap]:
    gaps: dict[str, _Gap] = {}
    for diag in diagnostics:
        if diag.code in UNREAD and diag.is_error and diag.file not in gaps:
            text = loose_text(Path(diag.file))
            unopened = diag.code == "PK001"  # a file or folder not opened at all may hold the settings
            gaps[diag.file] = _Gap(diag, ids_written(text), holds_programme(text) or unopened, unopened=unopened)
        elif diag.path[:1] == ("programme",) and diag.code.startswith("PK2") and diag.is_error:
            # Invalid settings are replaced by the defaults: the same consequences as settings left unread.
            gap = gaps.setdefault(diag.file, _Gap(diag))
            gap.programme = True
    return list(gaps.values())


_WHY = {
    "ids": Bilingual("它们引用的编号写在这个文件里", "they refer to IDs this file defines"),
    "programme": Bilingual(
        "项目设置写在这个文件里，没能读取，词表只能按默认的核对",
        "the programme settings are in this file, so the default vocabularies were used",
    ),
    "unopened": Bilingual(
        "项目设置可能就在这个没能打开的文件或文件夹里",
        "the programme settings may be in this file or folder, which could not be opened",
    ),
    "settings": Bilingual(
        "项目设置有错误，词表只能按默认的核对",
        "the programme settings have errors, so the default vocabularies were used",
    ),
}


def _summary(gap: _Gap) -> Diagnostic:
    reasons = [_WHY[r] for r in _WHY if r in gap.reasons]
    why = Bilingual("；".join(r.zh for r in reasons), "; ".join(r.en for r in reasons))
    cause = gap.cause
    diag = Diagnostic.at(HELD_BACK, Source(cause.file, cause.path), count=f"{gap.held:,}", why=why).warning()
    return diag.located(cause.line, cause.column) if cause.line else diag
