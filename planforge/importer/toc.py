"""The 目录: reading it, comparing it with the body headings, restoring headings the body lost."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from planforge.importer.blocks import Block
from planforge.importer.chinese import content_chars, shadow
from planforge.importer.findings import Findings
from planforge.importer.items import Heading, Item
from planforge.importer.patterns import (
    ARABIC,
    CHAPTER,
    CN,
    PAREN_CN,
    SECTION,
    TOC_ENTRY,
    TOC_HEAD,
    numbered,
)


@dataclass
class TocEntry:
    """One line of the 目录: level, numbering, title without numbering, raw text, page."""

    level: int
    kind: str
    number: int
    title: str
    raw: str
    page: int | None
    line: int
    heading: Heading | None = None


_LEVELS = {"chapter": {CHAPTER: 1, SECTION: 2, CN: 3}, "outline": {CN: 1, PAREN_CN: 2, ARABIC: 3}}


_LEADERS = re.compile(r"(?:[….·•⋯]{2,}|\s)+$")  # dot leaders; a single … marks a cut title


def parse_entry(
    text: str, line: int, lenient: bool = False, style_level: int | None = None
) -> TocEntry | None:
    """Read ``第一节发展基础……5`` into an entry; ``lenient`` accepts entries without page."""
    key = shadow(text).strip()
    m = TOC_ENTRY.match(key)
    if m:
        title_key, page = m.group(1).strip(), m.group(2)
    elif lenient or style_level:
        m2 = re.match(r"^(.*?)[\s(（]*(\d{1,3})?[)）]?\s*$", key)
        title_key, page = (m2.group(1).strip(), m2.group(2)) if m2 else (key, None)
    else:
        return None
    num = numbered(title_key)
    if num is None and not style_level:
        return None
    raw = _LEADERS.sub("", text.strip()[: len(title_key)])
    kind = num.kind if num else "styled"
    title = raw[len(num.marker) :].strip() if num else raw
    return TocEntry(
        style_level or 0,
        kind,
        num.number if num else 0,
        title,
        raw,
        int(page) if page else None,
        line,
    )


def read_toc(blocks: list[Block], start: int) -> tuple[list[TocEntry], int]:
    """If ``blocks[start]`` is a 目录 heading (or Word TOC lines), read the entries after it."""
    i = start
    if TOC_HEAD.match(blocks[i].key):
        i += 1
    elif blocks[i].toc_level is None:
        return [], start
    entries: list[TocEntry] = []
    while i < len(blocks):
        b = blocks[i]
        entry = parse_entry(b.text, b.line, style_level=b.toc_level)
        if entry is None:
            break
        entries.append(entry)
        i += 1
    set_levels(entries)
    return entries, i


def read_toc_text(text: str) -> list[TocEntry]:
    """Read a 目录 given separately (e.g. copied from another copy of the document)."""
    entries = []
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip() and not TOC_HEAD.match(shadow(line)):
            entry = parse_entry(line, n, lenient=True)
            if entry is not None:
                entries.append(entry)
    set_levels(entries)
    return entries


def set_levels(entries: list[TocEntry]) -> None:
    """Give entries without a Word style level the level of their numbering."""
    scheme = "chapter" if any(e.kind in (CHAPTER, SECTION) for e in entries) else "outline"
    for e in entries:
        if not e.level:
            e.level = _LEVELS[scheme].get(e.kind, 3)


# -- comparing ------------------------------------------------------------------------------


@lru_cache(maxsize=16384)
def norm_title(text: str) -> str:
    """Compare titles on their characters only (no spaces or punctuation, simplified)."""
    return content_chars(shadow(text))


def similarity(a: str, b: str) -> float:
    """Dice coefficient of character bigrams (1.0 for equal titles)."""
    na, nb = norm_title(a), norm_title(b)
    if na == nb:
        return 1.0
    ga, gb = _bigrams(na), _bigrams(nb)
    if not ga or not gb:
        return 0.0
    return 2 * len(ga & gb) / (len(ga) + len(gb))


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def align(entries: list[TocEntry], headings: list[Heading]) -> list[tuple[int, int]]:
    """Match TOC entries to body headings in order (an LCS on level, number and title)."""
    n, m = len(entries), len(headings)
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best = max(score[i + 1][j], score[i][j + 1])
            pair = _pair_score(entries[i], headings[j])
            if pair > 0:
                best = max(best, pair + score[i + 1][j + 1])
            score[i][j] = best
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < n and j < m:
        pair = _pair_score(entries[i], headings[j])
        if pair > 0 and abs(score[i][j] - (pair + score[i + 1][j + 1])) < 1e-9:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif score[i + 1][j] >= score[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def _pair_score(e: TocEntry, h: Heading) -> float:
    if e.level != h.level:
        return 0.0
    same_number = e.number == h.number and e.number > 0
    sim = similarity(e.title, h.title)
    if not same_number and sim < 0.5:
        return 0.0
    return 1 + 2 * sim + (0.5 if same_number else 0)


def compare(
    entries: list[TocEntry], items: list[Item], found: Findings, external: bool = False
) -> None:
    """Link entries to body headings and report every disagreement.

    For a 目录 supplied separately only the titles are compared (its lines are not source lines).
    """
    top = max((e.level for e in entries), default=0)
    headings = [it for it in items if isinstance(it, Heading) and it.level <= top]
    for i, j in align(entries, headings):
        entries[i].heading = headings[j]
        _compare_titles(entries[i], headings[j], found)
    if external:
        return
    matched = {id(e.heading) for e in entries if e.heading is not None}
    for h in headings:
        if id(h) not in matched:
            found.warn("IMP103", f"正文标题“{h.marker}{h.title}”不在目录中", h.line)
    _check_pages(entries, found)
    _check_numbers(entries, found)


def _compare_titles(e: TocEntry, h: Heading, found: Findings) -> None:
    if norm_title(e.title) == norm_title(h.title) and e.number == h.number:
        return
    found.warn(
        "IMP101",
        f"目录第 {e.line} 行作“{e.raw}”,正文作“{h.marker}{h.title}”",
        h.line,
        hint="导入结果保留正文标题;请核对后统一",
    )
    h.notes.append(f"目录作“{e.raw}”")


def _check_pages(entries: list[TocEntry], found: Findings) -> None:
    last: TocEntry | None = None
    for e in entries:
        if e.page is None:
            continue
        if last is not None and last.page is not None and e.page < last.page:
            found.warn(
                "IMP104",
                f"目录页码倒退:“{last.raw}”在第 {last.page} 页,其后的“{e.raw}”却在第 {e.page} 页",
                e.line,
            )
        last = e


def _check_numbers(entries: list[TocEntry], found: Findings) -> None:
    expected: dict[int, int] = {}
    for e in entries:
        if not e.number:
            continue
        want = expected.get(e.level, 1)
        if e.number != want:
            found.warn("IMP105", f"目录编号不连续:“{e.raw}”处应为第 {want} 个", e.line)
        expected[e.level] = e.number + 1
        for deeper in [lv for lv in expected if lv > e.level]:
            del expected[deeper]
