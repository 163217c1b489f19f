"""Frozen dataclasses for a plan; each node keeps the Location it came from.

The JSON schema is the one description of the plan's shape: these classes hold data and
positions and assume the document already passed schema validation.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any

from planforge.errors import Location, YamlPath
from planforge.source import SourceDoc

BINDING = "约束性"
EXPECTED = "预期性"


def value_text(raw: Any) -> str | None:
    """Return an indicator value as the text the drafter wrote (numbers kept minimal)."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        return str(raw).lower()
    if isinstance(raw, float):
        return format(Decimal(repr(raw)).normalize(), "f")
    return str(raw)


@dataclass(frozen=True)
class Paragraph:
    text: str
    lead: str = ""
    todo: bool = False
    loc: Location = field(default=Location(""), compare=False)


@dataclass(frozen=True)
class ListBlock:
    items: tuple[Paragraph, ...]
    bullet: str = ""
    loc: Location = field(default=Location(""), compare=False)


@dataclass(frozen=True)
class BoxItem:
    title: str
    text: str = ""
    loc: Location = field(default=Location(""), compare=False)


@dataclass(frozen=True)
class Box:
    title: str
    items: tuple[BoxItem, ...]
    id: str = ""
    loc: Location = field(default=Location(""), compare=False)


@dataclass(frozen=True)
class Insert:
    what: str  # goals | indicator_table | vision
    loc: Location = field(default=Location(""), compare=False)


@dataclass(frozen=True)
class Table:
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...] = ()
    id: str = ""
    loc: Location = field(default=Location(""), compare=False)


@dataclass(frozen=True)
class Note:
    text: str
    loc: Location = field(default=Location(""), compare=False)


Block = Paragraph | ListBlock | Box | Insert | Table | Note


@dataclass(frozen=True)
class Subsection:
    title: str
    blocks: tuple[Block, ...]
    id: str = ""
    loc: Location = field(default=Location(""), compare=False)


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...]
    subsections: tuple[Subsection, ...] = ()
    id: str = ""
    loc: Location = field(default=Location(""), compare=False)


@dataclass(frozen=True)
class Chapter:
    title: str
    intro: tuple[Block, ...]
    sections: tuple[Section, ...]
    id: str = ""
    loc: Location = field(default=Location(""), compare=False)


@dataclass(frozen=True)
class Part:
    """One row of an indicator split into several rows (全自理 / 半自理 / 全护理)."""

    label: str
    baseline: str | None
    target: str | None
    milestones: tuple[tuple[int, str], ...] = ()
    actual: tuple[tuple[int, str], ...] = ()
    loc: Location = field(default=Location(""), compare=False)


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    attribute: str
    unit: str = ""
    category: str = ""
    baseline: str | None = None
    target: str | None = None
    milestones: tuple[tuple[int, str], ...] = ()
    actual: tuple[tuple[int, str], ...] = ()
    direction: str = "higher"
    kind: str = ""
    basis: str = "annual"
    parent: str = ""
    note: str = ""
    todo: bool = False
    children: tuple[Indicator, ...] = ()
    parts: tuple[Part, ...] = ()
    is_child: bool = False
    path: YamlPath = ()
    loc: Location = field(default=Location(""), compare=False)
    field_locs: dict[str, Location] = field(default_factory=dict, compare=False, hash=False)

    @property
    def binding(self) -> bool:
        return self.attribute == BINDING

    def where(self, name: str) -> Location:
        """Return the location of one field (``target``, ``baseline``…), else the row's."""
        return self.field_locs.get(name, self.loc)


@dataclass(frozen=True)
class NotApplicable:
    parent: str
    reason: str
    loc: Location = field(default=Location(""), compare=False)


@dataclass(frozen=True)
class IndicatorTable:
    title: str = ""
    items: tuple[Indicator, ...] = ()
    not_applicable: tuple[NotApplicable, ...] = ()
    notes: tuple[str, ...] = ()

    def iter_all(self) -> Iterator[Indicator]:
        """Yield every indicator, 其中 children right after their parent row."""
        for item in self.items:
            yield item
            yield from item.children


@dataclass(frozen=True)
class Goal:
    title: str
    text: str = ""
    indicators: tuple[str, ...] = ()
    loc: Location = field(default=Location(""), compare=False)


@dataclass(frozen=True)
class Goals:
    overall: str = ""
    items: tuple[Goal, ...] = ()
    vision: str = ""


@dataclass(frozen=True)
class Notice:
    issuer: str
    doc_number: str = ""
    title: str = ""
    addressees: str = ""
    body: tuple[str, ...] = ()
    signature: str = ""
    date: str = ""
    disclosure: str = ""
    cc: str = ""
    printed_by: str = ""
    printed_date: str = ""


@dataclass(frozen=True)
class TocEntry:
    title: str
    level: int = 1
    page: str = ""
    line: int = 0
    loc: Location = field(default=Location(""), compare=False)


@dataclass(frozen=True)
class SourceInfo:
    file: str = ""
    truncated: bool = False
    note: str = ""
    toc: tuple[TocEntry, ...] = ()


@dataclass(frozen=True)
class Meta:
    title: str
    region: str
    level: str
    period_start: int
    period_end: int
    short_title: str = ""
    office: str = ""
    date: str = ""
    doc_number: str = ""
    baseline_year_explicit: int | None = None
    vision_year: int | None = None
    parent: str = ""
    children: tuple[str, ...] = ()
    basis: tuple[str, ...] = ()
    notice: Notice | None = None
    source: SourceInfo = SourceInfo()

    @property
    def baseline_year(self) -> int:
        if self.baseline_year_explicit is not None:
            return self.baseline_year_explicit
        return self.period_start - 1


@dataclass(frozen=True)
class Presentation:
    numbering: str = "chapter"
    indicator_table: str = "box"
    box_item_numbers: bool = True
    goal_bullet: str = ""
    sub_row_numbers: bool = False
    indicator_headers: tuple[tuple[str, str], ...] = ()

    def header(self, key: str, default: str) -> str:
        return dict(self.indicator_headers).get(key, default)


@dataclass(frozen=True)
class Plan:
    path: Path
    display: str
    meta: Meta
    presentation: Presentation
    preamble: tuple[Block, ...]
    goals: Goals
    indicators: IndicatorTable
    chapters: tuple[Chapter, ...]
    source: SourceDoc = field(compare=False, repr=False, hash=False)

    @cached_property
    def indicator_index(self) -> dict[str, Indicator]:
        """Indicators by id (the first one wins when ids repeat; a rule reports repeats)."""
        index: dict[str, Indicator] = {}
        for ind in self.indicators.iter_all():
            index.setdefault(ind.id, ind)
        return index

    def locate(self, path: YamlPath, *, key: bool = False) -> Location:
        return self.source.locate(path, key=key)

    def iter_blocks(self) -> Iterator[tuple[Block, str]]:
        """Yield every content block with a readable place name (for prose-scanning rules)."""
        yield from ((b, "前言") for b in self.preamble)
        for ch in self.chapters:
            yield from ((b, ch.title) for b in ch.intro)
            for sec in ch.sections:
                yield from ((b, sec.title) for b in sec.blocks)
                for sub in sec.subsections:
                    yield from ((b, sub.title) for b in sub.blocks)
