"""Import published plans (web text, .docx, Markdown) into plan YAML.

The names below load on first use, so ``planforge --help`` stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from planforge.importer.api import ImportResult, import_document, measure_plan
    from planforge.importer.formats import FORMATS, detect_format
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
_HOME = {
    "Summary": "summary",
    "format_summary": "summary",
    "FORMATS": "formats",
    "detect_format": "formats",
}


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"planforge.importer.{_HOME.get(name, 'api')}"), name)
