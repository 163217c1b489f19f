"""Small helpers for writing WordprocessingML as text: escaping and unit conversion."""

from __future__ import annotations

import re

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# Characters XML 1.0 forbids; they would make Word refuse the file.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def esc(text: str) -> str:
    """Escape text content."""
    # str.replace, each only when needed: str.translate is slow on Chinese text.
    text = _ILLEGAL.sub("", text)
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def attr(text: str) -> str:
    """Escape an attribute value (double-quoted)."""
    text = esc(text)
    return text.replace('"', "&quot;") if '"' in text else text


def pt_twips(pt: float) -> int:
    """Points → twentieths of a point (twips)."""
    return round(pt * 20)


def mm_twips(mm: float) -> int:
    """Millimetres → twips."""
    return round(mm * 1440 / 25.4)


def mm_eighths(mm: float) -> int:
    """Millimetres → eighths of a point (border widths), within Word's 2..96."""
    return max(2, min(96, round(mm * 72 / 25.4 * 8)))


def pt_eighths(pt: float) -> int:
    return max(2, min(96, round(pt * 8)))


def half_points(pt: float) -> int:
    return round(pt * 2)
