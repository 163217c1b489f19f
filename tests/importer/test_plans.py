"""The shipped plans/重庆市: valid, linked, complete against their seeds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from planforge.importer import measure_plan
from planforge.loader import load_plan
from tests.importer.conftest import BANAN, CHONGQING, FIXTURES, ROOT, load_yaml, seed

PLANS = ROOT / "plans" / "重庆市"
CQ_PLAN = PLANS / "重庆市.yaml"
BN_PLAN = PLANS / "巴南区.yaml"
# seed-notes §A: Banan row → Chongqing row (B9, B12, B13 have no counterpart)
LINKS = {1: 12, 2: 3, 3: 4, 4: 7, 5: 8, 6: 9, 7: 11, 8: 16, 10: 14, 11: 15, 14: 5, 15: 10}


def _data(path: Path) -> Any:
    return load_yaml(path.read_text(encoding="utf-8"))


def _indicators(data: Any) -> list[Any]:
    return [x for i in data["indicators"]["items"] for x in (i, *i.get("children", []))]


@pytest.mark.parametrize("plan", [CQ_PLAN, BN_PLAN], ids=["重庆市", "巴南区"])
def test_plan_validates(plan: Path) -> None:
    loaded = load_plan(plan)
    assert loaded.plan is not None
    assert [str(p) for p in loaded.problems if p.is_error] == []


def test_banan_links_every_indicator_with_a_counterpart() -> None:
    data = _data(BN_PLAN)
    assert data["meta"]["parent"] == "重庆市.yaml"
    parents = {int(i["id"][2:]): i.get("parent") for i in _indicators(data)}
    assert parents == {n: (f"zb{LINKS[n]:02d}" if n in LINKS else None) for n in range(1, 16)}
    cq_ids = {i["id"] for i in _indicators(_data(CQ_PLAN))}
    assert {p for p in parents.values() if p} <= cq_ids


def test_banan_keeps_the_documents_own_errors() -> None:
    items = _indicators(_data(BN_PLAN))
    assert items[9]["baseline"] == "≥32.3" and items[10]["baseline"] == "≥60"
    assert "unit" not in items[13]
    assert _data(BN_PLAN)["chapters"][5]["sections"][0]["title"] == "深入推进殡葬改革"


def test_chongqing_notes_truncation_and_conversion() -> None:
    source = _data(CQ_PLAN)["meta"]["source"]
    assert source["truncated"] is True
    assert "截断" in source["note"] and "简体字" in source["note"]
    chapters = _data(CQ_PLAN)["chapters"]
    assert [c["title"] for c in chapters] == [
        "全面开启民政事业现代化建设新篇章",
        "全面夯实基本民生保障体系",
        "全面提升基层治理能力和水平",
    ]
    last = [s["title"] for s in chapters[2]["sections"]]
    assert last[2:] == ["聚合社会…", "(原文缺少节标题:志愿服务)", "(原文缺少节标题:行政区划)"]


def test_shipped_plans_hold_their_seeds() -> None:
    bn = measure_plan(seed(BANAN), _data(BN_PLAN))
    cq = measure_plan(
        seed(CHONGQING),
        _data(CQ_PLAN),
        simplified=True,
        toc_text=(FIXTURES / "chongqing_toc.txt").read_text(encoding="utf-8"),
    )
    assert bn.share >= 0.99 and cq.share >= 0.99
    assert [u.line for u in bn.unplaced] == [18, 19]  # the repeated notice-title fragments
    assert cq.unplaced == []
