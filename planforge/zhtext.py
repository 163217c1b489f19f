"""Chinese text on a terminal: display width, line wrapping, and rewording messages.

Kept apart from the reports so the help screen and error paths can use it without
importing the checking machinery.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

_CLOSING_PUNCTUATION = frozenset(",。、;:!?)》」』”’")

# (pattern, replacement) pairs for re.sub; see reword.
Rewordings = Sequence[tuple[str, str]]


def width(text: str) -> int:
    """Return how many terminal columns text takes (CJK characters take two)."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap_display(text: str, columns: int) -> list[str]:
    """Break text into lines of at most ``columns`` display columns.

    Chinese may break between any two characters; a run of Latin letters, digits or
    punctuation (an option name, ``GB/T``, a number with its unit) is kept whole.
    """
    lines: list[str] = []
    line = ""
    for token in re.findall(r"[!-~]+|\s+|.", text):
        closing = token in _CLOSING_PUNCTUATION  # never at a line's start: may overhang
        if width(line) + width(token) > columns and line.strip() and not closing:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    lines.append(line.rstrip())
    return lines


def reword(text: str, rewordings: Rewordings) -> str:
    """Apply the first rewording whose pattern occurs in ``text``; else return it unchanged.

    Used to put a library's English messages (click, Jinja) into Chinese.
    """
    for pattern, replacement in rewordings:
        if re.search(pattern, text):
            return re.sub(pattern, replacement, text)
    return text
