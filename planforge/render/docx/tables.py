"""Tables as WordprocessingML: data tables (indicators, statistics), 专栏 boxes and the 版记.

LibreOffice lays tables out from ``w:tblGrid``, so every table states its column widths
there as well as on each cell; widths always add up to the table width.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from planforge.render.docx.layout import text_ems
from planforge.render.docx.styles import StyleBook
from planforge.render.docx.xml import mm_eighths, mm_twips, pt_eighths

RunsFn = Callable[[list[dict[str, object]], str], str]

# A column whose cells average this many characters holds prose (指标名称): align it left.
LEFT_ALIGN_EMS = 6.0
_MIN_COLUMN_EMS = 2.0


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
    """Share ``total`` twips between columns by content.

    Each column asks for its typical cell (so one long value wraps instead of widening the
    whole column) and at most its longest; space goes first to columns that would wrap.
    Merged columns (类别) span several rows, so their text may wrap onto two lines.
    """
    wants = [_column_want(table, col) for col in range(len(table.header))]
    desired = [w[0] for w in wants]
    full = [w[1] for w in wants]
    avail = max(total - len(wants) * padding, len(wants) * char) / char
    if sum(full) <= avail:
        ems = full
    elif sum(desired) <= avail:
        extra, deficits = avail - sum(desired), [f - d for f, d in zip(full, desired, strict=True)]
        ems = [d + extra * g / sum(deficits) for d, g in zip(desired, deficits, strict=True)]
    else:
        ems = _cap(desired, avail)
    scale = avail / sum(ems)
    widths = [int(e * scale * char) + padding for e in ems]
    widths[-1] += total - sum(widths)
    return widths


def _column_want(table: DataTable, col: int) -> tuple[float, float]:
    """Return (typical, longest) width of a column in characters, one character of padding each."""
    lengths = sorted(
        text_ems(r[col].text) for r in table.rows if col < len(r) and r[col].text.strip()
    )
    head = text_ems(table.header[col].text)
    head_need = head if head <= 4 else head / 2  # a long header may wrap onto two lines
    longest = lengths[-1] if lengths else 0.0
    typical = lengths[(len(lengths) * 3) // 4] if lengths else 0.0
    if col in table.merge:
        typical /= 2
    return max(typical, head_need, _MIN_COLUMN_EMS) + 1, max(
        longest, head_need, _MIN_COLUMN_EMS
    ) + 1


def _cap(wanted: list[float], total: float) -> list[float]:
    """Lower the widest columns to one cap so the sum fits (water filling)."""
    low, high = 0.0, max(wanted)
    for _ in range(40):
        cap = (low + high) / 2
        if sum(min(w, cap) for w in wanted) > total:
            high = cap
        else:
            low = cap
    return [max(min(w, low), min(w, _MIN_COLUMN_EMS + 1)) for w in wanted]


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
