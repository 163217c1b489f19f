"""Indicator and statistics tables in every text layout the importer must read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from planforge.importer import ImportResult
from tests.importer.conftest import codes, import_text, load_yaml, write_and_validate

HEAD = """某市民政事业发展“十四五”规划
(2021—2025年)
为切实履行基本民生保障职责,依据《“十四五”民政事业发展规划》,特制定本规划。规划期为2021—2025年,展望至2035年。
第一章 总体要求
第一节 发展目标
到2025年年底,全市民政事业发展水平明显提升,基本民生保障更加有力。
基本民生保障取得新成效。社会救助制度更加完善,兜底保障能力明显增强。
基层治理得到新提升。城乡社区服务体系更加健全。
"""
TAIL = """第二章 规划实施保障
第一节 加强组织领导
加强党的全面领导。把党的领导贯穿民政工作全过程,确保规划顺利实施。
"""

# One row per line with separators; 类别 merged (written only in its first row); a mid-term
# column; units in their own column; comparators and no-data markers in value cells.
ROWS = """表1 “十四五”某市民政事业主要发展指标
序号 | 类别 | 指标名称 | 单位 | 2020年 | 2023年目标值 | 2025年 | 指标属性 |
1 | 基本民生保障 | 城乡低保标准年度增速 | % | — | — | 不低于上年度城镇居民人均消费支出增速 | 预期性 |
2 | 农村低保标准占城市低保标准比例 | % | 80 | ≥82 | ≥85 | 预期性 |
3 | 养老服务 | 养老机构护理型床位占比 | % | ≥32.3 | ≥50 | ≥60 | 约束性 |
4 | 政府运营床位占比 | % | ≤50 | -- | ≤40 | 约束性 |
5 | 婚姻登记“跨省通办”实施率 | % | / |  | 100 | 约束性 |
"""

# One cell per line, each ending with a separator; units inside the names; no unit column.
CELLS = """表1 “十四五”某市民政事业主要发展指标
序号 |
指标名称 |
2020年 |
2025年 |
属性 |
1 |
社会工作专业人才数(万人) |
0.19 |
≥0.25 |
预期性 |
2 |
每千名老年人拥有养老床位数(张) |
41 |
45 |
预期性 |
3 |
其中:护理型床位比例(%) |
≥32.3 |
≥60 |
约束性 |
4 |
福利彩票销售网点数 |
205 |
300 |
预期性 |
5 |
查明身份信息流浪乞讨受助人员接送返回率 |
—— |
100 |
约束性 |
"""

# One cell per line with no separator at all: the header's column count gives the row width;
# a merged 类别 cell appears once, so its later rows are one cell short.
BARE = """专栏1 “十四五”某市民政事业主要发展指标
序号
类别
主要指标
单位
2020年
2025年
指标属性
1
基本民生保障
困难残疾人生活补贴覆盖率
%
100
100
约束性
2
重度残疾人护理补贴覆盖率
%
100
100
约束性
3
基层治理
慈善组织接受社会捐赠总额
亿元
75.8
≥90
预期性
"""

STATS = """表2 “十三五”时期某市民政事业主要统计数据
项目 | 单位 | 2015年 | 2020年 |
登记社会组织 | 家 | 315 | 458 |
社会工作服务机构 | 家 | 3 | 9 |
注:数据来源于某市民政局统计年报。
"""


def _import(tmp_path: Path, table: str, extra: str = "") -> tuple[ImportResult, Any]:
    result = import_text(tmp_path, HEAD + table + extra + TAIL)
    assert write_and_validate(tmp_path, result) == []
    return result, load_yaml(result.yaml_text)


def _items(data: Any) -> list[Any]:
    return list(data["indicators"]["items"])


def test_rows_with_separators(tmp_path: Path) -> None:
    result, data = _import(tmp_path, ROWS)
    items = _items(data)
    assert [i["category"] for i in items] == ["基本民生保障"] * 2 + ["养老服务"] * 3
    assert items[1]["milestones"] == {2023: "≥82"}
    assert (items[2]["baseline"], items[2]["milestones"][2023]) == ("≥32.3", "≥50")
    assert items[3]["baseline"] == "≤50" and items[3]["milestones"] == {2023: "--"}
    assert items[3]["direction"] == "lower"
    assert items[4]["baseline"] == "/" and "milestones" not in items[4]
    assert items[0]["target"] == "不低于上年度城镇居民人均消费支出增速"
    assert data["presentation"]["indicator_headers"] == {
        "milestone": "2023年目标值",
        "attribute": "指标属性",
    }
    assert data["presentation"]["indicator_table"] == "table"
    assert result.summary.share == 1.0


def test_cells_ending_with_separator(tmp_path: Path) -> None:
    result, data = _import(tmp_path, CELLS)
    items = _items(data)
    assert [(i["name"], i.get("unit")) for i in items] == [
        ("社会工作专业人才数", "万人"),
        ("每千名老年人拥有养老床位数", "张"),
        ("福利彩票销售网点数", None),
        ("查明身份信息流浪乞讨受助人员接送返回率", "%"),
    ]
    child = items[1]["children"][0]
    assert (child["id"], child["name"], child["unit"], child["baseline"]) == (
        "zb03",
        "护理型床位比例",
        "%",
        "≥32.3",
    )
    assert data["presentation"]["sub_row_numbers"] is True
    assert items[3]["baseline"] == "——"
    assert "单位取自指标名称" in result.yaml_text
    assert "单位系推断" in result.yaml_text  # the rate without a unit gets a guessed %
    assert {"IMP202", "IMP203"} <= set(codes(result))
    assert result.summary.share == 1.0


def test_cells_without_separator(tmp_path: Path) -> None:
    result, data = _import(tmp_path, BARE)
    items = _items(data)
    assert [i["name"] for i in items] == [
        "困难残疾人生活补贴覆盖率",
        "重度残疾人护理补贴覆盖率",
        "慈善组织接受社会捐赠总额",
    ]
    assert [i["category"] for i in items] == ["基本民生保障", "基本民生保障", "基层治理"]
    assert (items[2]["unit"], items[2]["baseline"], items[2]["target"]) == ("亿元", "75.8", "≥90")
    assert data["presentation"]["indicator_table"] == "box"
    assert data["chapters"][1]["title"] == "规划实施保障"  # the table ended where it should
    assert result.summary.share == 1.0


def test_statistics_table_and_its_note(tmp_path: Path) -> None:
    result, data = _import(tmp_path, ROWS, STATS)
    blocks = data["chapters"][0]["sections"][0]["blocks"]
    table = next(b for b in blocks if isinstance(b, dict) and "table" in b)
    assert table["table"] == "“十三五”时期某市民政事业主要统计数据"
    assert list(table["header"]) == ["项目", "单位", "2015年", "2020年"]
    assert [list(r) for r in table["rows"]] == [
        ["登记社会组织", "家", "315", "458"],
        ["社会工作服务机构", "家", "3", "9"],
    ]
    assert list(table["notes"]) == ["数据来源于某市民政局统计年报。"]
    assert result.summary.share == 1.0


def test_row_width_mismatch_is_reported(tmp_path: Path) -> None:
    bad = ROWS.replace(
        "5 | 婚姻登记“跨省通办”实施率 | % | / |  | 100 | 约束性 |",
        "5 | 养老服务 | 婚姻登记“跨省通办”实施率 | % | / | 100 | 约束性 | 多余 | 单元格 |",
    )
    result, _ = _import(tmp_path, bad)
    assert "IMP201" in codes(result)


@pytest.mark.parametrize("marker", ["—", "——", "--", "/", "-", "无"])
def test_no_data_markers_kept_verbatim(tmp_path: Path, marker: str) -> None:
    table = ROWS.replace("| — | — | 不低于", f"| {marker} | {marker} | 不低于")
    _, data = _import(tmp_path, table)
    first = _items(data)[0]
    assert first["baseline"] == marker and first["milestones"] == {2023: marker}
