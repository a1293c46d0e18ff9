"""`pairkit validate` starts fast: the heavy libraries of the report and Excel commands are never imported."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import BASE, PROGRAMME, write_tree

HEAVY = ("docx", "jinja2", "openpyxl", "matplotlib", "xlsxwriter", "python_calamine")


def _imported(stderr: str) -> set[str]:
    """Top-level module names from `-X importtime` lines: `import time: self | cumulative | name`."""
    names = set()
    for line in stderr.splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            name = line.rsplit("|", 1)[1].strip()
            if name != "imported package":
                names.add(name.split(".")[0])
    return names


def test_validate_imports_no_heavy_library(tree: Path) -> None:
    """Running `python -X importtime -m pairkit validate` imports none of docx, jinja2, matplotlib or the Excel
    libraries of export and import (xlsxwriter, python_calamine, openpyxl)."""
    write_tree(tree, {"programme.yaml": PROGRAMME, "base.yaml": BASE})
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "PAIRKIT_LANG")}
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "pairkit", "validate", str(tree)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    imported = _imported(proc.stderr)
    assert {"pairkit", "pydantic", "typer"} <= imported  # the parse found the real imports
    assert imported.isdisjoint(HEAVY), sorted(imported & set(HEAVY))
