"""The reader-independent form of a source document: positioned blocks and raw tables."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RawTable:
    """A table as read: rows of cell texts (merged cells repeated), one source line per row."""

    rows: list[list[str]]
    lines: list[int]
    layout: str = ""
    cell_lines: list[list[int]] = field(default_factory=list)  # when cells sit on own lines

    def line_of(self, row: int, col: int) -> int:
        """The source line of one cell."""
        if row < len(self.cell_lines) and col < len(self.cell_lines[row]):
            return self.cell_lines[row][col]
        return self.lines[row] if row < len(self.lines) else 0

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass
class Block:
    """One paragraph, line or table of the source, with its 1-based line (or paragraph) number.

    ``text`` is what the plan will say (after pinyin removal and optional conversion);
    ``key`` is a simplified-character shadow of ``text`` with the same length, used only
    for recognising structure, so traditional-character input is detected the same way.
    """

    line: int
    text: str
    key: str = ""
    heading: int | None = None  # explicit level from a Word style or a Markdown '#'
    lead: str | None = None  # explicit bold lead-in (Word runs, Markdown **…**)
    bold: bool = False
    centered: bool = False
    toc_level: int | None = None  # Word "TOC n" style
    table: RawTable | None = None
    end_line: int = 0
    noise: str = ""  # reason when the line is not part of the plan
    group: int = 0  # container (Markdown block quote) shared by the blocks of one box

    def __post_init__(self) -> None:
        if not self.key or len(self.key) != len(self.text):
            self.key = self.text
        if not self.end_line:
            self.end_line = self.line


@dataclass
class SourceDoc:
    """What a reader returns: the blocks plus reader-level findings."""

    file: str
    blocks: list[Block]
    kind: str  # "text" | "docx" | "markdown"
    pinyin_removed: int = 0
    converted_chars: int = 0
    conversions: dict[str, int] = field(default_factory=dict)
