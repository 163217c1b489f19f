"""The indicator value grammar: ``≥85``, ``不低于55``, ``3-5``, ``[90]``, ``—``, rules, statements.

Plans keep the drafter's wording (``Value.raw``); parse_value derives a comparable form beside it.

Decisions on forms the drafting conventions leave open:

* ``以上``/``以下``/``以内`` include the number (as in 民法典 art. 1259): ``55以上`` is ``≥55``;
  ``超``/``超过``/``高于``/``突破`` exclude it (``>``), as do ``低于``/``不足``/``不到`` (``<``).
* ``达到``/``达``/``保持``/``等于``/``控制在`` only introduce the number: ``达到90`` is the plain
  number 90 and ``达到90%以上`` is ``≥90%``. Any other pair of comparators (``≥85以上``,
  ``超75%以上``, ``≥≥85``) is unreadable: one value, one comparator.
* A plain number has the comparator ``=``; a range has none (its bounds are number and high).
* Thousands separators must group by three (``10,000``); ``1,0000`` and space-grouped
  ``10 000`` are unreadable rather than silently misread.
* Units inside a value must be built from known measure words (``%``, ``万人``, ``个``,
  ``元/人/月``, a bare ``万``). A number followed by other words is a statement
  (QUALITATIVE), not a number: ``100%覆盖``, ``约90``, ``2022年底前建成``. Their numbers are not
  read, because the words may change what the number means; a checker flags them for review.
* Text relative to another quantity is a RULE: reference words (``参照``, ``参考``, ``按``,
  ``同步``, ``逐步``, ``标准``, ``增速``, ``倍``, …) or a comparator followed by words
  (``不低于上年度…增速``, whose comparator ``>=`` is kept). Other words are QUALITATIVE
  (``基本建成``, ``全覆盖``).
* Unreadable means: the text fails the numeric grammar and what is left, once comparator words
  and measure words are taken out, has no Chinese word, while it has digits, comparator or
  bracket symbols, ``%``, or a lone comparator/measure word (``≥``, ``8..5``, ``1O0``,
  ``85%%``, ``[90``, ``不低于``).
* NO_DATA: empty, whitespace, dashes (``—``, ``——``, ``--``, ``-``), ``/``, ``无``, ``暂无``,
  ``N/A``. Zero is a number, not a no-data marker.
* A five-year cumulative value is any numeric form in brackets: ``[90]``, ``［90］``,
  ``【90】``, ``[≥90]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from typing import Literal, NamedTuple

from planforge import units
from planforge.lazyre import lazy_compile
from planforge.records import record
from planforge.units import Unit

__all__ = [
    "EQ",
    "GE",
    "GT",
    "LE",
    "LT",
    "Direction",
    "Value",
    "ValueKind",
    "better_or_equal",
    "format_value",
    "parse_value",
    "same_meaning",
    "to_base",
]


class ValueKind(StrEnum):
    """What a value text says: a number, a bound, a range, nothing, a rule or a statement."""

    NUMBER = "number"
    BOUND = "bound"
    RANGE = "range"
    NO_DATA = "no_data"
    RULE = "rule"
    QUALITATIVE = "qualitative"


Direction = Literal["higher", "lower"]

GE, LE, GT, LT, EQ = ">=", "<=", ">", "<", "="

_NUMERIC_KINDS = frozenset({ValueKind.NUMBER, ValueKind.BOUND, ValueKind.RANGE})
_TEXT_KINDS = frozenset({ValueKind.RULE, ValueKind.QUALITATIVE})


@record
class Value:
    """One indicator value: the drafter's text and the comparable form read from it."""

    raw: str
    kind: ValueKind
    comparator: str | None = None  # one of ">=", "<=", ">", "<", "="
    number: Decimal | None = None  # the number, or a range's lower bound
    high: Decimal | None = None  # a range's upper bound
    unit: str | None = None  # a unit written inside the text: "%" in "超75%"
    cumulative: bool = False  # a five-year cumulative value, written in brackets: "[90]"

    @property
    def is_numeric(self) -> bool:
        """Tell whether the value carries a number (NUMBER, BOUND or RANGE)."""
        return self.kind in _NUMERIC_KINDS and self.number is not None

    def comparable(self) -> tuple[str, Decimal] | None:
        """Return (comparator, number) for a number or a bound, else None."""
        if self.kind in (ValueKind.NUMBER, ValueKind.BOUND) and self.number is not None:
            return self.comparator or EQ, self.number
        return None


# Comparator words before the number. The "=" words only introduce it ("达到90").
_PREFIXES: dict[str, str] = {
    "≥": GE, "不低于": GE, "不少于": GE, "不小于": GE, "至少": GE, "最少": GE,
    "≤": LE, "不高于": LE, "不超过": LE, "不多于": LE, "不大于": LE, "至多": LE, "最多": LE,
    ">": GT, "高于": GT, "超过": GT, "超出": GT, "超": GT, "大于": GT, "多于": GT, "突破": GT,
    "<": LT, "低于": LT, "小于": LT, "少于": LT, "不足": LT, "不到": LT, "不满": LT,
    "=": EQ, "达到": EQ, "达": EQ, "保持": EQ, "等于": EQ, "控制在": EQ,
}  # fmt: skip

# Comparator words after the number; they include the number itself.
_SUFFIXES: dict[str, str] = {
    "及以上": GE, "或以上": GE, "以上": GE,
    "及以下": LE, "或以下": LE, "以下": LE, "以内": LE,
}  # fmt: skip

_SYMBOLS: dict[str, str] = {GE: "≥", LE: "≤", GT: ">", LT: "<", EQ: ""}


def _alternation(words: Iterable[str]) -> str:
    """Build a regex alternation that tries longer words first."""
    # Ties by text, so the pattern is the same in every run (compiled once, see lazyre).
    ordered = sorted(set(words), key=lambda word: (-len(word), word))
    return "|".join(re.escape(word) for word in ordered)


# ASCII digits only: full-width ones are folded first, other scripts' digits are refused.
_NUM = r"-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
# A unit never holds a range word, so "-3至-1" cannot read 至 as the unit of -3.
_UNIT = r"(?:(?![至到])[\u4e00-\u9fff%‰‱/㎡])+"
_RANGE_SEP = r"(?:-|—{1,2}|–|~|至|到)"

_RANGE_RE = lazy_compile(rf"({_NUM})\s*({_UNIT})?\s*{_RANGE_SEP}\s*({_NUM})\s*({_UNIT})?")
_CORE_RE = lazy_compile(rf"({_NUM})\s*({_UNIT})?")
_NO_DATA_RE = lazy_compile(r"[-—–/\\]*|无|暂无|n/?a", re.IGNORECASE)

# Words that may sit in a numeric value; what is left of a text without them decides
# whether it is prose (a rule or statement) or a broken number.
_TOKEN_RE = lazy_compile(
    _alternation([*_PREFIXES, *_SUFFIXES, *units.UNIT_WORDS, *units.SCALES, "至", "到", "每"])
)
_CJK_RE = lazy_compile(r"[\u4e00-\u9fff]")
_NUMERIC_RE = lazy_compile(r"[\d≥≤<>=\[\]%‰‱.,]")
_RULE_RE = lazy_compile(
    r"^(?:按|随|与|较)|参照|参考|按照|依照|依据|根据|对照|同步|挂钩|联动|逐步|逐年|稳步|持续|"
    r"动态|标准|增速|增幅|增长|提高|提升|下降|降低|翻番|翻一番|上年|上一年|当年|同期|平均|水平|"
    r"倍|相当于"
)

# Full-width ASCII (！ to ～) to ASCII, the usual look-alikes, and invisible characters away.
_LOOKALIKES = {
    "【": "[", "】": "]", "﹪": "%", "〜": "~", "−": "-",
    "≧": "≥", "⩾": "≥", "≦": "≤", "⩽": "≤", "―": "—", "─": "—", "━": "—",
}  # fmt: skip
_TABLE: dict[int, int | str | None] = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_TABLE.update({ord(key): value for key, value in _LOOKALIKES.items()})
_TABLE.update(dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff")))
_FOLDABLE_RE = lazy_compile("[" + re.escape("".join(map(chr, _TABLE))) + "]")

_EXPECTED = (
    "应为数字(如 85)、比较符加数字(如 ≥85、不低于55、超75%)、区间(如 3-5)、"
    "无数据标记(—)、五年累计值(如 [90])或文字表述"
)


class _Quantity(NamedTuple):
    """The numeric part of a value, before the brackets and the raw text are added."""

    kind: ValueKind
    comparator: str | None
    number: Decimal
    high: Decimal | None
    unit: str | None


def _normalize(text: str) -> str:
    """Fold full-width forms, look-alike symbols and runs of whitespace."""
    # Most values need no folding; a search is much cheaper than a translate.
    if _FOLDABLE_RE.search(text):
        text = text.translate(_TABLE)
    folded = " ".join(text.split())
    if "=" in folded:
        folded = folded.replace(">=", "≥").replace("<=", "≤")
    return folded


def _to_decimal(number: str) -> Decimal:
    """Read a number that may carry thousands separators."""
    return Decimal(number.replace(",", ""))


def _known_unit(unit: str | None) -> bool:
    """Tell whether a unit written in a value is absent or made of known measure words."""
    return unit is None or units.is_known_unit(unit)


def _read_range(text: str) -> _Quantity | None:
    """Read ``3-5``, ``3—5``, ``3~5``, ``3至5`` or ``3%-5%``."""
    match = _RANGE_RE.fullmatch(text)
    if match is None:
        return None
    low, low_unit, high, high_unit = match.groups()
    # The unit goes after the upper bound ("3-5个"), or after both ("3%-5%"), never only first.
    if low_unit and low_unit != high_unit:
        return None
    if not _known_unit(high_unit):
        return None
    return _Quantity(ValueKind.RANGE, None, _to_decimal(low), _to_decimal(high), high_unit)


def _read_core(text: str) -> tuple[Decimal, str | None] | None:
    """Read a number with an optional known unit: ``85``, ``75%``, ``20万人``."""
    match = _CORE_RE.fullmatch(text)
    if match is None or not _known_unit(match.group(2)):
        return None
    return _to_decimal(match.group(1)), match.group(2)


def _combine(prefix: str | None, suffix: str | None) -> str | None:
    """Merge the comparators before and after the number; None when they clash."""
    if prefix and suffix:
        return suffix if prefix == EQ else None
    return suffix or prefix or EQ


# Longest words first, so 不低于 is not read as a shorter word.
_WORD_LENGTHS = sorted({len(word) for word in [*_PREFIXES, *_SUFFIXES]}, reverse=True)


def _split_prefix(text: str) -> tuple[str | None, str]:
    """Split a leading comparator word off: ``不低于55`` → (``>=``, ``55``)."""
    # Dictionary look-ups on the first few characters beat a regex alternation here.
    for length in _WORD_LENGTHS:
        comparator = _PREFIXES.get(text[:length])
        if comparator is not None:
            return comparator, text[length:].lstrip()
    return None, text


def _split_suffix(text: str) -> tuple[str | None, str]:
    """Split a trailing comparator word off: ``55以上`` → (``>=``, ``55``)."""
    for length in _WORD_LENGTHS:
        comparator = _SUFFIXES.get(text[-length:])
        if comparator is not None and len(text) > length:
            return comparator, text[:-length].rstrip()
    return None, text


def _read_bound(text: str) -> _Quantity | None:
    """Read a number with at most one comparator: ``≥85``, ``不低于55``, ``55以上``, ``100``."""
    prefix, rest = _split_prefix(text)
    suffix, rest = _split_suffix(rest)
    comparator = _combine(prefix, suffix)
    core = _read_core(rest)
    if comparator is None or core is None:
        return None
    kind = ValueKind.NUMBER if comparator == EQ else ValueKind.BOUND
    return _Quantity(kind, comparator, core[0], None, core[1])


def _unwrap(text: str) -> tuple[str, bool]:
    """Take the five-year cumulative brackets off: ``[90]`` → (``90``, True)."""
    if len(text) >= 2 and text[0] == "[" and text[-1] == "]":
        return text[1:-1].strip(), True
    return text, False


def _unreadable(raw: str, reason: str = "") -> tuple[Value | None, str | None]:
    """Return the Chinese message for a value that cannot be read."""
    return None, f"无法识别指标值“{raw.strip()}”:{reason}{_EXPECTED}"


def _from_quantity(raw: str, q: _Quantity, cumulative: bool) -> tuple[Value | None, str | None]:
    """Build the Value for a numeric reading, refusing a range written high to low."""
    if q.high is not None and q.high < q.number:
        return _unreadable(raw, "区间下限大于上限;")
    return Value(raw, q.kind, q.comparator, q.number, q.high, q.unit, cumulative), None


def _rule_comparator(text: str) -> str | None:
    """Return the comparator a rule opens with (``不低于…`` → ``>=``), if any."""
    comparator = _split_prefix(text)[0]
    return None if comparator == EQ else comparator


def _classify_text(text: str) -> ValueKind | None:
    """Tell a rule from a statement from a broken number (None) once the grammar failed."""
    if _CJK_RE.search(_TOKEN_RE.sub("", text)):
        if _RULE_RE.search(text) or _rule_comparator(text):
            return ValueKind.RULE
        return ValueKind.QUALITATIVE
    if _CJK_RE.search(text) or _NUMERIC_RE.search(text):
        return None
    return ValueKind.QUALITATIVE


def _read_text(raw: str, text: str) -> tuple[Value | None, str | None]:
    """Read a value that is not numeric: a rule, a statement, or unreadable."""
    kind = _classify_text(text)
    if kind is None:
        return _unreadable(raw)
    comparator = _rule_comparator(text) if kind is ValueKind.RULE else None
    return Value(raw, kind, comparator), None


# The forms most tables use ("100", "≥85", "32.3%") skip the general reader; a test checks
# that both readers agree on them.
_SIMPLE_RE = lazy_compile(r"([≥≤<>]?)([0-9]+(?:\.[0-9]+)?)(%?)")
_SIMPLE_COMPARATORS: dict[str, str] = {"": EQ, "≥": GE, "≤": LE, ">": GT, "<": LT}


def _read_simple(text: str) -> Value | None:
    """Read the commonest forms quickly: a number with an optional symbol and %."""
    match = _SIMPLE_RE.fullmatch(text)
    if match is None:
        return None
    symbol, number, percent = match.groups()
    comparator = _SIMPLE_COMPARATORS[symbol]
    kind = ValueKind.NUMBER if comparator == EQ else ValueKind.BOUND
    return Value(text, kind, comparator, Decimal(number), None, percent or None)


def parse_value(text: str) -> tuple[Value | None, str | None]:
    """Read an indicator value; return (value, None), or (None, a Chinese message)."""
    # An unquoted YAML cell arrives as an int, a float or None; read it as its text.
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    return _parse_text(text)


# Tables repeat the same few values ("100", "—", "≥90") across thousands of plans.
@lru_cache(maxsize=8192)
def _parse_text(text: str) -> tuple[Value | None, str | None]:
    """Read a value text, fast path first."""
    simple = _read_simple(text)
    if simple is not None:
        return simple, None
    return _read_general(text)


def _read_general(text: str) -> tuple[Value | None, str | None]:
    """Read any value text: fold it, then try no-data, numeric forms and text in turn."""
    norm = _normalize(text)
    if _NO_DATA_RE.fullmatch(norm):
        return Value(text, ValueKind.NO_DATA), None
    inner, cumulative = _unwrap(norm)
    quantity = _read_range(inner) or _read_bound(inner)
    if quantity is not None:
        return _from_quantity(text, quantity, cumulative)
    return _read_text(text, norm)


def _format_number(number: Decimal | None) -> str:
    """Write a number plainly, or nothing when it is missing."""
    return "" if number is None else units.format_decimal(number)


def _format_quantity(value: Value) -> str:
    """Write the numeric part of a value without brackets."""
    unit = value.unit or ""
    low = _format_number(value.number)
    if value.kind is ValueKind.RANGE:
        # "-3--1" reads badly; a negative upper bound gets 至 instead.
        separator = "至" if value.high is not None and value.high < 0 else "-"
        return f"{low}{separator}{_format_number(value.high)}{unit}"
    return f"{_SYMBOLS.get(value.comparator or EQ, '')}{low}{unit}"


def format_value(value: Value) -> str:
    """Write the canonical text of a parsed value: ``≥85%``, ``3-5个``, ``[90]``, ``—``."""
    if value.kind is ValueKind.NO_DATA:
        return "—"
    if value.kind in _TEXT_KINDS:
        return " ".join(value.raw.split())
    body = _format_quantity(value)
    return f"[{body}]" if value.cumulative else body


def _meaning(value: Value) -> Value:
    """Return the value with its wording reduced to what it says."""
    # The wording of a rule or statement is its meaning; for the other kinds it is noise.
    text = _normalize(value.raw) if value.kind in _TEXT_KINDS else ""
    return replace(value, raw=text)


def same_meaning(a: Value, b: Value) -> bool:
    """Tell whether two values say the same thing, however they were written."""
    return _meaning(a) == _meaning(b)


def _effective_unit(value: Value, declared: str | None) -> Unit:
    """Return the unit a value's number is in: its own if written, else the indicator's."""
    indicator = units.parse_unit(declared or "")
    if not value.unit:
        return indicator
    own = units.parse_unit(value.unit)
    # "1万" under an indicator in 人 means 10 000 人: a bare scale borrows the indicator's kind.
    return own if own.dims else Unit(own.text, own.factor, indicator.dims)


def to_base(value: Value, unit: str | None) -> Decimal | None:
    """Return the value's number in the base unit (``≥8`` 万人 → 80000), or None."""
    if value.number is None:
        return None
    return value.number * _effective_unit(value, unit).factor


# An interval edge: (number, openness). Lower edges sort an open edge above a closed one,
# upper edges below, so a plain tuple comparison says which edge is stricter.
_Edge = tuple[Decimal, int]
_LOWER_OPEN: dict[str, int] = {EQ: 0, GE: 0, GT: 1}
_UPPER_OPEN: dict[str, int] = {EQ: 0, LE: 0, LT: -1}


class _Interval(NamedTuple):
    """The outcomes a value allows; None is unbounded on that side."""

    low: _Edge | None
    high: _Edge | None


def _interval(value: Value, factor: Decimal) -> _Interval | None:
    """Return the outcomes a numeric value allows, in base units."""
    if value.number is None:
        return None
    low = value.number * factor
    if value.kind is ValueKind.RANGE:
        high = low if value.high is None else value.high * factor
        return _Interval((low, 0), (high, 0))
    comparator = value.comparator or EQ
    lower = (low, _LOWER_OPEN[comparator]) if comparator in _LOWER_OPEN else None
    upper = (low, _UPPER_OPEN[comparator]) if comparator in _UPPER_OPEN else None
    return _Interval(lower, upper)


def _common_units(
    child: Value, parent: Value, child_unit: str | None, parent_unit: str | None
) -> tuple[Unit, Unit] | None:
    """Return both sides' units, or None when they measure different things."""
    child_u = _effective_unit(child, child_unit)
    parent_u = _effective_unit(parent, parent_unit)
    # A side with no unit anywhere (seed-notes A, Banan row 14) is read in the other's unit.
    child_u = child_u if child_u.text else parent_u
    parent_u = parent_u if parent_u.text else child_u
    return (child_u, parent_u) if units.compatible(child_u, parent_u) else None


def _edge_at_least(child: _Edge | None, parent: _Edge | None) -> bool:
    """Tell whether the child's lower edge is at least the parent's."""
    return parent is None or (child is not None and child >= parent)


def _edge_at_most(child: _Edge | None, parent: _Edge | None) -> bool:
    """Tell whether the child's upper edge is at most the parent's."""
    return parent is None or (child is not None and child <= parent)


def better_or_equal(
    child: Value,
    parent: Value,
    direction: Direction,
    child_unit: str | None = None,
    parent_unit: str | None = None,
) -> bool | None:
    """Tell whether the child is at least as ambitious as the parent; None if not comparable."""
    if direction not in ("higher", "lower"):
        raise ValueError(f"direction must be 'higher' or 'lower', not {direction!r}")
    if not (child.is_numeric and parent.is_numeric) or child.cumulative != parent.cumulative:
        return None
    pair = _common_units(child, parent, child_unit, parent_unit)
    if pair is None:
        return None
    child_box, parent_box = _interval(child, pair[0].factor), _interval(parent, pair[1].factor)
    if child_box is None or parent_box is None:
        return None
    if direction == "higher":
        return _edge_at_least(child_box.low, parent_box.low)
    return _edge_at_most(child_box.high, parent_box.high)
