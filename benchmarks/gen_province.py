"""Write a province-sized records tree in pairkit's format, as a provincial office would keep it.

Run:  .venv/bin/python benchmarks/gen_province.py OUT_DIR [--scale 1] [--plant 20]

At scale 1: 100 counties, 2,000 units, 9,900 people, 1,500 pairings, 3,000 secondments, 300,000 activities in
about 4,900 files (70 MB). Files are split by county, pairing and school year:

    programme.yaml, rules.yaml                       the sample's settings and rules
    <county>/units.yaml, people.yaml, pairings.yaml, secondments.yaml, mentorships.yaml, donations.yaml
    <county>/activities/<pairing>/<school year>.yaml

The tree is valid (``pairkit validate`` exits 0). ``plant`` then edits it to hold known errors, each at a known file,
line and code, so a benchmark or a test can check that every one is reported where it is.
"""

from __future__ import annotations

import argparse
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent / "records"
YEARS = (2024, 2025, 2026)  # school years 2024—2025 … 2026—2027
KINDS = {  # activity kind label → subject-bound?
    "示范课": True,
    "专题讲座": False,
    "集体备课": True,
    "教学研究活动": True,
    "说课教研": True,
    "信息技术整合课": False,
    "教学经验交流会": False,
    "跟岗观摩": True,
    "联席会议": False,
    "管理经验讲座": False,
    "检查督导": False,
    "课题研究": False,
    "质量分析": False,
    "德育经验交流会": False,
    "中层干部跟班": False,
    "学生交流": False,
}
SUBJECTS = ["语文", "数学", "英语", "物理", "化学", "生物", "历史", "地理"]
TOPICS = [
    "《函数的单调性》",
    "《荷塘月色》",
    "《勾股定理》",
    "整本书阅读",
    "大单元教学设计",
    "作业设计与评价",
    "实验教学",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建文辉力红晓海燕云峰"


@dataclass(frozen=True)
class Planted:
    """An error written into the tree on purpose: where it is and the code it must be reported with."""

    file: str  # relative to the tree's root, with forward slashes
    line: int
    code: str


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _county(root: Path, c: int, rng: random.Random, activity_factor: float) -> int:
    """One county: 20 units, 99 people, 15 pairings, 30 secondments and their activities. Returns activities."""
    county = f"c{c:03d}"
    folder = root / county
    (folder / "activities").mkdir(parents=True)
    urban = [f"{county}-u{i}" for i in range(8)]
    rural = [f"{county}-r{i}" for i in range(10)]
    units = ["# 本县参加结对帮扶的单位", "units:"]
    for i, uid in enumerate(urban):
        units.append(
            f"  - id: {uid}\n    name: 第{c}县城区第{i + 1}中学\n    kind: 学校\n    level: 初中\n    area: 城区\n"
            f'    county: 第{c}县\n    code: "{4400000000 + c * 100 + i}"\n    teachers: {80 + i * 7}'
        )
    for i, uid in enumerate(rural):
        units.append(
            f"  - id: {uid}\n    name: 第{c}县乡村第{i + 1}中学\n    level: 初中\n    area: 农村\n"
            f"    county: 第{c}县\n    township: 第{i + 1}镇\n    teachers: {30 + i * 3}"
        )
    units.append(f"  - id: {county}-wsy\n    name: 第{c}县中心卫生院\n    kind: 卫生院\n    area: 乡镇")
    units.append(f"  - id: {county}-dzb\n    name: 第{c}县第一村党支部\n    kind: 村党支部\n    area: 农村")
    (folder / "units.yaml").write_text("\n".join(units) + "\n", encoding="utf-8")

    staff: dict[str, list[str]] = {}
    people = ["# 本县人员：教师、校长", "people:"]
    for n in range(99):
        unit = (urban + rural)[n % 18]
        pid = f"{county}-p{n:03d}"
        staff.setdefault(unit, []).append(pid)
        title = "高级教师" if n % 5 == 0 else "一级教师" if n % 2 else "二级教师"
        people.append(
            f"  - id: {pid}\n    name: {_name(rng)}\n    gender: {'女' if n % 2 else '男'}\n"
            f"    birth_date: {1975 + n % 20}-{n % 12 + 1:02d}-{n % 27 + 1:02d}\n    unit: {unit}\n"
            f"    title: {title}\n    subjects: [{SUBJECTS[n % len(SUBJECTS)]}]\n    rural_years: {n % 4}\n"
            f"    teaching_since: {1998 + n % 20}-09-01"
        )
    (folder / "people.yaml").write_text("\n".join(people) + "\n", encoding="utf-8")

    pairings = ["# 本县结对关系（2024—2027 三年一轮）", "pairings:"]
    sides: list[tuple[str, str, str, list[str]]] = []
    for i in range(15):
        pid, sup, rec = f"{county}-j{i:02d}", urban[i % 8], rural[i % 10]
        subjects = [SUBJECTS[(i + k) % len(SUBJECTS)] for k in range(3)]
        sides.append((pid, sup, rec, subjects))
        pairings.append(
            f"  - id: {pid}\n    name: 第{c}县第{i + 1}组结对\n    kind: 结对帮扶\n    supporter: {sup}\n"
            f"    recipients: [{rec}]\n    dimensions: [师资帮扶, 教学教研, 管理交流]\n"
            f"    subjects: [{', '.join(subjects)}]\n    start: 2024-09-01\n    end: 2027-08-31"
        )
    (folder / "pairings.yaml").write_text("\n".join(pairings) + "\n", encoding="utf-8")

    secondments = ["# 本县支教和交流轮岗", "secondments:"]
    mentorships = ["mentorships:"]
    donations = ["donations:"]
    for y, year in enumerate(YEARS):
        for k in range(10):
            pid, sup, rec, subjects = sides[k]
            person = staff[sup][(y + k // 8) % len(staff[sup])]
            secondments.append(
                f"  - id: {county}-zj-{year}-{k:02d}\n    person: {person}\n"
                f"    kind: {'支教' if k % 2 else '交流轮岗'}\n"
                f"    to: {rec}\n    pairing: {pid}\n    start: {year}-09-01\n    end: {year + 1}-07-10\n"
                f"    selected_on: {year}-07-{10 + k}\n    subjects: [{subjects[0]}]\n"
                f"    allowances:\n      - kind: 生活补助\n        amount: 3000\n        months: 10"
            )
        pid, sup, rec, subjects = sides[y]
        mentorships.append(
            f"  - id: {county}-sb-{year}\n    mentor: {staff[sup][0]}\n    mentees: [{', '.join(staff[rec][:2])}]\n"
            f"    pairing: {pid}\n    start: {year}-09-20"
        )
        donations.append(
            f"  - date: {year}-10-15\n    donor: {sup}\n    recipient: {rec}\n    pairing: {pid}\n"
            f"    title: 改善办学条件\n    cash: {20000 + y * 5000}"
        )
    for name, lines in (("secondments", secondments), ("mentorships", mentorships), ("donations", donations)):
        (folder / f"{name}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    count = 0
    per_file = max(1, round(200 / 3 * activity_factor))
    kinds = list(KINDS)
    for pid, sup, rec, subjects in sides:
        target = folder / "activities" / pid
        target.mkdir()
        people_here = staff[sup] + staff[rec]
        for year in YEARS:
            lines = [f"# {year}—{year + 1} 学年 {pid} 的结对帮扶活动", "activities:"]
            for n in range(per_file):
                day = 2 + n * 300 // per_file  # spread over the school year, from 3 September
                month, dom = (9 + day // 31 - 1) % 12 + 1, day % 28 + 1
                date = f"{year + (month < 9)}-{month:02d}-{dom:02d}"
                kind = kinds[(n + count) % len(kinds)]
                subject = f"\n    subject: {rng.choice(subjects)}" if KINDS[kind] else ""
                who = rng.sample(people_here, 2)
                lines.append(
                    f"  - date: {date}  # {kind}\n    pairing: {pid}\n    kind: {kind}{subject}\n"
                    f"    title: {rng.choice(TOPICS)}{kind}（第{n + 1}次）\n    people: [{who[0]}, {who[1]}]\n"
                    f"    attendance: {rng.randint(3, 60)}\n    location: {rec}会议室"
                )
                count += 1
            (target / f"{year}-{year + 1}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return count


def _general_rules() -> str:
    """The sample's rules without those it writes for its own pairings (``targets: {pairings: …}``), which name
    pairings a generated province does not have. A rule goes with the comment lines of its paragraph."""
    paragraphs = (SAMPLE / "rules.yaml").read_text(encoding="utf-8").split("\n\n")
    kept = [p for p in paragraphs if not ("  - id:" in p and "pairings: [" in p)]
    return "\n\n".join(kept)


def write_province(root: Path, scale: float = 1.0, seed: int = 7) -> dict[str, int]:
    """Write the tree under ``root`` (which must not exist or be empty); returns its counts."""
    rng = random.Random(seed)
    counties = max(1, round(100 * scale))
    activity_factor = min(1.0, scale / 0.01)  # below one county, fewer activities per file
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(SAMPLE / "programme.yaml", root / "programme.yaml")
    (root / "rules.yaml").write_text(_general_rules(), encoding="utf-8")
    activities = sum(_county(root, c, rng, activity_factor) for c in range(1, counties + 1))
    files = sorted(root.rglob("*.yaml"))
    return {
        "counties": counties,
        "activities": activities,
        "files": len(files),
        "bytes": sum(p.stat().st_size for p in files),
    }


def _edit(root: Path, rel: str, find: str, replace: str, nth: int = 0) -> int:
    """Replace the ``nth`` line containing ``find`` (the part ``find``) with ``replace``; returns its 1-based line."""
    path = root / rel
    lines = path.read_text(encoding="utf-8").split("\n")
    hits = [i for i, line in enumerate(lines) if find in line]
    index = hits[nth]
    lines[index] = lines[index].replace(find, replace, 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    return index + 1


def plant(root: Path, count: int = 20) -> list[Planted]:
    """Write ``count`` errors of different kinds into activity files spread over the tree; one per file."""
    files = sorted(p.relative_to(root).as_posix() for p in root.glob("*/activities/*/*.yaml"))
    step = max(1, len(files) // count)
    chosen = files[::step][:count]
    # (text to find on a line, replacement, code): value slips, a syntax slip, YAML the fast parser must not vouch for
    slips = [
        ("date: 20", "date: 2025-02-30  # ", "PK201"),
        ("kind: ", "kind: 示范课课", "PK207"),
        ("attendance: ", "attendance: 四", "PK205"),
        ("location: ", "locaton: ", "PK203"),
        ("pairing: ", "pairing: no-such-", "PK302"),
        ("people: [", "people: [nobody-here, ", "PK302"),
        ("date: 202", "date: 203", "PK401"),
        ("attendance: ", "attendance: !!python/object:os.system ", "PK103"),
        ("title: ", "title: 'unclosed ", "PK101"),
        ("date: 20", "date: 2024/", "PK202"),
    ]
    out = []
    for i, rel in enumerate(chosen):
        find, replace, code = slips[i % len(slips)]
        nth = 3 + i  # not the first record of a file
        line = _edit(root, rel, find, replace, nth)
        out.append(Planted(rel, line, code))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--plant", type=int, default=0, help="plant this many errors")
    args = parser.parse_args()
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} is not empty")
    counts = write_province(args.out, args.scale)
    print(", ".join(f"{k}: {v:,}" for k, v in counts.items()), f"({counts['bytes'] / 2**20:.1f} MB)")
    for p in plant(args.out, args.plant) if args.plant else ():
        print(f"planted {p.code} at {p.file}:{p.line}")


if __name__ == "__main__":
    main()
