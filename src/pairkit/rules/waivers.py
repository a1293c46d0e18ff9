"""Waivers: an approved exemption turns a missed or at-risk finding into "waived", with who approved it and why.

The finding keeps its numbers and the status it would have had (``waived_from``), so a report counts waivers
apart instead of hiding them. A waiver applies to findings of its rule whose period lies inside its dates and
whose scope it names (or every scope), as long as it has not expired on the day of the check.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from pairkit.model.rules import Waiver
from pairkit.rules.results import Finding, Status

_WAIVABLE = (Status.MISSED, Status.AT_RISK)


def applies(waiver: Waiver, finding: Finding, as_of: date) -> bool:
    if waiver.rule != finding.rule_id or (waiver.expires is not None and as_of > waiver.expires):
        return False
    if waiver.scope is not None and waiver.scope != finding.scope.id:
        return False
    return waiver.from_day <= finding.period.start and finding.period.end <= waiver.to_day


def apply_waivers(findings: Iterable[Finding], waivers: Iterable[Waiver], as_of: date) -> list[Finding]:
    waivers = list(waivers)
    out = []
    for finding in findings:
        if finding.status in _WAIVABLE:
            waiver = next((w for w in waivers if applies(w, finding, as_of)), None)
            if waiver is not None:
                note = f"已豁免：{waiver.reason}（{waiver.approver}批准）"
                note_en = f"waived: {waiver.reason} (approved by {waiver.approver})"
                finding = replace(
                    finding,
                    status=Status.WAIVED,
                    waived_from=finding.status,
                    waiver=waiver,
                    note="；".join(n for n in (finding.note, note) if n),
                    note_en="; ".join(n for n in (finding.note_en, note_en) if n),
                )
        out.append(finding)
    return out
