"""How fast is `pairkit report` compared with `pairkit check` and `pairkit validate` on the same records?

Run:  .venv/bin/python benchmarks/bench_report.py [--activities 30000] [--repeat 5]

Two measurements, each run as a clerk runs the commands (a fresh `pairkit` process, start-up included), the commands
of a pair taken in turns so that a busy shared machine slows both alike; medians and ratios, never lone seconds:
  sample      report ÷ check on the sample records/ (--year 2025): the report validates, evaluates the same rules
              as check, then computes the figures and writes the .docx (its chart as Word chart XML)
  generated   report ÷ validate on a synthetic tree of --activities activities (benchmarks/bench_validate.py's tree,
              one calendar year, so that every activity is in the report)
The targets: report under 2 × check on the sample, under 3 × validate on 30,000 activities.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_validate import write_tree

REPO = Path(__file__).resolve().parent.parent
PAIRKIT = [sys.executable, "-m", "pairkit"]


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run([*PAIRKIT, *command], capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):  # check exits 1 when the sample's planted misses are found
        raise SystemExit(f"pairkit {' '.join(command)} failed:\n{done.stderr}")
    return elapsed


def pair(first: list[str], second: list[str], repeat: int) -> tuple[float, float, float]:
    """Medians of both commands and the median of their per-round ratios (second ÷ first)."""
    a, b = [], []
    for _ in range(repeat):
        a.append(timed(first))
        b.append(timed(second))
    ratios = [y / x for x, y in zip(a, b, strict=True)]
    return statistics.median(a), statistics.median(b), statistics.median(ratios)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--activities", type=int, default=30000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.docx"
        records = str(REPO / "records")
        period = ["--year", "2025", "--as-of", "2026-11-23"]
        check, report, ratio = pair(
            ["check", records, *period], ["report", records, *period, "-o", str(out)], args.repeat
        )
        print(f"sample records/: medians of {args.repeat} runs")
        print(f"  check   {check:6.2f} s")
        print(f"  report  {report:6.2f} s")
        print(f"  ratio report / check      {ratio:5.2f}   (target < 2)")
        root = Path(tmp) / "tree"
        root.mkdir()
        size = write_tree(root, args.activities)
        span = ["--from", "2024-01-01", "--to", "2024-12-31"]
        validate, report, ratio = pair(
            ["validate", str(root)], ["report", str(root), *span, "-o", str(out)], args.repeat
        )
        mb = size / 1024 / 1024
        print(f"generated tree: {args.activities} activities, {mb:.1f} MB; medians of {args.repeat} runs")
        print(f"  validate {validate:6.2f} s")
        print(f"  report   {report:6.2f} s")
        print(f"  ratio report / validate   {ratio:5.2f}   (target < 3)")


if __name__ == "__main__":
    main()
