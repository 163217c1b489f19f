"""Shared helpers for the importer tests: seed paths, importing text, reading the YAML back."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from planforge.importer import ImportResult, import_document

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHONGQING = SEEDS / "000_e4e2cc68368a4a9f.txt"
BANAN = SEEDS / "001_3e75d17b5e191f51.txt"


def seed(path: Path) -> Path:
    """Return a seed file, skipping the test (visibly) when the seeds are not checked out."""
    if not path.exists():
        pytest.skip(f"seed file not available: {path}")
    return path


def load_yaml(text: str) -> Any:
    """Parse YAML text with the round-trip loader the project uses."""
    return YAML().load(io.StringIO(text))


def import_text(tmp_path: Path, text: str, name: str = "doc.txt", **kwargs: Any) -> ImportResult:
    """Write ``text`` to a file and import it."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return import_document(path, **kwargs)


def codes(result: ImportResult) -> list[str]:
    """The problem codes of an import, in order."""
    return [p.code for p in result.problems]


def write_and_validate(tmp_path: Path, result: ImportResult, name: str = "plan.yaml") -> list[Any]:
    """Write the imported YAML and load it with planforge's loader; return error problems."""
    from planforge.loader import load_plan

    path = tmp_path / name
    path.write_text(result.yaml_text, encoding="utf-8")
    loaded = load_plan(path)
    return [p for p in loaded.problems if p.is_error]
