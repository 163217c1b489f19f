"""Recognising the body: headings, paragraphs with lead-ins, lists, 专栏 boxes and tables."""

from __future__ import annotations

import itertools
import re
from collections import defaultdict

from planforge.importer.blocks import Block, RawTable
from planforge.importer.boxes import BoxItem, looks_like_item_line, split_items
from planforge.importer.chinese import shadow
from planforge.importer.findings import Findings
from planforge.importer.items import Box, Content, Heading, Item, Note, Para, Table
from planforge.importer.patterns import (
    ARABIC,
    BULLET_DASH,
    CHAPTER,
    CN,
    PAREN_CN,
    SECTION,
    box_title,
    looks_like_heading,
    numbered,
    table_title,
)
from planforge.importer.tables import group_table, header_rows, is_indicator_header

# Lead-ins in published plans run up to about 34 characters; the first sentence of a chapter
# introduction is usually longer. The limit counts the closing 。.
LEAD_LIMIT = 35
# What a plain-text item title of an unnumbered box looks like.
_ITEM_TITLE = re.compile(r"^[^。]{2,30}(工程|建设|措施|行动|计划|项目|达标|提升|服务|设施)[。:：]")

Markers = defaultdict[int, list[str]]


def split_lead(text: str, explicit: str | None = None) -> tuple[str | None, str]:
    """Split a paragraph into (lead-in, rest).

    Word and Markdown mark the lead-in in bold. In plain text the lead-in is the first sentence
    when it ends in 。, is short, and the paragraph goes on after it.
    """
    if explicit:
        if not text.startswith(explicit):
            return None, text
        lead, rest = explicit, text[len(explicit) :].lstrip()
        if rest.startswith("。") and not lead.endswith("。"):
            lead, rest = lead + "。", rest[1:].lstrip()
        return lead, rest
    end = text.find("。")
    if 0 < end < LEAD_LIMIT and text[end + 1 :].strip() and _balanced(text[: end + 1]):
        return text[: end + 1], text[end + 1 :].lstrip()
    return None, text


def _balanced(text: str) -> bool:
    return (
        text.count("“") == text.count("”")
        and text.count("《") == text.count("》")
        and text.count("(") + text.count("（") == text.count(")") + text.count("）")
    )


def flatten(blocks: list[Block], found: Findings) -> list[Item]:
    """Turn body blocks into a flat list of headings and content items."""
    items: list[Item] = []
    i = 0
    while i < len(blocks):
        item, i = _read_item(blocks, i, found)
        if isinstance(item, list):
            items.extend(item)
        elif item is not None:
            items.append(item)
    items = _attach_table_notes(items)
    _tie_visions(items)
    return items


_NOTE = re.compile(r"^注\s*[:：]\s*")
_NOTE_ITEM = re.compile(r"^(\d{1,2})\s*[.．、]\s*")


def _attach_table_notes(items: list[Item]) -> list[Item]:
    """``注:`` paragraphs right after a table are the table's notes (``注:1.…`` ``2.…``)."""
    out: list[Item] = []
    for it in items:
        last = out[-1] if out else None
        table = last if isinstance(last, Table) else None
        if table is not None and isinstance(it, Note):
            table.table_notes.append(it)
            continue
        if table is not None and table.table_notes and isinstance(it, Para):
            m = _NOTE_ITEM.match(it.full)
            if m and int(m.group(1)) == len(table.table_notes) + 1:
                table.table_notes.append(Note(it.full[m.end() :], it.line, [m.group(0).strip()]))
                continue
        out.append(it)
    for it in out:
        if isinstance(it, Table) and len(it.table_notes) > 1:
            _number_notes(it.table_notes)
    return out


def _number_notes(notes: list[Note]) -> None:
    """Drop the ``1.`` of the first of several numbered notes (the others lost theirs above)."""
    m = _NOTE_ITEM.match(notes[0].text)
    if m:
        notes[0].notes.append(m.group(0).strip())
        notes[0].text = notes[0].text[m.end() :]


_VISION = re.compile(r"^(到|至|展望)\s*20\d\d\s*年")


def _tie_visions(items: list[Item]) -> None:
    """A vision paragraph (到2035年…) right after a table belongs with it."""
    for before, after in itertools.pairwise(items):
        if (
            isinstance(before, Table)
            and isinstance(after, Para)
            and not after.lead
            and _VISION.match(after.text)
        ):
            after.tied = True


def _read_item(
    blocks: list[Block], i: int, found: Findings
) -> tuple[Item | list[Item] | None, int]:
    b = blocks[i]
    if b.table is not None:
        return _from_table_block(b, None), i + 1
    titled = _read_titled(blocks, i, found)
    if titled is not None:
        return titled
    grouped = group_table(blocks, i)
    if grouped is not None:
        raw, nxt = grouped
        return Table(0, "", b.line, raw), nxt
    heading = _heading(b)
    if heading is not None:
        return heading, i + 1
    return _paragraph(b), i + 1


def _read_titled(blocks: list[Block], i: int, found: Findings) -> tuple[Item, int] | None:
    """A ``专栏N…`` or ``表N…`` title line, with the table or box items that follow it."""
    b = blocks[i]
    box = box_title(b.key)
    tab = table_title(b.key) if box is None else None
    hit = box or tab
    if hit is None:
        return None
    number, _, cut = hit
    title = b.text[cut:].strip()
    prefix = "专栏" if box else "表"
    nxt = blocks[i + 1] if i + 1 < len(blocks) else None
    if nxt is not None and nxt.table is not None:
        return _from_table_block(nxt, (prefix, number, title, b.line)), i + 2
    grouped = group_table(blocks, i + 1) if nxt is not None else None
    if grouped is not None:
        raw, after = grouped
        return Table(number, title, b.line, raw, prefix), after
    if box is None:
        return None
    if b.group:
        items, after = _grouped_items(blocks, i + 1, b.group)
    else:
        items, after = _box_items(blocks, i + 1)
    if not items:
        found.warn("IMP306", f"专栏{number}“{title}”后未找到专栏内容", b.line)
    return Box(number, title, b.line, items), after


def _from_table_block(b: Block, title: tuple[str, int, str, int] | None) -> Item:
    """A Word/Markdown table: a one-cell 专栏 box, or a data table."""
    raw = b.table
    assert raw is not None
    first = raw.rows[0][0] if raw.rows and raw.rows[0] else ""
    box = box_title(shadow(first.split("\n")[0])) if title is None else None
    if box is not None or (title is not None and title[0] == "专栏" and not _is_data(raw)):
        return _box_from_cells(raw, b.line, box, title)
    if title is None:
        return Table(0, "", b.line, raw)
    prefix, number, text, line = title
    return Table(number, text, line, raw, prefix)


def _is_data(raw: RawTable) -> bool:
    return raw.width >= 2 and len(raw.rows) >= 2


def _box_from_cells(
    raw: RawTable,
    line: int,
    box: tuple[int, str, int] | None,
    title: tuple[str, int, str, int] | None,
) -> Box:
    lines = [ln for row in raw.rows for cell in dict.fromkeys(row) for ln in cell.split("\n")]
    lines = [ln.strip() for ln in lines if ln.strip()]
    if box is not None:
        number, _, cut = box
        head = lines.pop(0)
        name = head[cut:].strip()
    else:
        assert title is not None
        number, name, line = title[1], title[2], title[3]
    items = [it for ln in lines for it in split_items(ln, line)]
    return Box(number, name, line, items)


def _grouped_items(blocks: list[Block], i: int, group: int) -> tuple[list[BoxItem], int]:
    """Items of a box whose extent the source marks (a Markdown block quote)."""
    items: list[BoxItem] = []
    j = i
    while j < len(blocks) and blocks[j].group == group:
        items.extend(split_items(blocks[j].text, blocks[j].line))
        j += 1
    return items, j


def _box_items(blocks: list[Block], i: int) -> tuple[list[BoxItem], int]:
    """Collect the item lines after a box title (numbered, one cell, or titled items)."""
    items: list[BoxItem] = []
    j = i
    while j < len(blocks):
        b = blocks[j]
        if b.table is not None or _heading(b) is not None or box_title(b.key) is not None:
            break
        numbered_line = looks_like_item_line(b.key) and not b.key.rstrip().endswith(("|", "｜"))
        if not (
            numbered_line
            or b.key.rstrip().endswith(("|", "｜"))
            or ((not items or not items[0].numbered) and _ITEM_TITLE.match(b.key))
        ):
            break
        items.extend(split_items(b.text, b.line))
        j += 1
        if b.key.rstrip().endswith(("|", "｜")):
            break
    return items, j


def _heading(b: Block) -> Heading | None:
    """Recognise a heading: a Word/Markdown heading, or a short numbered line."""
    num = numbered(b.key)
    if b.heading is not None:
        if num is not None:
            return Heading(
                num.kind,
                num.number,
                b.text[len(num.marker) :].strip(),
                b.line,
                num.marker.strip(),
                level=b.heading,
            )
        return Heading("styled", 0, b.text.strip(), b.line, level=b.heading)
    if num is not None and num.kind in (CHAPTER, SECTION) and looks_like_heading(num.rest):
        return Heading(
            num.kind, num.number, b.text[len(num.marker) :].strip(), b.line, num.marker.strip()
        )
    if num is not None and looks_like_heading(num.rest, 30) and not b.lead:
        return Heading(
            num.kind, num.number, b.text[len(num.marker) :].strip(), b.line, num.marker.strip()
        )
    if b.bold and looks_like_heading(b.key, 30) and len(b.key) > 1:
        return Heading("bold", 0, b.text.strip(), b.line, level=1 if b.centered else 0)
    return None


def _paragraph(b: Block) -> Para | Note:
    m = _NOTE.match(b.key)
    if m:
        return Note(b.text[m.end() :], b.line, [b.text[: m.end()].strip()])
    text = b.text
    bullet = ""
    m = BULLET_DASH.match(b.key)
    if m and m.group(1) in ("——",):
        bullet, text = m.group(1), text[m.end() :]
    lead, rest = split_lead(text, b.lead)
    return Para(rest, b.line, lead, bullet)


# -- numbering scheme ---------------------------------------------------------------------------

_CHAPTER_SCHEME = {CHAPTER: 1, SECTION: 2, CN: 3}
_OUTLINE_SCHEME = {CN: 1, PAREN_CN: 2, ARABIC: 3}


def numbering_scheme(items: list[Item]) -> str:
    """``chapter`` when the document numbers 第X章/第X节, else ``outline``."""
    kinds = {it.kind for it in items if isinstance(it, Heading)}
    return "chapter" if kinds & {CHAPTER, SECTION} or not kinds & {CN, PAREN_CN} else "outline"


def resolve_levels(items: list[Item], scheme: str) -> list[Item]:
    """Give every heading its plan level; numbered lines too deep for the plan become paragraphs."""
    table = _CHAPTER_SCHEME if scheme == "chapter" else _OUTLINE_SCHEME
    out: list[Item] = []
    last = 0
    for it in items:
        if isinstance(it, Heading) and not it.level:
            it.level = table.get(it.kind, 0) if it.kind != "bold" else min(last + 1, 2) or 1
        if isinstance(it, Heading) and it.level == 0:
            out.append(Para(it.marker + it.title, it.line))
            continue
        if isinstance(it, Heading):
            last = it.level
        out.append(it)
    return out


def register_markers(items: list[Item], markers: Markers) -> None:
    """Remember the numbering text planforge regenerates, so coverage does not count it."""
    for it in items:
        for line, marker in _markers_of(it):
            markers[line].append(marker)


def _markers_of(it: Item) -> list[tuple[int, str]]:
    if isinstance(it, Heading):
        return [(it.line, it.marker)] if it.marker and not it.restored else []
    if isinstance(it, Note):
        return [(it.line, m) for m in it.notes]
    if isinstance(it, Para):
        return [(it.line, "——")] if it.bullet == "——" else []
    out = (
        [(it.line, f"{'专栏' if isinstance(it, Box) else it.prefix}{it.number}")]
        if it.number
        else []
    )
    if isinstance(it, Box):
        out += [(bi.line, bi.marker) for bi in it.items if bi.marker]
    else:
        out += [(n.line, m) for n in it.table_notes for m in n.notes]
    return out


def content_items(items: list[Item]) -> list[Content]:
    """The non-heading items."""
    return [it for it in items if not isinstance(it, Heading)]


def is_indicator_table(t: Table) -> bool:
    """The main indicator table: titled 指标, or with an indicator header."""
    header, _ = header_rows(t.raw.rows)
    return is_indicator_header(header) and ("指标" in shadow(t.title) or not t.title)
