"""Tables as WordprocessingML: data tables (indicators, statistics), 专栏 boxes and the 版记.

LibreOffice lays tables out from ``w:tblGrid``, so every table states its column widths
there as well as on each cell; widths always add up to the table width.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import NamedTuple

from planforge.render.docx.layout import text_ems
from planforge.render.docx.styles import StyleBook
from planforge.render.docx.xml import mm_eighths, mm_twips, pt_eighths

RunsFn = Callable[[list[dict[str, object]], str], str]

# A column whose cells average this many characters holds prose (指标名称): align it left.
LEFT_ALIGN_EMS = 6.0
_MIN_COLUMN_EMS = 2.0
_SLACK_EMS = 0.6  # digits and Latin letters are a little wider than half a character
_SHORT_EMS = 4.6  # a header or value this short (2020年, 元/人/月, 平方米) stays on one line
_CANDIDATES = 6  # widths tried per column and step: enough to skip past a plateau


class Cell(NamedTuple):
    """One cell: its inline tokens and their plain text (for widths and merges)."""

    tokens: list[dict[str, object]]
    text: str


def border(side: str, eighths: int, color: str = "000000") -> str:
    return f'<w:{side} w:val="single" w:sz="{eighths}" w:space="0" w:color="{color}"/>'


def no_border(side: str) -> str:
    return f'<w:{side} w:val="nil"/>'


def table_open(width: int, borders: str, margin_lr: int, margin_tb: int = 0) -> str:
    """Return ``<w:tbl>`` with its properties (children in schema order)."""
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{width}" w:type="dxa"/><w:jc w:val="center"/>'
        f"<w:tblBorders>{borders}</w:tblBorders>"
        '<w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:top w:w="{margin_tb}" w:type="dxa"/><w:left w:w="{margin_lr}" w:type="dxa"/>'
        f'<w:bottom w:w="{margin_tb}" w:type="dxa"/><w:right w:w="{margin_lr}" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0"'
        ' w:noHBand="0" w:noVBand="1"/></w:tblPr>'
    )


def grid(widths: Sequence[int]) -> str:
    return "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"


def cell(width: int, content: str, merge: str = "", span: int = 1, valign: str = "center") -> str:
    """Return a ``w:tc``; ``merge`` is ``restart``, ``continue`` or empty."""
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if merge == "restart":
        props += '<w:vMerge w:val="restart"/>'
    elif merge == "continue":
        props += "<w:vMerge/>"
    props += f'<w:vAlign w:val="{valign}"/>'
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{content}</w:tc>"


def row(cells: str, header: bool = False, cant_split: bool = True) -> str:
    props = ("<w:cantSplit/>" if cant_split else "") + ("<w:tblHeader/>" if header else "")
    return f"<w:tr><w:trPr>{props}</w:trPr>{cells}</w:tr>" if props else f"<w:tr>{cells}</w:tr>"


# -- data tables ----------------------------------------------------------------------------


class DataTable(NamedTuple):
    header: list[Cell]
    rows: list[list[Cell]]
    merge: set[int]


def column_widths(table: DataTable, total: int, char: int, padding: int) -> list[int]:
    """Share ``total`` twips between columns so the table is as short as possible.

    Every column starts at the width of its header (a long header may wrap once) and of its
    shortest sensible cell; then, one character at a time, width goes to the column where it
    saves the most lines, so one long value (a rule such as 不低于上年度…增速) no longer
    stretches every row. What is left when nothing wraps any more is shared out evenly.
    """
    count = len(table.header)
    avail = max(total - count * padding, count * char) / char
    cells = _cell_ems(table)
    ems = [_column_minimum(table, col) for col in range(count)]
    ems = (
        _cap(ems, avail)
        if sum(ems) > avail
        else _share_rest(cells, _grow(cells, ems, avail), avail)
    )
    scale = avail / sum(ems)
    widths = [int(e * scale * char) + padding for e in ems]
    widths[-1] += total - sum(widths)
    return widths


def _cell_ems(table: DataTable) -> list[list[tuple[float, int]]]:
    """Return, for each row, each cell's width in characters and the rows it spans."""
    spans = _merge_spans(table)
    rows = [[(text_ems(c.text) + _SLACK_EMS, 1) for c in table.header]]
    for r, cells in enumerate(table.rows):
        rows.append(
            [(text_ems(c.text) + _SLACK_EMS, spans.get((r, i), 1)) for i, c in enumerate(cells)]
        )
    return rows


def _merge_spans(table: DataTable) -> dict[tuple[int, int], int]:
    """Return how many rows each merged cell covers, keyed by its first row."""
    spans: dict[tuple[int, int], int] = {}
    for col in table.merge:
        start = None
        for r, cells in enumerate(table.rows):
            text = cells[col].text.strip() if col < len(cells) else ""
            if text or start is None:
                start = r
                spans[(r, col)] = 1
            else:
                spans[(start, col)] += 1
    return spans


def _column_minimum(table: DataTable, col: int) -> float:
    """Return the narrowest width of a column: short headers and short values never wrap."""
    head = text_ems(table.header[col].text) + _SLACK_EMS
    head_need = head if head <= _SHORT_EMS else math.ceil(head / 2)  # a long header wraps once
    lengths = [
        text_ems(r[col].text) + _SLACK_EMS
        for r in table.rows
        if col < len(r) and r[col].text.strip()
    ]
    longest = max(lengths, default=0.0)
    values = longest if longest <= _SHORT_EMS else min(min(lengths), _SHORT_EMS)
    return max(head_need, values, _MIN_COLUMN_EMS)


def _grow(cells: list[list[tuple[float, int]]], ems: list[float], avail: float) -> list[float]:
    """Widen columns step by step, each time where a character of width saves most lines."""
    ems = list(ems)
    lines = _lines(cells, ems)
    while True:
        current = _total(cells, lines)
        if current[1] == 0:
            break
        spare = avail - sum(ems)
        best: tuple[float, int, float] | None = None
        heights = _Heights(cells, lines)
        for col in range(len(ems)):
            for width in _breakpoints(cells, col, ems[col], spare):
                height, wraps = heights.trial(col, width, current)
                # Lines saved per character of width; fewer wrapped cells breaks ties.
                score = (current[0] - height + 0.01 * (current[1] - wraps)) / (width - ems[col])
                if score > 0 and (best is None or score > best[0]):
                    best = (score, col, width)
        if best is None:
            break
        _, col, ems[col] = best
        lines = _with_column(cells, lines, col, ems[col])
    return ems


class _Heights:
    """Row heights of a table, to price widening one column without recounting every cell."""

    def __init__(self, cells: list[list[tuple[float, int]]], lines: list[list[int]]) -> None:
        self.cells = cells
        self.lines = lines
        # Per row: the two tallest cells (in lines, a merged cell spread over its rows) and
        # which column the tallest is in, so "the tallest but column c" is known at once.
        self.tops: list[tuple[int, int, int]] = []
        for row, counts in zip(cells, lines, strict=True):
            tall = [math.ceil(n / span) for n, (_w, span) in zip(counts, row, strict=False)]
            first = max(range(len(tall)), key=tall.__getitem__, default=-1)
            rest = [t for i, t in enumerate(tall) if i != first]
            self.tops.append((first, tall[first] if tall else 1, max(rest, default=0)))

    def trial(self, col: int, width: float, current: tuple[int, int]) -> tuple[int, int]:
        """Return (height, wrapped cells) of the table with column ``col`` at ``width``."""
        height, wraps = current
        for row, counts, (first, top, second) in zip(
            self.cells, self.lines, self.tops, strict=True
        ):
            if col >= len(counts):
                continue
            old, new = counts[col], _cell_lines(row[col][0], width)
            span = row[col][1]
            others = second if first == col else top
            height += max(others, math.ceil(new / span)) - top
            wraps += (new > 1) - (old > 1)
        return height, wraps


def _share_rest(
    cells: list[list[tuple[float, int]]], ems: list[float], avail: float
) -> list[float]:
    """Give what is left to the columns by how much of their text still wraps."""
    spare = avail - sum(ems)
    wrapped = [
        sum(max(0.0, row[c][0] - ems[c]) for row in cells if c < len(row)) for c in range(len(ems))
    ]
    weights = wrapped if sum(wrapped) > 0 else ems
    return [e + spare * w / sum(weights) for e, w in zip(ems, weights, strict=True)]


def _breakpoints(
    cells: list[list[tuple[float, int]]], col: int, now: float, spare: float
) -> list[float]:
    """Return the next few widths at which some cell of the column needs one line fewer."""
    found = set()
    for row in cells:
        if col >= len(row) or row[col][0] <= now:
            continue
        width, lines = row[col][0], math.ceil(row[col][0] / now - 1e-9)
        for fewer in range(lines - 1, 0, -1):
            need = math.ceil(width / fewer * 2) / 2  # half-character steps
            if need - now > spare:
                break
            found.add(need)
    return sorted(found)[:_CANDIDATES]


def _lines(cells: list[list[tuple[float, int]]], ems: list[float]) -> list[list[int]]:
    """Return how many lines each cell takes at the given column widths."""
    return [
        [_cell_lines(w, ems[c]) for c, (w, _span) in enumerate(row[: len(ems)])] for row in cells
    ]


def _cell_lines(width: float, column: float) -> int:
    return max(1, math.ceil(width / column - 1e-9))


def _with_column(
    cells: list[list[tuple[float, int]]], lines: list[list[int]], col: int, width: float
) -> list[list[int]]:
    out = []
    for row, counts in zip(cells, lines, strict=True):
        if col < len(counts):
            counts = [*counts[:col], _cell_lines(row[col][0], width), *counts[col + 1 :]]
        out.append(counts)
    return out


def _total(cells: list[list[tuple[float, int]]], lines: list[list[int]]) -> tuple[int, int]:
    """Return (lines of all rows, cells that wrap); a merged cell spreads over its rows."""
    height = wraps = 0
    for row, counts in zip(cells, lines, strict=True):
        height += max(
            (math.ceil(n / span) for n, (_w, span) in zip(counts, row, strict=False)), default=1
        )
        wraps += sum(n > 1 for n in counts)
    return height, wraps


def _cap(wanted: list[float], total: float) -> list[float]:
    """Lower the widest columns to one cap so the sum fits (water filling)."""
    low, high = 0.0, max(wanted)
    for _ in range(40):
        cap = (low + high) / 2
        if sum(min(w, cap) for w in wanted) > total:
            high = cap
        else:
            low = cap
    return [max(min(w, low), min(w, _MIN_COLUMN_EMS)) for w in wanted]


def merge_state(table: DataTable, r: int, c: int) -> str:
    """Tell whether cell (r, c) starts, continues or is outside a vertical merge."""
    if c not in table.merge:
        return ""
    rows = table.rows
    if r > 0 and not rows[r][c].text.strip():
        return "continue"
    below = rows[r + 1][c].text.strip() if r + 1 < len(rows) and c < len(rows[r + 1]) else "x"
    return "restart" if not below else ""


def left_columns(table: DataTable) -> set[int]:
    """Return the columns of prose (long text), which read better left-aligned."""
    out = set()
    for col in range(len(table.header)):
        texts = [r[col].text for r in table.rows if col < len(r) and r[col].text.strip()]
        if texts and sum(text_ems(t) for t in texts) / len(texts) >= LEFT_ALIGN_EMS:
            out.add(col)
    return out


def data_table_xml(book: StyleBook, table: DataTable, width: int, runs: RunsFn) -> str:
    """Return a bordered data table: repeated header row, rows kept whole, merged cells."""
    profile = book.profile
    margin = mm_twips(profile.table_cell_margin_mm)
    widths = column_widths(table, width, book.char_twips("table-text"), 2 * margin)
    line = pt_eighths(profile.table_border_pt)
    borders = "".join(
        border(s, line) for s in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    out = [table_open(width, borders, margin), grid(widths)]
    head = "".join(
        cell(w, _para(book, "table-header", runs(c.tokens, "table-header")))
        for w, c in zip(widths, table.header, strict=False)
    )
    out.append(row(head, header=True))
    left = left_columns(table)
    for r, cells in enumerate(table.rows):
        out.append(
            row(
                "".join(
                    _body_cell(book, table, r, c, widths[c], cells[c], c in left, runs)
                    for c in range(min(len(cells), len(widths)))
                )
            )
        )
    out.append("</w:tbl>")
    return "".join(out)


def _body_cell(
    book: StyleBook,
    table: DataTable,
    r: int,
    c: int,
    width: int,
    item: Cell,
    left: bool,
    runs: RunsFn,
) -> str:
    merge = merge_state(table, r, c)
    style = "table-text-left" if left else "table-text"
    content = "" if merge == "continue" else runs(item.tokens, style)
    return cell(width, _para(book, style, content), merge)


def _para(book: StyleBook, style: str, runs: str) -> str:
    return f"<w:p>{book.ppr(style)}</w:pPr>{runs}</w:p>"


# -- boxes and the 版记 -------------------------------------------------------------------------


def box_xml(book: StyleBook, width: int, paragraphs: str) -> str:
    """Return a 专栏: a one-cell table with a border on all four sides."""
    profile = book.profile
    line = pt_eighths(profile.box_border_pt)
    borders = "".join(border(s, line) for s in ("top", "left", "bottom", "right"))
    pad = mm_twips(profile.box_padding_mm)
    return (
        table_open(width, borders, pad, pad // 2)
        + grid([width])
        + row(cell(width, paragraphs, valign="top"), cant_split=False)
        + "</w:tbl>"
    )


def colophon_height_pt(book: StyleBook, rows: int) -> float:
    """Return the height of the 版记 table, rules included."""
    return rows * book.spec("colophon").line_pt + 3


def colophon_xml(book: StyleBook, width: int, cc: str, left: str, right: str) -> str:
    """Return the 版记 table: 抄送 line and 印发 line between rules as wide as the text block."""
    profile = book.profile
    outer, inner = mm_eighths(profile.colophon_outer_mm), mm_eighths(profile.colophon_inner_mm)
    borders = (
        border("top", outer)
        + no_border("left")
        + border("bottom", outer)
        + no_border("right")
        + border("insideH", inner)
        + no_border("insideV")
    )
    half = width // 2
    widths = [half, width - half]
    rows = []
    if cc:
        rows.append(row(cell(width, cc, span=2)))
    rows.append(row(cell(widths[0], left) + cell(widths[1], right)))
    return table_open(width, borders, 0) + grid(widths) + "".join(rows) + "</w:tbl>"
