"""How much of the source ended up in the plan, measured on the YAML data itself.

Body characters are the CJK and alphanumeric characters of every source line that is not
noise (the summary lists the noise lines), after pinyin annotations are removed and without
the numbering planforge regenerates (第一章, 专栏2, 1., 序号 cells, —— bullets). A character
counts as placed when an 8-character window containing it occurs in some string of the plan;
a piece shorter than 8 characters counts when it occurs as a whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from planforge.importer.blocks import Block
from planforge.importer.chinese import content_chars
from planforge.importer.structure import Markers

WINDOW = 8
_PIECE_SEP = re.compile(
    r"\s*[|｜]\s*|[….·⋯]{2,}|\t|\s{2,}|[:：]|(?<=[。;；!！])\s+|(?=[(（][^()（）]{1,12}[)）]\s*(?:[|｜]|$))"
)


@dataclass
class LineCoverage:
    """Coverage of one source line."""

    line: int
    text: str
    total: int
    placed: int
    missing: str  # the first run of characters not found in the plan

    @property
    def complete(self) -> bool:
        return self.placed >= self.total


def iter_strings(data: Any) -> Iterator[str]:
    """Every string and number in a YAML data tree (keys excluded)."""
    if isinstance(data, dict):
        head = data.get("lead", data.get("title")) if "text" in data else None
        if isinstance(head, str) and isinstance(data["text"], str):
            # a lead-in and its paragraph (or an item title and its text) read as one run
            yield head + data["text"]
        for key, value in data.items():
            if head is None or key not in ("lead", "title", "text"):
                yield from iter_strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from iter_strings(value)
    elif isinstance(data, str | int | float) and not isinstance(data, bool):
        yield str(data)


class Corpus:
    """The plan's text, indexed by 8-character windows."""

    def __init__(self, data: Any, aliases: list[str] | None = None) -> None:
        pieces = [content_chars(s) for s in [*iter_strings(data), *(aliases or [])]]
        self.text = "\x00".join(pieces)
        self.windows = {p[i : i + WINDOW] for p in pieces for i in range(len(p) - WINDOW + 1)}

    def covered(self, piece: str) -> list[bool]:
        """Which characters of ``piece`` are found in the plan."""
        if len(piece) < WINDOW:
            return [piece in self.text] * len(piece)
        marks = [False] * len(piece)
        for i in range(len(piece) - WINDOW + 1):
            if piece[i : i + WINDOW] in self.windows:
                marks[i : i + WINDOW] = [True] * WINDOW
        return marks


def source_lines(blocks: list[Block]) -> Iterator[tuple[int, str]]:
    """The body lines of the source: (line, text); a table gives one line per row."""
    for b in blocks:
        if b.noise:
            continue
        if b.table is not None:
            for row, line in zip(b.table.rows, b.table.lines, strict=False):
                yield line, " | ".join(cell.replace("\n", " | ") for cell in row)
        elif b.text.strip():
            yield b.line, b.text


def strip_markers(text: str, markers: list[str]) -> str:
    """Drop each regenerated numbering marker once from a line."""
    for marker in markers:
        pos = text.find(marker)
        if pos >= 0:
            text = text[:pos] + " " + text[pos + len(marker) :]
    return text


def measure(
    blocks: list[Block], data: Any, markers: Markers, aliases: list[str] | None = None
) -> list[LineCoverage]:
    """Coverage of every body line of the source.

    ``aliases`` are source wordings of values the plan stores normalised (dates).
    """
    corpus = Corpus(data, aliases)
    out = []
    for line, text in source_lines(blocks):
        total = placed = 0
        missing = ""
        stripped = strip_markers(text, markers.get(line, []))
        for piece in _PIECE_SEP.split(stripped):
            chars = content_chars(piece)
            marks = corpus.covered(chars)
            total += len(chars)
            placed += sum(marks)
            if not missing and not all(marks):
                missing = _first_gap(chars, marks)
        out.append(LineCoverage(line, text, total, placed, missing))
    return out


def _first_gap(chars: str, marks: list[bool]) -> str:
    start = marks.index(False)
    end = start
    while end < len(marks) and not marks[end]:
        end += 1
    return chars[start:end][:30]
