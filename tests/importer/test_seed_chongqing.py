"""Import of seed 000 (Chongqing): traditional characters, pinyin, mojibake, no headings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from planforge.importer import ImportResult, import_document
from tests.importer.conftest import CHONGQING, FIXTURES, load_yaml, seed, write_and_validate

TOC = FIXTURES / "chongqing_toc.txt"


@pytest.fixture(scope="module")
def simplified() -> ImportResult:
    return import_document(
        seed(CHONGQING), simplified=True, toc_text=TOC.read_text(encoding="utf-8")
    )


@pytest.fixture(scope="module")
def plain() -> ImportResult:
    return import_document(seed(CHONGQING))


def _data(result: ImportResult) -> Any:
    return load_yaml(result.yaml_text)


def test_counts_match_seed_notes(simplified: ImportResult) -> None:
    c = simplified.summary.counts
    assert c.indicators == 16
    assert (c.boxes, c.box_items) == (5, 13)  # 专栏2–6; 专栏1 is the indicator table
    assert (c.chapters, c.sections, c.restored_headings) == (3, 13, 16)


def test_share_and_noise(simplified: ImportResult) -> None:
    s = simplified.summary
    assert s.share >= 0.99
    assert [u.line for u in s.noise] == [104, 105, 106, 107]
    assert s.unplaced == []


def test_pinyin_removed_and_counted(simplified: ImportResult) -> None:
    assert simplified.summary.pinyin_removed == 2053
    assert "(yè)" not in simplified.yaml_text and "(fā)" not in simplified.yaml_text


def test_simplified_conversion_reported(simplified: ImportResult) -> None:
    text = simplified.yaml_text
    assert "重庆市民政事业发展“十四五”规划" in text
    assert "規劃" not in text
    report = [p for p in simplified.problems if p.code == "IMP012"]
    assert len(report) == 1 and "會→会" in report[0].message
    assert simplified.summary.converted_chars > 5000


def test_zhu_caveat_reported_not_fixed(simplified: ImportResult) -> None:
    zhu = {p.location.line for p in simplified.problems if p.code == "IMP011"}
    assert {43, 12, 17} <= zhu  # 著力, 沿著, 著眼
    assert "著力助推乡村振兴。" in simplified.yaml_text


def test_mojibake_detected_with_positions_and_kept(simplified: ImportResult) -> None:
    found = {
        (p.location.line, p.location.column): p.message
        for p in simplified.problems
        if p.code == "IMP010"
    }
    assert (41, 80) in found and "?;?" in found[(41, 80)]
    assert {48, 64, 65, 102} <= {line for line, _ in found}
    assert "按照“?;?、兜底线、救急难、可持续”的总体思路" in simplified.yaml_text
    assert "?!笆奈濉逼陂g" in simplified.yaml_text


def test_default_keeps_traditional_text(plain: ImportResult) -> None:
    data = _data(plain)
    assert data["meta"]["title"] == "重慶市民政事業發展“十四五”規劃"
    assert data["meta"]["region"] == "重慶市"
    assert "IMP012" not in {p.code for p in plain.problems}
    # structure is recognised through the simplified shadow
    assert data["indicators"]["items"][14]["attribute"] == "预期性"  # schema enum, marked
    assert "原文作“預期性”" in plain.yaml_text and "todo" not in plain.yaml_text
    assert len(data["indicators"]["items"]) == 16
    assert data["presentation"]["indicator_table"] == "box"


def test_indicator_table(simplified: ImportResult) -> None:
    data = _data(simplified)
    items = data["indicators"]["items"]
    assert data["indicators"]["title"] == "“十四五”重庆民政事业主要发展指标"
    assert items[0]["target"] == "不低于上年度城镇居民人均消费支出增速"
    assert items[0]["baseline"] == "—"
    assert [(i["unit"], i["baseline"], i["target"]) for i in items[6:8]] == [
        ("万人", "6.3", "≥8"),
        ("亿元", "75.8", "≥90"),
    ]
    assert [i["id"] for i in items if i["attribute"] == "约束性"] == [
        "zb03",
        "zb04",
        "zb10",
        "zb12",
        "zb14",
    ]
    assert data["presentation"]["indicator_headers"] == {
        "name": "主要指标",
        "attribute": "指标属性",
    }


def test_boxes_numbered_items(simplified: ImportResult) -> None:
    data = _data(simplified)
    boxes = [
        b
        for c in data["chapters"]
        for s in c.get("sections", [])
        for b in s.get("blocks", [])
        if isinstance(b, dict) and "box" in b
    ]
    assert [b["box"] for b in boxes] == [
        "社会救助能力提升工程",
        "儿童福利保障提升工程",
        "民政精神卫生福利设施提升工程",
        "城乡社区服务提升工程",
        "社会组织、社会工作和慈善事业发展工程",
    ]
    assert [len(b["items"]) for b in boxes] == [2, 3, 2, 3, 3]
    assert boxes[1]["items"][2]["title"] == "儿童福利服务能力提升工程"  # run together in one cell
    assert data["presentation"]["box_item_numbers"] is True


def test_goals_and_principles(simplified: ImportResult) -> None:
    data = _data(simplified)
    goals = data["goals"]
    assert goals["overall"].startswith("按照“坚守底线、突出重点、完善制度、引导预期”的工作思路")
    assert len(goals["items"]) == 4 and goals["vision"].startswith("到2035年")
    assert data["presentation"]["goal_bullet"] == "——"
    guidance = data["chapters"][0]["sections"][2]["blocks"]
    principles = next(b for b in guidance if isinstance(b, dict) and "list" in b)
    assert principles["bullet"] == "——" and len(principles["list"]) == 5


def test_truncation_and_external_toc_recorded(simplified: ImportResult) -> None:
    source = _data(simplified)["meta"]["source"]
    assert source["truncated"] is True
    assert "原文似不完整" in source["note"] and "简体字" in source["note"]
    assert source["toc"][-1]["title"] == "第三节聚合社会…"
    assert "IMP301" in {p.code for p in simplified.problems}


def test_without_toc_placeholders_are_used(plain: ImportResult) -> None:
    data = _data(plain)
    assert data["chapters"][0]["title"] == "(原文缺少章标题)"
    assert data["preamble"][0].startswith("為切實履行")
    assert "IMP302" in {p.code for p in plain.problems}


def test_outputs_validate(tmp_path: Path, simplified: ImportResult, plain: ImportResult) -> None:
    assert write_and_validate(tmp_path, simplified, "s.yaml") == []
    assert write_and_validate(tmp_path, plain, "t.yaml") == []
