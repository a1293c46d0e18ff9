"""Report templates: sandboxed, strict, located errors; an office's own set; exporting the defaults."""

from __future__ import annotations

import filecmp
import textwrap
import time
import zipfile
from pathlib import Path

import docx
import pytest

from conftest import assert_clean_exit, invoke, write_tree
from pairkit.report import basedoc, templating
from pairkit.report.templating import DEFAULTS, md_escape
from pairkit.report.wording import money, number, plain, quoted, requirement

REPO = Path(__file__).resolve().parent.parent

RECORDS = {
    "records.yaml": """\
        programme:
          name: 河口镇结对帮扶工作
          office: 河口镇中心学校
        units:
          - {id: u-a, name: 城关小学, area: 城区}
          - {id: u-b, name: 河口小学, area: 农村}
        pairings:
          - {id: pr-1, supporter: u-a, recipients: [u-b], start: 2025-09-01}
        activities:
          - {date: 2025-10-10, pairing: pr-1, kind: 示范课, title: 示范课, attendance: 20}
        """,
}


def _run(tmp_path: Path, templates: dict[str, str]) -> tuple[int, str, Path]:
    root = write_tree(tmp_path / "records", RECORDS)
    folder = write_tree(tmp_path / "office", templates)
    out = tmp_path / "out.docx"
    result = invoke(["report", str(root), "--year", "2025", "--template", str(folder), "-o", str(out)])
    assert "Traceback" not in result.output
    return int(result.exit_code), result.output, out


def test_syntax_error_names_template_and_line(tmp_path: Path) -> None:
    """An unclosed {% if %} is PK801 at the template's file and line; nothing is written."""
    code, output, out = _run(tmp_path, {"summary.md.j2": "# 标题\n\n{% if f.activity_count %}\n开展活动。\n"})
    assert code == 1
    assert f"{tmp_path / 'office' / 'summary.md.j2'}:4:1: error[PK801]: 模板 summary.md.j2 有语法错误：" in output
    assert not out.exists()


def test_unknown_variable_names_template_and_line(tmp_path: Path) -> None:
    """A misspelt variable in a section is PK802 at that section's line, naming what is missing."""
    section = "## 五、下一步工作打算\n\n继续开展{{ f.activity_cuont }}次活动。\n"
    code, output, out = _run(tmp_path, {"sections/5-plans.md.j2": section})
    assert code == 1
    where = tmp_path / "office" / "sections" / "5-plans.md.j2"
    assert f"{where}:3:1: error[PK802]: 模板 5-plans.md.j2 使用了不存在的变量：" in output
    assert "'activity_cuont'" in output
    assert not out.exists()


def test_sandbox_stops_escape_attempt(tmp_path: Path) -> None:
    """Reaching Python internals from a template is refused as PK803, with the line."""
    escape = "# 标题\n\n{{ ''.__class__.__mro__[1].__subclasses__() }}\n"
    code, output, out = _run(tmp_path, {"summary.md.j2": escape})
    assert code == 1
    assert (
        f"{tmp_path / 'office' / 'summary.md.j2'}:3:1: error[PK803]: 模板 summary.md.j2 试图访问不允许的内容" in output
    )
    assert not out.exists()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{{ 999999999 ** 999999999 }}", "的运算结果太大，已停止：999999999 ** 999999999"),
        ("{{ 'x' * 10000000000 }}", "的运算结果太大，已停止：1 × 10000000000"),
        ("{% for i in range(10000000) %}{% endfor %}", "的运算结果太大，已停止：range(10000000)"),
    ],
)
def test_runaway_arithmetic_is_stopped_at_once_and_located(tmp_path: Path, line: str, message: str) -> None:
    """A power of a billion to the billionth, ten billion repetitions of a letter or a range of ten million stop
    at once (not after the time limit), located at the template's line; nothing is written."""
    started = time.monotonic()
    code, output, out = _run(tmp_path, {"summary.md.j2": f"# 标题\n\n{line}\n"})
    assert time.monotonic() - started < 10
    assert code == 1
    assert output.splitlines()[0].startswith(f"{tmp_path / 'office' / 'summary.md.j2'}:3:1: error[PK840]")
    assert f"error[PK840]: 模板 summary.md.j2 {message}" in output.splitlines()[0]
    assert not out.exists()


def test_nested_loops_stop_at_the_time_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Loops that would run for hours stop at the time limit (cut to 1 s here) with PK841 at the loop's line."""
    monkeypatch.setattr(templating, "TIME_LIMIT", 1.0)
    loops = "# 标题\n\n{% for i in range(100000) %}\n{% for j in range(100000) %}{% endfor %}\n{% endfor %}\n"
    started = time.monotonic()
    code, output, out = _run(tmp_path, {"summary.md.j2": loops})
    assert time.monotonic() - started < 15
    assert code == 1
    assert output.splitlines()[0] == (
        f"{tmp_path / 'office' / 'summary.md.j2'}:4:1: error[PK841]: 模板 summary.md.j2 运行超过 1 秒，已停止"
        "（提示：检查这一行附近的循环：是否循环套循环，或循环的次数过多）"
    )
    assert not out.exists()


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="the memory limit is Linux's")
def test_a_template_that_would_eat_memory_stops_at_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Padding text to two billion characters stops at the memory limit (cut to 64 MB here) with PK842 at the
    line, and pairkit goes on to say so."""
    monkeypatch.setattr(templating, "MEMORY_LIMIT", 64 << 20)
    code, output, out = _run(tmp_path, {"summary.md.j2": "# 标题\n\n{{ 'x'|center(2000000000) }}\n"})
    assert code == 1
    assert output.splitlines()[0] == (
        f"{tmp_path / 'office' / 'summary.md.j2'}:3:1: error[PK842]: 模板 summary.md.j2 需要的内存超过 64 MB，已停止"
        "（提示：检查这一行生成的文字：是否把文字重复或填充得过长（如 center、indent、format 的宽度））"
    )
    assert not out.exists()


@pytest.mark.parametrize("name", ["/etc/passwd", "../../../../etc/passwd", "outside.md.j2"])
def test_including_a_file_outside_the_template_folders_is_refused_and_located(tmp_path: Path, name: str) -> None:
    """`{% include "/etc/passwd" %}`, a path that climbs out, or a template that is a link to a file elsewhere is
    PK843 naming the template and line; nothing of the file is printed."""
    (tmp_path / "secret.txt").write_text("机密内容", encoding="utf-8")
    folder = tmp_path / "office"
    folder.mkdir()
    (folder / "outside.md.j2").symlink_to(tmp_path / "secret.txt")
    code, output, out = _run(tmp_path, {"summary.md.j2": f'# 标题\n\n{{% include "{name}" %}}\n'})
    assert code == 1
    assert output.splitlines()[0] == (
        f"{folder / 'summary.md.j2'}:3:1: error[PK843]: 模板 summary.md.j2 试图引入模板目录之外的文件 {name}，已拒绝"
        "（提示：只能引入模板目录中的模板，写相对于模板目录的文件名，例如 sections/1-overview.md.j2）"
    )
    assert "机密" not in output
    assert "root:x" not in output
    assert not out.exists()


def test_office_overrides_one_section(tmp_path: Path) -> None:
    """A template folder with one section replaces that section; the rest comes from the defaults."""
    code, output, out = _run(
        tmp_path, {"sections/5-plans.md.j2": "## 五、下一步工作打算\n\n明年每月开展一次示范课。\n"}
    )
    assert code == 0, output
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert texts[texts.index("五、下一步工作打算") + 1] == "明年每月开展一次示范课。"
    assert "一、基本情况" in texts


def test_office_base_document_is_used(tmp_path: Path) -> None:
    """A base.docx in the template folder supplies the styles: its body font is what the report uses."""
    base = basedoc.build()
    base.styles["Normal"].element.rPr.rFonts.set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", "楷体_GB2312"
    )
    (tmp_path / "office").mkdir()
    base.save(str(tmp_path / "office" / "base.docx"))
    code, output, out = _run(tmp_path, {})
    assert code == 0, output
    fonts = docx.Document(str(out)).styles["Normal"].element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "楷体_GB2312"


def test_broken_base_document_is_one_sentence(tmp_path: Path) -> None:
    """A base.docx that is not a Word file gives PK809 naming it and exit 1."""
    code, output, out = _run(tmp_path, {"base.docx": "这不是 Word 文件"})
    assert code == 1
    assert f"error[PK809]: 基础模板 {tmp_path / 'office' / 'base.docx'} 无法打开" in output
    assert not out.exists()


def test_missing_style_falls_back_with_warning(tmp_path: Path) -> None:
    """A template that asks for a style the base document lacks gets the body style and a PK808 warning."""
    base = basedoc.build()
    base.styles["落款"].delete()
    (tmp_path / "office").mkdir()
    base.save(str(tmp_path / "office" / "base.docx"))
    code, output, out = _run(tmp_path, {})
    assert code == 0
    assert "warning[PK808]: 基础模板缺少样式“落款”，已改用正文样式" in output
    signature = [p for p in docx.Document(str(out)).paragraphs if p.text == "河口镇中心学校"][-1]
    assert signature.style is not None
    assert signature.style.name == "Normal"


def test_export_writes_the_defaults_and_refuses_to_overwrite(tmp_path: Path) -> None:
    """`pairkit template export DIR` copies every default file; a second export needs --force."""
    target = tmp_path / "templates"
    result = invoke(["template", "export", str(target)])
    assert_clean_exit(result, 0)
    files = sorted(p.relative_to(DEFAULTS).as_posix() for p in DEFAULTS.rglob("*") if p.is_file())
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()) == files
    assert all(filecmp.cmp(DEFAULTS / f, target / f, shallow=False) for f in files)
    again = invoke(["template", "export", str(target)])
    assert_clean_exit(again, 2)
    assert "已存在；加 --force 覆盖。" in again.output
    assert_clean_exit(invoke(["template", "export", str(target), "--force"]), 0)


def test_repository_templates_are_the_packaged_ones() -> None:
    """templates/ at the repository root is what `pairkit template export templates` writes: the same files."""
    packaged = sorted(p.relative_to(DEFAULTS).as_posix() for p in DEFAULTS.rglob("*") if p.is_file())
    in_repo = sorted(
        p.relative_to(REPO / "templates").as_posix() for p in (REPO / "templates").rglob("*") if p.is_file()
    )
    assert in_repo == packaged
    assert all(filecmp.cmp(DEFAULTS / f, REPO / "templates" / f, shallow=False) for f in packaged)


def test_base_document_is_reproducible(tmp_path: Path) -> None:
    """The shipped base.docx is the builder's output: its XML parts equal a fresh build's."""
    fresh = tmp_path / "base.docx"
    assert basedoc.main([str(fresh)]) == 0
    with zipfile.ZipFile(DEFAULTS / "base.docx") as shipped, zipfile.ZipFile(fresh) as built:
        names = sorted(n for n in shipped.namelist() if n.endswith(".xml") and "core" not in n)
        assert names == sorted(n for n in built.namelist() if n.endswith(".xml") and "core" not in n)
        assert [shipped.read(n) for n in names] == [built.read(n) for n in names]


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("研发&测试*中心|一部", "研发\\&测试\\*中心\\|一部"),
        ("# 不是标题", "\\# 不是标题"),
        ("第一行\n第二行", "第一行 第二行"),
    ],
)
def test_values_are_escaped_for_markdown(value: str, escaped: str) -> None:
    """Printed values are backslash-escaped so they stay text, and stay on one line."""
    assert md_escape(value) == escaped


def test_number_formats() -> None:
    """Figures print without trailing zeros; sums of whole hundreds from 1万 up in 万元 without false precision,
    anything else exactly in 元."""
    assert (number(12.0), number(12.5), number(0.333)) == ("12", "12.5", "0.33")
    assert [money(v) for v in (86000, 40000, 293400, 12000.5, 8900, 3000, 10050)] == [
        "8.6万元",
        "4万元",
        "29.34万元",
        "12000.5元",
        "8900元",
        "3000元",
        "10050元",
    ]


@pytest.mark.parametrize(
    ("required", "measure", "words"),
    [
        ("≥ 5", "次", "不少于5次"),
        ("≤ 3", "次", "不超过3次"),
        ("= 2", "次", "2次"),
        ("5–8", "人", "5至8人"),
        ("≥ 10%", "%", "不低于10%"),
        ("≥ 10", "月", "不少于10个月"),
        ("≥ 1", "年", "不少于1年"),
        ("7月31日前", "天", "7月31日前"),
        ("男 < 45 岁，女 < 40 岁，农村教龄 ≤ 10 年", "岁", "男未满45周岁，女未满40周岁，农村教龄不超过10年"),
    ],
)
def test_requirements_in_words(required: str, measure: str, words: str) -> None:
    """Every requirement form the rules print reads as an office writes it: words, not symbols."""
    assert requirement(required, measure) == words


def test_rule_notes_in_plain_chinese() -> None:
    """Notes from the rules lose their ISO dates and the spaces around figures; nested quotes become ‘’."""
    assert plain("选派 s-1：2025-08-12 确定，晚于截止日期 2025-07-31") == (
        "选派 s-1：2025年8月12日确定，晚于截止日期2025年7月31日"
    )
    assert plain("男，选派时已满 46 周岁（应未满 45 周岁）") == "男，选派时已满46周岁（应未满45周岁）"
    assert quoted("2025年郭扶镇“健康进乡村”义诊活动") == "“2025年郭扶镇‘健康进乡村’义诊活动”"
    assert quoted('城乡学生"手拉手"交流') == "“城乡学生‘手拉手’交流”"


def test_templates_are_commented_for_offices() -> None:
    """The main template starts with a comment that tells an office how the Markdown maps to the document."""
    head = (DEFAULTS / "summary.md.j2").read_text(encoding="utf-8").splitlines()[0]
    assert head.startswith("{#- 工作总结的结构")
    assert textwrap.dedent(head) == head
