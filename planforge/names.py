"""Indicator names across levels: normalisation, similarity and parent-link suggestions.

The same indicator is named differently by a city and its districts (seed-notes §A): admin
prefixes (乡镇(街道) / 镇(街道) / 街道 / 街镇; 区县级 / 县级 / 旗市区级), facility words
(养老机构 / 养老服务机构), suffixes (数 / 总量 / 总数; 率 / 占比 / 比例), units written inside
the name (``社会工作专业人才数(万人)``), ASCII and full-width punctuation, and traditional
characters. :func:`normalize_name` folds all of these so equal names compare equal; the
similarity score then ranks the rest. Results are cached: a national tree repeats the same
few hundred names thousands of times.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from planforge import cache
from planforge.lazyre import lazy_compile
from planforge.model import Indicator, Plan
from planforge.records import record
from planforge.units import compatible, parse_unit, split_unit_from_name

__all__ = [
    "Suggestion",
    "bigrams",
    "fold_name",
    "name_score",
    "normalize_name",
    "normalize_text",
    "suggest_links",
    "to_simplified",
    "unit_text",
]

# Full-width ASCII (！ to ～) folds to ASCII; the ideographic space to a space.
_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDTH[0x3000] = 0x20

# Punctuation and spaces carry no meaning in a name: 乡镇(街道) ≈ 乡镇（街道） ≈ 乡镇街道.
_PUNCT_RE = lazy_compile(
    r"[\s\u00a0()\[\]{}<>:;,.!?'\"`~、。，：；！？“”‘’「」『』《》〈〉【】·•・…—\-_/\\|]+"
)
_SUB_ROW_RE = lazy_compile(r"^其中")

# Ordered (pattern, replacement) pairs applied after punctuation is gone.
_EQUIVALENTS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (lazy_compile(pattern), replacement)
    for pattern, replacement in (
        # Grass-roots admin units: a district with no 乡 writes 镇(街道); Inner Mongolia 苏木乡镇.
        (r"苏木乡镇|乡镇苏木|乡镇街道|镇街道|街道乡镇|乡镇|街镇|镇街", "乡镇"),
        (r"^(?:街道|镇)", "乡镇"),
        # County-level units: 区县级 (直辖市), 县级 (national), 旗市区级 (Inner Mongolia).
        (r"旗县市区级|旗市区级|县市区级|区县级|县区级|县级|(?<!社)区级", "县级"),
        (r"养老服务机构", "养老机构"),
        (r"建筑面积", "面积"),
        (r"老年人口|老人口|老年人", "老人"),
        # Suffixes that name the same measure.
        (r"(?:总数|总量|数量)$", "数"),
        (r"(?:占比|比例|比重)$", "率"),
    )
)


@lru_cache(maxsize=1)
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _convertible_chars() -> frozenset[str] | None:
    """Return characters of which every text OpenCC ``t2s`` would change has one, or None.

    Each dictionary entry that changes text contributes one of its characters (a character
    entry itself; a phrase, one that already is in the set or else the one it changes), so
    text with none of them matches no such entry and converts to itself. Most plans are
    written in simplified characters only. None (convert everything) when the installed
    OpenCC keeps its dictionaries elsewhere. Cached by the dictionaries' content.
    """
    spec = importlib.util.find_spec("opencc")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "dictionary"
    try:
        texts = [(folder / n).read_bytes() for n in ("TSCharacters.txt", "TSPhrases.txt")]
    except OSError:
        return None
    key = hashlib.sha256(b"\0".join(texts)).hexdigest()
    stored = cache.read("opencc", key)
    if stored is not None:
        return frozenset(stored.decode("utf-8"))
    chars = _one_char_per_entry(*(t.decode("utf-8") for t in texts))
    cache.write("opencc", key, "".join(sorted(chars)).encode("utf-8"))
    return chars


def _one_char_per_entry(characters: str, phrases: str) -> frozenset[str]:
    chars = {key for key, _ in _changing_entries(characters)}
    for key, value in _changing_entries(phrases):
        if chars.isdisjoint(key):
            changed = [a for a, b in zip(key, value, strict=False) if a != b]
            chars.add(changed[0] if changed else key[0])
    return frozenset(chars)


def _changing_entries(text: str) -> list[tuple[str, str]]:
    """Return the (key, value) entries of an OpenCC dictionary whose value differs."""
    entries = []
    for line in text.splitlines():
        key, _, values = line.strip().partition("\t")
        value = values.split(" ")[0]  # OpenCC uses the first value
        if key and value != key:
            entries.append((key, value))
    return entries


@lru_cache(maxsize=65536)
def to_simplified(text: str) -> str:
    """Convert traditional characters to simplified (OpenCC ``t2s``), cached."""
    if text.isascii():
        return text
    convertible = _convertible_chars()
    if convertible is not None and convertible.isdisjoint(text):
        return text
    return str(_converter().convert(text))


def _fold_punct(text: str, simplify: bool) -> str:
    folded = text.translate(_WIDTH)
    return _PUNCT_RE.sub("", to_simplified(folded) if simplify else folded)


@lru_cache(maxsize=65536)
def normalize_text(text: str) -> str:
    """Fold width, script and punctuation: the base of every name comparison."""
    return _fold_punct(text, True)


def _fold_name(name: str, simplify: bool) -> str:
    stem, _ = split_unit_from_name(name.translate(_WIDTH))
    text = _SUB_ROW_RE.sub("", _fold_punct(stem, simplify))
    for pattern, replacement in _EQUIVALENTS:
        text = pattern.sub(replacement, text)
    return text


@lru_cache(maxsize=65536)
def normalize_name(name: str) -> str:
    """Return the comparable form of an indicator name (see the module docstring)."""
    return _fold_name(name, True)


@lru_cache(maxsize=65536)
def fold_name(name: str) -> str:
    """Return :func:`normalize_name` without the script conversion, for text of one script.

    Scanning a plan's own prose compares words written in the same script as its table, and
    converting every candidate phrase with OpenCC would cost more than the rest of the scan.
    """
    return _fold_name(name, False)


@lru_cache(maxsize=65536)
def bigrams(text: str) -> frozenset[str]:
    """Return the character bigrams of text (a single character counts as one)."""
    if len(text) < 2:
        return frozenset({text}) if text else frozenset()
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def name_score(a: str, b: str) -> float:
    """Score how likely two names denote the same indicator, from 0 to 1.

    The mean of the Dice coefficient and the containment of the shorter name's bigrams, so
    ``护理型床位比例`` against ``养老机构护理型床位占比`` scores high (the first is inside the
    second) while names sharing only ``覆盖率`` stay low.
    """
    na, nb = normalize_name(a), normalize_name(b)
    if na == nb:
        return 1.0
    ga, gb = bigrams(na), bigrams(nb)
    if not ga or not gb:
        return 0.0
    common = len(ga & gb)
    dice = 2 * common / (len(ga) + len(gb))
    containment = common / min(len(ga), len(gb))
    return round((dice + containment) / 2, 3)


@record
class Suggestion:
    """A proposed parent link for a child indicator that has none."""

    child_id: str
    child_name: str
    parent_id: str
    parent_name: str
    score: float

    @property
    def reason(self) -> str:
        """Say in Chinese why the link is proposed."""
        if self.score >= 1.0:
            return "名称规范化后相同"
        return f"名称相似(相似度 {self.score:.2f})"


# Names that share only generic words score about 0.55 (困难残疾人生活补贴覆盖率 against
# 重度残疾人护理补贴覆盖率); real renamings score 0.8 and more.
SUGGEST_THRESHOLD = 0.6
# A unit of another kind (% against 张) makes a match much less likely.
_UNIT_PENALTY = 0.75


def _pair_score(child: Indicator, parent: Indicator) -> float:
    """Score a candidate pair: name similarity, lowered when the units cannot convert."""
    score = name_score(child.name, parent.name)
    cu, pu = unit_text(child), unit_text(parent)
    if cu and pu and not compatible(parse_unit(cu), parse_unit(pu)):
        score *= _UNIT_PENALTY
    return round(score, 3)


def unit_text(ind: Indicator) -> str:
    """Return the indicator's unit, or the one written inside its name, or ''."""
    if ind.unit:
        return ind.unit
    return split_unit_from_name(ind.name)[1] or ""


def _open_parents(plan: Plan, parent: Plan) -> list[Indicator]:
    """Return the parent's indicators no child row links to and none is declared N/A for."""
    taken = {ind.parent for ind in plan.indicators.iter_all() if ind.parent}
    taken.update(na.parent for na in plan.indicators.not_applicable)
    return [ind for ind in parent.indicators.iter_all() if ind.id not in taken]


def _candidates(
    children: Iterable[Indicator], parents: list[Indicator], threshold: float
) -> list[tuple[float, int, Indicator, Indicator]]:
    """Return every scored pair at or above the threshold, best first (ties in table order)."""
    scored = []
    order = 0
    for child in children:
        for par in parents:
            score = _pair_score(child, par)
            if score >= threshold:
                scored.append((score, order, child, par))
            order += 1
    scored.sort(key=lambda item: (-item[0], item[1]))
    return scored


def suggest_links(
    plan: Plan, parent: Plan, *, threshold: float = SUGGEST_THRESHOLD
) -> list[Suggestion]:
    """Propose a parent indicator for each unlinked child indicator, one child per parent.

    Pairs are taken best score first, so each parent indicator is proposed at most once and
    each child indicator gets its best remaining match. Returned in the child's table order.
    """
    unlinked = [ind for ind in plan.indicators.iter_all() if not ind.parent]
    scored = _candidates(unlinked, _open_parents(plan, parent), threshold)
    used_child: set[str] = set()
    used_parent: set[str] = set()
    chosen: dict[str, Suggestion] = {}
    for score, _, child, par in scored:
        if child.id in used_child or par.id in used_parent:
            continue
        used_child.add(child.id)
        used_parent.add(par.id)
        chosen[child.id] = Suggestion(child.id, child.name, par.id, par.name, score)
    return [chosen[ind.id] for ind in unlinked if ind.id in chosen]
