"""Character-level helpers: traditional→simplified conversion, Chinese numerals, content chars."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Any

CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_NUMERAL = "[一二三四五六七八九十百〇零两]+"

_CONTENT = re.compile(r"[0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def cn_to_int(text: str) -> int:
    """Return the value of a Chinese numeral such as ``十二`` or ``二十一`` (0 if unreadable)."""
    if not text:
        return 0
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch in CN_DIGITS:
            current = current * 10 + CN_DIGITS[ch] if current else CN_DIGITS[ch]
        else:
            return 0
    return total + current


def is_cjk(ch: str) -> bool:
    """Return True for a CJK ideograph."""
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def content_chars(text: str) -> str:
    """Return only the CJK and alphanumeric characters of ``text`` (what "body characters" count)."""
    return "".join(_CONTENT.findall(text))


@lru_cache(maxsize=1)
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Convert traditional to simplified characters with OpenCC ``t2s``."""
    return str(_converter().convert(text))


@lru_cache(maxsize=16384)
def shadow(text: str) -> str:
    """Return a simplified shadow of ``text`` for pattern matching, same length as ``text``."""
    out = to_simplified(text)
    return out if len(out) == len(text) else text


def diff_chars(before: str, after: str) -> Counter[str]:
    """Count character substitutions ``a→b`` between two equal-length strings."""
    changes: Counter[str] = Counter()
    if len(before) != len(after):
        return changes
    for a, b in zip(before, after, strict=True):
        if a != b:
            changes[f"{a}→{b}"] += 1
    return changes


# 著 is left unchanged by OpenCC t2s even where simplified text needs 着 (随着, 着力, 生活无着).
_ZHU = re.compile(r"(?<![显卓昭编论])著(?![名作称])")


def iter_zhu(text: str) -> list[int]:
    """Return the 0-based columns of 著 that may need to be 着 in simplified text."""
    return [m.start() for m in _ZHU.finditer(text)]
