"""The one Jinja environment factory: strict, Markdown-escaping, sandboxed for user templates.

Templates are looked up in order: ``--templates DIR``, the user's ``./templates`` (when it is
not the packaged folder itself), then the packaged defaults, so a user overrides file by file.
Every ``{{ … }}`` output is escaped for Markdown (see :func:`escape_markdown`); markup belongs
in the template text. A template error becomes a :class:`PlanforgeError` naming file and line.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple

import jinja2
from jinja2.exceptions import SecurityError

from planforge import cache
from planforge.errors import PlanforgeError
from planforge.render.context import as_sentence
from planforge.resources import data_dir
from planforge.zhtext import reword

ROOT_TEMPLATE = "plan.md.j2"
_ESCAPED = re.compile(r"([\\`*_\[\]<>|~&#!])")
_LINE_START = re.compile(r"^([-+=>:]|\d+[.)])")
_NEWLINES = re.compile(r"\s*\n\s*")


class Raw(str):
    """Text that is already Markdown: :func:`escape_markdown` leaves it alone."""

    __slots__ = ()


def escape_markdown(value: Any) -> str:
    """Escape a template value so Markdown reads it as plain text, on one line."""
    if value is None:
        return ""
    if isinstance(value, Raw):
        return str(value)
    text = str(value)
    # Each pattern runs only when it can change something: most plan text has none of it.
    if "\n" in text:
        text = _NEWLINES.sub("", text)
    text = text.strip(" \t")
    if _ESCAPED.search(text):
        text = _ESCAPED.sub(r"\\\1", text)
    # A value at the start of a line could otherwise open a list, quote or heading.
    start = _LINE_START.match(text)
    if start:
        marker = start.group(1)
        text = marker[:-1] + "\\" + marker[-1] + text[start.end() :]
    return text


class TemplateSet(NamedTuple):
    """Where templates come from: the search folders, most specific first."""

    dirs: tuple[Path, ...]
    sandboxed: bool

    @property
    def default_dir(self) -> Path:
        return self.dirs[-1]


def template_set(user_dir: Path | None = None, cwd: Path | None = None) -> TemplateSet:
    """Return the template folders: ``--templates``, ``./templates``, then the packaged ones."""
    default = data_dir("templates").resolve()
    dirs: list[Path] = []
    if user_dir is not None:
        if not user_dir.is_dir():
            raise PlanforgeError(f"模板文件夹“{user_dir}”不存在")
        dirs.append(user_dir.resolve())
    local = (cwd or Path.cwd()) / "templates"
    if local.is_dir() and local.resolve() != default and local.resolve() not in dirs:
        dirs.append(local.resolve())
    sandboxed = bool(dirs)
    dirs.append(default)
    return TemplateSet(tuple(dirs), sandboxed)


def make_environment(templates: TemplateSet) -> jinja2.Environment:
    """Return a strict environment; sandboxed whenever a user's folder is searched."""
    cls: type[jinja2.Environment] = jinja2.Environment
    if templates.sandboxed:
        from jinja2.sandbox import SandboxedEnvironment  # only users' own templates need it

        cls = SandboxedEnvironment
    env = cls(
        loader=jinja2.FileSystemLoader([str(d) for d in templates.dirs], encoding="utf-8"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        finalize=escape_markdown,
        auto_reload=False,
        bytecode_cache=_bytecode_cache(templates.sandboxed),
    )
    env.filters["raw"] = Raw
    env.filters["sentence"] = as_sentence
    return env


def _bytecode_cache(sandboxed: bool) -> jinja2.BytecodeCache | None:
    """Return a cache of compiled templates (compiling costs more than rendering a plan).

    Entries are keyed by template path and checked against the source, so an edited template
    is recompiled. Sandboxed code differs from trusted code, so each has its own folder.
    ``PLANFORGE_CACHE_DIR=`` (empty) turns the cache off.
    """
    folder = cache.cache_dir("templates-sandboxed" if sandboxed else "templates")
    return None if folder is None else jinja2.FileSystemBytecodeCache(str(folder))


def render(env: jinja2.Environment, name: str, **context: Any) -> str:
    """Render a template, turning every Jinja failure into a PlanforgeError with file and line."""
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateNotFound as exc:
        raise PlanforgeError(f"找不到模板“{exc.name}”(查找位置:{_search_path(env)})") from exc
    except jinja2.TemplateSyntaxError as exc:
        where = f"{_display(exc.filename or exc.name or name)}:{exc.lineno}"
        raise PlanforgeError(f"{where}: 模板语法错误:{jinja_message_zh(exc.message)}") from exc
    except jinja2.UndefinedError as exc:
        raise PlanforgeError(
            f"{_where(exc, name)}: 模板使用了不存在的变量或属性:{jinja_message_zh(exc.message)}"
        ) from exc
    except SecurityError as exc:
        why = jinja_message_zh(str(exc))
        raise PlanforgeError(f"{_where(exc, name)}: 模板执行了不允许的操作:{why}") from exc
    except PlanforgeError:
        raise
    except Exception as exc:
        raise PlanforgeError(
            f"{_where(exc, name)}: 模板运行出错:{type(exc).__name__}: {exc}"
        ) from exc


# Jinja's own messages, for the IT staff who edit templates (Jinja's wording, in Chinese).
_JINJA_MESSAGES = (
    (r"'(?:[\w.]+\.)?(\w+) object' has no attribute '([^']+)'", r"\1 对象没有属性“\2”"),
    (r"'([^']+)' is undefined", r"变量“\1”未定义"),
    (r"Encountered unknown tag '([^']+)'\.?", r"不认识的标签“\1”(或它没有对应的开始标签)"),
    (r"No filter named '([^']+)'\.?", r"没有名为“\1”的过滤器"),
    (r"No test named '([^']+)'\.?", r"没有名为“\1”的测试"),
    (r"unexpected '([^']+)', expected '([^']+)'", r"这里不应出现“\1”,应为“\2”"),
    (r"unexpected '([^']+)'", r"这里不应出现“\1”"),
    (r"Expected an expression, got '([^']+)'", r"这里缺少表达式(遇到了 \1)"),
    (r"expected token '([^']+)', got '([^']+)'", r"应为“\1”,实际是“\2”"),
    (
        r"Unexpected end of template\. Jinja was looking for the following tags: (.+?)\."
        r" The innermost block that needs to be closed is '([^']+)'\.",
        r"模板意外结束:“\2”块没有结束标签(应为 \1 之一)",
    ),
    (r"Unexpected end of template\.?", r"模板意外结束"),
    (
        r"access to attribute '([^']+)' of '([^']+)' object is unsafe\.?",
        r"不允许访问 \2 对象的属性“\1”",
    ),
)


def jinja_message_zh(message: str | None) -> str:
    """Translate Jinja's common error messages; others are shown as Jinja words them."""
    text = reword(message or "", _JINJA_MESSAGES)
    for words, mark in _JINJA_TOKENS.items():
        text = text.replace(words, mark)
    return text


_JINJA_TOKENS = {
    "end of statement block": "%}",
    "end of print statement": "}}",
    "end of template": "模板末尾",
    "' or '": "'、'",
}


def _where(exc: BaseException, fallback: str) -> str:
    """Return ``file:line`` of the innermost template frame of the traceback."""
    found = fallback
    tb: TracebackType | None = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = f"{_display(filename)}:{tb.tb_lineno}"
        tb = tb.tb_next
    return found


def _display(path: str) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def _search_path(env: jinja2.Environment) -> str:
    loader = env.loader
    paths: Sequence[str] = getattr(loader, "searchpath", [])
    return "、".join(_display(p) for p in paths)
