"""A rough page-flow estimate, for the 目录's cached page numbers.

Word and LibreOffice recompute PAGEREF fields (Word on the update prompt, LibreOffice on
every layout), so the estimate only matters for a viewer that shows cached field results.
It counts lines from character widths: CJK characters and full-width punctuation are one
character wide, Latin letters and digits half.
"""

from __future__ import annotations

import math

from planforge.render.docx.styles import StyleBook


def text_ems(text: str) -> float:
    """Return the width of text in characters of its font size (Latin counts half)."""
    narrow = sum(1 for c in text if c < "\u2000")
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
