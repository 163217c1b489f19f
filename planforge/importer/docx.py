"""Word (.docx, also saved by WPS) reader: paragraphs with style, bold and alignment; tables.

Line numbers of a .docx source count body paragraphs in order, one per table row.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from planforge.errors import Location, PlanforgeError
from planforge.importer.blocks import Block, RawTable, SourceDoc
from planforge.importer.findings import Findings

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
_TOC_STYLE = re.compile(r"^(?:toc|目录)\s*(\d)$", re.IGNORECASE)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(path: Path, found: Findings) -> SourceDoc:
    """Read a .docx file into blocks."""
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several types for a broken package
        raise PlanforgeError(f"无法读取 Word 文件:{exc}", location=Location(path.name)) from exc
    blocks: list[Block] = []
    line = 0
    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            line += 1
            blocks.append(paragraph_block(Paragraph(child, document), line))
        elif child.tag == f"{_W}tbl":
            table = table_block(Table(child, document), line + 1)
            line += max(len(table.rows), 1)
            blocks.append(Block(line, "", table=table))
    return SourceDoc(path.name, blocks, "docx")


def paragraph_block(p: Any, line: int) -> Block:
    """One paragraph: text, heading/TOC level from its style, bold lead-in, centring."""
    text = join_breaks(p.text)
    style = p.style.name if p.style is not None else ""
    block = Block(line, text)
    m = _HEADING_STYLE.match(style)
    level = int(m.group(1)) if m else _outline_level(p)
    if level and text.strip():
        block.heading = level
    t = _TOC_STYLE.match(style)
    if t:
        block.toc_level = int(t.group(1))
    block.bold, block.lead = _bold(p)
    block.centered = _centered(p)
    return block


_BREAK = re.compile(r"(?<=[^\x00-\x7f])\n(?=[^\x00-\x7f])|(?<=\s)\n|\n(?=\s)")


def join_breaks(text: str) -> str:
    """A manual line break inside Chinese text is layout (a long title set on two lines)."""
    return _BREAK.sub("", text).replace("\n", " ")


def _outline_level(p: Any) -> int:
    """``w:outlineLvl`` on the paragraph or its style (0-based in the file)."""
    for ppr in (p._p.pPr, getattr(p.style, "element", None) is not None and p.style.element.pPr):
        if ppr is None or ppr is False:
            continue
        lvl = ppr.find(f"{_W}outlineLvl")
        if lvl is not None:
            value = int(lvl.get(f"{_W}val", "9"))
            return value + 1 if value < 9 else 0
    return 0


def _run_bold(run: Any, p: Any) -> bool:
    if run.bold is not None:
        return bool(run.bold)
    if run.style is not None and run.style.font.bold is not None:
        return bool(run.style.font.bold)
    return bool(p.style is not None and p.style.font.bold)


def _bold(p: Any) -> tuple[bool, str | None]:
    """(whole paragraph bold, bold lead-in text when only the start is bold)."""
    runs = [r for r in p.runs if r.text]
    if not runs:
        return False, None
    flags = [_run_bold(r, p) for r in runs]
    if all(flags):
        return True, None
    lead = ""
    for run, bold in zip(runs, flags, strict=True):
        if not bold:
            break
        lead += run.text
    return False, lead.strip() or None


def _centered(p: Any) -> bool:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    align = p.alignment
    if align is None and p.style is not None:
        align = p.style.paragraph_format.alignment
    return bool(align == WD_ALIGN_PARAGRAPH.CENTER)


def table_block(table: Any, first_line: int) -> RawTable:
    """Cell texts row by row.

    A cell merged across columns repeats its text in each column; a cell merged down a column
    is written once, in its first row, with empty cells below it (as a text table shows it).
    """
    rows: list[list[str]] = []
    above: list[Any] = []
    for row in table.rows:
        cells = list(row.cells)
        rows.append(
            [_cell_text(c, above[k] if k < len(above) else None) for k, c in enumerate(cells)]
        )
        above = cells
    lines = [first_line + k for k in range(len(rows))]
    return RawTable(rows, lines, "docx")


def _cell_text(cell: Any, above: Any) -> str:
    if above is not None and cell._tc is above._tc:
        return ""
    return "\n".join(par.text for par in cell.paragraphs).strip()
