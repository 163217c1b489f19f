"""Regular expressions compiled on first use, and compiled once per interpreter, not per run.

Why: compiling is slow in CPython's pure-Python compiler (a class with a CJK range such as
``[\\u4e00-\\u9fff]`` alone takes milliseconds, a word list a millisecond), and the rules
compile dozens of patterns: about 35 ms of a 0.4 s ``build``. Two remedies:

* :func:`lazy_compile` returns a stand-in that compiles on first use, so a command pays
  only for the patterns it uses; from then on the methods are plain attributes.
* :func:`compile_cached` keeps the compiled program (the code list the regex engine runs)
  in planforge's cache, keyed by the pattern, the flags and the exact interpreter build, so
  later runs hand it straight to the engine. It builds the program exactly as ``re``
  does; with any other interpreter, or anything unexpected, it simply calls ``re.compile``.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import re
import sys
from typing import Any, cast

from planforge import cache

_ATTRIBUTES = (
    "search",
    "match",
    "fullmatch",
    "sub",
    "subn",
    "split",
    "finditer",
    "findall",
    "pattern",
    "flags",
    "groups",
    "groupindex",
)


class _LazyPattern:
    """Stands in for a compiled pattern until one of its attributes is used."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        compiled = compile_cached(*self._source)
        for attribute in _ATTRIBUTES:
            setattr(self, attribute, getattr(compiled, attribute))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_compile({self._source[0]!r})"


def lazy_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Return a stand-in for ``re.compile(pattern, flags)`` that compiles on first use."""
    return cast("re.Pattern[str]", _LazyPattern(pattern, flags))


def compile_cached(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Return ``re.compile(pattern, flags)``, reusing the program an earlier run compiled."""
    flags = int(flags)
    key = _key(pattern, flags)
    stored = cache.read("regex", key) if key else None
    if stored is not None:
        try:
            return _from_program(pattern, marshal.loads(stored))
        except Exception:  # a damaged entry: compile afresh (and overwrite it)
            pass
    try:
        compiled, program = _compile_program(pattern, flags)
    except Exception:  # internals not as expected: the public way, uncached
        return re.compile(pattern, flags)
    if key:
        cache.write("regex", key, marshal.dumps(program))
    return compiled


def _key(pattern: str, flags: int) -> str:
    """Return the cache key: the pattern, flags and interpreter build ("" if unknown)."""
    build = _build()
    if not build:
        return ""
    return hashlib.sha256(f"{build}\0{flags}\0{pattern}".encode()).hexdigest()


@functools.cache
def _build() -> str:
    try:
        import _sre

        return f"{sys.version}|{sys.implementation.cache_tag}|{_sre.MAGIC}|{_sre.CODESIZE}"
    except (ImportError, AttributeError):
        return ""


def _compile_program(pattern: str, flags: int) -> tuple[re.Pattern[str], tuple[Any, ...]]:
    """Compile as ``re._compiler.compile`` does, keeping the arguments the engine takes."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    if flags & (re.DEBUG | getattr(re, "TEMPLATE", 0)):
        raise ValueError("not cached")
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    program = (  # plain ints: the compiler's opcodes are an int subclass marshal refuses
        int(flags | parsed.state.flags),
        [int(c) for c in code],
        int(parsed.state.groups - 1),
        {str(k): int(v) for k, v in groupindex.items()},
        tuple(indexgroup),
    )
    return _from_program(pattern, program), program


def _from_program(pattern: str, program: tuple[Any, ...]) -> re.Pattern[str]:
    import _sre

    flags, code, groups, groupindex, indexgroup = program
    return cast(
        "re.Pattern[str]", _sre.compile(pattern, flags, code, groups, groupindex, indexgroup)
    )
