"""Regular expressions compiled on first use.

Why: a command uses few of the patterns its modules define, and compiling is slow in
CPython's pure-Python compiler (a class with a CJK range such as ``[\\u4e00-\\u9fff]`` alone
takes milliseconds). Module-level patterns made with :func:`lazy_compile` cost nothing until
a method is first called; from then on the methods are plain attributes of the stand-in.
"""

from __future__ import annotations

import re
from typing import Any, cast

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
        compiled = re.compile(*self._source)
        for attribute in _ATTRIBUTES:
            setattr(self, attribute, getattr(compiled, attribute))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_compile({self._source[0]!r})"


def lazy_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Return a stand-in for ``re.compile(pattern, flags)`` that compiles on first use."""
    return cast("re.Pattern[str]", _LazyPattern(pattern, flags))
