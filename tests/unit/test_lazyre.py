"""Cached regular expressions are compiled exactly as re compiles them."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

import pytest

from planforge import lazyre

MODULES = (
    "planforge.values",
    "planforge.units",
    "planforge.prose",
    "planforge.names",
    "planforge.compare",
    "planforge.rules.consistency",
    "planforge.rules.structure",
    "planforge.render.docx.layout",
)


def _planforge_patterns() -> list[tuple[str, int]]:
    found = []
    for name in MODULES:
        for value in vars(importlib.import_module(name)).values():
            items = value if isinstance(value, tuple) else (value,)
            for item in items:
                item = item[0] if isinstance(item, tuple) and item else item
                if isinstance(item, lazyre._LazyPattern):
                    found.append(item._source)
    assert len(found) > 30
    return found


EXTRA = [
    (r"(?P<year>\d{4})-(?P<month>\d\d)?", 0),
    (r"^a.*$", re.MULTILINE | re.DOTALL),
    (r"[a-zé]+", re.IGNORECASE),
    (r"(?x) a  b  # comment", 0),
    ("[\u4e00-\u9fff]+|[\U00020000-\U0002a6df]", 0),
]


def test_cached_programs_are_the_ones_re_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import _sre

    monkeypatch.setenv("PLANFORGE_CACHE_DIR", str(tmp_path))
    calls: list[tuple[Any, ...]] = []
    real = _sre.compile

    def spy(*args: Any) -> Any:
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(_sre, "compile", spy)
    for pattern, flags in [*_planforge_patterns(), *EXTRA]:
        re.purge()
        expected = re.compile(pattern, flags)
        by_re = calls[-1]
        cold = lazyre.compile_cached(pattern, flags)  # compiles and stores
        by_cold = calls[-1]
        warm = lazyre.compile_cached(pattern, flags)  # from the cache
        by_warm = calls[-1]
        assert by_cold == by_re == by_warm, pattern
        assert (cold.pattern, cold.flags, cold.groupindex) == (
            expected.pattern,
            expected.flags,
            expected.groupindex,
        )
        assert (warm.pattern, warm.flags, warm.groups) == (
            expected.pattern,
            expected.flags,
            expected.groups,
        )
    assert len(list((tmp_path / "regex").iterdir())) >= 30


def test_a_damaged_entry_is_compiled_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLANFORGE_CACHE_DIR", str(tmp_path))
    lazyre.compile_cached("ab+c")
    (entry,) = (tmp_path / "regex").iterdir()
    entry.write_bytes(b"\x00garbage")
    assert lazyre.compile_cached("ab+c").fullmatch("abbbc")
    assert lazyre.compile_cached("ab+c").fullmatch("abbbc")


def test_lazy_pattern_compiles_on_first_use(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANFORGE_CACHE_DIR", "")
    lazy = lazyre.lazy_compile(r"(\d+)年", re.ASCII)
    assert "search" not in vars(lazy)
    match = lazy.search("到2025年")
    assert match is not None and match.group(1) == "2025"
    assert "search" in vars(lazy) and lazy.flags & re.ASCII
