"""Units of indicator values: scale prefixes (万, 亿), compound units and conversion.

A unit reads as a numerator word and optional ``/``-separated denominators. Each word may start
with scale characters: ``万人`` is 10 000 ``人``, ``人/万人`` is ``人`` per 10 000 ``人`` (factor
10^-4). ``dims`` is what is left once the scales are taken out; two units convert into each other
exactly when their ``dims`` are equal.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from planforge.lazyre import lazy_compile
from planforge.records import record

__all__ = [
    "NO_UNIT",
    "SCALES",
    "UNIT_WORDS",
    "Unit",
    "compatible",
    "convert",
    "describe_conversion",
    "format_decimal",
    "is_known_unit",
    "normalize_unit_text",
    "parse_unit",
    "split_unit_from_name",
]

# Scale characters that multiply the word after them: 万人 is 10 000 人, 千米 is 1 000 米.
SCALES: dict[str, Decimal] = {
    "百": Decimal(10) ** 2,
    "千": Decimal(10) ** 3,
    "万": Decimal(10) ** 4,
    "亿": Decimal(10) ** 8,
}

# Per-cent signs share one dimension, so 5‰ converts to 0.5%.
_PERCENT: dict[str, Decimal] = {"%": Decimal(1), "‰": Decimal("0.1"), "‱": Decimal("0.01")}

# Measure words seen in civil-affairs plans. Only these count as units inside a value text
# ("5家", "20万人以上"); parse_unit still accepts any word in an indicator's unit column.
UNIT_WORDS: frozenset[str] = frozenset({
    "人", "人次", "人口", "老人", "老年人", "儿童", "户", "个", "家", "所", "张", "床", "名",
    "位", "条", "支", "座", "处", "项", "次", "件", "台", "辆", "套", "间", "元", "平方米",
    "平方公里", "米", "公里", "亩", "公顷", "吨", "克", "岁", "周岁", "年", "月", "日", "天",
    "小时", "批", "期", "场", "种", "本", "册", "份", "篇", "例", "对", "起", "宗", "百分点",
    "个百分点",
})  # fmt: skip

# Words that start with 百 but do not mean "a hundred of": 百分点 is a percentage point.
_UNSCALED_PREFIX = "百分"

_ALIASES: dict[str, str] = {"㎡": "平方米", "m²": "平方米", "m2": "平方米"}

# Full-width ASCII (！ to ～) maps to ASCII. Spaces and brackets go: "元 / 人" is "元/人" and
# "元/(人·月)" is "元/人/月".
_UNIT_TABLE: dict[int, int | None] = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_UNIT_TABLE.update({ord(c): None for c in " \t\r\n\u00a0\u3000\u2009\u202f\u200b\ufeff()"})
_UNIT_TABLE.update({ord("（"): None, ord("）"): None})

# "元/人·月" writes its denominators with a middle dot.
_DOTS_RE = lazy_compile(r"[·•・]")

_FRACTION_RE = lazy_compile(r"[\u4e00-\u9fff%‰‱]{1,8}(?:/[\u4e00-\u9fff]{1,8})+")
_NAME_UNIT_RE = lazy_compile(r"(?P<name>.*?)\s*[(（](?P<unit>[^()（）]+)[)）]\s*", re.DOTALL)


@record
class Unit:
    """A unit as written, its factor to the base unit and its dimensions (万元 → 1e4, 元)."""

    text: str
    factor: Decimal
    dims: str


NO_UNIT = Unit("", Decimal(1), "")


def normalize_unit_text(text: str) -> str:
    """Return unit text with full-width forms, spaces and brackets normalised."""
    norm = text.translate(_UNIT_TABLE)
    norm = _ALIASES.get(norm, norm)
    head, slash, tail = norm.partition("/")
    return head + slash + _DOTS_RE.sub("/", tail)


def _read_word(word: str) -> tuple[Decimal, str]:
    """Split one word into its scale factor and its base word (``万人次`` → 1e4, ``人次``)."""
    if word in _PERCENT:
        return _PERCENT[word], "%"
    factor = Decimal(1)
    start = 0
    while start < len(word) and word[start] in SCALES:
        if word.startswith(_UNSCALED_PREFIX, start):
            break
        factor *= SCALES[word[start]]
        start += 1
    return factor, _ALIASES.get(word[start:], word[start:])


def _read_denominator(part: str) -> tuple[Decimal, str]:
    """Read a denominator; a bare scale (``人/万``) means per that many people."""
    factor, base = _read_word(part.removeprefix("每"))
    # "张/千名老年人" counts people with the measure word 名, which adds nothing to the kind.
    if len(base) > 1 and base.startswith("名"):
        base = base[1:]
    return factor, base or "人"


@lru_cache(maxsize=2048)
def parse_unit(text: str) -> Unit:
    """Read a unit such as 万人, 亿元, %, 元/人/月 or 人/万人; unknown words are units too."""
    norm = normalize_unit_text(text)
    if not norm:
        return NO_UNIT
    head, *tail = norm.split("/")
    factor, dims = _read_word(head)
    denominators: list[str] = []
    for part in filter(None, tail):
        part_factor, base = _read_denominator(part)
        factor /= part_factor
        denominators.append(base)
    return Unit(norm, factor, "/".join([dims, *sorted(denominators)]))


def _is_known_part(part: str, denominator: bool) -> bool:
    """Tell whether one ``/``-separated part is a known word, maybe scaled, or a bare scale."""
    if denominator:
        return bool(part) and _read_denominator(part)[1] in UNIT_WORDS
    factor, base = _read_word(part)
    return base in UNIT_WORDS or (not base and factor != 1)


@lru_cache(maxsize=2048)
def is_known_unit(text: str) -> bool:
    """Tell whether text is a unit built from known words: %, 万人, 元/人/月, 万 alone."""
    norm = normalize_unit_text(text)
    if norm in _PERCENT:
        return True
    parts = norm.split("/")
    return all(_is_known_part(part, index > 0) for index, part in enumerate(parts))


def compatible(a: Unit, b: Unit) -> bool:
    """Tell whether numbers in unit a can be converted to unit b."""
    return a.dims == b.dims


def convert(number: Decimal, src: Unit, dst: Unit) -> Decimal | None:
    """Convert number from src to dst (1 亿元 → 10000 万元); None when the units differ in kind."""
    if not compatible(src, dst):
        return None
    return number * src.factor / dst.factor


def format_decimal(number: Decimal) -> str:
    """Write a Decimal in plain notation without trailing zeros (1E+4 → 10000, 6.30 → 6.3)."""
    if number == 0:
        return "0"
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def describe_conversion(src: Unit, dst: Unit) -> str:
    """Describe in Chinese how src converts to dst, e.g. ``1 亿元 = 10000 万元``."""
    factor = convert(Decimal(1), src, dst)
    src_name = src.text or "无单位"
    dst_name = dst.text or "无单位"
    if factor is None:
        return f"“{src_name}”与“{dst_name}”不是同类单位,不能换算"
    return f"1 {src_name} = {format_decimal(factor)} {dst_name}"


def _looks_like_unit(text: str) -> bool:
    """Tell whether a bracketed group ending a name is a unit (%, 万人, 元/人)."""
    norm = normalize_unit_text(text)
    return bool(norm) and (is_known_unit(norm) or _FRACTION_RE.fullmatch(norm) is not None)


def split_unit_from_name(name: str) -> tuple[str, str | None]:
    """Split a trailing bracketed unit off a name: ``人才数(万人)`` → (``人才数``, ``万人``)."""
    match = _NAME_UNIT_RE.fullmatch(name)
    if match is None:
        return name.strip(), None
    stem, unit = match.group("name").strip(), match.group("unit")
    if not stem or not _looks_like_unit(unit):
        return name.strip(), None
    return stem, normalize_unit_text(unit)
