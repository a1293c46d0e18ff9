"""How fast is pairkit on a province-sized tree, against the fastest YAML parser and plain Pydantic on the same files?

Run:  .venv/bin/python benchmarks/bench_province.py [--scale 1] [--repeat 3] [--fmt-scale 0.1]

It writes a tree with benchmarks/gen_province.py (scale 1: 300,000 activities, about 5,000 files, 72 MB) into a
temporary folder and times, as whole processes (start-up included), medians of ``--repeat`` runs:

  validate cold     `pairkit validate` with an empty cache
  validate warm     again, nothing changed
  validate edited   after one activity file was edited (a different edit each run)
  check first       the first `pairkit check --year 2025` (as of 2026-09-30) after validate: it parses each file
                    once more, to keep its data in the cache (validate keeps only what it found), text output
  check             `pairkit check --year 2025` again (as of 2026-09-30), text output
  report            `pairkit report --year 2025` (as of 2026-09-30), the Word document
  fmt --check cold  on the first ``--fmt-scale`` of the counties (ruamel's round trip, about 0.1 MB/s), scaled up
  fmt --check warm  the same files again, now seen canonical (not scaled: it is mostly start-up)

against two references measured in this same run on the same files, inside this process:

  yaml-rs parse     reading every file and parsing it with yaml-rs, nothing else
  Pydantic only     validating the parsed records with plain Pydantic models of the same fields (no labels, no
                    vocabularies, no cross-record checks), as an earlier prototype of this format did

Then it plants twenty errors of ten kinds and checks that `pairkit validate` reports each at its file and line, on a
cold and on a warm run. The machine is shared: the load average is printed before and after; ratios taken in the
same run are what to compare, not seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import yaml_rs
from pydantic import BaseModel, ConfigDict

from gen_province import plant, write_province

HERE = Path(__file__).resolve().parent
PAIRKIT = [sys.executable, "-m", "pairkit"]


# --- references ---------------------------------------------------------------------------------------------------


class _Plain(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PlainUnit(_Plain):
    id: str
    name: str
    short_name: str | None = None
    kind: str = "school"
    level: str | None = None
    area: str
    county: str | None = None
    township: str | None = None
    code: str | None = None
    teachers: int | None = None


class PlainPerson(_Plain):
    id: str
    name: str
    gender: str
    birth_date: date | None = None
    unit: str
    position: str | None = None
    title: str | None = None
    subjects: list[str] = []
    backbone: str | None = None
    party_member: bool = False
    rural_years: float = 0
    teaching_since: date | None = None
    joined_unit: date | None = None


class PlainPairing(_Plain):
    id: str
    name: str | None = None
    kind: str = "support"
    supporter: str
    recipients: list[str]
    dimensions: list[str] = []
    subjects: list[str] = []
    focus: str | None = None
    start: date
    end: date | None = None
    agreement: str | None = None


class PlainAllowance(_Plain):
    kind: str
    amount: float
    months: int = 1
    note: str | None = None


class PlainSecondment(_Plain):
    id: str
    person: str
    kind: str = "teaching"
    to: str
    pairing: str | None = None
    start: date
    end: date
    selected_on: date | None = None
    subjects: list[str] = []
    allowances: list[PlainAllowance] = []


class PlainActivity(_Plain):
    id: str | None = None
    date: date
    days: int = 1
    pairing: str
    kind: str
    subject: str | None = None
    title: str
    people: list[str] = []
    attendance: int | None = None
    location: str | None = None


class PlainMentorship(_Plain):
    id: str | None = None
    mentor: str
    mentees: list[str]
    pairing: str | None = None
    start: date


class PlainDonation(_Plain):
    date: date
    donor: str
    recipient: str
    pairing: str | None = None
    title: str | None = None
    cash: float = 0


PLAIN: dict[str, type[BaseModel]] = {
    "units": PlainUnit,
    "people": PlainPerson,
    "pairings": PlainPairing,
    "secondments": PlainSecondment,
    "activities": PlainActivity,
    "mentorships": PlainMentorship,
    "donations": PlainDonation,
}


def parse_all(files: Sequence[Path]) -> list[Any]:
    return [yaml_rs.loads(path.read_text(encoding="utf-8"), parse_datetime=False) for path in files]


def validate_plain(parsed: Sequence[Any]) -> int:
    count = 0
    for data in parsed:
        for section, model in PLAIN.items():
            for item in data.get(section) or ():
                model.model_validate(item)
                count += 1
    return count


def _time_plain(files: Sequence[Path]) -> float:
    parsed = parse_all(files)
    return timed(lambda: validate_plain(parsed))


# --- measuring ----------------------------------------------------------------------------------------------------


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run(
    args: Sequence[str], env: dict[str, str], expect: int | None = 0, timeout: float | None = None
) -> tuple[float, float, str]:
    """Wall seconds, peak memory (MiB: the largest of pairkit's processes, its workers included; NaN where the
    system does not say) and stdout of one pairkit command; ``inf`` seconds when it ran past ``timeout``."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen([*PAIRKIT, *args], stdout=out, stderr=err, env=env)
        timer = threading.Timer(timeout, proc.kill) if timeout else None
        if timer is not None:
            timer.start()
        peak = float("nan")
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = code = os.waitstatus_to_exitcode(status)
            peak = usage.ru_maxrss / (2**20 if sys.platform == "darwin" else 2**10)
        else:
            code = proc.wait()
        wall = time.perf_counter() - start
        if timer is not None:
            timer.cancel()
        if code == -signal.SIGKILL or (timeout and wall >= timeout):
            return float("inf"), peak, ""
        out.seek(0)
        err.seek(0)
        text, problem = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    if expect is not None and code != expect:
        sys.exit(f"pairkit {' '.join(args)} exited {code}:\n{problem[-2000:]}")
    return wall, peak, text


class Step:
    def __init__(self, name: str) -> None:
        self.name = name
        self.walls: list[float] = []
        self.peak = 0.0

    def add(self, wall: float, peak: float) -> None:
        self.walls.append(wall)
        self.peak = max(self.peak, peak)

    @property
    def median(self) -> float:
        return statistics.median(self.walls)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--fmt-scale", type=float, default=0.05, help="share of the tree fmt --check runs on cold")
    parser.add_argument(
        "--report-timeout", type=float, default=1800, help="seconds before the report is stopped (0: no report)"
    )
    args = parser.parse_args()
    load_before = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    with tempfile.TemporaryDirectory(prefix="pairkit-bench-") as tmp:
        root, cache = Path(tmp) / "province", Path(tmp) / "cache"
        counts = write_province(root, args.scale)
        env = {**os.environ, "PAIRKIT_CACHE_DIR": str(cache), "PAIRKIT_LANG": "zh"}
        env.pop("GITHUB_ACTIONS", None)
        files = sorted(root.rglob("*.yaml"))
        mb = counts["bytes"] / 2**20
        print(f"tree: {counts['files']:,} files, {mb:.1f} MB, {counts['activities']:,} activities")
        print(f"cores: {os.cpu_count()}")
        print(f"load average before: {' '.join(f'{x:.2f}' for x in load_before)}")

        t_parse = statistics.median(timed(lambda: parse_all(files)) for _ in range(args.repeat))
        t_plain = statistics.median(_time_plain(files) for _ in range(args.repeat))

        names = ("validate cold", "validate warm", "validate edited", "check first", "check", "report")
        steps = {name: Step(name) for name in names}
        activity_files = sorted(root.glob("*/activities/*/*.yaml"))
        for i in range(args.repeat):
            shutil.rmtree(cache, ignore_errors=True)
            steps["validate cold"].add(*run(["validate", str(root)], env)[:2])
            steps["validate warm"].add(*run(["validate", str(root)], env)[:2])
            edited = activity_files[(i + 1) * len(activity_files) // (args.repeat + 1)]
            text = edited.read_text(encoding="utf-8")
            edited.write_text(text.replace("次）\n", "次，修订）\n", 1), encoding="utf-8")  # one title changed
            steps["validate edited"].add(*run(["validate", str(root)], env)[:2])
        check = ["check", str(root), "--year", "2025", "--as-of", "2026-09-30"]
        steps["check first"].add(*run(check, env, expect=None)[:2])
        for _ in range(args.repeat):
            steps["check"].add(*run(check, env, expect=None)[:2])
        docx = Path(tmp) / "report.docx"
        if args.report_timeout > 0:
            report = ["report", str(root), "--year", "2025", "--as-of", "2026-09-30", "-o", str(docx)]
            for _ in range(args.repeat):
                steps["report"].add(*run(report, env, timeout=args.report_timeout)[:2])
        else:
            del steps["report"]

        # fmt --check: cold on a share of the counties (ruamel's round trip is slow), warm on the whole tree.
        counties = sorted(p for p in root.iterdir() if p.is_dir())
        share = counties[: max(1, round(len(counties) * args.fmt_scale))]
        share_mb = sum(p.stat().st_size for c in share for p in c.rglob("*.yaml")) / 2**20
        shutil.rmtree(cache / "canonical", ignore_errors=True)
        fmt_cold, fmt_warm = Step("fmt --check cold"), Step("fmt --check warm")
        fmt_cold.add(*run(["fmt", "--check", *map(str, share)], env)[:2])
        for _ in range(args.repeat):  # the same files, now seen canonical
            fmt_warm.add(*run(["fmt", "--check", *map(str, share)], env)[:2])

        # Twenty planted errors, cold and warm.
        planted = plant(root, 20)
        expected = sorted((str(root / p.file), p.line, p.code) for p in planted)
        shutil.rmtree(cache, ignore_errors=True)
        found_runs = []
        for label in ("cold", "warm"):
            _, _, out = run(["validate", str(root), "--format", "json"], env, expect=1)
            found = sorted((d["file"], d["line"], d["code"]) for d in json.loads(out))
            found_runs.append((label, sum(1 for e in expected if e in found), len(found)))
        sample = Step("sample validate")
        for _ in range(args.repeat):
            sample.add(*run(["validate", str(HERE.parent / "records"), "--no-cache"], env)[:2])
    load_after = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3

    cold = steps["validate cold"].median
    print(f"\nmedians of {args.repeat} runs (whole processes, start-up included)")
    print(f"{'step':<18}{'seconds':>9}{'÷ yaml-rs':>11}{'÷ Pydantic':>12}{'÷ cold':>8}{'peak MiB':>10}")
    print(f"{'yaml-rs parse':<18}{t_parse:9.2f}{1:11.2f}{t_parse / t_plain:12.2f}")
    print(f"{'Pydantic only':<18}{t_plain:9.2f}{t_plain / t_parse:11.2f}{1:12.2f}")
    for step in steps.values():
        m = step.median
        print(f"{step.name:<18}{m:9.2f}{m / t_parse:11.2f}{m / t_plain:12.2f}{m / cold:8.2f}{step.peak:10.0f}")
    for step, scale in ((fmt_cold, mb / share_mb), (fmt_warm, 1.0)):
        m = step.median * scale
        note = f"{step.median:.2f} s on {share_mb:.1f} MB" + (", scaled to the tree" if scale != 1 else "")
        print(
            f"{step.name:<18}{m:9.2f}{m / t_parse:11.2f}{m / t_plain:12.2f}{m / cold:8.2f}{step.peak:10.0f}   ({note})"
        )
    print(f"{'sample validate':<18}{sample.median:9.2f}   (records/, 13 files, no cache)")
    for label, hits, total in found_runs:
        print(f"planted errors, {label} run: {hits} of {len(expected)} at their file and line ({total} reported)")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in load_after)}")
    checks = [
        ("cold validate ≤ 3 × yaml-rs parse", cold <= 3 * t_parse),
        ("validate after one edit ≤ 1 s", steps["validate edited"].median <= 1),
        ("validate with nothing changed ≤ 0.5 s", steps["validate warm"].median <= 0.5),
        ("check ≤ 2 × cold validate", steps["check"].median <= 2 * cold),
        *([("report ≤ 3 × cold validate", steps["report"].median <= 3 * cold)] if "report" in steps else []),
        ("peak memory ≤ 2 GB", max(s.peak for s in (*steps.values(), fmt_warm, fmt_cold)) <= 2048),
        ("planted errors all found, cold and warm", all(h == len(expected) == t for _, h, t in found_runs)),
    ]
    print()
    for text, ok in checks:
        print(f"{'ok  ' if ok else 'MISS'} {text}")


if __name__ == "__main__":
    main()
