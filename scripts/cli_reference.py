"""Write docs/cli.md from the commands' own `--help`, in Chinese and in English, so the reference cannot drift.

python scripts/cli_reference.py          # rewrite docs/cli.md
python scripts/cli_reference.py --check  # exit 1 when docs/cli.md is not what --help says (tests run this)
"""

from __future__ import annotations

import sys
from pathlib import Path

from typer.testing import CliRunner

from pairkit.cli import Pairkit, app

TARGET = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
WIDTH = 100

HEAD = """\
# 命令参考 · CLI reference

<!-- 本文件由 scripts/cli_reference.py 根据各命令的 --help 生成，请勿手改：修改命令的帮助后运行
     `python scripts/cli_reference.py`；测试会检查两者一致。
     Generated from --help by scripts/cli_reference.py; do not edit by hand. -->

每个命令的帮助，先中文，后英文（`--lang en` 或环境变量 `PAIRKIT_LANG=en`）。短选项在所有命令中含义相同：
`-y` 学年、`-t` 学期、`-p` 结对、`-r` 规则、`-f` 输出格式、`-o` 输出文件、`-n` 只预览。

Each command's help, in Chinese, then in English. A short option means the same in every command.

"""


def commands() -> list[list[str]]:
    """Every command path: the root, each command, and each sub-command of a group (add, template)."""
    out: list[list[str]] = [[]]
    for name, entry in Pairkit.entries.items():
        out.append([name])
        out.extend([name, sub] for sub in getattr(entry.load(name), "commands", {}))
    return out


def helped(path: list[str], lang: str) -> str:
    result = CliRunner().invoke(
        app, ["--lang", lang, *path, "--help"], env={"PAIRKIT_LANG": None}, terminal_width=WIDTH
    )
    if result.exit_code != 0:
        raise SystemExit(f"pairkit {' '.join(path)} --help failed:\n{result.output}")
    return result.output.rstrip("\n")


def render() -> str:
    parts = [HEAD]
    for path in commands():
        title = " ".join(["pairkit", *path])
        parts.append(f"## {title}\n\n```console\n$ {title} --help\n{helped(path, 'zh')}\n```\n\n")
        english = helped(path, "en")
        parts.append(f"```console\n$ pairkit --lang en {' '.join([*path, '--help'])}\n{english}\n```\n\n")
    return "".join(parts).rstrip("\n") + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if TARGET.read_text(encoding="utf-8") != text:
            print(f"{TARGET} is out of date: run python scripts/cli_reference.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
