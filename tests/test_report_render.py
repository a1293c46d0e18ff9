"""The report as LibreOffice draws it: A4 pages with the Chinese drawn in CJK fonts (skipped without LibreOffice)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import assert_clean_exit, invoke

REPO = Path(__file__).resolve().parent.parent
PREVIEW = REPO.parent / "shared" / "tools" / "docx-preview"

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None or not PREVIEW.is_file(),
    reason="LibreOffice, poppler or ../shared/tools/docx-preview is not installed",
)


def test_sample_report_renders_as_a4_with_chinese(tmp_path: Path) -> None:
    """The sample report converts to a PDF of A4 pages whose text layer holds the Chinese headings, in CJK fonts;
    without --annex full (the activity ledger, 700 rows a year) the whole document is under 20 pages — though the
    sample plants some thirty misses in 45 rules, each told in 四 and 表4 — 表3 takes under two pages (it starts on
    one page and its 合计 row is on that page or the next), and 表4 starts on the page where 表3 ends or the next
    one, never after a blank stretch."""
    out = tmp_path / "out.docx"
    command = ["report", str(REPO / "records"), "--year", "2025", "--as-of", "2026-11-23", "-o", str(out)]
    assert_clean_exit(invoke(command), 0)
    shown = subprocess.run(
        [str(PREVIEW), str(out), str(tmp_path / "preview")], capture_output=True, text=True, timeout=300, check=True
    ).stdout
    assert re.search(r"size: 595\.\d+ x 841\.\d+ pts \(A4\)", shown), shown
    fonts = shown.split("fonts:", 1)[1]
    assert re.search(r"CJK|GB|Kai|Sung", fonts), fonts
    pdf = tmp_path / "preview" / "out.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "一、基本情况" in text
    assert "三、指标完成情况" in text
    assert "\ufffd" not in text
    pages = int(re.search(r"pages: (\d+)", shown)[1])  # type: ignore[index]
    assert len(list((tmp_path / "preview").glob("out-*.png"))) == pages
    assert pages < 20
    assert "帮扶活动台账" not in text
    text_pages = text.split("\f")
    table3 = next(i for i, page in enumerate(text_pages) if "表3指标完成情况" in page.replace(" ", ""))
    total = next(i for i, page in enumerate(text_pages) if i >= table3 and "合计" in page)
    table4 = next(i for i, page in enumerate(text_pages) if "表4未达标" in page.replace(" ", ""))
    assert 0 <= total - table3 <= 1  # 表3 takes under two pages
    assert 0 <= table4 - total <= 1  # 表4 follows 表3's last row on that page or the next
