"""The 版记 at the end of an official document: 抄送, 印发机关 and 印发日期."""

from __future__ import annotations

import re
from dataclasses import dataclass

from planforge.importer.items import Item, Para, Table
from planforge.importer.patterns import iso_date
from planforge.importer.structure import Markers

_CC = re.compile(r"^抄送\s*[:：]\s*(.+?)。?$")
_PRINTED = re.compile(r"^(.*?)\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*印发$")


@dataclass
class Colophon:
    """What the 版记 says."""

    cc: str = ""
    printed_by: str = ""
    printed_date: str = ""


def read_colophon(items: list[Item], markers: Markers) -> tuple[list[Item], Colophon | None]:
    """Take the 版记 off the end of the body (paragraphs, or a table in Word)."""
    col = Colophon()
    end = len(items)
    while end > 0 and _absorb(items[end - 1], col, markers):
        end -= 1
    if end == len(items):
        return items, None
    return items[:end], col


def _absorb(item: Item, col: Colophon, markers: Markers) -> bool:
    if isinstance(item, Para) and not item.lead:
        return _line(item.text, item.line, col, markers)
    if isinstance(item, Table):
        return _absorb_table(item, col, markers)
    return False


def _absorb_table(item: Table, col: Colophon, markers: Markers) -> bool:
    """Word sets the 版记 as a table: 抄送 across the width, then 印发机关 | 日期印发."""
    rows = list(zip(item.raw.rows, item.raw.lines, strict=False))
    texts = [(" ".join(dict.fromkeys(row)), line, len(row)) for row, line in rows]
    if not texts or not all(_CC.match(t) or _PRINTED.match(t) for t, _, _ in texts):
        return False
    for text, line, cells in texts:
        _line(text, line, col, markers)
        if cells > 1 and _CC.match(text):  # a merged cell repeats in every column
            markers[line].extend(["抄送"] * (cells - 1))
    return True


def _line(text: str, line: int, col: Colophon, markers: Markers) -> bool:
    cc = _CC.match(text.strip())
    if cc and not col.cc:
        col.cc = cc.group(1)
        markers[line].append("抄送")
        return True
    printed = _PRINTED.match(text.strip())
    if printed and not col.printed_date:
        col.printed_by = printed.group(1).strip()
        col.printed_date = iso_date(printed.group(2))
        markers[line].extend(["印发", printed.group(2)])
        return True
    return False
