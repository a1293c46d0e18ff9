"""One language at a time: every command's help and the framework's own words (usage errors, headings, `Aborted!`)
in Chinese by default and in English with `--lang en` or PAIRKIT_LANG=en; short options that mean one thing; the
CLI reference in docs/ is what `--help` says."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import BASE, PROGRAMME, assert_clean_exit, invoke, write_tree
from pairkit.cli import Pairkit, app

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "records"
CJK = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]")
# Three English words in a row: a sentence of English. Product names (VS Code, JSON Schema, GitHub Actions) are
# two; `pairkit template export` and the like are commands, taken out first.
ENGLISH = re.compile(r"[A-Za-z]+(?:[ ,'’-]+[A-Za-z]+){2,}")
COMMAND_LINE = re.compile(r"pairkit(?: [a-z][a-z-]*)+|(?<![\w-])--?[a-z][a-z-]*")  # commands and options
FRAMEWORK_WORDS = ("Usage", "Options", "Arguments", "Commands", "Error", "Try '", "default:", "required", "<str>")


def command_paths() -> Iterator[list[str]]:
    """The root, every command, and every sub-command of a group."""
    yield []
    for name, entry in Pairkit.entries.items():
        yield [name]
        yield from ([name, sub] for sub in getattr(entry.load(name), "commands", {}))


def english_in(text: str) -> list[str]:
    return ENGLISH.findall(COMMAND_LINE.sub(" ", text))


@pytest.mark.parametrize("path", list(command_paths()), ids=lambda p: " ".join(p) or "pairkit")
def test_help_is_in_one_language(path: list[str]) -> None:
    """`--help` of every command: in Chinese, no English sentence and none of the framework's English words; with
    --lang en, no Chinese character at all."""
    zh = invoke([*path, "--help"])
    assert_clean_exit(zh, 0)
    assert zh.output.startswith(f"用法：pairkit {' '.join(path)}".rstrip() + " ")
    assert english_in(zh.output) == []
    assert [w for w in FRAMEWORK_WORDS if w in zh.output] == []
    en = invoke(["--lang", "en", *path, "--help"])
    assert_clean_exit(en, 0)
    assert en.output.startswith(f"Usage: pairkit {' '.join(path)}".rstrip() + " ")
    assert CJK.findall(en.output) == []


USAGE_ERRORS: dict[tuple[str, ...], tuple[str, str]] = {
    ("validate", "--format", "nope"): (
        "错误：--format（-f）的值无效：'nope' 不是可选的值，只能是 text、json、github、gitlab。",
        "Error: Invalid value for '--format' / '-f': 'nope' is not one of 'text', 'json', 'github', 'gitlab'.",
    ),
    ("validate", "--zzz"): ("错误：没有 --zzz 这个选项。", "Error: No such option: --zzz"),
    ("check", "a", "b"): ("错误：多余的参数：b", "Error: Got unexpected extra argument(s) (b)"),
    ("valdate",): (
        "错误：没有 valdate 这个命令，是不是 validate？",
        "Error: No such command 'valdate'. Did you mean validate?",
    ),
    ("check", "--year"): ("错误：选项 --year 后面要写一个值。", "Error: Option '--year' requires an argument."),
    ("check", "--group-by", "school"): (
        "错误：--group-by 的值无效：'school' 不是可选的值，只能是 pairing、rule、status、none。",
        "Error: Invalid value for '--group-by': 'school' is not one of 'pairing', 'rule', 'status', 'none'.",
    ),
    ("template", "export"): ("错误：缺少参数 目录。", "Error: Missing argument 'FOLDER'."),
    ("import",): ("错误：缺少参数 工作簿。", "Error: Missing argument 'WORKBOOK'."),
    ("list", "activities", "--format", "xml"): (
        "错误：--format（-f）的值无效：'xml' 不是可选的值，只能是 table、json、csv。",
        "Error: Invalid value for '--format' / '-f': 'xml' is not one of 'table', 'json', 'csv'.",
    ),
    ("add", "activity", "--bogus", "1"): ("错误：没有 --bogus 这个选项。", "Error: No such option: --bogus"),
}


@pytest.mark.parametrize("args", list(USAGE_ERRORS), ids=" ".join)
def test_framework_usage_errors_are_in_the_chosen_language(args: tuple[str, ...]) -> None:
    """Errors the framework raises while parsing — before any command runs — exit 2 and end with the error in the
    chosen language: Chinese by default, English with --lang en and with PAIRKIT_LANG=en."""
    zh, en = USAGE_ERRORS[args]
    result = invoke(list(args))
    assert_clean_exit(result, 2)
    assert result.stderr.splitlines()[-1] == zh
    assert english_in(result.stderr) == []
    for english in (invoke(["--lang", "en", *args]), invoke(list(args), env={"PAIRKIT_LANG": "en"})):
        assert_clean_exit(english, 2)
        assert english.stderr.splitlines()[-1] == en
        assert CJK.findall(english.stderr.replace("记录目录", "")) == []


def test_usage_line_and_hint_are_in_the_chosen_language() -> None:
    """A usage error shows the command's usage and where to find help, in the language of the run."""
    result = invoke(["validate", "--format", "nope"])
    assert result.stderr.splitlines()[:3] == [
        "用法：pairkit validate [选项] [记录目录或文件]...",
        "运行 pairkit validate --help 查看用法。",
        "",
    ]
    result = invoke(["--lang", "en", "validate", "--format", "nope"])
    assert result.stderr.splitlines()[:3] == [
        "Usage: pairkit validate [OPTIONS] [PATH]...",
        "Try 'pairkit validate --help' for help.",
        "",
    ]


def test_validate_with_a_bad_format_answers_in_chinese_from_the_installed_command(tmp_path: Path) -> None:
    """`pairkit validate --format nope` run as a real process, as a clerk runs it: Chinese, exit 2."""
    proc = subprocess.run(
        [sys.executable, "-m", "pairkit", "validate", "--format", "nope"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={"PATH": "", "PYTHONPATH": ":".join(sys.path)},
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    assert (
        proc.stderr.splitlines()[-1]
        == "错误：--format（-f）的值无效：'nope' 不是可选的值，只能是 text、json、github、gitlab。"
    )
    assert "Traceback" not in proc.stderr


def test_an_interrupted_prompt_says_so_in_the_chosen_language(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ending the input at a prompt of `add` says, in the chosen language, that nothing was written; exit 1."""
    from pairkit.cli import add

    write_tree(tree, {"programme.yaml": PROGRAMME, "base.yaml": BASE})
    monkeypatch.setattr(add, "interactive", lambda: True)
    for lang, said in (("zh", "已取消，没有写入任何文件。"), ("en", "Cancelled; nothing was written.")):
        result = CliRunner().invoke(
            app, ["--lang", lang, "add", "activity", "--records", str(tree)], input="", env={"NO_COLOR": "1"}
        )
        assert result.exit_code == 1
        assert result.stderr.splitlines()[-1] == said
    assert not (tree / "activities").exists()


def _contents() -> list[str]:
    """Every text written in the sample records (names, titles …), longest first."""
    from ruamel.yaml import YAML

    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str) and CJK.search(node):
            found.add(node)

    for path in RECORDS.rglob("*.yaml"):
        walk(YAML(typ="safe").load(path.read_text(encoding="utf-8")))
    return sorted(found, key=len, reverse=True)


def test_english_check_has_no_chinese_outside_record_contents() -> None:
    """`pairkit --lang en check records --year 2025`: with every text of the records taken out (names, titles),
    no Chinese character is left — period labels, units, statuses, notes and headers are English."""
    contents = _contents()
    for args in (
        ["check", str(RECORDS), "--year", "2025", "--as-of", "2026-11-23"],
        ["status", str(RECORDS), "--as-of", "2026-11-23"],
        ["list", "activities", str(RECORDS), "--year", "2025"],
    ):
        result = invoke(["--lang", "en", *args])
        assert result.exit_code in (0, 1), result.output
        left = []
        for line in result.output.splitlines():
            for text in contents:
                line = line.replace(text, " ")
            left += CJK.findall(line)
        assert left == [], args


def test_a_short_option_means_one_thing_in_every_command() -> None:
    """Across all commands each short option stands for one long option; -t is --term wherever it exists."""
    meaning: dict[str, set[str]] = {}
    for path in command_paths():
        command = Pairkit.entries[path[0]].load(path[0]) if path else None
        if command is not None and len(path) == 2:
            command = command.commands[path[1]]  # type: ignore[attr-defined]
        for param in command.params if command is not None else []:
            if param.param_type_name == "option":
                longs = [o for o in param.opts if o.startswith("--")]
                for short in (o for o in param.opts if not o.startswith("--")):
                    meaning.setdefault(short, set()).update(longs)
    assert {s: m for s, m in meaning.items() if len(m) > 1} == {}
    assert meaning["-t"] == {"--term"}
    assert meaning["-p"] == {"--pairing"}


def test_the_cli_reference_is_what_help_says() -> None:
    """docs/cli.md is generated from `--help` (scripts/cli_reference.py); it must match the commands as built."""
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "cli_reference.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
