"""Import published plans (web text, .docx, Markdown) into plan YAML."""

from planforge.importer.api import (
    FORMATS,
    ImportResult,
    detect_format,
    import_document,
    measure_plan,
)
from planforge.importer.summary import Summary, format_summary

__all__ = [
    "FORMATS",
    "ImportResult",
    "Summary",
    "detect_format",
    "format_summary",
    "import_document",
    "measure_plan",
]
