"""Tests for planforge.names: normalising indicator names across levels and suggesting links."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planforge.loader import load_plan
from planforge.model import Plan
from planforge.names import name_score, normalize_name, normalize_text, suggest_links, to_simplified


@pytest.mark.parametrize(
    ("child", "parent"),
    [
        # admin prefixes
        ("镇(街道)未成年人保护工作站覆盖率", "乡镇(街道)未成年人保护工作站覆盖率"),
        ("街道未成年人保护工作站覆盖率", "乡镇未成年人保护工作站覆盖率"),
        ("街镇社会工作站覆盖率", "乡镇(街道)社会工作站覆盖率"),
        ("苏木乡镇社会工作站覆盖率", "乡镇社会工作站覆盖率"),
        ("县级公益性安葬(放)设施覆盖率", "区县级公益性安葬(放)设施覆盖率"),
        ("旗市区级公益性安葬(放)设施覆盖率", "县级公益性安葬(放)设施覆盖率"),
        # facility words, suffixes
        ("镇(街道)具备综合功能的养老机构覆盖率", "乡镇(街道)具备综合功能的养老服务机构覆盖率"),
        ("社会工作专业人才总数", "社会工作专业人才数"),
        ("福利彩票销售网点总量", "福利彩票销售网点数"),
        ("护理型床位比例", "护理型床位占比"),
        ("护理型床位率", "护理型床位比例"),
        ("社区综合服务设施建筑面积", "社区综合服务设施面积"),
        # units in names, punctuation, 其中, traditional characters
        ("社会工作专业人才数(万人)", "社会工作专业人才数"),
        ("社会工作专业人才数（万人）", "社会工作专业人才数"),
        ("其中:护理型床位比例(%)", "护理型床位占比"),
        ("乡镇（街道）未成年人保护工作站覆盖率", "乡镇(街道)未成年人保护工作站覆盖率"),
        ("婚姻登记“跨省通办”实施率", '婚姻登记"跨省通办"实施率'),
        ("養老機構護理型床位佔比", "养老机构护理型床位占比"),
        ("區縣級城鄉公益性安葬(放)設施覆蓋率", "县级城乡公益性安葬(放)设施覆盖率"),
    ],
)
def test_same_indicator_normalises_equal(child: str, parent: str) -> None:
    assert normalize_name(child) == normalize_name(parent)
    assert name_score(child, parent) == 1.0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("困难残疾人生活补贴覆盖率", "重度残疾人护理补贴覆盖率"),
        ("城镇居民人均可支配收入", "城乡居民人均可支配收入"),  # 城镇 is not an admin prefix
        ("社区服务中心覆盖率", "社区养老服务中心覆盖率"),
    ],
)
def test_different_indicators_stay_different(a: str, b: str) -> None:
    assert normalize_name(a) != normalize_name(b)
    assert name_score(a, b) < 1.0


def test_shorter_form_scores_high_and_unrelated_low() -> None:
    assert name_score("护理型床位比例", "养老机构护理型床位占比") > 0.8
    assert name_score("困难残疾人生活补贴覆盖率", "重度残疾人护理补贴覆盖率") < 0.6
    assert name_score("政府运营床位占比", "农村低保标准占城市低保标准比例") < 0.2


def test_normalize_text_folds_width_script_and_punctuation() -> None:
    assert (
        normalize_text("不低于　上年度，城镇居民（人均）消費支出增速")
        == "不低于上年度城镇居民人均消费支出增速"
    )


def _plan(tmp_path: Path, name: str, items: list[dict[str, str]]) -> Plan:
    data = {
        "format": 1,
        "meta": {
            "title": name,
            "region": name,
            "level": "city",
            "period": {"start": 2021, "end": 2025},
        },
        "indicators": {"items": items},
    }
    path = tmp_path / f"{name}.yaml"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    loaded = load_plan(path)
    assert loaded.plan is not None, loaded.problems
    return loaded.plan


def _row(id: str, name: str, unit: str = "%", parent: str = "") -> dict[str, str]:
    row = {"id": id, "name": name, "unit": unit, "attribute": "预期性"}
    return {**row, "parent": parent} if parent else row


def test_suggest_links_pairs_one_to_one_best_first(tmp_path: Path) -> None:
    parent = _plan(
        tmp_path,
        "市",
        [
            _row("p1", "养老机构护理型床位占比"),
            _row("p2", "乡镇(街道)具备综合功能的养老服务机构覆盖率"),
            _row("p3", "困难残疾人生活补贴覆盖率"),
            _row("p4", "福利彩票销售网点数", unit="个"),
        ],
    )
    child = _plan(
        tmp_path,
        "区",
        [
            _row("c1", "护理型床位比例"),
            _row("c2", "镇(街道)具备综合功能的养老机构覆盖率"),
            _row("c3", "困难残疾人生活补贴覆盖率", parent="p3"),
            _row("c4", "重度残疾人护理补贴覆盖率"),
            _row("c5", "养老机构护理型床位占比"),
        ],
    )
    got = [(s.child_id, s.parent_id, s.score) for s in suggest_links(child, parent)]
    # c5 matches p1 exactly, so c1 (a shorter form of the same name) gets nothing; p3 is taken.
    assert got == [("c2", "p2", 1.0), ("c5", "p1", 1.0)]


def test_incompatible_units_lower_the_score(tmp_path: Path) -> None:
    parent = _plan(tmp_path, "市", [_row("p1", "养老床位数", unit="张")])
    child = _plan(tmp_path, "区", [_row("c1", "养老床位率", unit="%")])
    assert suggest_links(child, parent, threshold=0.0)[0].score < name_score(
        "养老床位数", "养老床位率"
    )


def test_to_simplified_skips_only_text_opencc_leaves_alone() -> None:
    import opencc

    from planforge.names import _convertible_chars

    convertible = _convertible_chars()
    assert convertible is not None and "養" in convertible and "沈" in convertible
    assert "一" not in convertible and "老" not in convertible
    converter = opencc.OpenCC("t2s")
    texts = (
        "养老机构护理型床位占比",
        "養老機構護理型床位佔比",
        "沈船",
        "有序发展",
        "一目瞭然",
        "乡镇（街道）",
    )
    for text in texts:
        assert to_simplified(text) == converter.convert(text)
