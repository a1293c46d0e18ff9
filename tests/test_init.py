"""`pairkit init DIR`: a records repository that validates, is formatted, and checks itself in CI."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import assert_clean_exit, digest, invoke
from pairkit import __version__

ROOT = Path(__file__).resolve().parent.parent

MADE = [
    ".github/workflows/pairkit.yml",
    ".gitignore",
    ".gitlab-ci.yml",
    ".pre-commit-config.yaml",
    "README.md",
    "records/activities/2026-2027.yaml",
    "records/donations.yaml",
    "records/mentorships.yaml",
    "records/pairings.yaml",
    "records/people.yaml",
    "records/plans.yaml",
    "records/programme.yaml",
    "records/rules.yaml",
    "records/secondments.yaml",
    "records/units.yaml",
    "records/waivers.yaml",
]


def _yaml(path: Path) -> object:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def test_init_makes_the_repository_and_says_what_next(tmp_path: Path) -> None:
    """init in a new folder writes exactly the scaffold, lists every file and the next commands."""
    target = tmp_path / "new-programme"
    result = invoke(["init", str(target)])
    assert_clean_exit(result, 0)
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()) == MADE
    for name in MADE:
        assert f"  {name}\n" in result.output
    assert "pairkit validate records" in result.output
    assert f"记录在 {target / 'records'}" in result.output


def test_a_fresh_init_validates_and_is_already_formatted(tmp_path: Path) -> None:
    """`pairkit validate` on the records init made exits 0 with no warning, and `fmt --check` changes nothing."""
    target = tmp_path / "new"
    assert_clean_exit(invoke(["init", str(target)]), 0)
    validated = invoke(["validate", str(target / "records")])
    assert_clean_exit(validated, 0)
    assert "0 个错误，0 个警告，共 11 个文件" in validated.output
    assert_clean_exit(invoke(["fmt", "--check", str(target / "records")]), 0)


def test_a_non_empty_folder_is_refused_unless_forced(tmp_path: Path) -> None:
    """A folder with files is refused (exit 2, nothing written); with --force the scaffold is added around the
    existing files, which stay byte-identical."""
    target = tmp_path / "old"
    target.mkdir()
    (target / "README.md").write_text("我们自己的说明\n", encoding="utf-8")
    before = digest(target)
    refused = invoke(["init", str(target)])
    assert_clean_exit(refused, 2)
    assert "不是空的" in refused.output
    assert digest(target) == before
    forced = invoke(["init", "--force", str(target)])
    assert_clean_exit(forced, 0)
    assert (target / "README.md").read_text(encoding="utf-8") == "我们自己的说明\n"
    assert "已存在、未改动：\n  README.md\n" in forced.output
    assert (target / "records" / "programme.yaml").is_file()


VERSION_PIN = f'"pairkit=={__version__}"'
SOURCES = {
    # --pairkit-source → what `pip install` is given, and the repository pre-commit takes the hooks from
    "pypi": (VERSION_PIN, None),
    "https://git.example.cn/tools/pairkit.git": (
        f'"pairkit @ git+https://git.example.cn/tools/pairkit.git@v{__version__}"',
        "https://git.example.cn/tools/pairkit.git",
    ),
    "git@git.example.cn:tools/pairkit.git@v9.9": (
        '"pairkit @ git+ssh://git@git.example.cn/tools/pairkit.git@v9.9"',
        "ssh://git@git.example.cn/tools/pairkit.git",
    ),
    "https://mirrors.example.cn/pypi/simple": (
        f"--index-url https://mirrors.example.cn/pypi/simple {VERSION_PIN}",
        None,
    ),
    "https://files.example.cn/pairkit-0.1.0-py3-none-any.whl": (
        '"pairkit @ https://files.example.cn/pairkit-0.1.0-py3-none-any.whl"',
        None,
    ),
}


def _ci(target: Path) -> tuple[list[str], list[str], str]:
    """The GitHub steps' commands, the GitLab script and the GitLab image init wrote."""
    workflow = _yaml(target / ".github/workflows/pairkit.yml")
    assert isinstance(workflow, dict)
    steps = [step["run"] for step in workflow["jobs"]["records"]["steps"] if "run" in step]
    gitlab = _yaml(target / ".gitlab-ci.yml")
    assert isinstance(gitlab, dict)
    return steps, gitlab["records"]["script"], gitlab["records"]["image"]


def test_ci_installs_the_running_version_and_runs_validate_and_fmt_check(tmp_path: Path) -> None:
    """Without --pairkit-source, from a pairkit installed from a local folder (as these tests run): the CI files
    install this version from PyPI, and init says on stderr that CI cannot install from that folder and how to name
    the source. GitHub runs validate and fmt --check; GitLab also writes its Code Quality report."""
    target = tmp_path / "ci"
    result = invoke(["init", str(target)])
    assert_clean_exit(result, 0)
    assert f"CI 和提交前检查安装 pairkit {__version__}：pip install {VERSION_PIN}" in result.stdout
    assert "CI 无法从那里安装" in result.stderr
    assert "--pairkit-source" in result.stderr
    steps, script, image = _ci(target)
    assert steps == [f"pip install {VERSION_PIN}", "pairkit validate records", "pairkit fmt --check records"]
    assert script == [
        f"pip install {VERSION_PIN}",
        "pairkit validate records --format gitlab > gl-code-quality-report.json || true",
        "pairkit validate records",
        "pairkit fmt --check records",
    ]
    assert image == "python:3.12-slim"
    gitlab = _yaml(target / ".gitlab-ci.yml")
    assert isinstance(gitlab, dict)
    assert gitlab["records"]["artifacts"] == {
        "when": "always",
        "reports": {"codequality": "gl-code-quality-report.json"},
    }
    assert f"pip install {VERSION_PIN}" in (target / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("source", list(SOURCES))
def test_pairkit_source_names_where_ci_and_pre_commit_install_from(tmp_path: Path, source: str) -> None:
    """--pairkit-source: a git repository (https or scp form, with or without a tag), a package index, a wheel's
    URL or pypi. The CI files install from there; a git repository also gives pre-commit's `repo:` at the tag, and
    GitLab an image with git in it. Nothing is printed as a warning."""
    args, repo = SOURCES[source]
    target = tmp_path / "src"
    result = invoke(["init", str(target), "--pairkit-source", source])
    assert_clean_exit(result, 0)
    assert result.stderr == ""
    steps, script, image = _ci(target)
    assert steps[0] == script[0] == f"pip install {args}"
    assert image == ("python:3.12" if repo else "python:3.12-slim")
    config = _yaml(target / ".pre-commit-config.yaml")
    assert isinstance(config, dict)
    (entry,) = config["repos"]
    if repo:
        assert entry == {
            "repo": repo,
            "rev": args.rpartition("@")[2].rstrip('"'),
            "hooks": [{"id": "pairkit-fmt"}, {"id": "pairkit-validate"}],
        }
    else:
        assert entry["repo"] == "local"
        quoted = re.search(r'"([^"]+)"', args)
        assert quoted is not None
        assert {h["additional_dependencies"][0] for h in entry["hooks"]} == {quoted[1]}


def test_an_unknown_source_is_a_usage_error(tmp_path: Path) -> None:
    """A --pairkit-source that is neither a repository, an index, a wheel nor pypi: exit 2, nothing written."""
    result = invoke(["init", str(tmp_path / "x"), "--pairkit-source", "ftp:pairkit"])
    assert_clean_exit(result, 2)
    assert "--pairkit-source 的值 ftp:pairkit 无法识别" in result.stderr
    assert not (tmp_path / "x").exists()


def test_pre_commit_uses_the_hooks_pairkit_ships(tmp_path: Path) -> None:
    """The project's .pre-commit-hooks.yaml defines pairkit-fmt and pairkit-validate, each passed the changed record
    files; init's local configuration runs hooks with the same ids, entries and files."""
    shipped = _yaml(ROOT / ".pre-commit-hooks.yaml")
    assert isinstance(shipped, list)
    hooks = {h["id"]: h for h in shipped}
    assert sorted(hooks) == ["pairkit-fmt", "pairkit-validate"]
    assert all(h.get("pass_filenames", True) for h in shipped)
    target = tmp_path / "pc"
    assert_clean_exit(invoke(["init", str(target), "--pairkit-source", "pypi"]), 0)
    config = _yaml(target / ".pre-commit-config.yaml")
    assert isinstance(config, dict)
    local = config["repos"][0]["hooks"]
    assert [(h["id"], h["entry"], h["files"], h["language"]) for h in local] == [
        (i, hooks[i]["entry"], hooks[i]["files"], hooks[i]["language"]) for i in ("pairkit-fmt", "pairkit-validate")
    ]


def test_the_validate_hook_answers_for_the_files_pre_commit_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What pre-commit runs for the validate hook — its entry followed by the changed files that match `files:` —
    exits 0 on the fresh repository and 1 when one of them has an error, naming only that file's problems."""
    shipped = _yaml(ROOT / ".pre-commit-hooks.yaml")
    assert isinstance(shipped, list)
    (hook,) = [h for h in shipped if h["id"] == "pairkit-validate"]
    target = tmp_path / "repo"
    assert_clean_exit(invoke(["init", str(target), "--pairkit-source", "pypi"]), 0)
    monkeypatch.chdir(target)
    changed = [p.as_posix() for p in sorted(Path("records").rglob("*.yaml")) if re.match(hook["files"], p.as_posix())]
    assert "records/activities/2026-2027.yaml" in changed
    entry = hook["entry"].split()[1:]
    assert_clean_exit(invoke([*entry, *changed]), 0)
    activities = Path("records/activities/2026-2027.yaml")
    activities.write_text(
        activities.read_text(encoding="utf-8").replace("date: 2026-", "date: 2026-02-30 #", 1), encoding="utf-8"
    )
    result = invoke([*entry, activities.as_posix(), "records/people.yaml"])
    assert_clean_exit(result, 1)
    problems = [line for line in result.stdout.splitlines() if "error[" in line]
    assert [p.split(":")[0] for p in problems] == ["records/activities/2026-2027.yaml"]
    assert "共 2 个文件" in result.stdout.splitlines()[-1]


def test_init_on_a_file_is_a_usage_error(tmp_path: Path) -> None:
    """init pointed at an existing file exits 2 with a sentence."""
    target = tmp_path / "file.txt"
    target.write_text("x", encoding="utf-8")
    result = invoke(["init", str(target)])
    assert_clean_exit(result, 2)
    assert "是文件" in result.output


def test_gitignore_keeps_the_cache_out_of_git(tmp_path: Path) -> None:
    """The new repository's .gitignore names pairkit's cache folder, so `git add .` never takes it in."""
    target = tmp_path / "new-programme"
    assert_clean_exit(invoke(["init", str(target)]), 0)
    ignored = (target / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".pairkit-cache/" in ignored
