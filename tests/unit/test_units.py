"""Tests for planforge.units: unit parsing, conversion and units inside indicator names."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planforge.units import (
    NO_UNIT,
    Unit,
    compatible,
    convert,
    describe_conversion,
    format_decimal,
    is_known_unit,
    normalize_unit_text,
    parse_unit,
    split_unit_from_name,
)

D = Decimal


@pytest.mark.parametrize(
    ("text", "factor", "dims"),
    [
        ("万人", D(10000), "人"),
        ("亿元", D(10**8), "元"),
        ("万元", D(10000), "元"),
        ("千人", D(1000), "人"),
        ("百户", D(100), "户"),
        ("人", D(1), "人"),
        ("%", D(1), "%"),
        ("％", D(1), "%"),
        ("‰", D("0.1"), "%"),
        ("‱", D("0.01"), "%"),
        ("元/人/月", D(1), "元/人/月"),
        ("元/月/人", D(1), "元/人/月"),
        ("元/人", D(1), "元/人"),
        ("人/万人", D("0.0001"), "人/人"),
        ("人/万", D("0.0001"), "人/人"),
        ("张/千人", D("0.001"), "张/人"),
        ("张/每千人", D("0.001"), "张/人"),
        ("张/千名老年人", D("0.001"), "张/老年人"),
        ("平方米/百户", D("0.01"), "平方米/户"),
        ("平方米", D(1), "平方米"),
        ("㎡", D(1), "平方米"),
        ("个", D(1), "个"),
        ("家", D(1), "家"),
        ("张", D(1), "张"),
        ("人次", D(1), "人次"),
        ("万人次", D(10000), "人次"),
        ("百万元", D(10**6), "元"),
        ("千米", D(1000), "米"),
        ("百分点", D(1), "百分点"),
        ("个百分点", D(1), "个百分点"),
        ("万", D(10000), ""),
    ],
)
def test_parse_unit_reads_scale_and_dims(text: str, factor: Decimal, dims: str) -> None:
    unit = parse_unit(text)
    assert unit.factor == factor
    assert unit.dims == dims


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("元／人", "元/人"),
        ("元 / 人 / 月", "元/人/月"),
        ("元/(人·月)", "元/人/月"),
        ("元/人·月", "元/人/月"),
        ("（%）", "%"),
        ("\u3000万人\u00a0", "万人"),
    ],
)
def test_parse_unit_normalises_text(text: str, normalised: str) -> None:
    assert parse_unit(text).text == normalised
    assert normalize_unit_text(text) == normalised


@pytest.mark.parametrize("text", ["", "   ", "\u00a0", "（）"])
def test_empty_unit_is_no_unit(text: str) -> None:
    assert parse_unit(text) == NO_UNIT
    assert Unit("", D(1), "") == NO_UNIT


@pytest.mark.parametrize("text", ["某某", "床位", "人·次", "km"])
def test_unknown_words_are_still_units(text: str) -> None:
    unit = parse_unit(text)
    assert unit.dims == text
    assert unit.factor == 1


def test_unknown_words_keep_their_scale() -> None:
    assert parse_unit("万册次") == Unit("万册次", D(10000), "册次")


@pytest.mark.parametrize(
    "text", ["%", "‰", "万人", "亿元", "个", "元/人/月", "人/万人", "人/万", "万", "万家"]
)
def test_is_known_unit_accepts_measure_words(text: str) -> None:
    assert is_known_unit(text)


@pytest.mark.parametrize("text", ["", "x", "%%", "覆盖", "%覆盖", "元/", "%/人", "街道", "放"])
def test_is_known_unit_rejects_other_text(text: str) -> None:
    assert not is_known_unit(text)


@pytest.mark.parametrize(
    ("number", "src", "dst", "expected"),
    [
        ("1", "亿元", "万元", "10000"),
        ("90", "亿元", "万元", "900000"),
        ("300", "万元", "亿元", "0.03"),
        ("0.25", "万人", "人", "2500"),
        ("1897", "人", "万人", "0.1897"),
        ("45", "张/千人", "张/百人", "4.5"),
        ("5", "‰", "%", "0.5"),
        ("3", "人/万人", "人/万", "3"),
        ("620", "元/人/月", "元/月/人", "620"),
        ("7", "个", "个", "7"),
        ("7", "", "", "7"),
    ],
)
def test_convert_scales_numbers(number: str, src: str, dst: str, expected: str) -> None:
    assert convert(D(number), parse_unit(src), parse_unit(dst)) == D(expected)


@pytest.mark.parametrize(
    ("src", "dst"),
    [("人", "万元"), ("%", "个"), ("人次", "人"), ("个", ""), ("人/万人", "%"), ("元/人", "元")],
)
def test_convert_refuses_different_kinds(src: str, dst: str) -> None:
    assert convert(D(1), parse_unit(src), parse_unit(dst)) is None
    assert not compatible(parse_unit(src), parse_unit(dst))


def test_compatible_is_about_dims_not_scale() -> None:
    assert compatible(parse_unit("亿元"), parse_unit("元"))
    assert compatible(parse_unit("%"), parse_unit("‰"))


@pytest.mark.parametrize(
    ("src", "dst", "text"),
    [
        ("亿元", "万元", "1 亿元 = 10000 万元"),
        ("万元", "亿元", "1 万元 = 0.0001 亿元"),
        ("万人", "人", "1 万人 = 10000 人"),
        ("张/千人", "张/百人", "1 张/千人 = 0.1 张/百人"),
        ("%", "%", "1 % = 1 %"),
    ],
)
def test_describe_conversion(src: str, dst: str, text: str) -> None:
    assert describe_conversion(parse_unit(src), parse_unit(dst)) == text


def test_describe_conversion_of_different_kinds() -> None:
    text = describe_conversion(parse_unit("人"), parse_unit("万元"))
    assert text == "“人”与“万元”不是同类单位,不能换算"
    assert "无单位" in describe_conversion(parse_unit("个"), NO_UNIT)


@pytest.mark.parametrize(
    ("number", "text"),
    [("1E+4", "10000"), ("6.30", "6.3"), ("0.0001", "0.0001"), ("-0", "0"), ("100", "100")],
)
def test_format_decimal_is_plain(number: str, text: str) -> None:
    assert format_decimal(D(number)) == text


@pytest.mark.parametrize(
    ("name", "stem", "unit"),
    [
        ("社会工作专业人才数(万人)", "社会工作专业人才数", "万人"),
        ("困难残疾人生活补贴覆盖率(%)", "困难残疾人生活补贴覆盖率", "%"),
        ("困难残疾人生活补贴覆盖率（%）", "困难残疾人生活补贴覆盖率", "%"),
        ("困难残疾人生活补贴覆盖率（％）", "困难残疾人生活补贴覆盖率", "%"),
        ("慈善组织接受社会捐赠总额(万元)", "慈善组织接受社会捐赠总额", "万元"),
        ("每千名老人口拥有养老床位数(张)", "每千名老人口拥有养老床位数", "张"),
        ("其中:护理型床位比例(%)", "其中:护理型床位比例", "%"),
        (
            "乡镇(街道)具备综合功能的养老服务机构覆盖率(%)",
            "乡镇(街道)具备综合功能的养老服务机构覆盖率",
            "%",
        ),
        ("城市低保标准(元/人/月)", "城市低保标准", "元/人/月"),
        ("城市低保标准（元／人·月）", "城市低保标准", "元/人/月"),
        ("每万人口社会工作者数(人/万人)", "每万人口社会工作者数", "人/万人"),
        ("养老床位数(张/千名老年人)", "养老床位数", "张/千名老年人"),
        ("救助人次(万人次)", "救助人次", "万人次"),
        ("社会组织数 ( 万家 ) ", "社会组织数", "万家"),
        ("捐赠总额(亿元)", "捐赠总额", "亿元"),
        ("面积(平方米)", "面积", "平方米"),
        ("床位(张/百户)", "床位", "张/百户"),
    ],
)
def test_split_unit_from_name(name: str, stem: str, unit: str) -> None:
    assert split_unit_from_name(name) == (stem, unit)


@pytest.mark.parametrize(
    "name",
    [
        "乡镇(街道)未成年人保护工作站覆盖率",
        "区县级城乡公益性安葬(放)设施覆盖率",
        "覆盖的乡镇(街道)",
        "村(居)",
        "福利彩票销售网点数",
        "(万人)",
        "城乡社区(含农村)",
        "某项(2020年基数)",
    ],
)
def test_split_unit_from_name_leaves_other_brackets(name: str) -> None:
    assert split_unit_from_name(name) == (name, None)


def test_split_unit_from_name_strips_outer_spaces() -> None:
    assert split_unit_from_name("  福利彩票销售网点数 ") == ("福利彩票销售网点数", None)


_UNIT_TEXTS = ["万人", "人", "千人", "亿元", "万元", "元", "%", "‰", "张/千人", "张/百人", "人次"]


@given(
    number=st.decimals(min_value=-(10**9), max_value=10**9, places=4),
    src=st.sampled_from(_UNIT_TEXTS),
    dst=st.sampled_from(_UNIT_TEXTS),
)
def test_convert_round_trips(number: Decimal, src: str, dst: str) -> None:
    there = convert(number, parse_unit(src), parse_unit(dst))
    if there is None:
        assert not compatible(parse_unit(src), parse_unit(dst))
        return
    assert convert(there, parse_unit(dst), parse_unit(src)) == number


@given(st.text(max_size=12))
def test_unit_functions_never_raise(text: str) -> None:
    parse_unit(text)
    is_known_unit(text)
    split_unit_from_name(text)
