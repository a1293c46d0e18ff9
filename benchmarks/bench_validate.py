"""How fast is `pairkit validate` compared with just parsing the same YAML?

Run:  .venv/bin/python benchmarks/bench_validate.py [--activities 5000] [--repeat 3]

It writes a synthetic records tree (Chinese text, ~1,000 activities a file, as an office would split them) to a
temporary folder and reports medians and ratios, not lone seconds: the machines are shared and noisy.
  parse      ruamel.yaml composing every file (the parser pairkit uses), nothing else
  safe-load  ruamel.yaml's plain safe loader on the same files (the bare parse a YAML user would write)
  validate   pairkit's whole pipeline: read, parse, build records, run every check
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ruamel.yaml import YAML

from pairkit.load.files import discover
from pairkit.load.yamldoc import compose
from pairkit.pipeline import validate_tree

KINDS = ["示范课", "专题讲座", "集体备课", "教学研究活动", "说课教研", "联席会议"]
SUBJECTS = ["数学", "语文", "物理", "英语"]


def write_tree(root: Path, activities: int, per_file: int = 1000) -> int:
    (root / "programme.yaml").write_text("programme:\n  name: 基准测试项目\n  office: 某县教育局\n", encoding="utf-8")
    units = ["units:"]
    pairings = ["pairings:"]
    for i in range(50):
        units.append(f"  - id: u{i}\n    name: 第{i}中学\n    area: {'城区' if i < 25 else '农村'}")
    for i in range(25):
        pairings.append(f"  - id: p{i}\n    supporter: u{i}\n    recipients: [u{i + 25}]\n    start: 2020-09-01")
    (root / "units.yaml").write_text("\n".join(units) + "\n", encoding="utf-8")
    (root / "pairings.yaml").write_text("\n".join(pairings) + "\n", encoding="utf-8")
    people = ["people:"] + [f"  - id: t{i}\n    name: 教师{i}\n    gender: 女\n    unit: u{i % 25}" for i in range(200)]
    (root / "people.yaml").write_text("\n".join(people) + "\n", encoding="utf-8")
    folder = root / "activities"
    folder.mkdir()
    for f in range(0, activities, per_file):
        lines = ["activities:"]
        for i in range(f, min(f + per_file, activities)):
            lines.append(
                f"  - date: 2024-{i % 12 + 1:02d}-{i % 28 + 1:02d}\n"
                f"    pairing: p{i % 25}\n"
                f"    kind: {KINDS[i % len(KINDS)]}\n"
                f"    subject: {SUBJECTS[i % len(SUBJECTS)]}\n"
                f"    title: 《函数的单调性》第{i}次教研活动  # 备注\n"
                f"    people: [t{i % 200}, t{(i + 7) % 200}]\n"
                f"    attendance: {20 + i % 30}\n"
                f"    location: 第{i % 25}中学会议室"
            )
        (folder / f"{f // per_file:04d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return sum(p.stat().st_size for p in discover(root))


def median_time(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--activities", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        size = write_tree(root, args.activities)
        files = list(discover(root))
        texts = [p.read_text(encoding="utf-8") for p in files]
        safe = YAML(typ="safe", pure=True)

        def parse() -> None:
            for text in texts:
                compose(text)

        def safe_load() -> None:
            for text in texts:
                safe.load(text)

        def validate() -> None:
            outcome = validate_tree(root)
            assert not outcome.has_errors, outcome.diagnostics[:3]

        t_parse = median_time(parse, args.repeat)
        t_safe = median_time(safe_load, args.repeat)
        t_validate = median_time(validate, args.repeat)
    mb = size / 1024 / 1024
    print(f"tree: {len(files)} files, {mb:.2f} MB, {args.activities} activities; medians of {args.repeat} runs")
    print(f"parse (compose)      {t_parse:7.2f} s  {mb / t_parse:6.2f} MB/s")
    print(f"safe-load (ruamel)   {t_safe:7.2f} s  {mb / t_safe:6.2f} MB/s")
    print(f"validate (pairkit)   {t_validate:7.2f} s  {mb / t_validate:6.2f} MB/s")
    print(f"ratio validate / parse      {t_validate / t_parse:5.2f}")
    print(f"ratio validate / safe-load  {t_validate / t_safe:5.2f}")


if __name__ == "__main__":
    main()
