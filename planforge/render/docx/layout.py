"""A rough page-flow estimate, for the 目录's cached page numbers.

Word and LibreOffice recompute PAGEREF fields (Word on the update prompt, LibreOffice on
every layout), so the estimate only matters for a viewer that shows cached field results.
It counts lines from character widths: CJK characters and full-width punctuation are one
character wide, Latin letters and digits half.
"""

from __future__ import annotations

import bisect
import itertools
import math

from planforge.lazyre import lazy_compile
from planforge.render.docx.styles import StyleBook

# Narrow characters (below U+2000) that Latin-1 does not hold.
_NARROW_BEYOND_LATIN1 = lazy_compile("[\u0100-\u1fff]")


def text_ems(text: str) -> float:
    """Return the width of text in characters of its font size (below U+2000 counts half)."""
    # Counted in C: encoding to Latin-1 keeps exactly the characters below U+0100.
    narrow = len(text.encode("latin-1", "ignore"))
    if narrow < len(text):
        narrow += len(_NARROW_BEYOND_LATIN1.findall(text))
    return len(text) - narrow / 2


class PageEstimator:
    """Follow the body's flow page by page; ``page`` is the current page number."""

    def __init__(self, book: StyleBook) -> None:
        profile = book.profile
        self.book = book
        self.capacity = profile.page.text_height_mm * 72 / 25.4
        self.width = profile.page.text_width_mm * 72 / 25.4
        self.pitch = profile.line_pitch_pt
        self.page = 1
        self.used = 0.0

    def new_page(self, restart: bool = False) -> None:
        self.page = 1 if restart else self.page + 1
        self.used = 0.0

    def paragraph_height(self, style: str, text: str, width: float | None = None) -> float:
        """Return the height of a paragraph of ``style`` in points."""
        spec = self.book.spec(style)
        char = spec.char_pt(self.book.profile.char_spacing_pt)
        avail = (width if width is not None else self.width) - (
            spec.left_chars + spec.right_chars
        ) * char
        per_line = max(1, int(avail // char))
        lines = max(1, math.ceil((text_ems(text) + spec.indent_chars) / per_line))
        return lines * spec.line_pt + (spec.before_lines + spec.after_lines) * self.pitch

    def keep(self, height: float) -> int:
        """Place a block that must not be split (a heading with its next line); return its page."""
        if self.used and self.used + height > self.capacity:
            self.new_page()
        return self.flow(height)

    def flow(self, height: float) -> int:
        """Place a block that may run onto the next pages; return the page it starts on."""
        if self.used >= self.capacity:
            self.new_page()
        start = self.page
        self.used += height
        while self.used > self.capacity:
            self.used -= self.capacity
            self.page += 1
        return start


# -- titles over several lines ------------------------------------------------------------------

_NO_LINE_START = set("”’》）)」』】〕、，。：；！？,.;:!?…—")
_NO_LINE_END = set("“‘《（(「『【〔")
_KEEP_TOGETHER = set("0123456789-–—./%年")
# Breaking before or after these words keeps each line a whole phrase (GB/T 9704: 词意完整).
_GOOD_BEFORE = ("关于", "印发", "《", "“", "的通知", "的意见", "民政", "发展", "（")
_GOOD_AFTER = ("关于", "印发", "》", "政府", "办公室", "办公厅", "民政局")
# Costs in squared characters of imbalance between the lines.
_EXTRA_LINE_COST = 8.0
_PLAIN_BREAK_COST = 10.0  # a break at no known phrase boundary may split a word
_INSIDE_TITLE_COST = 2.0  # inside 《…》
_INSIDE_QUOTES_COST = 40.0  # never split “十四五”


def balance_lines(text: str, per_line: float) -> list[str]:
    """Split a centred title into lines of similar length at phrase boundaries.

    GB/T 9704 asks for titles laid out as a trapezoid or diamond, each line a whole phrase;
    letting the title wrap on its own can leave a last line of two characters.
    """
    total = text_ems(text)
    if total <= per_line or len(text) < 4:
        return [text]
    widths = [0.0]
    for char in text:
        widths.append(widths[-1] + (0.5 if char < "\u2000" else 1.0))
    costs = _break_costs(text)
    first = math.ceil(total / per_line)
    options = []
    for count in (first, first + 1, first + 2):
        found = _best_breaks(costs, widths, count, per_line)
        if found is not None:
            options.append((found[0] + _EXTRA_LINE_COST * (count - first), found[1]))
    if not options:
        return [text]
    breaks = min(options)[1]
    edges = [0, *breaks, len(text)]
    return [text[a:b] for a, b in itertools.pairwise(edges)]


def _best_breaks(
    costs: dict[int, float], widths: list[float], count: int, per_line: float
) -> tuple[float, list[int]] | None:
    """Choose ``count - 1`` break points: lines near the average length, breaks at phrases."""
    size = len(widths) - 1
    target = widths[-1] / count
    # best[k][i]: (cost, breaks) of the first k lines ending at position i
    best: list[dict[int, tuple[float, list[int]]]] = [{0: (0.0, [])}]
    for k in range(1, count + 1):
        row: dict[int, tuple[float, list[int]]] = {}
        ends = {size: 0.0} if k == count else costs
        starts = list(best[k - 1].items())  # in increasing position, as they were added
        start_widths = [widths[start] for start, _ in starts]
        for end, break_cost in ends.items():
            # Only starts less than a line's width before the end can begin its last line.
            first = bisect.bisect_left(start_widths, widths[end] - per_line)
            for start, (cost, breaks) in starts[first:]:
                if start >= end:
                    break
                width = widths[end] - widths[start]
                total = cost + (width - target) ** 2 + break_cost
                if end not in row or total < row[end][0]:
                    row[end] = (total, [*breaks, end] if end < size else breaks)
        best.append(row)
    return best[count].get(size)


def _break_costs(text: str) -> dict[int, float]:
    """Return the cost of a line break before ``text[i]`` for every ``i`` a line may start at."""
    costs: dict[int, float] = {}
    quotes = titles = 0  # open “ and 《 before position i
    for i in range(1, len(text)):
        before = text[i - 1]
        quotes += (before == "“") - (before == "”")
        titles += (before == "《") - (before == "》")
        if _can_break(text, i):
            costs[i] = _break_cost(text, i, quotes > 0, titles > 0)
    return costs


def _can_break(text: str, i: int) -> bool:
    before, after = text[i - 1], text[i]
    if after in _NO_LINE_START or before in _NO_LINE_END:
        return False
    return not (before in _KEEP_TOGETHER and after in _KEEP_TOGETHER)


def _break_cost(text: str, i: int, in_quotes: bool, in_title: bool) -> float:
    """Return the cost of a line break before ``text[i]``."""
    if in_quotes:
        return _INSIDE_QUOTES_COST
    cost = _INSIDE_TITLE_COST if in_title else 0.0
    good = any(text.startswith(w, i) for w in _GOOD_BEFORE) or any(
        text.endswith(w, 0, i) for w in _GOOD_AFTER
    )
    return cost + (0.0 if good else _PLAIN_BREAK_COST)
