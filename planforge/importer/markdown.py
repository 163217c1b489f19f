"""Markdown reader: ATX headings, **bold** lead-ins, lists, block quotes, GFM tables.

Lines of one paragraph are joined (without a space between Chinese characters); a block keeps
the number of its first line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from planforge.errors import Location, PlanforgeError
from planforge.importer.blocks import Block, SourceDoc
from planforge.importer.findings import Findings
from planforge.importer.patterns import numbered
from planforge.importer.text import decode

_ATX = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_QUOTE = re.compile(r"^\s*>\s?")
_BULLET = re.compile(r"^\s*[-*+]\s+")
_ORDERED = re.compile(r"^\s*(\d{1,2})[.)]\s+")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_TOC_LINK = re.compile(r"^(\s*)[-*+]\s+\[([^\]]+)\]\(#[^)]*\)\s*$")
_LEAD = re.compile(r"^\*\*(.+?)\*\*\s*(。)?(.*)$")
_COMMENT = re.compile(r"<!--.*?-->")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")  # thematic break: layout only


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
    group, quoted = 0, False

    def flush() -> None:
        if para:
            blocks.append(_paragraph(para[0][0], "".join(_join(para))))
            blocks[-1].group = group if quoted else 0
            para.clear()

    for n, raw in enumerate(_COMMENT.sub("", text).splitlines(), 1):
        if _RULE.match(raw):
            flush()
            continue
        is_quote = bool(_QUOTE.match(raw))
        if is_quote != quoted:
            flush()
            group += is_quote
            quoted = is_quote
        line = _QUOTE.sub("", raw).rstrip()
        if _special(line, n, blocks, flush):
            continue
        if _BULLET.match(line) or _ORDERED.match(line):
            flush()
        para.append((n, _list_marker(line)))
    flush()
    _demote_titles(blocks)
    return blocks


def _special(line: str, n: int, blocks: list[Block], flush: Callable[[], None]) -> bool:
    """Blank lines, headings, table rows and TOC links end a paragraph and stand alone."""
    heading = _ATX.match(line)
    toc = _TOC_LINK.match(line)
    if line.strip() and not heading and not toc and not line.lstrip().startswith("|"):
        return False
    flush()
    if heading:
        blocks.append(_heading(n, len(heading.group(1)), heading.group(2)))
    elif toc:
        blocks.append(Block(n, toc.group(2), toc_level=len(toc.group(1)) // 2 + 1))
    elif line.strip():
        blocks.append(Block(n, line.strip()))
    return True


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


_TITLE = re.compile(r"规划|纲要|计划|通知")


def _demote_titles(blocks: list[Block]) -> None:
    """Top-level headings naming the plan or its notice are titles, not chapters.

    Heading levels are then counted from the highest level used below the titles.
    """
    levels = [b.heading for b in blocks if b.heading]
    if not levels:
        return
    for b in blocks:
        if b.heading == min(levels) and _TITLE.search(b.text) and not numbered(b.text):
            b.heading = None
            b.bold = False
    rest = [b.heading for b in blocks if b.heading]
    top = min(rest) if rest else 1
    for b in blocks:
        if b.heading:
            b.heading = b.heading - top + 1
