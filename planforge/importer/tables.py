"""Tables: grouping text lines into tables (three layouts) and reading indicator rows."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from planforge.importer.blocks import Block, RawTable
from planforge.importer.chinese import shadow

# -- column roles ---------------------------------------------------------------------------

SEQ, CATEGORY, NAME, UNIT, YEAR, ATTRIBUTE, NOTE = (
    "number",
    "category",
    "name",
    "unit",
    "year",
    "attribute",
    "note",
)

_ROLE_RES: list[tuple[str, re.Pattern[str]]] = [
    (SEQ, re.compile(r"^(序号|编号|序)$")),
    (CATEGORY, re.compile(r"^(类别|类型|领域|分类|方面|指标类别|指标类型)$")),
    (UNIT, re.compile(r"^(单位|计量单位)$")),
    (ATTRIBUTE, re.compile(r"^(指标属性|属性|性质|指标性质)$")),
    (NOTE, re.compile(r"^(备注|说明)$")),
    (YEAR, re.compile(r"(\d{4})|基期|现状|目标值|目标|规划值|实际值")),
    (NAME, re.compile(r"指标|名称|项目|内容")),
]
HEADER_WORD = re.compile(
    r"^(序号|编号|类别|类型|领域|分类|单位|计量单位|指标属性|属性|性质|备注|说明|指标名称|主要指标|"
    r"指标|名称|项目|\d{4}年?(基期值|实际值|目标值|预期值|规划值|现状值|完成值)?|基期值|目标值|现状值)$"
)
ATTRIBUTES = ("约束性", "预期性")
NO_DATA = re.compile(r"^(—+|-{1,3}|–+|/|无|\s*)$")


def column_role(header: str) -> str:
    """Return the role of a header cell (number, category, name, unit, year, attribute, note)."""
    key = re.sub(r"\s+", "", shadow(header))
    for role, rx in _ROLE_RES:
        if rx.search(key):
            return role
    return ""


@dataclass
class Columns:
    """Which column holds what, read from the header."""

    header: list[str]
    roles: list[str]
    baseline: int = -1
    target: int = -1
    milestones: dict[int, int] = field(default_factory=dict)  # year -> column

    def index(self, role: str) -> int:
        return self.roles.index(role) if role in self.roles else -1


def read_columns(header: list[str], baseline_year: int | None = None) -> Columns:
    """Assign roles to header cells and split the year columns into baseline, milestones, target."""
    cols = Columns(header, [column_role(h) for h in header])
    years = [(i, _year_of(header[i])) for i, r in enumerate(cols.roles) if r == YEAR]
    if not years:
        return cols
    base = [
        i
        for i, y in years
        if "基期" in header[i]
        or "现状" in header[i]
        or "实际" in header[i]
        or (baseline_year is not None and y == baseline_year)
    ]
    cols.baseline = base[0] if base else years[0][0]
    rest = [(i, y) for i, y in years if i != cols.baseline]
    if rest:
        cols.target = rest[-1][0]
        for i, y in rest[:-1]:
            cols.milestones[y or i] = i
    return cols


def _year_of(text: str) -> int:
    m = re.search(r"(19|20|21)\d{2}", text)
    return int(m.group(0)) if m else 0


def header_rows(rows: list[list[str]]) -> tuple[list[str], int]:
    """The header and the index of the first data row.

    A two-row header (``指标值`` over ``2020年 | 2025年``) is folded into one: the lower
    cell wins where it has text, merged cells above it are dropped.
    """
    if len(rows) < 2 or len(rows[1]) != len(rows[0]):
        return list(rows[0]) if rows else [], 1
    lower = rows[1]
    if not any(lower) or not all(not c or is_header_word(c) for c in lower):
        return list(rows[0]), 1
    return [low or up for up, low in zip(rows[0], lower, strict=True)], 2


def is_indicator_header(header: list[str]) -> bool:
    """An indicator table has a name column and value columns or an attribute column."""
    roles = [column_role(h) for h in header]
    return NAME in roles and (ATTRIBUTE in roles or roles.count(YEAR) >= 2)


# -- text layouts ---------------------------------------------------------------------------

_SEP = re.compile(r"\s*[|｜]\s*")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def split_row(key: str) -> list[str]:
    """Split ``a | b | c |`` (or a Markdown ``| a | b |``) into cells."""
    text = key.strip()
    if text.startswith(("|", "｜")):
        text = text[1:]
    if text.endswith(("|", "｜")):
        text = text[:-1]
    return [c.strip() for c in _SEP.split(text)]


def is_row_line(key: str) -> bool:
    """A table row written on one line has at least two separators."""
    return len(re.findall(r"[|｜]", key)) >= 2 and not _MD_RULE.match(key)


def is_cell_line(key: str) -> bool:
    """A cell written on its own line ends with a separator and has no other."""
    text = key.rstrip()
    return text.endswith(("|", "｜")) and len(re.findall(r"[|｜]", text)) == 1


def is_header_word(key: str) -> bool:
    """A cell text that can only be a table header."""
    return bool(HEADER_WORD.match(re.sub(r"\s+", "", key.strip().rstrip("|｜").strip())))


def group_table(blocks: list[Block], i: int) -> tuple[RawTable, int] | None:
    """Read a table starting at ``blocks[i]`` in any text layout; return it and the next index."""
    key = blocks[i].key
    if is_row_line(key) or (
        _MD_RULE.match(key) is None and key.strip().startswith("|") and is_row_line(key + "|")
    ):
        return _group_rows(blocks, i)
    if is_cell_line(key) and is_header_word(key):
        return _group_cells(blocks, i, is_cell_line, "cells")
    if is_header_word(key):
        return _group_cells(blocks, i, _is_bare_cell, "bare")
    return None


def _group_rows(blocks: list[Block], i: int) -> tuple[RawTable, int]:
    rows: list[list[str]] = []
    lines: list[int] = []
    j = i
    while j < len(blocks) and (is_row_line(blocks[j].key) or _MD_RULE.match(blocks[j].key)):
        if not _MD_RULE.match(blocks[j].key):
            rows.append(split_row(blocks[j].text))
            lines.append(blocks[j].line)
        j += 1
    return RawTable(rows, lines, "rows"), j


def _is_bare_cell(key: str) -> bool:
    return 0 < len(key.strip()) <= 60 and "|" not in key and not key.rstrip().endswith("。")


def _group_cells(
    blocks: list[Block], i: int, is_cell: Callable[[str], bool], layout: str
) -> tuple[RawTable, int] | None:
    header: list[str] = []
    j = i
    while j < len(blocks) and is_header_word(blocks[j].key) and is_cell(blocks[j].key):
        header.append(_cell_text(blocks[j].text))
        j += 1
    if len(header) < 3 or (not is_indicator_header(header) and layout == "bare"):
        return None
    stream: list[tuple[str, int]] = []
    k = j
    while k < len(blocks) and is_cell(blocks[k].key):
        stream.append((_cell_text(blocks[k].text), blocks[k].line))
        k += 1
    rows, cell_lines, used = segment_cells(header, stream)
    lines = [blocks[i].line, *(cl[0] for cl in cell_lines)]
    header_lines = [b.line for b in blocks[i:j]]
    return RawTable([header, *rows], lines, layout, [header_lines, *cell_lines]), j + used


def _cell_text(text: str) -> str:
    text = text.strip()
    if text.endswith(("|", "｜")):
        text = text[:-1]
    return text.strip().replace("\u00a0", " ").strip()


def segment_cells(
    header: list[str], stream: list[tuple[str, int]]
) -> tuple[list[list[str]], list[list[int]], int]:
    """Cut a stream of cells into rows of the header's width.

    A merged category cell appears only in the first row of its span, so a row may be one
    cell short; rows are kept in step by the 序号 column when there is one.
    Returns the rows, the line of every cell and the number of cells used.
    """
    roles = [column_role(h) for h in header]
    width = len(header)
    seq_col = roles.index(SEQ) if SEQ in roles else -1
    cat_col = roles.index(CATEGORY) if CATEGORY in roles else -1
    rows: list[list[str]] = []
    lines: list[list[int]] = []
    pos, expected, category = 0, 1, ""
    while pos < len(stream):
        row = _take_row(stream, pos, width, seq_col, cat_col, expected, roles)
        if row is None:
            break
        cells, used = row
        cell_lines = [ln for _, ln in stream[pos : pos + used]]
        if cat_col >= 0:
            if len(cells) < width:
                cells.insert(cat_col, category)
                cell_lines.insert(cat_col, cell_lines[0])
            category = cells[cat_col]
        rows.append(cells)
        lines.append(cell_lines)
        pos += used
        if seq_col >= 0 and cells[seq_col].isdigit():
            expected = int(cells[seq_col]) + 1
    return rows, lines, pos


def _take_row(
    stream: list[tuple[str, int]],
    pos: int,
    width: int,
    seq_col: int,
    cat_col: int,
    expected: int,
    roles: list[str],
) -> tuple[list[str], int] | None:
    """Take one row at ``pos``: full width, or one short when the category cell is merged."""
    fitting: list[tuple[list[str], int]] = []
    for w in [width, width - 1] if cat_col >= 0 else [width]:
        cells = [c for c, _ in stream[pos : pos + w]]
        if len(cells) < w:
            continue
        full = cells if w == width else [*cells[:cat_col], "", *cells[cat_col:]]
        if _row_fits(full, seq_col, expected, roles):
            fitting.append((cells, w))
    for cells, w in fitting:
        if _starts_row(stream, pos + w, width, seq_col, cat_col, expected + 1):
            return cells, w
    return fitting[0] if fitting else None


def _row_fits(cells: list[str], seq_col: int, expected: int, roles: list[str]) -> bool:
    if seq_col >= 0:
        seq = cells[seq_col]
        if seq.isdigit() and int(seq) != expected:
            return False
        if not seq.isdigit() and seq:
            return False
    if ATTRIBUTE in roles:
        attr = shadow(cells[roles.index(ATTRIBUTE)])
        if attr and attr not in ATTRIBUTES and not NO_DATA.match(attr):
            return False
    return True


def _starts_row(
    stream: list[tuple[str, int]], pos: int, width: int, seq_col: int, cat_col: int, number: int
) -> bool:
    """Tell whether the cells at ``pos`` start row ``number`` (or the stream ends there)."""
    if pos >= len(stream):
        return True
    if seq_col < 0:
        return pos + width <= len(stream)
    offsets = {seq_col, seq_col - 1} if 0 <= cat_col < seq_col else {seq_col}
    return any(pos + o < len(stream) and stream[pos + o][0] == str(number) for o in offsets)
