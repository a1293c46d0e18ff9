"""Is the cost of validating linear in the input, however hostile? Time per MB against the sample's, in one run.

Run:  .venv/bin/python benchmarks/bench_hostile.py [--repeat 3]

Each tree is the sample records (``records/``) plus one file, validated as `pairkit validate --no-cache` does it
(``diagnose_tree``, inside this process, so start-up is left out), medians of ``--repeat`` runs:

  sample            the sample alone (0.4 MB): the reference time per MB
  4.9 MB file       + a legitimate activities file just under the 5 MB limit (the sample's activities, repeated)
  100,000 keys      + a 1.3 MB file of 100,000 unknown sections (100,000 diagnostics)
  100,000 fields    + one activity with 100,000 unknown fields (100,000 diagnostics)
  20,000 bad refs   + 20,000 activities each naming a pairing that does not exist (20,000 diagnostics)
and each hostile file at a quarter of that size.

For each: seconds, MB, seconds per MB and the ratio of that to the sample's; then the added file's MB and its own
seconds per MB (the time beyond the sample's). The legitimate 4.9 MB file's ratio must stay below 2. The hostile
ones cost more per MB (each of their many diagnostics is built and located) but about the same at a quarter of the
size as at the whole: in proportion to the file, every diagnostic located in one pass over it. Printing the
diagnostics is left out. The machine is shared: compare the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pairkit.load.files import discover
from pairkit.pipeline import diagnose_tree

SAMPLE = Path(__file__).resolve().parent.parent / "records"
LIMIT = 5 * 1024 * 1024


def legitimate(path: Path) -> None:
    """The sample's 2025—2026 activities repeated to just under 4.9 MB: the same records an office keeps."""
    text = (SAMPLE / "activities" / "2025-2026.yaml").read_text(encoding="utf-8")
    head, body = text.split("activities:\n", 1)
    out = [head, "activities:\n"]
    size = len((head + "activities:\n").encode())
    while size + len(body.encode()) < 4.9 * 1024 * 1024:
        out.append(body.rstrip("\n") + "\n\n")
        size += len(body.encode()) + 1
    path.write_text("".join(out), encoding="utf-8")


def keys(count: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.write_text("".join(f"k{i}: {i}\n" for i in range(count)), encoding="utf-8")

    return make


def fields(count: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        head = "activities:\n  - date: 2025-10-10\n    pairing: wz-gd-st\n    kind: lecture\n    title: 讲座\n"
        path.write_text(head + "".join(f"    f{i}: 1\n" for i in range(count)), encoding="utf-8")

    return make


def references(count: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        items = "".join(
            f"  - date: 2025-10-10\n    pairing: nope{i}\n    kind: lecture\n    title: 讲座{i}\n" for i in range(count)
        )
        path.write_text("activities:\n" + items, encoding="utf-8")

    return make


# Each hostile file at a quarter of its size too: the same time per MB shows the cost is in proportion.
CASES: dict[str, Callable[[Path], None] | None] = {
    "sample": None,
    "4.9 MB file": legitimate,
    "25,000 keys": keys(25_000),
    "100,000 keys": keys(100_000),
    "25,000 fields": fields(25_000),
    "100,000 fields": fields(100_000),
    "5,000 bad refs": references(5_000),
    "20,000 bad refs": references(20_000),
}


def median_time(root: Path, repeat: int) -> tuple[float, int]:
    times, found = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        outcome = diagnose_tree(root)
        times.append(time.perf_counter() - start)
        found = len(outcome.diagnostics)
    return statistics.median(times), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"validate, medians of {args.repeat} runs; time per MB against the sample's")
    print(
        f"{'tree':<18}{'seconds':>9}{'MB':>7}{'s/MB':>7}{'ratio':>7}{'file MB':>9}{'its s/MB':>10}{'diagnostics':>13}"
    )
    base = (0.0, 0.0)  # the sample's seconds and MB
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in CASES.items():
            root = Path(tmp) / name.replace(" ", "_").replace(",", "")
            shutil.copytree(SAMPLE, root)
            if make is not None:
                make(root / "extra.yaml")
                assert (root / "extra.yaml").stat().st_size < LIMIT
            size = sum(p.stat().st_size for p in discover(root)) / 1024 / 1024
            seconds, found = median_time(root, args.repeat)
            base = base if base[1] else (seconds, size)
            ratio = (seconds / size) / (base[0] / base[1])
            added = size - base[1]
            own = f"{(seconds - base[0]) / added:10.2f}" if added else f"{'':10}"
            print(f"{name:<18}{seconds:9.2f}{size:7.2f}{seconds / size:7.2f}{ratio:7.2f}{added:9.2f}{own}{found:13,}")


if __name__ == "__main__":
    main()
