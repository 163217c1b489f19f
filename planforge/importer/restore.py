"""Putting back headings that the 目录 lists but the body lost.

The missing headings between two headings the body kept are placed, in TOC order, at the
boundaries that score best: a chapter is followed by its introduction (paragraphs without a
lead-in), a section by paragraphs whose lead-ins share words with its title (words frequent
in the document count less), and the printed page numbers, mapped to character offsets
between the kept headings, break ties. Every restored heading is marked.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from planforge.importer.chinese import content_chars
from planforge.importer.findings import Findings
from planforge.importer.items import Box, Heading, Item, Para, Table, topic
from planforge.importer.toc import TocEntry, norm_title

EMPTY_SECTION = -3.0
PAGE_WEIGHT = 0.5
CHARS_PER_PAGE = 550.0
HEADING_CHARS = 56  # a heading line and the space around it, in body characters


class Words:
    """Bigram weights: a bigram found in many leads and titles says little about topic."""

    def __init__(self, texts: list[str]) -> None:
        self.df: Counter[str] = Counter()
        for text in texts:
            self.df.update(_bigrams(norm_title(text)))
        self.n = max(len(texts), 1)

    def weight(self, gram: str) -> float:
        return math.log((self.n + 1) / (self.df[gram] + 1)) + 0.1

    def containment(self, title: str, text: str) -> float:
        """Weighted share of the title's bigrams that occur somewhere in ``text``."""
        gt = _bigrams(norm_title(title))
        if not gt:
            return 0.0
        gx = _bigrams(norm_title(text))
        return sum(self.weight(g) for g in gt & gx) / sum(map(self.weight, gt))

    def similarity(self, a: str, b: str) -> float:
        """Weighted Dice coefficient of the character bigrams of two titles."""
        ga, gb = _bigrams(norm_title(a)), _bigrams(norm_title(b))
        if not ga or not gb:
            return 0.0
        common = sum(self.weight(g) for g in ga & gb)
        return 2 * common / (sum(map(self.weight, ga)) + sum(map(self.weight, gb)))


@lru_cache(maxsize=16384)
def _bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


@dataclass
class Owner:
    """What a run of content would belong to: the preamble, a chapter's intro, or a section."""

    kind: str  # "preamble" | "intro" | "section"
    titles: list[str] = field(default_factory=list)
    kept: bool = False  # a heading the body has (it must keep some content)


def owner_of(h: Heading | TocEntry | None, toc_title: str = "") -> Owner:
    if h is None:
        return Owner("preamble")
    titles = [h.title, toc_title] if toc_title else [h.title]
    return Owner("intro" if h.level == 1 else "section", titles, isinstance(h, Heading))


def item_score(item: Item, owner: Owner, words: Words) -> float:
    """How well one item fits under an owner."""
    if isinstance(item, Heading):
        return 0.0
    if isinstance(item, Para):
        if owner.kind == "section":
            weight = 2.0 if item.lead else 1.0
            return weight * _best(words, owner, topic(item)) + max(
                words.containment(t, item.full) for t in owner.titles
            )
        if owner.kind == "preamble":
            return 2.0 if _PREAMBLE.search(item.full) and not item.lead else -0.5
        return -1.0 if item.lead or item.bullet else 1.0
    if isinstance(item, Box | Table):
        return 2 * _best(words, owner, item.title) if owner.kind == "section" else -2.0
    return 0.0


_PREAMBLE = re.compile(r"依据|根据|特制定|编制本规划|规划期为|规划期限")


def _best(words: Words, owner: Owner, text: str) -> float:
    return max(words.similarity(t, text) for t in owner.titles)


class PagePrior:
    """Estimated page of each position, interpolated between the headings the body kept."""

    def __init__(self, items: list[Item], entries: list[TocEntry]) -> None:
        self.offsets = [0]
        for it in items:
            self.offsets.append(self.offsets[-1] + _length(it))
        index = {id(it): k for k, it in enumerate(items)}
        points = sorted(
            {
                (self.offsets[index[id(e.heading)]], e.page)
                for e in entries
                if e.heading is not None and e.page is not None and id(e.heading) in index
            }
        )
        first = next((e.page for e in entries if e.page is not None), None)
        self.active = first is not None
        if not points and first is not None:
            points = [(0, first)]
        self.restored_before = 0
        self.density = CHARS_PER_PAGE
        self.xs = [x for x, _ in points]
        self.ys = [float(y) for _, y in points]

    def page_at(self, offset: int, lost: int = 0) -> float:
        """Estimated page at a character offset.

        Between two kept headings the pages are interpolated (which spreads the space of the
        headings lost in between); outside them ``lost`` characters of lost headings are added.
        """
        k = bisect_right(self.xs, offset)
        if 0 < k < len(self.xs) and self.xs[k] > self.xs[k - 1]:
            x0, x1, y0, y1 = self.xs[k - 1], self.xs[k], self.ys[k - 1], self.ys[k]
            return y0 + (y1 - y0) * (offset - x0) / (x1 - x0)
        x0, y0 = (self.xs[-1], self.ys[-1]) if k else (self.xs[0], self.ys[0])
        return y0 + (offset + lost - x0) / self.density

    def refit(self, placed: list[tuple[int, int]]) -> bool:
        """Without kept headings to lean on, fit start page and density to a first placement.

        ``placed`` holds (offset including lost headings, printed page) of restored headings.
        Returns whether the fit changed anything.
        """
        if len(self.xs) > 1 or len(placed) < 3:
            return False
        n = len(placed)
        mx = sum(x for x, _ in placed) / n
        my = sum(y for _, y in placed) / n
        sxx = sum((x - mx) ** 2 for x, _ in placed)
        if sxx <= 0:
            return False
        slope = sum((x - mx) * (y - my) for x, y in placed) / sxx
        if not 1 / 900 < slope < 1 / 300:
            return False
        self.density = 1 / slope
        self.xs, self.ys = [0], [my - slope * mx]
        return True

    def cost(self, position: int, page: int | None, headings_before: int = 0) -> float:
        """Penalty for a heading printed on ``page`` starting at ``position``.

        ``headings_before`` restored headings lie before it: the body lost the space they
        take on the page, so it is added back.
        """
        if not self.active or page is None or not self.xs:
            return 0.0
        est = self.page_at(self.offsets[position], headings_before * HEADING_CHARS)
        return PAGE_WEIGHT * max(0.0, page - est, est - (page + 1))


def _text(item: Item) -> str:
    if isinstance(item, Para):
        return item.full
    if isinstance(item, Box):
        return item.title + "".join(i.title + i.text for i in item.items)
    return topic(item) if not isinstance(item, Heading) else item.title


def _length(item: Item) -> int:
    if isinstance(item, Para):
        return len(content_chars(item.full))
    if isinstance(item, Box):
        return sum(len(content_chars(i.title + i.text)) for i in item.items) + 40
    if isinstance(item, Table):
        return 40 * len(item.raw.rows)
    return 30


def restore(
    items: list[Item], entries: list[TocEntry], found: Findings, external: bool = False
) -> list[Item]:
    """Insert a heading for every TOC entry the body lost; return the new item list.

    ``external``: the entries come from a 目录 supplied separately, not from the source.
    """
    prior = PagePrior(items, entries)
    words = Words(
        [_text(it) for it in items if not isinstance(it, Heading)] + [e.title for e in entries]
    )
    inserts = _place_all(items, entries, prior, words)
    placed = [
        (prior.offsets[k] + n * HEADING_CHARS, h.page)
        for n, (k, h) in enumerate((k, h) for k in sorted(inserts) for h in inserts[k])
        if h.page is not None
    ]
    if prior.refit(placed):
        inserts = _place_all(items, entries, prior, words)
    return _merge(items, inserts, found, external)


def _place_all(
    items: list[Item], entries: list[TocEntry], prior: PagePrior, words: Words
) -> dict[int, list[Heading]]:
    """One placement pass over every run of missing entries."""
    index = {id(it): k for k, it in enumerate(items)}
    inserts: dict[int, list[Heading]] = {}
    prev: TocEntry | None = None
    run: list[TocEntry] = []
    restored = 0
    for e in [*entries, None]:
        if e is not None and e.heading is None:
            run.append(e)
            continue
        if run:
            lo = index[id(prev.heading)] + 1 if prev and prev.heading else 0
            hi = index[id(e.heading)] if e and e.heading else len(items)
            anchor = owner_of(prev.heading, prev.title) if prev else owner_of(None)
            owners = [anchor, *(owner_of(x) for x in run)]
            prior.restored_before = restored
            bounds = _place(items[lo:hi], owners, [x.page for x in run], lo, prior, words)
            restored += len(run)
            for x, b in zip(run, bounds, strict=True):
                inserts.setdefault(lo + b, []).append(_heading_from(x))
            run = []
        prev = e
    return inserts


def _merge(
    items: list[Item], inserts: dict[int, list[Heading]], found: Findings, external: bool
) -> list[Item]:
    out: list[Item] = []
    for k in range(len(items) + 1):
        for h in inserts.get(k, []):
            where = "另行提供的目录" if external else "目录"
            nxt = items[k].line if k < len(items) else 0
            found.warn(
                "IMP102",
                f"正文缺少{where}所列标题“{h.notes[0]}”,已补入第 {nxt} 行之前"
                if nxt
                else f"正文缺少{where}所列标题“{h.notes[0]}”,已补入正文末尾",
                0 if external else h.toc_line,
                hint="补入位置系推断,请核对",
            )
            h.toc_external = external
            out.append(h)
        if k < len(items):
            out.append(items[k])
    return out


def _place(
    items: list[Item],
    owners: list[Owner],
    pages: list[int | None],
    lo: int,
    prior: PagePrior,
    words: Words,
) -> list[int]:
    """Choose boundaries 0 ≤ b1 ≤ … ≤ bk ≤ n for the missing headings (dynamic programming).

    ``owners[0]`` holds the content before b1 (the heading before the gap), ``owners[j]``
    the content from bj on.
    """
    seg = [_prefix(items, o, words) for o in owners]
    cut = [boundary_score(items, b) for b in range(len(items) + 1)]
    n, k = len(items), len(owners) - 1
    neg = float("-inf")
    best = [[neg] * (n + 1) for _ in range(k + 1)]
    back = [[0] * (n + 1) for _ in range(k + 1)]
    best[0][0] = 0.0
    for j in range(1, k + 1):
        for b in range(n + 1):
            here = seg[j - 1][b] + cut[b]
            here -= prior.cost(lo + b, pages[j - 1], prior.restored_before + j - 1)
            for a in range(b + 1):
                if best[j - 1][a] == neg:
                    continue
                value = best[j - 1][a] - seg[j - 1][a] + here + _empty(owners[j - 1], a == b)
                if value > best[j][b]:
                    best[j][b], back[j][b] = value, a
    last = max(
        range(n + 1), key=lambda b: best[k][b] + seg[k][n] - seg[k][b] + _empty(owners[k], b == n)
    )
    bounds = [last]
    for j in range(k, 1, -1):
        bounds.append(back[j][bounds[-1]])
    return bounds[::-1]


def boundary_score(items: list[Item], b: int) -> float:
    """How plausible a heading is right before ``items[b]``.

    Never inside a bulleted list or between a table and the paragraph tied to it; rarely
    right before a box (boxes close sections) or between a list and the paragraph introducing
    it; readily right after a box.
    """
    before = items[b - 1] if b > 0 else None
    after = items[b] if b < len(items) else None
    if (
        isinstance(before, Para)
        and isinstance(after, Para)
        and before.bullet
        and before.bullet == after.bullet
    ):
        return float("-inf")
    if isinstance(before, Table) and isinstance(after, Para) and after.tied:
        return float("-inf")
    score = -1.0 if isinstance(after, Box | Table) else 0.0
    if isinstance(before, Para) and isinstance(after, Para) and after.bullet and not before.bullet:
        score -= 1.0  # a list stays with the paragraph that introduces it
    return score + (0.5 if isinstance(before, Box) else 0.0)


def _empty(owner: Owner, empty: bool) -> float:
    return EMPTY_SECTION if empty and owner.kind == "section" else 0.0


def _prefix(items: list[Item], owner: Owner, words: Words) -> list[float]:
    sums = [0.0]
    for it in items:
        sums.append(sums[-1] + item_score(it, owner, words))
    return sums


def _heading_from(e: TocEntry) -> Heading:
    marker = e.raw[: len(e.raw) - len(e.title)].strip() if e.raw.endswith(e.title) else ""
    h = Heading(
        e.kind,
        e.number,
        e.title,
        0,
        marker,
        level=e.level,
        restored=True,
        toc_line=e.line,
        page=e.page,
    )
    h.notes.append(e.raw)
    return h
