"""Names derived for a draft: five-year labels, titles, offices, level words."""

from __future__ import annotations

from pathlib import Path

import pytest

from planforge.draft import (
    child_level,
    child_names,
    cn_number,
    cn_year,
    fyp_label,
    fyp_ordinal,
    outline_name,
    replace_region,
)
from planforge.errors import PlanforgeError
from planforge.levelwords import choose_key, load_level_words
from planforge.model import Meta
from planforge.successor import parse_period


def meta(region: str, level: str, start: int = 2021, vision: int | None = 2035) -> Meta:
    return Meta(
        title=f"{region}民政事业发展“{fyp_label(start)}”规划",
        region=region,
        level=level,
        period_start=start,
        period_end=start + 4,
        vision_year=vision,
    )


@pytest.mark.parametrize(
    ("start", "label"),
    [
        (1953, "一五"),
        (2001, "十五"),
        (2006, "十一五"),
        (2021, "十四五"),
        (2026, "十五五"),
        (2046, "十九五"),
        (2051, "二十五"),
    ],
)
def test_five_year_label(start: int, label: str) -> None:
    assert fyp_label(start) == label


def test_numerals_and_ordinals() -> None:
    assert [cn_number(n) for n in (1, 10, 14, 20, 21, 99)] == [
        "一",
        "十",
        "十四",
        "二十",
        "二十一",
        "九十九",
    ]
    assert cn_year(2035) == "二〇三五"
    assert fyp_ordinal(2026) == "第十五个五年规划"
    assert outline_name("重庆市巴南区", 2021, 2035) == (
        "重庆市巴南区国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要"
    )
    assert outline_name("某县", 2026, None) == "某县国民经济和社会发展第十五个五年规划纲要"


def test_banan_from_chongqing() -> None:
    # The importer puts the 直辖市 at province level; its children are districts.
    names = child_names(meta("重庆市", "province"), "巴南区", None, None)
    assert names.level == "district"
    assert names.title == "重庆市巴南区民政事业发展“十四五”规划"
    assert names.office == "重庆市巴南区民政局"
    assert names.basis == (
        "重庆市民政事业发展“十四五”规划",
        "重庆市巴南区国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要",
    )


def test_region_given_in_full_is_shortened() -> None:
    names = child_names(meta("重庆市", "city"), "重庆市渝北区", None, "渝北区民政局")
    assert names.region == "渝北区"
    assert names.title == "重庆市渝北区民政事业发展“十四五”规划"
    assert names.office == "渝北区民政局"


def test_province_children_are_cities_without_prefix() -> None:
    names = child_names(meta("四川省", "province"), "成都市", None, None)
    assert names.level == "city"
    assert names.title == "成都市民政事业发展“十四五”规划"


def test_next_period_names() -> None:
    names = child_names(meta("重庆市", "province", 2026), "江津区", None, None)
    assert names.title == "重庆市江津区民政事业发展“十五五”规划"
    assert "第十五个五年规划" in names.basis[1]


def test_no_level_below_district() -> None:
    with pytest.raises(PlanforgeError):
        child_level(meta("巴南区", "district"))


def test_region_in_table_title() -> None:
    title = "“十四五”重庆民政事业主要发展指标"
    assert replace_region(title, "重庆市", "江津区") == "“十四五”江津区民政事业主要发展指标"
    assert replace_region("“十四五”示例市民政事业主要发展指标", "示例市", "测试区") == (
        "“十四五”测试区民政事业主要发展指标"
    )


def test_district_words_keep_bracket_width() -> None:
    words = load_level_words("district", "江津区")
    assert words.key == "district/区"
    assert words.apply("乡镇(街道)未成年人保护工作站覆盖率") == "镇(街道)未成年人保护工作站覆盖率"
    full = "乡镇\uff08街道\uff09养老服务中心"
    assert words.apply(full) == "镇\uff08街道\uff09养老服务中心"
    assert words.apply("区县级城乡公益性安葬(放)设施覆盖率") == "区级城乡公益性安葬(放)设施覆盖率"
    assert words.used["乡镇(街道)→镇(街道)"] == 2


def test_longest_suffix_wins() -> None:
    table = {"district": (), "district/县": (), "district/自治县": ()}
    assert choose_key(table, "district", "酉阳土家族苗族自治县") == "district/自治县"
    assert choose_key(table, "district", "某区") == "district"
    assert choose_key(table, "national", "全国") == ""


def test_words_file_overrides(tmp_path: Path) -> None:
    override = tmp_path / "words.yaml"
    override.write_text("district/区:\n  全市: 全区\n", encoding="utf-8")
    words = load_level_words("district", "黔江区", override)
    assert words.apply("乡镇(街道)服务全市") == "乡镇(街道)服务全区"


def test_bad_words_file(tmp_path: Path) -> None:
    override = tmp_path / "words.yaml"
    override.write_text("district/区: [乡镇]\n", encoding="utf-8")
    with pytest.raises(PlanforgeError, match="原词: 新词"):
        load_level_words("district", "黔江区", override)


@pytest.mark.parametrize("text", ["2026-2030", "2026—2030年", "2026~2030", "2026至2030"])
def test_parse_period(text: str) -> None:
    assert parse_period(text) == (2026, 2030)


def test_parse_period_rejects_nonsense() -> None:
    with pytest.raises(PlanforgeError):
        parse_period("2030-2026")
