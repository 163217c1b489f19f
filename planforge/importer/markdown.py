"""Markdown reader: ATX headings, **bold** lead-ins, lists, block quotes, GFM tables.

Lines of one paragraph are joined (without a space between Chinese characters); a block keeps
the number of its first line.
"""

from __future__ import annotations

import re
from pathlib import Path

from planforge.errors import Location, PlanforgeError
from planforge.importer.blocks import Block, SourceDoc
from planforge.importer.findings import Findings
from planforge.importer.text import decode

_ATX = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_QUOTE = re.compile(r"^\s*>\s?")
_BULLET = re.compile(r"^\s*[-*+]\s+")
_ORDERED = re.compile(r"^\s*(\d{1,2})[.)]\s+")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_LEAD = re.compile(r"^\*\*(.+?)\*\*\s*(。)?(.*)$")
_COMMENT = re.compile(r"<!--.*?-->")


def read_markdown(path: Path, found: Findings) -> SourceDoc:
    """Read a Markdown file into blocks."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PlanforgeError(f"无法读取文件:{exc.strerror}", location=Location(path.name)) from exc
    return SourceDoc(path.name, parse_markdown(decode(data, path.name, found)), "markdown")


def parse_markdown(text: str) -> list[Block]:
    """Turn Markdown text into blocks."""
    blocks: list[Block] = []
    para: list[tuple[int, str]] = []

    def flush() -> None:
        if para:
            blocks.append(_paragraph(para[0][0], "".join(_join(para))))
            para.clear()

    for n, raw in enumerate(_COMMENT.sub("", text).splitlines(), 1):
        line = _QUOTE.sub("", raw).rstrip()
        heading = _ATX.match(line)
        if not line.strip() or heading or line.lstrip().startswith("|"):
            flush()
            if heading:
                blocks.append(_heading(n, len(heading.group(1)), heading.group(2)))
            elif line.strip():
                blocks.append(Block(n, line.strip()))
            continue
        if _BULLET.match(line) or _ORDERED.match(line):
            flush()
        para.append((n, _list_marker(line)))
    flush()
    _demote_title(blocks)
    return blocks


def _join(parts: list[tuple[int, str]]) -> list[str]:
    out: list[str] = []
    for k, (_, part) in enumerate(parts):
        part = part.strip()
        if k and out and out[-1][-1:].isascii() and part[:1].isascii():
            part = " " + part
        out.append(part)
    return out


def _list_marker(line: str) -> str:
    """Drop Markdown list syntax but keep a written number (``1. 文字`` → ``1.文字``)."""
    m = _ORDERED.match(line)
    if m:
        return f"{m.group(1)}.{line[m.end() :]}"
    return _BULLET.sub("", line)


def _inline(text: str) -> str:
    text = _LINK.sub(r"\1", text)
    return text.replace("\\*", "*")


def _heading(n: int, level: int, text: str) -> Block:
    clean = _inline(text).replace("**", "")
    block = Block(n, clean, heading=level)
    block.bold = True
    return block


def _paragraph(n: int, text: str) -> Block:
    text = _inline(text)
    m = _LEAD.match(text)
    if m and m.group(3).strip():
        lead = m.group(1) + (m.group(2) or "")
        rest = m.group(3).replace("**", "")
        block = Block(n, lead + rest)
        block.lead = lead
        return block
    if m and not m.group(3).strip():
        block = Block(n, m.group(1) + (m.group(2) or ""))
        block.bold = True
        return block
    return Block(n, text.replace("**", ""))


def _demote_title(blocks: list[Block]) -> None:
    """The first top-level heading naming the plan is its title, not a chapter.

    Heading levels are then counted from the highest level used below the title.
    """
    levels = [b.heading for b in blocks if b.heading]
    if not levels:
        return
    first = next(b for b in blocks if b.heading)
    if first.heading == min(levels) and re.search(r"规划|纲要|计划", first.text):
        first.heading = None
        first.bold = False
    rest = [b.heading for b in blocks if b.heading]
    top = min(rest) if rest else 1
    for b in blocks:
        if b.heading:
            b.heading = b.heading - top + 1
