"""The view model: numbering, dates and the indicator table layout are decided here."""

from __future__ import annotations

import dataclasses

import pytest

from planforge.model import Plan
from planforge.render.context import (
    BoxView,
    IndicatorTableView,
    TableView,
    as_sentence,
    build_view,
    chinese_number,
    format_date,
    heading_label,
)


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "一"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (21, "二十一"),
        (99, "九十九"),
        (100, "一百"),
        (105, "一百零五"),
        (110, "一百一十"),
    ],
)
def test_chinese_numbers(n: int, text: str) -> None:
    assert chinese_number(n) == text


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("2022-03-22", "2022年3月22日"),
        ("2021-12", "2021年12月"),
        ("2021", "2021年"),
        ("不详", "不详"),
        ("", ""),
    ],
)
def test_dates_are_written_the_official_way(raw: str, text: str) -> None:
    assert format_date(raw) == text


def test_sentence_adds_a_full_stop_only_when_missing() -> None:
    assert as_sentence("获得新进展") == "获得新进展。"
    assert as_sentence("获得新进展。") == "获得新进展。"
    assert as_sentence("哪些？") == "哪些？"


def test_heading_labels_of_both_schemes() -> None:
    assert [heading_label("chapter", level, 2) for level in range(3)] == [
        "第二章",
        "第二节",
        "二、",
    ]
    assert [heading_label("outline", level, 2) for level in range(3)] == ["二、", "（二）", "2."]


def _blocks(view, kind):  # type: ignore[no-untyped-def]
    out = []
    for chapter in view.chapters:
        for section in chapter.sections:
            out += [b for b in section.blocks if b.kind == kind]
    return out


def test_indicator_table_as_box_is_zhuanlan_1_and_boxes_follow(city: Plan) -> None:
    view = build_view(city)
    (table,) = _blocks(view, "indicators")
    (box,) = _blocks(view, "box")
    (stats,) = _blocks(view, "table")
    assert isinstance(table, IndicatorTableView) and table.label == "专栏1"
    assert isinstance(box, BoxView) and box.label == "专栏2"
    assert isinstance(stats, TableView) and stats.label == "表1"


def test_indicator_table_as_table_is_biao_1(district: Plan, city: Plan) -> None:
    (table,) = _blocks(build_view(district, city), "indicators")
    assert table.label == "表1"


def test_chapter_and_section_labels(city: Plan) -> None:
    view = build_view(city)
    assert [c.label for c in view.chapters] == ["第一章", "第二章"]
    assert [s.label for s in view.chapters[0].sections] == ["第一节", "第二节", "第三节", "第四节"]
    assert [s.label for s in view.chapters[0].sections[1].subsections] == ["一、", "二、"]


def test_outline_scheme_relabels_everything(city: Plan) -> None:
    outline = dataclasses.replace(
        city, presentation=dataclasses.replace(city.presentation, numbering="outline")
    )
    view = build_view(outline)
    assert [c.label for c in view.chapters] == ["一、", "二、"]
    assert view.chapters[0].sections[0].label == "（一）"
    assert view.chapters[0].sections[1].subsections[0].label == "1."


def test_indicator_columns_rows_and_merges(city: Plan) -> None:
    (table,) = _blocks(build_view(city), "indicators")
    assert table.header == (
        "序号",
        "类别",
        "指标名称",
        "单位",
        "2020年",
        "2023年",
        "2025年",
        "属性",
    )
    assert table.merge == ("序号", "类别")
    rows = {row[2]: row for row in table.rows}
    # A category is shown once per group; the rest of the group is blank (merged).
    assert rows["城乡低保标准年度增速"][1] == "基本民生保障"
    assert rows["农村低保标准占城市低保标准比例"][1] == ""
    # The mid-term column, comparators kept as written.
    assert rows["农村低保标准占城市低保标准比例"][4:7] == ("80", "≥82", "≥85")
    # 其中 rows have no number of their own; parts are one row each.
    assert rows["其中：护理型床位占比"][0] == ""
    assert rows["特困人员照料护理标准（全自理）"][6] == "参考市标准"
    assert rows["特困人员照料护理标准（全护理）"][0] == ""
    assert [r[0] for r in table.rows if r[0]] == [str(n) for n in range(1, 9)]


def test_indicator_notes_name_the_parent_indicator(district: Plan, city: Plan) -> None:
    (table,) = _blocks(build_view(district, city), "indicators")
    assert table.notes == (
        "上级规划约束性指标“政府运营床位占比”不适用于本级：本区无政府运营养老机构。",
    )


def test_custom_headers_and_sub_row_numbers(city: Plan) -> None:
    pres = dataclasses.replace(
        city.presentation,
        sub_row_numbers=True,
        indicator_headers=(("name", "主要指标"), ("attribute", "指标属性")),
    )
    (table,) = _blocks(build_view(dataclasses.replace(city, presentation=pres)), "indicators")
    assert table.header[2] == "主要指标" and table.header[-1] == "指标属性"
    assert [r[0] for r in table.rows if r[0]] == [str(n) for n in range(1, 10)]


def test_box_items_numbered_or_not(city: Plan) -> None:
    (box,) = _blocks(build_view(city), "box")
    assert [i.prefix for i in box.items] == ["1.", "2."]
    plain = dataclasses.replace(
        city, presentation=dataclasses.replace(city.presentation, box_item_numbers=False)
    )
    (box,) = _blocks(build_view(plain), "box")
    assert [i.prefix for i in box.items] == ["", ""]


def test_goals_get_their_bullet_and_full_stop(city: Plan) -> None:
    pres = dataclasses.replace(city.presentation, goal_bullet="——")
    (goals,) = _blocks(build_view(dataclasses.replace(city, presentation=pres)), "goals")
    assert goals.items[0].prefix == "——"
    assert goals.items[0].lead == "基本民生保障体系建设获得新进展。"


def test_notice_dates(district: Plan) -> None:
    notice = build_view(district).notice
    assert notice is not None
    assert (notice.date, notice.printed_date) == ("2022年3月22日", "2022年3月23日")
