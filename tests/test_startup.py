"""`pairkit --help` and `pairkit validate` start fast: what they do not show or use is never imported."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import BASE, PROGRAMME, write_tree

HEAVY = ("docx", "jinja2", "openpyxl", "xlsxwriter", "python_calamine")


def _imports(*args: str, cache: Path | None = None) -> set[str]:
    """Module names (``pairkit.model.records`` and its parents) that ``python -m pairkit ARGS`` imports, from
    `-X importtime` lines: `import time: self | cumulative | name`. ``cache``: the cache folder to use."""
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "PAIRKIT_LANG")}
    if cache is not None:
        env["PAIRKIT_CACHE_DIR"] = str(cache)
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "pairkit", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    names: set[str] = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            name = line.rsplit("|", 1)[1].strip()
            if name != "imported package":
                parts = name.split(".")
                names.update(".".join(parts[: i + 1]) for i in range(len(parts)))
    return names


def test_validate_imports_no_heavy_library(tree: Path) -> None:
    """Running `python -X importtime -m pairkit validate` imports none of docx, jinja2 or the Excel
    libraries of export and import (xlsxwriter, python_calamine, openpyxl)."""
    write_tree(tree, {"programme.yaml": PROGRAMME, "base.yaml": BASE})
    imported = _imports("validate", str(tree))
    assert {"pairkit", "pydantic", "typer"} <= imported  # the parse found the real imports
    assert imported.isdisjoint(HEAVY), sorted(imported & set(HEAVY))


ACTIVITIES = """\
activities:
  - date: 2024-10-12
    pairing: pr-1
    kind: 示范课
    title: 分数的初步认识
"""
# What judging a file takes: the record models, the checks, the rule engine and the YAML parsers.
JUDGING = {"pairkit.model", "pairkit.check.run", "pairkit.rules", "yaml_rs", "ruamel"}


def test_unchanged_validate_imports_nothing_to_judge_files(tree: Path, tmp_path: Path) -> None:
    """`pairkit validate` with nothing changed since its last run gives the cached answer without importing the
    record models, the checks or the YAML parsers (pydantic itself comes with typer); the first run, and a run after
    a file is edited, do import them."""
    write_tree(tree, {"programme.yaml": PROGRAMME, "base.yaml": BASE, "activities.yaml": ACTIVITIES})
    cache = tmp_path / "cache"
    assert _imports("validate", str(tree), cache=cache) >= JUDGING
    unchanged = _imports("validate", str(tree), cache=cache)
    assert {"pairkit.incremental", "pairkit.load.cache"} <= unchanged  # the parse found the real imports
    assert unchanged.isdisjoint(JUDGING), sorted(unchanged & JUDGING)
    activities = tree / "activities.yaml"
    activities.write_text(ACTIVITIES.replace("分数", "小数"), encoding="utf-8")
    assert _imports("validate", str(tree), cache=cache) >= JUDGING


def test_help_imports_only_what_it_shows() -> None:
    """`pairkit --help` lists the commands without importing them: none of the record models (pydantic), rich,
    ruamel, the report's docx and jinja2 or the Excel libraries is loaded, nor any command's module."""
    imported = _imports("--help")
    assert {"pairkit.cli", "typer"} <= imported  # the parse found the real imports
    heavy = {"pydantic", "pairkit.model", "pairkit.pipeline", "rich", "ruamel", *HEAVY}
    assert imported.isdisjoint(heavy), sorted(imported & heavy)
    commands = {"pairkit.cli.validate", "pairkit.cli.check", "pairkit.cli.report", "pairkit.cli.add"}
    assert imported.isdisjoint(commands), sorted(imported & commands)


def test_report_imports_no_plotting_or_excel_library(tmp_path: Path) -> None:
    """`pairkit report` writes its chart as Word's own chart XML: the report process imports python-docx and jinja2
    but neither matplotlib nor numpy (nor any Excel library: the chart's workbook is written by hand)."""
    out = tmp_path / "report.docx"
    records = Path(__file__).resolve().parent.parent / "records"
    imported = _imports("report", str(records), "--year", "2025", "--as-of", "2026-11-23", "-o", str(out))
    assert {"docx", "jinja2", "pairkit.report.chart"} <= imported  # the parse found the real imports
    assert imported.isdisjoint({"matplotlib", "numpy", "PIL", "xlsxwriter", "openpyxl", "python_calamine"})
    assert out.exists()
