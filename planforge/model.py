"""Frozen dataclasses for a plan; each node keeps the Location it came from.

The JSON schema is the one description of the plan's shape: these classes hold data and
positions and assume the document already passed schema validation.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import field
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any

from planforge.errors import Location, YamlPath
from planforge.records import record
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


@record
class Paragraph:
    """A paragraph of running text, with an optional bold lead-in sentence."""

    text: str
    lead: str = ""
    todo: bool = False
    loc: Location = field(default=Location(""), compare=False)


@record
class ListBlock:
    """A bulleted or numbered list of paragraphs."""

    items: tuple[Paragraph, ...]
    bullet: str = ""
    loc: Location = field(default=Location(""), compare=False)


@record
class BoxItem:
    """One entry of a 专栏: a title and its text."""

    title: str
    text: str = ""
    loc: Location = field(default=Location(""), compare=False)


@record
class Box:
    """A 专栏 (boxed feature): titled entries set apart from the running text."""

    title: str
    items: tuple[BoxItem, ...]
    id: str = ""
    loc: Location = field(default=Location(""), compare=False)


@record
class Insert:
    """A placeholder where generated content goes: goals, indicator table or vision."""

    what: str  # goals | indicator_table | vision
    loc: Location = field(default=Location(""), compare=False)


@record
class Table:
    """A statistics table written in the plan (not the indicator table)."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...] = ()
    id: str = ""
    loc: Location = field(default=Location(""), compare=False)


@record
class Note:
    """A note under a block (资料来源, 注)."""

    text: str
    loc: Location = field(default=Location(""), compare=False)


Block = Paragraph | ListBlock | Box | Insert | Table | Note


@record
class Subsection:
    """A subsection (目) of a section."""

    title: str
    blocks: tuple[Block, ...]
    id: str = ""
    loc: Location = field(default=Location(""), compare=False)


@record
class Section:
    """A section (节) of a chapter."""

    title: str
    blocks: tuple[Block, ...]
    subsections: tuple[Subsection, ...] = ()
    id: str = ""
    loc: Location = field(default=Location(""), compare=False)


@record
class Chapter:
    """A chapter (章) of the plan body."""

    title: str
    intro: tuple[Block, ...]
    sections: tuple[Section, ...]
    id: str = ""
    loc: Location = field(default=Location(""), compare=False)


@record
class Part:
    """One row of an indicator split into several rows (全自理 / 半自理 / 全护理)."""

    label: str
    baseline: str | None
    target: str | None
    milestones: tuple[tuple[int, str], ...] = ()
    actual: tuple[tuple[int, str], ...] = ()
    loc: Location = field(default=Location(""), compare=False)


@record
class Indicator:
    """One row of the indicator table, with its 其中 children and split parts."""

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


@record
class NotApplicable:
    """A parent indicator the plan declares not applicable, with the reason."""

    parent: str
    reason: str
    loc: Location = field(default=Location(""), compare=False)


@record
class IndicatorTable:
    """The plan's main indicator table."""

    title: str = ""
    items: tuple[Indicator, ...] = ()
    not_applicable: tuple[NotApplicable, ...] = ()
    notes: tuple[str, ...] = ()

    def iter_all(self) -> Iterator[Indicator]:
        """Yield every indicator, 其中 children right after their parent row."""
        for item in self.items:
            yield item
            yield from item.children


@record
class Goal:
    """One development goal and the indicators it names."""

    title: str
    text: str = ""
    indicators: tuple[str, ...] = ()
    loc: Location = field(default=Location(""), compare=False)


@record
class Goals:
    """The goals part: overall goal, the goals, and the long-range vision."""

    overall: str = ""
    items: tuple[Goal, ...] = ()
    vision: str = ""


@record
class Notice:
    """The issuing notice (印发通知) printed before the plan."""

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


@record
class TocEntry:
    """One line of the table of contents the published plan printed."""

    title: str
    level: int = 1
    page: str = ""
    line: int = 0
    loc: Location = field(default=Location(""), compare=False)


@record
class SourceInfo:
    """Where an imported plan came from, and its recorded table of contents."""

    file: str = ""
    truncated: bool = False
    note: str = ""
    toc: tuple[TocEntry, ...] = ()


@record
class Meta:
    """The plan's metadata: title, region, level, period, office, parent."""

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


@record
class Presentation:
    """How the plan is laid out: numbering scheme and indicator table style."""

    numbering: str = "chapter"
    indicator_table: str = "box"
    box_item_numbers: bool = True
    goal_bullet: str = ""
    sub_row_numbers: bool = False
    indicator_headers: tuple[tuple[str, str], ...] = ()

    def header(self, key: str, default: str) -> str:
        return dict(self.indicator_headers).get(key, default)


@record
class Plan:
    """A whole plan as read from its YAML file."""

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
