"""Reading indicator rows from a table: names, units (own column or inside the name), values."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from planforge.importer.blocks import RawTable
from planforge.importer.chinese import shadow
from planforge.importer.findings import Findings
from planforge.importer.tables import (
    ATTRIBUTE,
    ATTRIBUTES,
    CATEGORY,
    NAME,
    NOTE,
    SEQ,
    UNIT,
    Columns,
    header_rows,
    read_columns,
)

try:  # the shared unit grammar (planforge.units); a local fallback keeps the importer usable
    from planforge.units import split_unit_from_name
except ImportError:  # pragma: no cover - only before planforge.units existed
    _NAME_UNIT = re.compile(r"^(.*?)\s*[(（]([^()（）]{1,8})[)）]\s*$")

    def split_unit_from_name(name: str) -> tuple[str, str | None]:
        m = _NAME_UNIT.match(name)
        return (m.group(1), m.group(2)) if m else (name, None)


SUB_ROW = re.compile(r"^其中\s*[:：]?\s*")
RATE_WORDS = re.compile(r"(率|占比|比例|比重)$")


@dataclass
class IndicatorRow:
    """One indicator as the table states it; values verbatim."""

    line: int
    number: str
    name: str
    name_line: int = 0
    category: str = ""
    unit: str | None = None
    unit_note: str = ""  # how the unit was found when not from a unit column
    baseline: str | None = None
    milestones: dict[int, str] = field(default_factory=dict)
    target: str | None = None
    attribute: str = ""
    note: str = ""
    sub_row: bool = False
    children: list[IndicatorRow] = field(default_factory=list)
    parts: list[IndicatorRow] = field(default_factory=list)  # name holds the part's label


@dataclass
class IndicatorTable:
    """The main indicator table: title, header texts by role, rows (sub-rows nested)."""

    title: str
    header: list[str]
    columns: Columns
    rows: list[IndicatorRow]
    line: int
    kind: str = "table"  # "box" when the document calls it 专栏N
    number: int = 0
    sub_row_numbers: bool = False
    notes: list[str] = field(default_factory=list)
    header_lines: list[int] = field(default_factory=list)

    def iter_all(self) -> list[IndicatorRow]:
        """Rows and sub-rows in table order."""
        return [r for row in self.rows for r in (row, *row.children)]


def read_indicator_table(
    table: RawTable, title: str, line: int, found: Findings, baseline_year: int | None = None
) -> IndicatorTable:
    """Interpret a raw table whose first row (or first two rows) is the header."""
    header, body_start = header_rows(table.rows)
    cols = read_columns(header, baseline_year)
    for h, role in zip(header, cols.roles, strict=True):
        if not role:
            found.warn("IMP205", f"指标表表头“{h}”无法识别,该列未导入", table.lines[0])
    rows: list[IndicatorRow] = []
    for r, cells in enumerate(table.rows[body_start:], body_start):
        row = _read_row(cells, table.lines[r], cols, found)
        if row is not None:
            row.name_line = table.line_of(r, cols.index(NAME))
            if not row.category and rows and cols.index(CATEGORY) >= 0:
                row.category = rows[-1].category  # a merged category cell spans this row
            rows.append(row)
    nested, sub_numbers = _nest_sub_rows(rows)
    out = IndicatorTable(title, header, cols, nested, line, sub_row_numbers=sub_numbers)
    lower = table.rows[1] if body_start == 2 else []
    out.header_lines = [
        table.line_of(1 if k < len(lower) and lower[k] else 0, k) for k in range(len(header))
    ]
    return out


def _cell(cells: list[str], col: int) -> str:
    return cells[col].strip() if 0 <= col < len(cells) else ""


def _align(cells: list[str], cols: Columns) -> list[str]:
    """A row one cell short under a merged 类别 cell lacks exactly that cell."""
    cat = cols.index(CATEGORY)
    if cat >= 0 and len(cells) == len(cols.header) - 1:
        return [*cells[:cat], "", *cells[cat:]]
    return cells


def _read_row(cells: list[str], line: int, cols: Columns, found: Findings) -> IndicatorRow | None:
    cells = _align(cells, cols)
    if len(cells) != len(cols.header):
        found.warn(
            "IMP201",
            f"指标表该行有 {len(cells)} 个单元格,表头有 {len(cols.header)} 列:"
            f"“{' | '.join(cells)}”",
            line,
            hint="请核对原表",
        )
        cells = (cells + [""] * len(cols.header))[: len(cols.header)]
    name = _cell(cells, cols.index(NAME))
    if not name:
        return None
    row = IndicatorRow(
        line,
        _cell(cells, cols.index(SEQ)),
        name,
        category=_cell(cells, cols.index(CATEGORY)),
        attribute=_cell(cells, cols.index(ATTRIBUTE)),
        note=_cell(cells, cols.index(NOTE)),
    )
    _read_values(row, cells, cols)
    _read_unit(row, _cell(cells, cols.index(UNIT)), cols.index(UNIT) >= 0)
    if row.unit is None:
        found.warn(
            "IMP202",
            f"指标“{row.name}”没有单位(原表无单位列,名称中也未注明)",
            line,
            hint="如确无单位可不填;否则请补上",
        )
    elif row.unit_note.startswith("单位系推断"):
        found.info("IMP203", f"指标“{row.name}”的单位“{row.unit}”系推断", line)
    m = SUB_ROW.match(shadow(row.name))
    if m:
        row.sub_row, row.name = True, row.name[m.end() :]
    if row.attribute and shadow(row.attribute) not in ATTRIBUTES:
        found.warn("IMP204", f"指标“{row.name}”的属性“{row.attribute}”不是约束性或预期性", line)
    return row


def _read_values(row: IndicatorRow, cells: list[str], cols: Columns) -> None:
    if cols.baseline >= 0:
        row.baseline = _cell(cells, cols.baseline)
    if cols.target >= 0:
        row.target = _cell(cells, cols.target)
    row.milestones = {year: _cell(cells, col) for year, col in cols.milestones.items()}


def _read_unit(row: IndicatorRow, unit_cell: str, has_unit_col: bool) -> None:
    """Take the unit from its column, else from ``名称(单位)``, else guess % for a rate."""
    stem, unit = split_unit_from_name(row.name)
    if has_unit_col and unit_cell:
        row.unit = unit_cell
        return
    if unit:
        row.name, row.unit, row.unit_note = stem, unit, "单位取自指标名称"
        return
    if RATE_WORDS.search(shadow(row.name)) and not has_unit_col:
        row.unit, row.unit_note = "%", "单位系推断(名称以率/占比/比例结尾)"


def _nest_sub_rows(rows: list[IndicatorRow]) -> tuple[list[IndicatorRow], bool]:
    """Put ``其中:`` rows under the row before them; report whether they kept their own number."""
    out: list[IndicatorRow] = []
    numbered = False
    for row in _join_parts(rows):
        if row.sub_row and out:
            if row.category == out[-1].category:
                row.category = ""
            out[-1].children.append(row)
            numbered = numbered or bool(row.number)
        else:
            out.append(row)
    return out, numbered


_PART = re.compile(r"^(.+?)[(（]([^()（）]{1,12})[)）]$")


def _join_parts(rows: list[IndicatorRow]) -> list[IndicatorRow]:
    """Rows ``名称(全自理)``, ``名称(全护理)`` (the later ones unnumbered) are one indicator."""
    out: list[IndicatorRow] = []
    for row in rows:
        m = _PART.match(row.name)
        prev = out[-1] if out else None
        if m and prev is not None and not row.number and _same_indicator(prev, m.group(1), row):
            if not prev.parts:
                first = _PART.match(prev.name)
                assert first is not None
                prev.parts.append(_as_part(prev, first.group(2)))
                prev.name = first.group(1)
            prev.parts.append(_as_part(row, m.group(2)))
            continue
        out.append(row)
    return out


def _same_indicator(prev: IndicatorRow, stem: str, row: IndicatorRow) -> bool:
    m = _PART.match(prev.name)
    base = m.group(1) if m and not prev.parts else prev.name
    return base == stem and prev.unit == row.unit and prev.attribute == row.attribute


def _as_part(row: IndicatorRow, label: str) -> IndicatorRow:
    return IndicatorRow(
        row.line,
        "",
        label,
        baseline=row.baseline,
        target=row.target,
        milestones=dict(row.milestones),
    )


def register_markers(
    table: IndicatorTable, defaults: set[str], markers: defaultdict[int, list[str]]
) -> None:
    """Text planforge regenerates when it prints the table: 序号, 其中, default headers."""
    for row in table.iter_all():
        if row.number:
            markers[row.line].append(row.number)
        if row.sub_row:
            markers[row.name_line or row.line].append("其中")
    for text, line in zip(table.header, table.header_lines, strict=False):
        if text in defaults or re.fullmatch(r"\d{4}年", text):
            markers[line].append(text)
