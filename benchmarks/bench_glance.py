"""How fast are the views — `pairkit status`, `pairkit list` and `pairkit check` — and `pairkit --help`, compared
with `pairkit validate` on the same records?

Run:  .venv/bin/python benchmarks/bench_glance.py [--repeat 5]

Each command runs as a person runs it (a fresh process, start-up included) on the sample records/, all taken in
turns so that a busy shared machine slows them alike; medians of each and of the per-round ratio to validate. The
views validate first, so they should cost little more than validate; `--help` should cost almost nothing.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COMMANDS = {
    "pairkit --help": ["--help"],
    "check --year 2025": ["check", "records", "--year", "2025", "--as-of", "2026-11-23"],
    "status": ["status", "records", "--as-of", "2026-11-23"],
    "list activities --year 2025": ["list", "activities", "records", "--year", "2025"],
    "list activities --format csv": ["list", "activities", "records", "--format", "csv"],
}


def timed(arguments: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pairkit", *arguments], capture_output=True, cwd=REPO, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):  # check and status exit 1 when a closed period misses a rule
        raise SystemExit(f"pairkit {' '.join(arguments)} failed:\n{done.stderr.decode()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    rounds: list[dict[str, float]] = []
    for _ in range(repeat):
        measured = {"validate": timed(["validate", "records"])}
        measured.update({name: timed(arguments) for name, arguments in COMMANDS.items()})
        rounds.append(measured)
    print(f"pairkit validate records: median {statistics.median(r['validate'] for r in rounds):.2f} s")
    for name in COMMANDS:
        ratio = statistics.median(r[name] / r["validate"] for r in rounds)
        print(f"{name:32} ÷ validate = {ratio:.2f}")


if __name__ == "__main__":
    main()
