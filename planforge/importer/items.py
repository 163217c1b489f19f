"""The importer's flat body: headings and content items in document order."""

from __future__ import annotations

from dataclasses import dataclass, field

from planforge.importer.blocks import RawTable
from planforge.importer.boxes import BoxItem
from planforge.importer.indicators import IndicatorTable


@dataclass
class Heading:
    """A chapter/section/subsection heading (numbering kept apart from the title)."""

    kind: str  # patterns.CHAPTER … or "styled"
    number: int
    title: str
    line: int
    marker: str = ""
    level: int = 0  # 1 chapter, 2 section, 3 subsection (resolved from the numbering scheme)
    restored: bool = False
    notes: list[str] = field(default_factory=list)
    toc_line: int = 0
    toc_external: bool = False
    page: int | None = None


@dataclass
class Para:
    """A paragraph, possibly with a bold lead-in, possibly a list item (bullet)."""

    text: str
    line: int
    lead: str | None = None
    bullet: str = ""  # "——", "numbered" or ""
    notes: list[str] = field(default_factory=list)
    tied: bool = False  # belongs with the table before it (a 2035 vision after the indicators)

    @property
    def full(self) -> str:
        return (self.lead or "") + self.text


@dataclass
class Box:
    """A 专栏 box: its number in the source, title and items."""

    number: int
    title: str
    line: int
    items: list[BoxItem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Table:
    """A table with its title; ``indicators`` is set for the main indicator table."""

    number: int
    title: str
    line: int
    raw: RawTable
    prefix: str = "表"  # "表" or "专栏"
    indicators: IndicatorTable | None = None
    notes: list[str] = field(default_factory=list)  # importer comments
    table_notes: list[Note] = field(default_factory=list)  # 注 printed under the table


@dataclass
class Note:
    """A 注 paragraph (``注:……``), kept as a note block or attached to the table before it."""

    text: str
    line: int
    notes: list[str] = field(default_factory=list)


Content = Para | Box | Table | Note
Item = Heading | Content


def topic(item: Content) -> str:
    """The words that say what an item is about: lead-in, box or table title, first words."""
    if isinstance(item, Para):
        return item.lead or item.text[:40]
    if isinstance(item, Note):
        return item.text[:40]
    return item.title
