"""The report's wording: Jinja templates that write Markdown, run in Jinja's sandbox with strict undefined variables.

Every value a template prints is escaped for Markdown, so a school called "研发&测试*中心|一部" stays text and
cannot start a table cell or a heading. Template mistakes become diagnostics naming the template and line.

An office edits its own templates, so they run under limits as well as in the sandbox: ``**`` on numbers, repeating
text or lists with ``*`` and ``range`` are bounded (PK840); rendering stops after ``TIME_LIMIT`` seconds (PK841) and,
where the system can bound it (Linux), once it would take ``MEMORY_LIMIT`` more bytes (PK842); a template may
include only templates of its own folders, never a path outside them or a link leading out (PK843). Each is
located at the template and line where it happened.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import MAX_RANGE, SandboxedEnvironment
from markupsafe import Markup

from pairkit.diagnostics import Diagnostic, Source
from pairkit.model.periods import cn_date
from pairkit.personal import mask_phone
from pairkit.report.wording import money, number, quoted

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


TIME_LIMIT = 60.0  # seconds: the sample's templates render in well under one, a province's annexes in a few
MEMORY_LIMIT = 1 << 30  # bytes more than the process held when rendering began
MAX_TEXT = 1_000_000  # characters (or items) a repetition may make: a whole report is about 100,000
MAX_POWER_BITS = 10_000  # a power beyond this many bits is no figure of a report


class _Limited(Exception):
    """A template went past one of the limits: ``code`` says which."""

    def __init__(self, code: str, problem: str) -> None:
        super().__init__(problem)
        self.code = code


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox, with ``**`` and ``*`` bounded (``range`` is bounded by the sandbox itself). Intercepted
    operators are never folded at compile time either, so ``{{ 999999999 ** 999999999 }}`` does not hang loading."""

    intercepted_binops = frozenset({"**", "*"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        power = operator == "**" and _whole(left) and _whole(right) and right > 0
        if power and abs(left).bit_length() * right > MAX_POWER_BITS:
            raise _Limited("PK840", f"{left} ** {right}")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and _whole(times) and len(seq) * times > MAX_TEXT:
                    raise _Limited("PK840", f"{len(seq)} × {times}")
        return super().call_binop(context, operator, left, right)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class _Loader(jinja2.FileSystemLoader):
    """Templates from the template folders only: a name that climbs out or is absolute, or a file there that is a
    link to elsewhere, is refused (PK843) rather than looked for."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        if template.startswith(("/", "\\")) or ".." in re.split(r"[/\\]", template) or re.match(r"[A-Za-z]:", template):
            raise _Limited("PK843", template)
        source, filename, uptodate = super().get_source(environment, template)
        real = os.path.realpath(filename)
        if not any(Path(real).is_relative_to(os.path.realpath(folder)) for folder in self.searchpath):
            raise _Limited("PK843", template)
        return source, filename, uptodate


def environment(template_dir: Path | None) -> SandboxedEnvironment:
    """Templates from ``template_dir`` first, then the defaults, so an office may override one file only."""
    folders = [str(template_dir)] if template_dir is not None else []
    env = _Sandbox(
        loader=_Loader([*folders, str(DEFAULTS)]),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Jinja's optimizer folds constant expressions, of which these templates have next to none; skipping it
        # takes a sixth off compiling them, which every report does afresh (a compiled-code cache on disk would
        # let a planted file run code).
        optimized=False,
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
        phone=mask_phone,
    )
    env.globals["range"] = _range
    return env


def _range(*args: int) -> range:
    """``range`` as the sandbox bounds it (to MAX_RANGE items), refused as PK840 beyond."""
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise _Limited("PK840", f"range({', '.join(map(str, args))})")
    return numbers


def render(env: SandboxedEnvironment, name: str, context: Mapping[str, Any]) -> str:
    """The template's Markdown, or a ReportError naming the template file and line."""
    try:
        with _time_limit(TIME_LIMIT), _memory_limit(MEMORY_LIMIT):
            return env.get_template(name).render(context)
    except _Limited as err:
        diag = _runtime(err.code, name, err)
        if err.code == "PK843":
            diag = Diagnostic.at("PK843", Source(diag.file), template=diag.args["template"], name=str(err))
            diag = diag.located(*_line_of(err))
        raise ReportError(diag) from None
    except MemoryError as err:
        raise ReportError(_runtime("PK842", name, err)) from None
    except jinja2.TemplateNotFound as err:
        missing = str(err.name or name)
        file, line = _template_frame(err.__traceback__)
        if file is None:  # the template asked for by the report itself
            raise ReportError(Diagnostic.at("PK806", Source(""), name=missing)) from None
        raise ReportError(Diagnostic.at("PK806", Source(file), name=missing).located(line, 1)) from None
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


def _line_of(err: BaseException) -> tuple[int, int]:
    _, line = _template_frame(err.__traceback__)
    return (line, 1) if line else (0, 0)


def _runtime(code: str, name: str, err: BaseException) -> Diagnostic:
    """Jinja rewrites tracebacks so that template frames carry the template's file and line: use the innermost."""
    file, line = _template_frame(err.__traceback__)
    template = Path(file).name if file else name
    if code == "PK810":
        problem = f"{type(err).__name__}: {err}"
    elif code == "PK841":
        problem = f"{TIME_LIMIT:g}"
    elif code == "PK842":
        problem = f"{MEMORY_LIMIT // (1 << 20)}"
    else:
        problem = str(err)
    diag = Diagnostic.at(code, Source(file or name), template=template, problem=problem)
    return diag.located(line, 1) if line else diag


def _template_frame(tb: TracebackType | None) -> tuple[str | None, int]:
    """The innermost template frame: its file and template line. Jinja rewrites the tracebacks of the errors it
    catches to template lines; a frame it did not rewrite (an interrupted render) is mapped here as Jinja would."""
    file, line = None, 0
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            compiled = tb.tb_frame.f_globals.get("__jinja_template__")
            file = filename
            line = compiled.get_corresponding_lineno(tb.tb_lineno) if compiled is not None else tb.tb_lineno
        tb = tb.tb_next
    return file, line


# --- time and memory ------------------------------------------------------------------------------------------------


class _TimeUp(BaseException):  # not an Exception: no ``except Exception`` inside Jinja or a filter swallows it
    pass


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Stop the render after ``seconds`` with ``_Limited("PK841")``, raised where the template was running."""
    try:
        with _alarm(seconds):
            yield
    except _TimeUp as up:
        raise _Limited("PK841", f"{seconds:g}").with_traceback(up.__traceback__) from None


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    if sys.platform != "win32" and threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGALRM, _raise_time_up)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous if previous not in (None, signal.SIG_DFL) else _ignore)
        return
    # Elsewhere (Windows): a watchdog thread interrupts the main thread, as Ctrl-C would.
    fired = threading.Event()
    done = threading.Lock()

    def interrupt() -> None:
        with done:
            fired.set()
            import _thread

            _thread.interrupt_main()

    timer = threading.Timer(seconds, interrupt)
    timer.daemon = True
    timer.start()
    try:
        yield
    except KeyboardInterrupt:
        if fired.is_set():
            raise _TimeUp() from None
        raise
    finally:
        with done:
            timer.cancel()


def _raise_time_up(signum: int, frame: FrameType | None) -> None:
    raise _TimeUp()


def _ignore(signum: int, frame: FrameType | None) -> None:  # an alarm that fired as rendering ended
    return None


@contextlib.contextmanager
def _memory_limit(budget: int) -> Iterator[None]:
    """While rendering, let the process take at most ``budget`` bytes more address space (Linux: elsewhere the
    operator limits above are the bound); going past it raises MemoryError where the template was running."""
    used = _address_space()
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    if used is None:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = used + budget
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft != resource.RLIM_INFINITY and soft < limit:
        yield  # a tighter limit is already set
        return
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _address_space() -> int | None:
    """The address space the process holds now, in bytes (Linux), else None."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return None
