"""`pairkit init DIR`: a records repository that validates, is formatted, and checks itself in CI."""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML

from conftest import assert_clean_exit, digest, invoke

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


def test_ci_runs_validate_and_fmt_check(tmp_path: Path) -> None:
    """The GitHub workflow and the GitLab job install pairkit and run validate and fmt --check on records."""
    target = tmp_path / "ci"
    assert_clean_exit(invoke(["init", str(target)]), 0)
    workflow = _yaml(target / ".github/workflows/pairkit.yml")
    assert isinstance(workflow, dict)
    steps = [step.get("run") for step in workflow["jobs"]["records"]["steps"]]
    assert steps[-3:] == ["pip install pairkit", "pairkit validate records", "pairkit fmt --check records"]
    gitlab = _yaml(target / ".gitlab-ci.yml")
    assert isinstance(gitlab, dict)
    assert gitlab["records"]["script"] == [
        "pip install pairkit",
        "pairkit validate records",
        "pairkit fmt --check records",
    ]


def test_pre_commit_uses_the_hooks_pairkit_ships(tmp_path: Path) -> None:
    """The project's .pre-commit-hooks.yaml defines pairkit-fmt and pairkit-validate; init's pre-commit
    configuration runs hooks with the same ids and entries."""
    shipped = _yaml(ROOT / ".pre-commit-hooks.yaml")
    assert isinstance(shipped, list)
    hooks = {h["id"]: h for h in shipped}
    assert sorted(hooks) == ["pairkit-fmt", "pairkit-validate"]
    assert hooks["pairkit-validate"]["pass_filenames"] is False
    target = tmp_path / "pc"
    assert_clean_exit(invoke(["init", str(target)]), 0)
    config = _yaml(target / ".pre-commit-config.yaml")
    assert isinstance(config, dict)
    local = config["repos"][0]["hooks"]
    assert [(h["id"], h["entry"]) for h in local] == [
        (i, hooks[i]["entry"]) for i in ("pairkit-fmt", "pairkit-validate")
    ]


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
