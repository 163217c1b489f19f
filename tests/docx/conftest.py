"""Build the example plans' Word documents once per session for the read-back tests."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.document import Document

from planforge.build import build

HIERARCHY = Path(__file__).resolve().parents[1] / "cases" / "valid" / "hierarchy"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("docx")
    result = build([HIERARCHY], out, ["docx"])
    assert not result.failed(), result.report.problems
    return {p.stem: p for p in result.written}


@pytest.fixture(scope="session")
def city(built: dict[str, Path]) -> Document:
    return docx.Document(str(built["city"]))


@pytest.fixture(scope="session")
def district(built: dict[str, Path]) -> Document:
    return docx.Document(str(built["district"]))
