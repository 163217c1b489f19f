"""Numbers the prose states for an indicator: ``护理型床位占比达37%``, ``到2025年,社会工作专业人才达到8万人``.

A plan's text restates many table values. This module finds those statements and says which
table value (baseline, milestone or target) each one speaks of, so a rule can check that they
agree. It is deliberately conservative: a statement counts only when

* its number carries a unit that converts into the indicator's (``2500人`` for ``万人``),
* the words before the number name the indicator (equal after normalisation, or a shorter
  form of the name with the same head, ``护理型床位占比`` for ``养老机构护理型床位占比``),
  with nothing else in front but time, place and verb words (``到2025年,全区…达到``),
* it states a level, not a change (``新增``, ``增长``, ``较…``, ``累计``, ``年均``) and is
  not approximate (``约``, ``余``, ``多``, ``左右``) or a range (``3-5个``).

Anything else is left alone: a missed statement costs nothing, a false one is noise.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterator
from dataclasses import field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from planforge.errors import Location
from planforge.lazyre import compile_cached, lazy_compile
from planforge.model import Box, Indicator, ListBlock, Note, Paragraph, Plan
from planforge.names import fold_name, unit_text
from planforge.records import record
from planforge.units import SCALES, UNIT_WORDS, compatible, parse_unit
from planforge.values import EQ, GE, GT, LE, LT, Value, parse_value, to_base

__all__ = [
    "Mention",
    "Passage",
    "Quantity",
    "find_mentions",
    "in_indicator_unit",
    "iter_passages",
    "mention_key",
    "passages",
    "same_number",
]


@record
class Passage:
    """A piece of prose with where it is and the heading it sits under."""

    text: str
    location: Location
    place: str


@record
class Mention:
    """A number the prose states for an indicator, and which table value it speaks of."""

    indicator: Indicator
    statement: str  # the words and number as written: 护理型床位占比达37%
    value: Value  # parsed from comparator, number and unit: 37%
    field: str  # baseline | target | milestones.2023 | "" when the text does not say
    location: Location
    place: str


# -- passages ----------------------------------------------------------------------------


def _paragraph_text(p: Paragraph) -> str:
    return f"{p.lead}{p.text}"


def iter_passages(plan: Plan) -> Iterator[Passage]:
    """Yield every piece of running text: paragraphs, lists, boxes, notes and goals."""
    goals = plan.goals
    if goals.overall:
        yield Passage(goals.overall, plan.locate(("goals", "overall")), "发展目标")
    for goal in goals.items:
        yield Passage(f"{goal.title}。{goal.text}", goal.loc, "发展目标")
    if goals.vision:
        yield Passage(goals.vision, plan.locate(("goals", "vision")), "远景目标")
    for block, place in plan.iter_blocks():
        if isinstance(block, Paragraph):
            yield Passage(_paragraph_text(block), block.loc, place)
        elif isinstance(block, ListBlock):
            yield from (Passage(_paragraph_text(item), item.loc, place) for item in block.items)
        elif isinstance(block, Box):
            for entry in block.items:
                yield Passage(f"{entry.title}。{entry.text}", entry.loc, block.title)
        elif isinstance(block, Note):
            yield Passage(block.text, block.loc, place)


_MEMO: dict[int, tuple[weakref.ref[Plan], dict[object, Any]]] = {}


def _memo(plan: Plan) -> dict[object, Any]:
    """Return a per-plan cache that lives as long as the plan (a parent serves many children)."""
    key = id(plan)
    entry = _MEMO.get(key)
    if entry is None or entry[0]() is not plan:
        ref = weakref.ref(plan, lambda _ref: _MEMO.pop(key, None))
        entry = _MEMO[key] = (ref, {})
    return entry[1]


def passages(plan: Plan) -> list[Passage]:
    """Return the plan's running text (see :func:`iter_passages`), built once per plan."""
    memo = _memo(plan)
    if "passages" not in memo:
        memo["passages"] = list(iter_passages(plan))
    found: list[Passage] = memo["passages"]
    return found


# -- reading statements -------------------------------------------------------------------

# A number, with an optional scale and measure word or per-cent sign after it.
# Longest first; ties by text, so the pattern is the same in every run (cached, lazyre).
_UNIT_WORDS = sorted(UNIT_WORDS, key=lambda word: (-len(word), word))
_UNIT_RE = "|".join(re.escape(w) for w in _UNIT_WORDS)
_SCALE_RE = "[" + "".join(SCALES) + "]"
_NUMBER_PATTERN = (
    rf"(?P<num>\d+(?:\.\d+)?)(?P<unit>%|‰|{_SCALE_RE}*(?:{_UNIT_RE})|{_SCALE_RE})?"
    r"(?P<post>及以上|或以上|以上|及以下|或以下|以下|以内|余|多|左右)?"
)
_NUMBER_RE = lazy_compile(_NUMBER_PATTERN)

# Comparator words the value grammar reads (kept in the value), longest first.
_COMPARATORS = (
    "不低于", "不少于", "不小于", "不高于", "不超过", "不多于", "不大于", "至少", "最少", "至多",
    "最多", "超过", "超出", "高于", "大于", "多于", "突破", "低于", "小于", "少于", "不足", "不到",
    "达到", "保持", "控制在", "等于", "超", "达", "≥", "≤", ">", "<",
)  # fmt: skip
# Verbs that introduce a level without comparing (dropped, the number stays a plain level).
_LEVEL_VERBS = (
    "提高到", "提高至", "提升到", "提升至", "增至", "增加到", "增加至", "增长到", "增长至", "降低到",
    "降低至", "降至", "降到", "下降到", "下降至", "扩大到", "扩大至", "稳定在", "维持在", "为", "是",
)  # fmt: skip
_TAIL_RE = lazy_compile(
    "(?:"
    + "|".join(re.escape(w) for w in sorted(_COMPARATORS + _LEVEL_VERBS, key=len, reverse=True))
    + r")\s*$"
)
_COMPARATOR_SET = frozenset(_COMPARATORS)

# Words in front of a name that do not change what it measures.
_LEADING_RE = lazy_compile(
    r"^(?:(?:到|至|截至|截止|在|于)?\d{4}年(?:年?底|年末|末)?(?:前|时)?"
    r"|(?:到|至|截至|截止|在|于)?“?十[一二三四五六七八九]?五”?(?:期间|末|时期)?"
    r"|年?底(?:前|时)?|年末|到|至|截至|截止"
    r"|力争|确保|实现|推动|推进|促进|使|让|将|把|其中|全面|基本|努力|进一步"
    r"|全[国省市区县旗州盟]|本[省市区县旗州盟]|我[国省市区县旗州盟]|各[省市区县旗州盟])+"
)
# A number after these words is a change, a total over years, or an average, not a level.
_CHANGE_RE = lazy_compile(
    r"新增|增加|增长|增幅|减少|下降|降低了|提高了|累计|年均|平均|较|比上年|同比|翻|新建|新改|改造"
)
_APPROXIMATE = frozenset({"余", "多", "左右"})
_APPROX_BEFORE_RE = lazy_compile(r"(?:约|近|大约|接近)$")
_RANGE_BEFORE_RE = lazy_compile(r"\d\s*(?:-|—|–|~|～|至|到)\s*$")
_RANGE_AFTER_RE = lazy_compile(r"\s*(?:-|—|–|~|～|至|到)\s*\d")
_TIME_UNITS = frozenset({"年", "月", "日", "天", "小时", "岁", "周岁"})

_YEAR_RE = lazy_compile(r"((?:19|20)\d{2})\s*年")
_FYP_RE = lazy_compile(r"十([一二三四五六七八九]?)五")
_BASELINE_PLACES = lazy_compile(
    r"发展基础|发展成就|工作回顾|主要成就|十[一二三四五六七八九]?五.*(?:成就|回顾)"
)

_CN_DIGIT = {"": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


@lru_cache(maxsize=65536)
def mention_key(text: str) -> str:
    """Return the form in which a name and a prose subject are compared."""
    key = fold_name(text)
    key = re.sub(r"每|拥有|的", "", key)
    return key[:-1] if key.endswith("数") and len(key) > 2 else key


_PER_RE = lazy_compile(r"每([百千万])|人均|户均")


@record
class _Target:
    """An indicator as the scanner matches it."""

    indicator: Indicator
    key: str
    per: str  # 千 in 每千名老年人…: a subject must say it too
    unit: str


# Characters a phrase naming an indicator can end with once its suffix is folded (占比 → 率).
_SUFFIX_ENDS = frozenset("比例重量数率")


@record
class _Targets:
    """The plan's indicators, indexed for matching: by folded name and by its last two characters."""

    exact: dict[str, list[_Target]]
    by_head: dict[str, list[_Target]]
    ends: frozenset[str]
    # What _match found for each folded phrase: prose repeats its phrases.
    matched: dict[str, _Target | None] = field(default_factory=dict, compare=False, hash=False)

    @property
    def ends_text(self) -> str:
        return "".join(sorted(self.ends))

    def __bool__(self) -> bool:
        return bool(self.exact)


def _targets(plan: Plan) -> _Targets:
    exact: dict[str, list[_Target]] = {}
    by_head: dict[str, list[_Target]] = {}
    for ind in plan.indicators.iter_all():
        unit = unit_text(ind)
        if not unit:
            continue
        per = _PER_RE.search(fold_name(ind.name))
        marker = (per.group(1) or per.group(0)) if per else ""
        target = _Target(ind, mention_key(ind.name), marker, unit)
        exact.setdefault(target.key, []).append(target)
        by_head.setdefault(target.key[-2:], []).append(target)
    ends = frozenset(key[-1] for key in exact if key) | _SUFFIX_ENDS
    return _Targets(exact, by_head, ends)


def _is_subsequence(short: str, long: str) -> bool:
    chars = iter(long)
    return all(ch in chars for ch in short)


def _shorter_form(key: str, target: _Target) -> bool:
    """Tell whether a folded phrase is a shorter form of the name with the same head."""
    return len(key) >= max(4, len(target.key) / 2) and _is_subsequence(key, target.key)


def _only(found: list[_Target], key: str) -> _Target | None:
    found = [t for t in found if not t.per or t.per in key]
    return found[0] if len(found) == 1 else None


def _match(subject: str, targets: _Targets) -> _Target | None:
    """Return the one indicator a phrase names (an exact match first), or None if unsure."""
    if subject[-1:] not in targets.ends:
        return None  # cheap test first: most phrases before a number name no indicator
    key = mention_key(subject)
    if len(key) < 2:
        return None
    if key not in targets.matched:
        targets.matched[key] = _match_key(key, targets)
    return targets.matched[key]


def _match_key(key: str, targets: _Targets) -> _Target | None:
    if key in targets.exact:
        return _only(targets.exact[key], key)
    candidates = [t for t in targets.by_head.get(key[-2:], []) if _shorter_form(key, t)]
    return _only(candidates, key)


# -- which table value a sentence speaks of -----------------------------------------------


def _fyp_ordinal(start_year: int) -> int | None:
    """Return the five-year-plan number of a period starting that year (2021 → 14)."""
    if start_year < 1966 or (start_year - 1966) % 5:
        return None
    return (start_year - 1966) // 5 + 3


def _field_for_year(year: int, plan: Plan, ind: Indicator) -> str | None:
    meta = plan.meta
    if year == meta.baseline_year:
        return "baseline"
    if year == meta.period_end:
        return "target"
    if any(y == year for y, _ in ind.milestones):
        return f"milestones.{year}"
    return None


def _field_for(sentence: str, before: str, place: str, plan: Plan, ind: Indicator) -> str | None:
    """Say which value a statement is about: a year, a period word, or the section it is in.

    Returns "" when the text does not tell, and None when it speaks of another year.
    """
    years = _YEAR_RE.findall(before) or _YEAR_RE.findall(sentence)
    if years:
        return _field_for_year(int(years[-1]), plan, ind)
    ordinal = _fyp_ordinal(plan.meta.period_start)
    fyp = _FYP_RE.findall(before) or _FYP_RE.findall(sentence)
    if fyp and ordinal is not None:
        number = 10 + _CN_DIGIT[fyp[-1]]
        return "target" if number == ordinal else "baseline" if number == ordinal - 1 else None
    return "baseline" if _BASELINE_PLACES.search(place) else ""


# -- scanning ------------------------------------------------------------------------------


def _subject(clause: str, start: int, end: int) -> tuple[str, str] | None:
    """Split the words before a number into (subject, comparator); None for a change."""
    words = clause[start:end].strip()
    if _APPROX_BEFORE_RE.search(words):
        return None
    comparator = ""
    tail = _TAIL_RE.search(words)
    while tail:
        if tail.group().strip() in _COMPARATOR_SET and not comparator:
            comparator = tail.group().strip()
        words = words[: tail.start()].rstrip()
        tail = _TAIL_RE.search(words)
    if _CHANGE_RE.search(words):
        return None
    return _LEADING_RE.sub("", words), comparator


def _skip_number(text: str, m: re.Match[str]) -> bool:
    """Tell whether a number is a year, a time, approximate, a range or has no unit."""
    unit, post = m.group("unit") or "", m.group("post") or ""
    if not unit or unit in _TIME_UNITS or post in _APPROXIMATE:
        return True
    if _RANGE_BEFORE_RE.search(text, max(0, m.start() - 6), m.start()):
        return True
    return bool(_RANGE_AFTER_RE.match(text, m.end())) or text[m.end() : m.end() + 1] in ("年", "月")


def _read_value(comparator: str, m: re.Match[str]) -> Value | None:
    post = m.group("post") or ""
    value, _ = parse_value(f"{comparator}{m.group('num')}{m.group('unit')}{post}")
    return value if value is not None and value.is_numeric else None


_TAIL_WORDS = "|".join(
    re.escape(w) for w in sorted(_COMPARATORS + _LEVEL_VERBS, key=len, reverse=True)
)
_NUMBER_TAIL = _NUMBER_PATTERN


@lru_cache(maxsize=256)
def _candidate_re(ends: str) -> re.Pattern[str]:
    """Match a number right after a name's last character and at most a few verb words.

    One C-level scan finds the few numbers worth a closer look; everything else in 60,000
    characters of prose is never touched in Python.
    """
    return compile_cached(rf"[{re.escape(ends)}](?:{_TAIL_WORDS}){{0,3}}\s*(?={_NUMBER_TAIL})")


_SEPARATORS = "。!?！？;；\n,，:：、"
_SENTENCE_ENDS = "。!?！？;；\n"
_WINDOW = 80  # no phrase naming an indicator is longer


def _start_after(text: str, chars: str, end: int, window: int = _WINDOW) -> int:
    """Return the offset just after the last of ``chars`` before ``end`` (within a window)."""
    low = max(0, end - window)
    last = _last_of(chars).search(text, low, end)
    return last.end() if last else low


@lru_cache(maxsize=16)
def _last_of(chars: str) -> re.Pattern[str]:
    """Match the last of ``chars`` before the end (searched with an end position)."""
    one = re.escape(chars)
    return compile_cached(rf"[{one}](?=[^{one}]*\Z)")


_UNIT_AFTER_RE = lazy_compile(rf"(?:%|‰|{_SCALE_RE}*(?:{_UNIT_RE}))?")


def _after_last_number(text: str, start: int, end: int) -> int:
    """Return where the words after the last number (and its unit) in text[start:end] begin."""
    digit = _last_of("0123456789").search(text, start, end)
    if digit is None:
        return start
    unit = _UNIT_AFTER_RE.match(text, digit.end(), end)
    return unit.end() if unit else digit.end()


def _sentence(text: str, at: int) -> tuple[str, str]:
    """Return the sentence around ``at`` and its part before ``at``."""
    first = _start_after(text, _SENTENCE_ENDS, at, window=len(text))
    ends = [i for i in (text.find(ch, at) for ch in _SENTENCE_ENDS) if i >= 0]
    return text[first : min(ends, default=len(text))], text[first:at]


def _statements(text: str, targets: _Targets) -> Iterator[tuple[_Target, str, Value, int]]:
    """Yield (indicator, statement, value, offset) for each level a passage states."""
    for hit in _candidate_re(targets.ends_text).finditer(text):
        m = _NUMBER_RE.match(text, hit.end())
        if m is None or _skip_number(text, m):
            continue
        clause = _start_after(text, _SEPARATORS, hit.start())
        start = _after_last_number(text, clause, hit.start())
        read = _subject(text, start, m.start())
        if read is None or not read[0]:
            continue
        target = _match(read[0], targets)
        if target is None or not compatible(parse_unit(m.group("unit")), parse_unit(target.unit)):
            continue
        value = _read_value(read[1], m)
        if value is not None:
            yield target, text[clause : m.end()].strip(), value, m.start()


def _passage_mentions(passage: Passage, plan: Plan, targets: _Targets) -> Iterator[Mention]:
    for target, statement, value, at in _statements(passage.text, targets):
        sentence, before = _sentence(passage.text, at)
        field = _field_for(sentence, before, passage.place, plan, target.indicator)
        if field is not None:
            yield Mention(
                target.indicator, statement, value, field, passage.location, passage.place
            )


def find_mentions(plan: Plan) -> list[Mention]:
    """Return every table value the plan's prose restates, in reading order."""
    targets = _targets(plan)
    if not targets:
        return []
    out: list[Mention] = []
    for passage in passages(plan):
        out.extend(_passage_mentions(passage, plan, targets))
    return out


# -- five-year totals ------------------------------------------------------------------------

# A comparison with a whole earlier period (较“十三五”, not 较“十三五”末) or an explicit total.
_PERIOD_TOTAL_RE = lazy_compile(
    r"较“?十[一二三四五六七八九]?五(?!”?[末底])”?"
    r"|(?:“?十[一二三四五六七八九]?五”?(?:期间|时期)|五年)(?:累计|合计|共计|总计)"
)


def _restates(stated: Value, unit: str, ind: Indicator) -> bool:
    """Tell whether a stated number is the indicator's target, in a convertible unit."""
    target = parse_value(ind.target)[0] if ind.target else None
    if target is None or not target.is_numeric:
        return False
    if not compatible(parse_unit(unit), parse_unit(unit_text(ind))):
        return False
    a, b = in_indicator_unit(stated, ind), in_indicator_unit(target, ind)
    return a is not None and b is not None and same_number(a, b)


def _sentence_numbers(sentence: str) -> Iterator[tuple[Value, str]]:
    for m in _NUMBER_RE.finditer(sentence):
        unit = m.group("unit")
        if unit and unit not in _TIME_UNITS:
            value = _read_value("", m)
            if value is not None:
                yield value, unit


def cumulative_evidence(plan: Plan, indicators: list[Indicator]) -> dict[str, str]:
    """Return which of ``indicators`` the prose shows to be five-year totals, with the sentence.

    A total's target restated in a sentence that compares with a whole earlier period
    (``慈善捐赠接收金额较“十三五”增长20%,达到90亿元``) or calls it a five-year total
    (``“十四五”期间累计…``) is a cumulative value even when the table does not say so
    (seed-notes §A.6).
    """
    wanted = [ind for ind in indicators if ind.target and unit_text(ind)]
    memo, key = _memo(plan), ("cumulative", tuple(ind.id for ind in wanted))
    if key not in memo:
        memo[key] = _cumulative(plan, wanted)
    found: dict[str, str] = memo[key]
    return found


def _cumulative(plan: Plan, wanted: list[Indicator]) -> dict[str, str]:
    found: dict[str, str] = {}
    if not wanted:
        return found
    for passage in passages(plan):
        if "五" not in passage.text:
            continue
        for hit in _PERIOD_TOTAL_RE.finditer(passage.text):
            sentence = _sentence(passage.text, hit.start())[0].strip()
            for value, unit in _sentence_numbers(sentence):
                for ind in wanted:
                    if ind.id not in found and _restates(value, unit, ind):
                        found[ind.id] = sentence
    return found


# -- agreement -----------------------------------------------------------------------------


def _places(number: Decimal) -> int:
    exponent = number.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


@record
class Quantity:
    """A number in an indicator's unit and the decimal places its writer gave it there."""

    number: Decimal
    places: int


def same_number(stated: Quantity, table: Quantity) -> bool:
    """Tell whether two numbers agree once the more precise is rounded to the other's places.

    ``1897人`` is 0.1897 万人 to four places and agrees with a table's ``0.19``; ``41.4``
    does not agree with ``41.47`` (rounded to one place it is 41.5).
    """
    places = min(stated.places, table.places)
    quantum = Decimal(1).scaleb(-places)
    return stated.number.quantize(quantum, ROUND_HALF_UP) == table.number.quantize(
        quantum, ROUND_HALF_UP
    )


_STRICT_PAIRS = {(GT, GE), (GE, GT), (LT, LE), (LE, LT)}
_OPPOSITE = {GE: "lower", GT: "lower", LE: "upper", LT: "upper"}


def comparators_clash(stated: Value, table: Value) -> bool:
    """Tell whether two bounds on the same number say different things (超75% against ≥75)."""
    a, b = stated.comparator or EQ, table.comparator or EQ
    if EQ in (a, b) or a == b:
        return False
    return (a, b) in _STRICT_PAIRS or _OPPOSITE.get(a) != _OPPOSITE.get(b)


def in_indicator_unit(value: Value, ind: Indicator) -> Quantity | None:
    """Return a value's number in the indicator's own unit (2500人 → 0.25 for 万人)."""
    unit = unit_text(ind)
    base = to_base(value, unit or None)
    if base is None or value.number is None:
        return None
    number = base / parse_unit(unit).factor
    places = _places(value.number)
    if value.number and number:
        # 3000人 in 万人 is 0.3000: precise to four places, not one.
        places -= (number / value.number).normalize().adjusted()
    return Quantity(number, max(places, 0))
