"""`pairkit init DIR`: a new records repository with settings, example records, CI and pre-commit configuration.

The CI files and the pre-commit configuration install the pairkit that ran `init` (its version), from where it can
be had: the source named with ``--pairkit-source`` (a git repository, a package index, a wheel's URL), else where
this pairkit was installed from (the git repository and commit pip recorded, or the package index).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from dataclasses import dataclass
from importlib import metadata, resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Annotated
from urllib.parse import unquote, urlparse

import typer

from pairkit import __version__
from pairkit.cli.common import fail_usage, show_problems
from pairkit.cli.lang import both
from pairkit.diagnostics import ExitStatus
from pairkit.messages import Lang

# Placeholders in the scaffold's CI files, replaced by ``Install``.
_PLACES = ("@PIP_INSTALL@", "@CI_IMAGE@", "@PRE_COMMIT_REPOS@")


@dataclass(frozen=True)
class Install:
    """How CI and pre-commit install pairkit: ``pip install {args}``, or pre-commit's ``repo``/``rev``."""

    args: str  # after `pip install`
    requirement: str  # one requirement, as pre-commit's additional_dependencies takes it
    repo: str | None = None  # a git repository pre-commit can take the hooks from (at ``rev``)
    rev: str = ""
    index: str | None = None  # a package index other than PyPI
    warning: tuple[str, str] | None = None  # said by init: the source is a guess that may not work

    @property
    def image(self) -> str:
        """GitLab's image: pip needs git to install from a git repository, which the slim image lacks."""
        return "python:3.12" if self.repo else "python:3.12-slim"


_GIT_SCP = re.compile(r"^[\w.-]+@([\w.-]+):(?!//)(.+)$")  # git@host:group/pairkit.git


def install_from(source: str | None) -> Install:
    """The install for ``--pairkit-source`` (None: where this pairkit came from)."""
    version = __version__
    pinned = f"pairkit=={version}"
    if source is None:
        return _installed_from()
    source = source.strip()
    if source.lower() == "pypi":
        return Install(f'"{pinned}"', pinned)
    url, ref = _split_ref(source.removeprefix("git+"))
    scp = None if "://" in url else _GIT_SCP.match(url)
    if source.startswith("git+") or url.endswith(".git") or scp:
        if scp:  # pip takes an ssh URL, not scp's host:path
            url = f"ssh://git@{scp[1]}/{scp[2]}"
        return _git(url, ref or f"v{version}")
    if source.endswith((".whl", ".tar.gz", ".zip")):
        return Install(f'"pairkit @ {source}"', f"pairkit @ {source}")
    if re.match(r"^https?://", source):
        return Install(f'--index-url {source} "{pinned}"', pinned, index=source)
    raise ValueError(source)


def _split_ref(url: str) -> tuple[str, str]:
    """``https://host/pairkit.git@v0.1.0`` → the URL and the tag (the ``@`` of ``git@host`` is not a ref)."""
    head, at, tail = url.rpartition("@")
    if at and "/" not in tail and "/" in head.split("://", 1)[-1]:
        return head, tail
    return url, ""


def _git(url: str, ref: str) -> Install:
    pip_url = url if "://" in url or _GIT_SCP.match(url) else Path(url).absolute().as_uri()  # a folder: file://
    requirement = f"pairkit @ git+{pip_url}@{ref}"
    return Install(f'"{requirement}"', requirement, repo=url, rev=ref)


def _installed_from() -> Install:
    """Where pip installed this pairkit from (PEP 610's direct_url.json): a git repository at a commit, a URL, or
    (no record) a package index. A local folder is no use to CI: its git remote, if the folder is a clone at the
    release tag; otherwise PyPI, with a warning."""
    pinned = f"pairkit=={__version__}"
    try:
        recorded = metadata.distribution("pairkit").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        recorded = None
    if not recorded:
        return Install(f'"{pinned}"', pinned)
    info = json.loads(recorded)
    url = str(info.get("url", ""))
    vcs = info.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git":
        return _git(url, str(vcs.get("requested_revision") or vcs.get("commit_id") or f"v{__version__}"))
    if not url.startswith("file:"):
        return Install(f'"pairkit @ {url}"', f"pairkit @ {url}")
    folder = Path(unquote(urlparse(url).path))
    remote = _git_output(folder, "remote", "get-url", "origin")
    tag = f"v{__version__}"
    if remote and _git_output(folder, "tag", "--list", tag) == tag:
        return _git(remote, tag)
    warning = (
        f"这个 pairkit 是从本机的 {folder} 安装的，CI 无法从那里安装；生成的配置从 PyPI 安装 {pinned}。"
        "如果 pairkit 在你们的 git 仓库或内部软件包索引中，请用 --pairkit-source 指定后重新运行"
        "（见 docs/maintaining.md#init）。",
        f"this pairkit was installed from {folder}, which CI cannot reach; the files install {pinned} from PyPI. "
        "If pairkit lives in your git repository or package index, run init again with --pairkit-source "
        "(see docs/maintaining.md#init).",
    )
    return Install(f'"{pinned}"', pinned, warning=warning)


def _git_output(folder: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def pre_commit_repos(install: Install) -> str:
    """The ``repos:`` of the new repository's .pre-commit-config.yaml: pairkit's own hooks from its git repository
    at the release, or the same hooks defined locally with pairkit from the package index."""
    if install.repo:
        return (
            f"  - repo: {install.repo}\n"
            f"    rev: {install.rev}\n"
            "    hooks:\n"
            "      - id: pairkit-fmt\n"
            "      - id: pairkit-validate\n"
        )
    index = (
        f"# pairkit 从软件包索引 {install.index} 安装：运行 pre-commit 前设置环境变量 PIP_INDEX_URL={install.index}\n"
        if install.index
        else ""
    )
    hooks = (
        ("pairkit-fmt", "pairkit fmt（整理记录格式）", "pairkit fmt"),
        ("pairkit-validate", "pairkit validate（检查改动的记录文件，连同整个记录目录一起校验）", "pairkit validate"),
    )
    out = index + "  - repo: local\n    hooks:\n"
    for hook, name, entry in hooks:
        out += (
            f"      - id: {hook}\n"
            f"        name: {name}\n"
            f"        entry: {entry}\n"
            "        language: python\n"
            f'        additional_dependencies: ["{install.requirement}"]\n'
            "        files: ^records/.*\\.ya?ml$\n"
        )
    return out


def scaffold_files(install: Install | None = None) -> dict[str, bytes]:
    """Relative path → content of every file ``init`` writes. Hidden names are shipped as ``_name``."""
    install = install or install_from("pypi")
    values = (install.args, install.image, pre_commit_repos(install).rstrip("\n"))
    out: dict[str, bytes] = {}

    def walk(node: Traversable, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            if child.name == "__pycache__":
                continue
            name = "." + child.name[1:] if child.name.startswith("_") else child.name
            if child.is_dir():
                walk(child, f"{prefix}{name}/")
                continue
            content = child.read_bytes()
            if b"@" in content:
                text = content.decode("utf-8")
                for place, value in zip(_PLACES, values, strict=True):
                    text = text.replace(place, value)
                content = text.encode("utf-8")
            out[prefix + name] = content

    walk(resources.files("pairkit") / "scaffold", "")
    return out


def command(
    ctx: typer.Context,
    directory: Annotated[
        Path,
        typer.Argument(
            metavar=both("目录", "FOLDER"),
            help=both("新建的记录仓库目录。", "The folder to create."),
            show_default=False,
        ),
    ],
    source: Annotated[
        str | None,
        typer.Option(
            "--pairkit-source",
            metavar=both("来源", "SOURCE"),
            help=both(
                "CI 和提交前检查从哪里安装 pairkit（本版本）：git 仓库地址（如 https://git.example.cn/tools/pairkit.git，"
                "可加 @标签）、内部软件包索引地址（如 https://mirrors.example.cn/pypi/simple）、wheel 文件的地址，"
                "或 pypi。默认：本机 pairkit 的安装来源。",
                "Where CI and pre-commit install this version of pairkit from: a git repository URL (optionally "
                "@tag), a package index URL, a wheel's URL, or pypi. Default: where this pairkit was installed from.",
            ),
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help=both(
                "目录不空也继续（已有的同名文件保留不动）。", "Proceed in a non-empty folder (existing files are kept)."
            ),
        ),
    ] = False,
) -> None:
    lang: Lang = ctx.obj
    zh = lang is Lang.ZH
    if directory.exists() and not directory.is_dir():
        raise fail_usage(f"{directory} 是文件，不是目录。", f"{directory} is a file.", lang)
    if directory.is_dir() and any(directory.iterdir()) and not force:
        raise fail_usage(
            f"目录 {directory} 不是空的。换一个新目录，或加 --force（已有的同名文件不会被覆盖）。",
            f"{directory} is not empty. Choose a new folder or add --force (existing files are kept).",
            lang,
        )
    try:
        install = install_from(source)
    except ValueError:
        raise fail_usage(
            f"--pairkit-source 的值 {source} 无法识别：写 git 仓库地址（以 .git 结尾或以 git+ 开头）、"
            "软件包索引地址（https://…/simple）、wheel 文件地址，或 pypi。",
            f"--pairkit-source {source} is not understood: give a git repository URL (ending in .git or starting "
            "with git+), a package index URL (https://…/simple), a wheel's URL, or pypi.",
            lang,
        ) from None
    from pairkit.write import WriteRefused, write_file

    made, kept = [], []
    try:
        for relative, content in scaffold_files(install).items():
            target = directory / relative
            if os.path.lexists(target):
                kept.append(relative)
                continue
            try:
                write_file(target, content, create_folder=True, replace=False)  # never a file created meanwhile
            except FileExistsError:
                kept.append(relative)
                continue
            made.append(relative)
    except WriteRefused as refused:
        show_problems([refused.diagnostic], 0, lang)
        raise typer.Exit(ExitStatus.PROBLEMS) from None
    except OSError as err:
        reason = err.strerror or type(err).__name__
        raise fail_usage(f"无法写入 {directory}：{reason}", f"cannot write {directory}: {reason}", lang) from None
    typer.echo(f"已在 {directory} 中新建：" if zh else f"created in {directory}:")
    for relative in made:
        typer.echo(f"  {relative}")
    if kept:
        typer.echo("已存在、未改动：" if zh else "already there, left unchanged:")
        for relative in kept:
            typer.echo(f"  {relative}")
    typer.echo(
        f"\nCI 和提交前检查安装 pairkit {__version__}：pip install {install.args}"
        if zh
        else f"\nCI and pre-commit install pairkit {__version__}: pip install {install.args}"
    )
    if install.warning is not None:
        typer.echo(("注意：" + install.warning[0]) if zh else ("note: " + install.warning[1]), err=True)
    records = directory / "records"
    typer.echo("\n下一步：" if zh else "\nnext:")
    typer.echo(f"  cd {directory}")
    typer.echo("  git init")
    typer.echo("  pairkit validate records      # 检查示例记录" if zh else "  pairkit validate records")
    typer.echo("  pre-commit install            # 可选：提交前自动检查" if zh else "  pre-commit install  # optional")
    typer.echo(
        f"（记录在 {records}，先把示例记录换成本项目的真实记录。）"
        if zh
        else f"(the records are in {records}; replace the examples with your own)"
    )
