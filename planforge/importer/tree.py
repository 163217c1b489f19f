"""From the flat body to chapters, sections and subsections; goals and the indicator table."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from planforge.importer.chinese import shadow
from planforge.importer.findings import Findings
from planforge.importer.indicators import IndicatorTable, read_indicator_table
from planforge.importer.items import Content, Heading, Item, Note, Para, Table
from planforge.importer.structure import is_indicator_table

PLACEHOLDER = {1: "(原文缺少章标题)", 2: "(原文缺少节标题)", 3: "(原文缺少小节标题)"}


@dataclass
class Node:
    """A chapter, section or subsection with the content directly under it."""

    heading: Heading
    blocks: list[Content | Insert] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)


@dataclass
class Insert:
    """Where goals, the indicator table or the vision sit in a section."""

    what: str
    line: int = 0


@dataclass
class Goals:
    """The 发展目标 as the plan format keeps them."""

    overall: Para | None = None
    items: list[Para] = field(default_factory=list)
    vision: Para | None = None
    bullet: str = ""


@dataclass
class Body:
    """The whole body: preamble, chapters, goals and the main indicator table."""

    preamble: list[Content | Insert] = field(default_factory=list)
    chapters: list[Node] = field(default_factory=list)
    goals: Goals | None = None
    indicators: IndicatorTable | None = None


def build_tree(items: list[Item], found: Findings) -> Body:
    """Nest headings by level; content goes under the deepest open heading."""
    body = Body()
    stack: list[Node] = []
    for it in items:
        if isinstance(it, Heading):
            _open(body, stack, it, found)
        elif stack:
            stack[-1].blocks.append(it)
        else:
            body.preamble.append(it)
    return body


def _open(body: Body, stack: list[Node], h: Heading, found: Findings) -> None:
    while stack and stack[-1].heading.level >= h.level:
        stack.pop()
    while len(stack) < h.level - 1:
        level = len(stack) + 1
        filler = Heading("placeholder", 0, PLACEHOLDER[level], h.line, level=level)
        filler.notes.append("原文此处缺少上级标题,请补写")
        found.warn(
            "IMP302",
            f"“{h.marker}{h.title}”之前缺少{'章' if level == 1 else '节'}标题,已放置占位标题",
            h.line,
        )
        _attach(body, stack, Node(filler))
    _attach(body, stack, Node(h))


def _attach(body: Body, stack: list[Node], node: Node) -> None:
    if stack:
        stack[-1].children.append(node)
    else:
        body.chapters.append(node)
    stack.append(node)


def iter_nodes(body: Body) -> list[Node]:
    """All nodes, depth first."""
    out: list[Node] = []

    def walk(nodes: list[Node]) -> None:
        for n in nodes:
            out.append(n)
            walk(n.children)

    walk(body.chapters)
    return out


def place_indicators(body: Body, found: Findings, period: tuple[int, int] | None) -> None:
    """Take the main indicator table out of the body, leaving an insert; read goals around it."""
    baseline_year = period[0] - 1 if period else None
    holders = [("", body.preamble), *((n.heading.title, n.blocks) for n in iter_nodes(body))]
    for title, holder in holders:
        for k, block in enumerate(holder):
            if isinstance(block, Table) and is_indicator_table(block):
                body.indicators = read_indicator_table(
                    block.raw, block.title, block.line, found, baseline_year
                )
                body.indicators.kind = "box" if block.prefix == "专栏" else "table"
                body.indicators.number = block.number
                attach_notes(body.indicators, block.table_notes)
                holder[k] = Insert("indicator_table", block.line)
                body.goals = _read_goals(holder, k, period, "目标" in shadow(title))
                return
    found.info("IMP206", "未找到主要发展指标表")


def attach_notes(table: IndicatorTable, notes: list[Note]) -> None:
    """A note ``指标名称:说明`` belongs to that indicator; the others are table notes."""
    by_name = {row.name: row for row in table.iter_all()}
    for note in notes:
        name, sep, rest = note.text.partition("：")
        row = by_name.get(name) if sep else None
        if row is not None and not row.note:
            row.note = rest
        else:
            table.notes.append(note.text)


_VISION = re.compile(r"^(到|至|展望)\s*(20\d\d)\s*年")


def _read_goals(
    holder: list[Content | Insert], k: int, period: tuple[int, int] | None, goals_section: bool
) -> Goals | None:
    """Goals are an overall paragraph and lead-in items before the table, a vision after it.

    In a section about goals (发展目标) the overall paragraph alone is enough.
    """
    before = holder[:k]
    start = _goals_start(before, goals_section)
    if start is None:
        return None
    first = before[start]
    assert isinstance(first, Para)
    items = [p for p in before[start + 1 :] if isinstance(p, Para)]
    goals = Goals(first, items, bullet=items[0].bullet if items else "")
    end = period[1] if period else 0
    after = holder[k + 1] if k + 1 < len(holder) else None
    tail: list[Content | Insert] = []
    if isinstance(after, Para) and not after.lead and _is_vision(after, end):
        goals.vision = after
        tail = [Insert("vision", after.line)]
    holder[start : k + 2 if tail else k + 1] = [
        Insert("goals", first.line),
        Insert("indicator_table"),
        *tail,
    ]
    return goals


def _goals_start(before: list[Content | Insert], bare: bool) -> int | None:
    """Find ``overall, item, item…`` right before the table: one plain paragraph, then items.

    ``bare`` accepts the overall paragraph without items.
    """
    n = len(before)
    j = n
    while j > 0 and isinstance(before[j - 1], Para) and before[j - 1].lead:  # type: ignore[union-attr]
        j -= 1
    if (j == n and not bare) or j == 0:
        return None
    first = before[j - 1]
    if not isinstance(first, Para) or first.lead or first.bullet:
        return None
    bullets = {p.bullet for p in before[j:] if isinstance(p, Para)}
    return j - 1 if len(bullets) <= 1 else None


def _is_vision(p: Para, end: int) -> bool:
    m = _VISION.match(p.text)
    return m is not None and int(m.group(2)) > end
