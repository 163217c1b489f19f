"""A document planforge builds (Word and Markdown) imports back to the same plan."""

from __future__ import annotations

import copy
import datetime
import io
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from planforge.importer import import_document
from tests.importer.conftest import ROOT

PLANS = [
    ROOT / "tests" / "cases" / "valid" / "hierarchy" / "city.yaml",
    ROOT / "tests" / "cases" / "valid" / "hierarchy" / "district.yaml",
    ROOT / "plans" / "重庆市" / "重庆市.yaml",
    ROOT / "plans" / "重庆市" / "巴南区.yaml",
]
# What a printed document does not show: ids and links, machine-only facets, source notes.
# vision_year prints only through the text ("展望至2035年"), which a plan may not contain.
META_ONLY = ("source", "short_title", "children", "basis", "parent", "vision_year")
INDICATOR_ONLY = ("id", "parent", "kind", "basis", "todo")
PRESENTATION_DEFAULTS = {
    "numbering": "chapter",
    "indicator_table": "box",
    "box_item_numbers": True,
    "goal_bullet": "",
    "sub_row_numbers": False,
}


def plain(data: Any) -> Any:
    """ruamel objects → plain dicts, lists and strings."""
    if isinstance(data, dict):
        return {str(k): plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [plain(v) for v in data]
    if isinstance(data, datetime.date):  # an unquoted date in hand-written YAML
        return data.isoformat()
    return str(data) if isinstance(data, str) else data


def normalise(data: Any) -> Any:
    """Drop what a printed plan cannot carry; unify what it prints two ways."""
    data = copy.deepcopy(plain(data))
    for key in META_ONLY:
        data["meta"].pop(key, None)
    pres = {**PRESENTATION_DEFAULTS, **data.get("presentation", {})}
    pres.pop("indicator_headers", None)
    if "'box':" not in repr(data.get("chapters")):
        pres.pop("box_item_numbers")  # invisible without boxes
    data["presentation"] = pres
    for goal in data.get("goals", {}).get("items", []):
        goal.pop("indicators", None)
    table = data.get("indicators", {})
    table.pop("not_applicable", None)
    table["notes"] = [n for n in table.get("notes", []) if not n.startswith("上级规划约束性指标")]
    if not table["notes"]:
        table.pop("notes")
    for item in _indicators(table.get("items", [])):
        for key in INDICATOR_ONLY:
            item.pop(key, None)
        if "note" in item:
            item["note"] = item["note"].rstrip("。")
    for blocks in _block_lists(data):
        blocks[:] = _table_notes_as_blocks(blocks)
    return data


def _indicators(items: list[Any]) -> list[Any]:
    return [x for item in items for x in (item, *_indicators(item.get("children", [])))]


def _block_lists(data: Any) -> list[list[Any]]:
    out = [data.get("preamble", [])]
    for chapter in data.get("chapters", []):
        out.append(chapter.get("intro", []))
        for section in chapter.get("sections", []):
            out.append(section.get("blocks", []))
            out += [sub.get("blocks", []) for sub in section.get("subsections", [])]
    return out


def _table_notes_as_blocks(blocks: list[Any]) -> list[Any]:
    """注 under a table and a note block after it print alike."""
    out: list[Any] = []
    for block in blocks:
        out.append(block)
        if isinstance(block, dict) and "table" in block:
            out += [{"note": n} for n in block.pop("notes", [])]
    return out


def _load(path: Path) -> Any:
    return YAML().load(io.StringIO(path.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from planforge.build import build

    out = tmp_path_factory.mktemp("built")
    result = build(PLANS, out, ["docx", "md"])
    assert not result.skipped, [str(p) for p in result.report.problems]
    return out


@pytest.mark.parametrize("suffix", [".docx", ".md"])
@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.stem)
def test_built_document_imports_back(built: Path, plan: Path, suffix: str) -> None:
    document = built / (plan.stem + suffix)
    result = import_document(document)
    assert normalise(YAML().load(io.StringIO(result.yaml_text))) == normalise(_load(plan))
    assert result.summary.share >= 0.99
