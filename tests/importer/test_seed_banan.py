"""Import of seed 001 (Banan district plan): metadata, notice, 目录, headings, 表1, 专栏."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from planforge.importer import ImportResult, import_document
from tests.importer.conftest import BANAN, codes, load_yaml, seed, write_and_validate


@pytest.fixture(scope="module")
def banan() -> ImportResult:
    return import_document(seed(BANAN))


@pytest.fixture(scope="module")
def data(banan: ImportResult) -> Any:
    return load_yaml(banan.yaml_text)


def test_counts_match_seed_notes(banan: ImportResult) -> None:
    c = banan.summary.counts
    assert (c.chapters, c.sections, c.subsections) == (7, 35, 2)
    assert c.restored_headings == 19  # seed-notes §C.2.3: 4 chapters and 15 sections absent
    assert (c.boxes, c.box_items) == (7, 18)
    assert c.indicators == 15
    assert c.toc_entries == 42


def test_share_of_body_characters_placed(banan: ImportResult) -> None:
    assert banan.summary.share >= 0.99
    # every line not placed is listed with its line number and a reason
    assert [u.line for u in banan.summary.unplaced] == [18, 19]
    assert all("重复的通知标题片段" in u.reason for u in banan.summary.unplaced)


def test_site_metadata_is_noise_and_listed(banan: ImportResult, data: Any) -> None:
    assert [u.line for u in banan.summary.noise] == list(range(1, 16))
    assert "索引号 11500113009307156W/2022-00095" in data["meta"]["source"]["note"]


def test_notice_fields(data: Any) -> None:
    notice = data["meta"]["notice"]
    assert notice["issuer"] == "重庆市巴南区人民政府"
    assert notice["doc_number"] == "巴南府发〔2022〕20号"
    assert notice["addressees"] == "各镇人民政府、街道办事处,区政府各部门,区属国有公司,有关单位"
    assert notice["date"] == "2022-03-22"
    assert notice["disclosure"] == "此件公开发布"
    assert data["meta"]["doc_number"] == "巴南府发〔2022〕20号"


def test_title_period_cover(data: Any) -> None:
    meta = data["meta"]
    assert meta["title"] == "重庆市巴南区民政事业发展“十四五”规划"
    assert (meta["region"], meta["level"]) == ("巴南区", "district")
    assert dict(meta["period"]) == {"start": 2021, "end": 2025}
    assert (meta["office"], meta["date"]) == ("重庆市巴南区民政局", "2021-12")
    assert meta["basis"][0] == "重庆市民政事业发展“十四五”规划"


def test_toc_disagreements_reported_with_source_lines(banan: ImportResult) -> None:
    by_code = {(p.code, p.location.line) for p in banan.problems}
    assert ("IMP101", 285) in by_code  # 第一节 深入推进殡葬改革 vs 完善基本殡葬服务保障制度
    assert ("IMP104", 54) in by_code  # page 38 → 37
    restored = [p for p in banan.problems if p.code == "IMP102"]
    assert len(restored) == 19
    assert {p.location.line for p in restored} >= {35, 36, 37, 42, 43, 48, 50, 53, 54, 64, 67}


def test_restored_headings_sit_where_seed_notes_put_them(data: Any) -> None:
    chapters = data["chapters"]
    assert chapters[1]["title"] == "不断健全基本民生保障体系"
    assert chapters[1]["intro"][0].startswith("坚持人民至上理念")
    first = chapters[1]["sections"][0]
    assert first["blocks"][0]["lead"].startswith("实现巩固拓展脱贫攻坚兜底保障成果")
    third = chapters[2]
    assert third["intro"][0].startswith("完善基层协商制度")
    assert third["sections"][5]["blocks"][0]["lead"] == "全面完善志愿服务政策制度体系。"
    elderly = chapters[4]["sections"]
    assert elderly[2]["blocks"][0]["lead"] == "做强养老产业主体。"
    assert elderly[6]["blocks"][0]["lead"] == "加强养老服务协同发展。"
    funeral = chapters[5]["sections"]
    assert funeral[0]["title"] == "深入推进殡葬改革"  # the body's title is kept
    assert funeral[1]["blocks"][0]["lead"] == "补齐殡葬设施短板。"
    safeguards = chapters[6]["sections"]
    assert [len(s["blocks"]) for s in safeguards] == [1, 1, 1, 1, 1]


def test_indicator_table(data: Any) -> None:
    table = data["indicators"]
    assert table["title"] == "“十四五”巴南区民政事业主要发展指标"
    items = table["items"]
    assert [i["id"] for i in items][:3] == ["zb01", "zb02", "zb03"]
    nine = items[8]
    assert (nine["name"], nine["unit"], nine["baseline"]) == (
        "每千名老人口拥有养老床位数",
        "张",
        "41.47",
    )
    child = nine["children"][0]
    assert (child["id"], child["name"], child["baseline"]) == ("zb10", "护理型床位比例", "≥32.3")
    gov = items[10]
    assert (gov["baseline"], gov["target"], gov["direction"]) == ("≤50", "≤40", "lower")
    lottery = items[12]
    assert lottery["name"] == "福利彩票销售网点数" and "unit" not in lottery
    assert items[13]["baseline"] == "——"
    attrs = [i["attribute"] for i in items] + [child["attribute"]]
    assert attrs.count("约束性") == 6


def test_values_are_quoted_strings(banan: ImportResult) -> None:
    assert 'baseline: "≥32.3"' in banan.yaml_text
    assert 'baseline: "41.47"' in banan.yaml_text
    assert 'unit: "万人"  # 单位取自指标名称' in banan.yaml_text


def test_missing_unit_reported(banan: ImportResult) -> None:
    assert ("IMP202", 176) in {(p.code, p.location.line) for p in banan.problems}


def test_boxes_unnumbered_items(data: Any) -> None:
    boxes = [
        b
        for c in data["chapters"]
        for s in c.get("sections", [])
        for b in s.get("blocks", [])
        if isinstance(b, dict) and "box" in b
    ]
    assert [b["box"] for b in boxes][:2] == ["儿童福利服务提升工程", "城乡社区服务提升工程"]
    assert [len(b["items"]) for b in boxes] == [2, 3, 2, 1, 2, 6, 2]
    assert boxes[3]["items"][0]["title"] == "“互联网+慈善”工程"
    assert boxes[6]["items"] == [
        "火化殡仪设施:扩建仙居山殡仪馆。",
        "殡仪服务站:拟新建鱼洞街道、莲花街道、南泉街道、南彭街道、惠民街道、"
        "接龙镇、东温泉镇、安澜镇等殡仪服务站。",
    ]
    assert data["presentation"]["box_item_numbers"] is False
    assert data["presentation"]["indicator_table"] == "table"


def test_goals(data: Any) -> None:
    goals = data["goals"]
    assert goals["overall"].startswith("“十四五”末,全区民政事业发展水平迈上新台阶")
    assert [g["title"] for g in goals["items"]] == [
        "基本民生保障取得新成效",
        "基本社会服务达到新水平",
        "基层社会治理得到新提升",
        "城乡养老服务获得新进展",
        "未成年人保护体系基本建成",
    ]
    blocks = data["chapters"][0]["sections"][3]["blocks"]
    assert [dict(b) for b in blocks] == [{"insert": "goals"}, {"insert": "indicator_table"}]


def test_source_errors_kept(banan: ImportResult) -> None:
    text = banan.yaml_text
    assert "坚持线上线上相结合的原则" in text  # typo kept (seed-notes §C.2.9)
    assert "比例达到。志愿服务组织达21%到8家以上" in text  # scrambled sentence kept


def test_output_validates(tmp_path: Path, banan: ImportResult) -> None:
    assert banan.yaml_text.startswith("# yaml-language-server: $schema=")
    assert write_and_validate(tmp_path, banan) == []
    assert "IMP010" not in codes(banan)
