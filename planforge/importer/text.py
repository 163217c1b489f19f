"""Plain-text reader: one block per source line (web scrapes, copied text)."""

from __future__ import annotations

from pathlib import Path

from planforge.errors import Location, PlanforgeError
from planforge.importer.blocks import Block, SourceDoc
from planforge.importer.findings import Findings


def decode(data: bytes, file: str, found: Findings) -> str:
    """Decode UTF-8 (with or without BOM), falling back to GB18030 with a warning."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise PlanforgeError(f"无法识别文件编码:{exc}", location=Location(file)) from exc
    found.warn("IMP001", "文件不是 UTF-8 编码,已按 GB18030 读取")
    return text


def split_blocks(text: str) -> list[Block]:
    """Return one block per line, numbered from 1; tabs become spaces."""
    return [Block(i, line.replace("\t", " ")) for i, line in enumerate(text.splitlines(), 1)]


def read_text(path: Path, found: Findings) -> SourceDoc:
    """Read a plain-text file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PlanforgeError(f"无法读取文件:{exc.strerror}", location=Location(str(path))) from exc
    return SourceDoc(path.name, split_blocks(decode(data, path.name, found)), "text")
