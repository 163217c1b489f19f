"""Light constants shared by the command and the library (no heavy imports here)."""

from __future__ import annotations

from pathlib import Path

FORMATS = ("text", "docx", "markdown")
SCHEMA_URL = "https://planforge.example/schema/plan.schema.json"


def detect_format(path: Path) -> str:
    """Pick the reader from the file name."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return "docx"
    if suffix in (".md", ".markdown"):
        return "markdown"
    return "text"
