"""专栏 boxes: splitting item text into items (numbered or not, one per line or run together)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from planforge.importer.chinese import shadow

_NUMBERED_START = re.compile(r"^\s*(\d{1,2})\s*[.．、](?!\d)\s*")
_RUN_SPLIT = re.compile(r"(?<=[。;；!！])\s+(?=\S)")
_TITLE_END = re.compile(r"[。:：]")


@dataclass
class BoxItem:
    """One item of a box: the title phrase (may be empty) and the text after it."""

    title: str
    text: str
    separator: str  # "。", ":" or "" when the item has no title phrase
    numbered: bool
    line: int
    marker: str = ""  # "1." as written, when numbered


def strip_cell_end(text: str) -> str:
    """Drop the table-cell terminator `` |`` that web scrapes leave at the end of a box line."""
    text = text.rstrip()
    return text[:-1].rstrip() if text.endswith(("|", "｜")) else text


def split_items(text: str, line: int) -> list[BoxItem]:
    """Split one line of box content into items."""
    text = strip_cell_end(text)
    if _NUMBERED_START.match(text):
        parts = _split_numbered(text)
        return [_item(p, line, numbered=True) for p in parts]
    parts = [p for p in _RUN_SPLIT.split(text) if p.strip()]
    return [_item(p, line, numbered=False) for p in parts]


def _split_numbered(text: str) -> list[str]:
    """Split ``1.a。… 2.b。…`` at each next number in sequence, never at a number inside text."""
    parts: list[str] = []
    expected = 1
    start = 0
    for m in re.finditer(r"(?:(?<=^)|(?<=[\s。;；]))(\d{1,2})\s*[.．、](?!\d)", text):
        if int(m.group(1)) != expected:
            continue
        if m.start() > start:
            parts.append(text[start : m.start()].strip())
        start = m.start()
        expected += 1
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def _item(part: str, line: int, numbered: bool) -> BoxItem:
    body, marker = part, ""
    if numbered:
        m = _NUMBERED_START.match(part)
        if m:
            body, marker = part[m.end() :], m.group(0).strip()
    title, sep, text = _title_of(body)
    return BoxItem(title, text, sep, numbered, line, marker)


def _title_of(body: str) -> tuple[str, str, str]:
    """The title is the phrase before the first 。 or : when it is short."""
    m = _TITLE_END.search(shadow(body))
    if m and 0 < m.start() <= 40:
        return body[: m.start()], body[m.start()], body[m.end() :].strip()
    return "", "", body.strip()


def item_marker(line_text: str) -> str:
    """Return the ``1.`` marker of a numbered item line, or ''."""
    m = _NUMBERED_START.match(line_text)
    return m.group(0).strip() if m else ""


def looks_like_item_line(key: str) -> bool:
    """A line that continues a box: a numbered item, or an item ending a one-cell box."""
    text = key.rstrip()
    return bool(_NUMBERED_START.match(text)) or text.endswith(("|", "｜"))
