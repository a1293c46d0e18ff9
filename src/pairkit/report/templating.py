"""The report's wording: Jinja templates that write Markdown, run in Jinja's sandbox with strict undefined variables.

Every value a template prints is escaped for Markdown, so a school called "研发&测试*中心|一部" stays text and
cannot start a table cell or a heading. Template mistakes become diagnostics naming the template and line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from pairkit.diagnostics import Diagnostic, Source
from pairkit.model.periods import cn_date
from pairkit.report.wording import masked_phone, money, number, quoted

DEFAULTS = Path(__file__).resolve().parent.parent / "templates" / "report"
_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")


class ReportError(Exception):
    """A problem that stops the report; its diagnostics say what and where."""

    def __init__(self, *diagnostics: Diagnostic) -> None:
        super().__init__(diagnostics[0].code if diagnostics else "report")
        self.diagnostics = list(diagnostics)


def md_escape(text: str) -> str:
    """Backslash-escape every ASCII punctuation mark (CommonMark undoes each) and keep the value on one line."""
    return _PUNCT.sub(r"\\\1", " ".join(text.splitlines()))


def md_unescape(text: str) -> str:
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def _finalize(value: Any) -> Any:
    if hasattr(value, "__html__"):  # macro output and includes: already Markdown
        return value
    return Markup(md_escape(str(value)))


def yuan(value: float) -> str:
    return f"{number(value)}元"


def cn_month(value: date) -> str:
    return f"{value.year}年{value.month}月"


_DIGITS = "零一二三四五六七八九"


def cn_numeral(value: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 23 → 二十三: for （一） headings."""
    if not 0 < value < 100:
        return str(value)
    tens, ones = divmod(value, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def environment(template_dir: Path | None) -> SandboxedEnvironment:
    """Templates from ``template_dir`` first, then the defaults, so an office may override one file only."""
    folders = [str(template_dir)] if template_dir is not None else []
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader([*folders, str(DEFAULTS)]),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        number=number,
        yuan=yuan,
        money=money,
        wan=money,
        quote=quoted,
        date=cn_date,
        month=cn_month,
        cn=cn_numeral,
        phone=masked_phone,
    )
    return env


def render(env: SandboxedEnvironment, name: str, context: Mapping[str, Any]) -> str:
    """The template's Markdown, or a ReportError naming the template file and line."""
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateNotFound as err:
        missing = str(err.name or name)
        raise ReportError(Diagnostic.at("PK806", Source(""), name=missing)) from None
    except jinja2.TemplateSyntaxError as err:
        where = Source(err.filename or str(err.name or name))
        diag = Diagnostic.at("PK801", where, template=err.name or name, problem=err.message or "")
        raise ReportError(diag.located(err.lineno, 1)) from None
    except jinja2.UndefinedError as err:
        raise ReportError(_runtime("PK802", name, err)) from None
    except SecurityError as err:
        raise ReportError(_runtime("PK803", name, err)) from None
    except Exception as err:  # a filter given the wrong type, a division by zero: still the template's line
        raise ReportError(_runtime("PK810", name, err)) from None


def _runtime(code: str, name: str, err: BaseException) -> Diagnostic:
    """Jinja rewrites tracebacks so that template frames carry the template's file and line: use the innermost."""
    file, line = _template_frame(err.__traceback__)
    template = Path(file).name if file else name
    problem = str(err) if code != "PK810" else f"{type(err).__name__}: {err}"
    diag = Diagnostic.at(code, Source(file or name), template=template, problem=problem)
    return diag.located(line, 1) if line else diag


def _template_frame(tb: TracebackType | None) -> tuple[str | None, int]:
    file, line = None, 0
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            file, line = filename, tb.tb_lineno
        tb = tb.tb_next
    return file, line
