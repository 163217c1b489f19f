"""Tests for planforge.values: the value grammar, canonical text and parent/child comparison."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planforge import values
from planforge.values import (
    Value,
    ValueKind,
    better_or_equal,
    format_value,
    parse_value,
    same_meaning,
    to_base,
)

D = Decimal
K = ValueKind

EXPECTED_HELP = (
    "应为数字(如 85)、比较符加数字(如 ≥85、不低于55、超75%)、区间(如 3-5)、"
    "无数据标记(—)、五年累计值(如 [90])或文字表述"
)


def read(text: str) -> Value:
    """Parse text that must be readable."""
    value, error = parse_value(text)
    assert error is None, error
    assert value is not None
    return value


def fields(value: Value) -> tuple[object, ...]:
    """Return everything but the raw text, for compact expectations."""
    return (
        value.kind,
        value.comparator,
        value.number,
        value.high,
        value.unit,
        value.cumulative,
    )


# (text, kind, comparator, number, high, unit, cumulative)
NUMERIC_CASES: list[tuple[str, K, str | None, str | None, str | None, str | None, bool]] = [
    ("100", K.NUMBER, "=", "100", None, None, False),
    ("6.3", K.NUMBER, "=", "6.3", None, None, False),
    ("0", K.NUMBER, "=", "0", None, None, False),
    ("41.47", K.NUMBER, "=", "41.47", None, None, False),
    ("-5", K.NUMBER, "=", "-5", None, None, False),
    ("10,000", K.NUMBER, "=", "10000", None, None, False),
    ("10，000", K.NUMBER, "=", "10000", None, None, False),
    ("1,234,567.5", K.NUMBER, "=", "1234567.5", None, None, False),
    ("１００", K.NUMBER, "=", "100", None, None, False),
    ("６．３", K.NUMBER, "=", "6.3", None, None, False),
    ("100%", K.NUMBER, "=", "100", None, "%", False),
    ("100％", K.NUMBER, "=", "100", None, "%", False),
    ("5‰", K.NUMBER, "=", "5", None, "‰", False),
    ("8万人", K.NUMBER, "=", "8", None, "万人", False),
    ("1.8万", K.NUMBER, "=", "1.8", None, "万", False),
    ("5家", K.NUMBER, "=", "5", None, "家", False),
    ("2500 人", K.NUMBER, "=", "2500", None, "人", False),
    ("620元/人/月", K.NUMBER, "=", "620", None, "元/人/月", False),
    ("13.9万人次", K.NUMBER, "=", "13.9", None, "万人次", False),
    ("5个百分点", K.NUMBER, "=", "5", None, "个百分点", False),
    ("=85", K.NUMBER, "=", "85", None, None, False),
    ("达到90", K.NUMBER, "=", "90", None, None, False),
    ("达到100%", K.NUMBER, "=", "100", None, "%", False),
    ("保持100%", K.NUMBER, "=", "100", None, "%", False),
    ("≥85", K.BOUND, ">=", "85", None, None, False),
    ("≥ 85", K.BOUND, ">=", "85", None, None, False),
    (">=85", K.BOUND, ">=", "85", None, None, False),
    ("≧85", K.BOUND, ">=", "85", None, None, False),
    ("≥32.3", K.BOUND, ">=", "32.3", None, None, False),
    ("≥0.25", K.BOUND, ">=", "0.25", None, None, False),
    ("≥10000", K.BOUND, ">=", "10000", None, None, False),
    ("≥60%", K.BOUND, ">=", "60", None, "%", False),
    ("≤40", K.BOUND, "<=", "40", None, None, False),
    ("≤50", K.BOUND, "<=", "50", None, None, False),
    ("<=40", K.BOUND, "<=", "40", None, None, False),
    (">7.5", K.BOUND, ">", "7.5", None, None, False),
    ("＞7.5", K.BOUND, ">", "7.5", None, None, False),
    ("<3", K.BOUND, "<", "3", None, None, False),
    ("＜3", K.BOUND, "<", "3", None, None, False),
    ("不低于55", K.BOUND, ">=", "55", None, None, False),
    ("不低于30平方米", K.BOUND, ">=", "30", None, "平方米", False),
    ("不少于400", K.BOUND, ">=", "400", None, None, False),
    ("不少于400张", K.BOUND, ">=", "400", None, "张", False),
    ("至少1个", K.BOUND, ">=", "1", None, "个", False),
    ("不超过40", K.BOUND, "<=", "40", None, None, False),
    ("不超过40%", K.BOUND, "<=", "40", None, "%", False),
    ("不高于3", K.BOUND, "<=", "3", None, None, False),
    ("低于5", K.BOUND, "<", "5", None, None, False),
    ("不足5", K.BOUND, "<", "5", None, None, False),
    ("高于5", K.BOUND, ">", "5", None, None, False),
    ("超过20家", K.BOUND, ">", "20", None, "家", False),
    ("超75%", K.BOUND, ">", "75", None, "%", False),
    ("突破30亿元", K.BOUND, ">", "30", None, "亿元", False),
    ("55以上", K.BOUND, ">=", "55", None, None, False),
    ("90%以上", K.BOUND, ">=", "90", None, "%", False),
    ("1万家以上", K.BOUND, ">=", "1", None, "万家", False),
    ("20万人以上", K.BOUND, ">=", "20", None, "万人", False),
    ("8家及以上", K.BOUND, ">=", "8", None, "家", False),
    ("40以下", K.BOUND, "<=", "40", None, None, False),
    ("5%以内", K.BOUND, "<=", "5", None, "%", False),
    ("达到90%以上", K.BOUND, ">=", "90", None, "%", False),
    ("控制在5%以内", K.BOUND, "<=", "5", None, "%", False),
    ("3-5", K.RANGE, None, "3", "5", None, False),
    ("3—5", K.RANGE, None, "3", "5", None, False),
    ("3——5", K.RANGE, None, "3", "5", None, False),
    ("3~5", K.RANGE, None, "3", "5", None, False),
    ("3～5", K.RANGE, None, "3", "5", None, False),
    ("3至5", K.RANGE, None, "3", "5", None, False),
    ("3 - 5", K.RANGE, None, "3", "5", None, False),
    ("3-5个", K.RANGE, None, "3", "5", "个", False),
    ("3—5个", K.RANGE, None, "3", "5", "个", False),
    ("3%-5%", K.RANGE, None, "3", "5", "%", False),
    ("3个至5个", K.RANGE, None, "3", "5", "个", False),
    ("5-5", K.RANGE, None, "5", "5", None, False),
    ("-3至-1", K.RANGE, None, "-3", "-1", None, False),
    ("[90]", K.NUMBER, "=", "90", None, None, True),
    ("［90］", K.NUMBER, "=", "90", None, None, True),
    ("【90】", K.NUMBER, "=", "90", None, None, True),
    ("[ 90 ]", K.NUMBER, "=", "90", None, None, True),
    ("[≥90]", K.BOUND, ">=", "90", None, None, True),
    ("[90亿元]", K.NUMBER, "=", "90", None, "亿元", True),
    ("[3-5]", K.RANGE, None, "3", "5", None, True),
]


@pytest.mark.parametrize(
    ("text", "kind", "comparator", "number", "high", "unit", "cumulative"), NUMERIC_CASES
)
def test_parse_numeric_forms(
    text: str,
    kind: K,
    comparator: str | None,
    number: str | None,
    high: str | None,
    unit: str | None,
    cumulative: bool,
) -> None:
    value = read(text)
    assert fields(value) == (
        kind,
        comparator,
        None if number is None else D(number),
        None if high is None else D(high),
        unit,
        cumulative,
    )
    assert value.raw == text


NO_DATA_TEXTS = ["—", "——", "--", "-", "－", "―", "/", "／", "", " ", "\u3000", "\u00a0", "无"]
NO_DATA_TEXTS += ["暂无", "N/A", " — "]


@pytest.mark.parametrize("text", NO_DATA_TEXTS)
def test_parse_no_data_markers(text: str) -> None:
    value = read(text)
    assert value.kind is K.NO_DATA
    assert not value.is_numeric
    assert value.raw == text


RULE_TEXTS: list[tuple[str, str | None]] = [
    ("不低于上年度城镇居民人均消费支出增速", ">="),
    ("不低于本市最低生活保障标准的1.6倍", ">="),
    ("参照当年度孤儿保障标准发放", None),
    ("参考市标准", None),
    ("与经济社会发展同步", None),
    ("按照国家规定执行", None),
    ("按市级要求", None),
    ("逐步提高", None),
    ("高于全国平均水平", ">"),
    ("≥上年度增速", ">="),
    ("1.6倍", None),
    ("较2020年提高5个百分点", None),
    ("确保不低于全市最低保障标准", None),
]


@pytest.mark.parametrize(("text", "comparator"), RULE_TEXTS)
def test_parse_rules(text: str, comparator: str | None) -> None:
    value = read(text)
    assert value.kind is K.RULE
    assert value.comparator == comparator
    assert value.number is None
    assert value.comparable() is None


QUALITATIVE_TEXTS = [
    "基本建成",
    "全覆盖",
    "实现全覆盖",
    "100%覆盖",
    "约90",
    "90左右",
    "2022年底前建成",
    "[基本建成]",
    "TBD",
    "√",
]


@pytest.mark.parametrize("text", QUALITATIVE_TEXTS)
def test_parse_qualitative(text: str) -> None:
    value = read(text)
    assert value.kind is K.QUALITATIVE
    assert value.number is None
    assert not value.is_numeric


UNREADABLE_TEXTS = [
    "≥",
    "≤",
    "≥≥85",
    "85≥",
    "8..5",
    "1O0",
    "≥8x",
    "85%%",
    "[90",
    "90]",
    "[[90]]",
    "[]",
    "[—]",
    "1,0000",
    "10 000",
    "85.",
    ".5",
    "≥85以上",
    "超75%以上",
    "不低于55%以上",
    "不低于",
    "以上",
    "个",
    "%",
    "3-",
    "≥3-5",
    "3万-5000",
    "3%-5",
    "8x",
]


@pytest.mark.parametrize("text", UNREADABLE_TEXTS)
def test_parse_unreadable(text: str) -> None:
    value, error = parse_value(text)
    assert value is None
    assert error == f"无法识别指标值“{text.strip()}”:{EXPECTED_HELP}"


@pytest.mark.parametrize(
    ("cell", "kind", "number"),
    [(100, K.NUMBER, D(100)), (6.3, K.NUMBER, D("6.3")), (None, K.NO_DATA, None)],
)
def test_parse_value_reads_unquoted_yaml_scalars(cell: object, kind: K, number: Decimal) -> None:
    value, error = parse_value(cell)  # type: ignore[arg-type]
    assert error is None
    assert value is not None
    assert (value.kind, value.number) == (kind, number)


@pytest.mark.parametrize("text", ["٣", "≥٨٥", "١٠٠%"])
def test_only_ascii_and_full_width_digits_are_numbers(text: str) -> None:
    assert parse_value(text)[0] is None


def test_unreadable_message_quotes_and_explains() -> None:
    assert parse_value("≥8x") == (
        None,
        "无法识别指标值“≥8x”:应为数字(如 85)、比较符加数字(如 ≥85、不低于55、超75%)、"
        "区间(如 3-5)、无数据标记(—)、五年累计值(如 [90])或文字表述",
    )


def test_reversed_range_is_unreadable_with_reason() -> None:
    value, error = parse_value("5-3")
    assert value is None
    assert error is not None
    assert error.startswith("无法识别指标值“5-3”:区间下限大于上限")


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("≥85", "≥85"),
        ("≥ 85", "≥85"),
        (">=85", "≥85"),
        ("不低于55", "≥55"),
        ("55以上", "≥55"),
        ("≥60%", "≥60%"),
        ("90%以上", "≥90%"),
        ("超75%", ">75%"),
        ("不超过40%", "≤40%"),
        ("<3", "<3"),
        ("100", "100"),
        ("达到90", "90"),
        ("6.30", "6.3"),
        ("10,000", "10000"),
        ("１００", "100"),
        ("3—5个", "3-5个"),
        ("3至5", "3-5"),
        ("-3至-1", "-3至-1"),
        ("[90]", "[90]"),
        ("【≥90】", "[≥90]"),
        ("——", "—"),
        ("", "—"),
        ("参考市标准", "参考市标准"),
        ("  基本  建成 ", "基本 建成"),
        ("1万家以上", "≥1万家"),
    ],
)
def test_format_value_is_canonical(text: str, canonical: str) -> None:
    assert format_value(read(text)) == canonical


ROUND_TRIP_TEXTS = [
    # domain.md §3 and seed-notes §1.3, §2.3
    "≥85",
    "不低于上年度城镇居民人均消费支出增速",
    "——",
    "—",
    "--",
    "",
    "[90]",
    "超75%",
    "参考市标准",
    "≥32.3",
    "≤50",
    "≤40",
    "≥60",
    "0",
    "41.47",
    "≥0.25",
    "≥10000",
    "≥300",
    "100",
    "6.3",
    ">7.5",
    "不低于55",
    "不低于本市最低生活保障标准的1.6倍",
    "参照当年度孤儿保障标准发放",
    # the forms named in the brief
    *(case[0] for case in NUMERIC_CASES),
    *NO_DATA_TEXTS,
    *(text for text, _ in RULE_TEXTS),
    *QUALITATIVE_TEXTS,
]


@pytest.mark.parametrize("text", ROUND_TRIP_TEXTS)
def test_format_then_parse_keeps_the_meaning(text: str) -> None:
    value = read(text)
    again = read(format_value(value))
    assert same_meaning(value, again), (value, again)
    assert format_value(again) == format_value(value)


UNITS_IN_VALUES = [None, "%", "‰", "万人", "人", "个", "家", "亿元", "万元", "万", "万家"]
UNITS_IN_VALUES += ["元/人/月", "人/万人", "张/千人", "平方米", "人次", "万人次"]

numbers = st.decimals(
    min_value=D(-(10**12)), max_value=D(10**12), places=4, allow_nan=False, allow_infinity=False
)


@st.composite
def numeric_values(draw: st.DrawFn) -> Value:
    """Draw a NUMBER, BOUND or RANGE value as parse_value would build it."""
    kind = draw(st.sampled_from([K.NUMBER, K.BOUND, K.RANGE]))
    unit = draw(st.sampled_from(UNITS_IN_VALUES))
    cumulative = draw(st.booleans())
    low = draw(numbers)
    if kind is K.RANGE:
        high = draw(numbers)
        low, high = min(low, high), max(low, high)
        return Value("", kind, None, low, high, unit, cumulative)
    comparator = "=" if kind is K.NUMBER else draw(st.sampled_from([">=", "<=", ">", "<"]))
    return Value("", kind, comparator, low, None, unit, cumulative)


text_values = st.sampled_from(
    [Value(t, K.RULE, c) for t, c in RULE_TEXTS]
    + [Value(t, K.QUALITATIVE) for t in QUALITATIVE_TEXTS]
    + [Value("", K.NO_DATA)]
)


@given(st.one_of(numeric_values(), text_values))
def test_format_then_parse_round_trips_generated_values(value: Value) -> None:
    again, error = parse_value(format_value(value))
    assert error is None, error
    assert again is not None
    assert same_meaning(value, again), (value, again)


@given(st.text(max_size=20))
def test_parse_value_never_raises(text: str) -> None:
    value, error = parse_value(text)
    assert (value is None) != (error is None)
    if value is not None:
        assert value.raw == text
        parse_value(format_value(value))


@given(
    st.text(alphabet="0123456789.,-—~至≥≤<>=%[]【】万人个以上不低于超 ", max_size=12),
)
def test_parse_value_on_number_like_text(text: str) -> None:
    value, error = parse_value(text)
    if error is not None:
        assert error.startswith(f"无法识别指标值“{text.strip()}”")
        return
    assert value is not None
    again = read(format_value(value))
    assert same_meaning(value, again), (value, again)


@given(
    st.from_regex(r"[≥≤<>]?[0-9]{1,6}(\.[0-9]{1,3})?%?", fullmatch=True),
)
def test_fast_reader_agrees_with_general_reader(text: str) -> None:
    fast = values._read_simple(text)
    general, error = values._read_general(text)
    assert fast is not None
    assert error is None
    assert fast == general


def test_same_meaning_ignores_wording() -> None:
    assert same_meaning(read("不低于55"), read("≥55"))
    assert same_meaning(read("55以上"), read("≥ 55"))
    assert same_meaning(read("—"), read("——"))
    assert same_meaning(read("6.30"), read("6.3"))
    assert same_meaning(read("参考市标准"), read(" 参考市标准 "))


def test_same_meaning_tells_values_apart() -> None:
    assert not same_meaning(read("≥55"), read(">55"))
    assert not same_meaning(read("90"), read("[90]"))
    assert not same_meaning(read("90"), read("90%"))
    assert not same_meaning(read("参考市标准"), read("参照市标准"))
    assert not same_meaning(read("3-5"), read("3-6"))


def test_value_is_frozen_and_hashable() -> None:
    value = read("≥85")
    with pytest.raises(AttributeError):
        value.number = D(1)  # type: ignore[misc]
    assert len({value, read("≥85")}) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("≥85", (">=", D(85))),
        ("超75%", (">", D(75))),
        ("100", ("=", D(100))),
        ("[90]", ("=", D(90))),
        ("3-5", None),
        ("—", None),
        ("参考市标准", None),
        ("基本建成", None),
    ],
)
def test_comparable(text: str, expected: tuple[str, Decimal] | None) -> None:
    assert read(text).comparable() == expected


@pytest.mark.parametrize(
    ("text", "numeric"),
    [("100", True), ("≥85", True), ("3-5", True), ("—", False), ("逐步提高", False)],
)
def test_is_numeric(text: str, numeric: bool) -> None:
    assert read(text).is_numeric is numeric


def test_value_kind_is_a_string() -> None:
    assert str(K.BOUND) == "bound"
    assert K("rule") is K.RULE
    assert isinstance(K.RULE, str)


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("≥8", "万人", "80000"),
        ("0.19", "万人", "1900"),
        ("≥90", "亿元", "9000000000"),
        ("≥300", "万元", "3000000"),
        ("≥85", "%", "85"),
        ("5‰", "%", "0.5"),
        ("20万人以上", None, "200000"),
        ("20万人以上", "人", "200000"),
        ("2500人", "万人", "2500"),
        ("1万", "个", "10000"),
        ("1万", "万人", "10000"),
        ("45", "张/千人", "0.045"),
        ("3-5", "万人", "30000"),
        ("205", None, "205"),
        ("205", "", "205"),
    ],
)
def test_to_base(text: str, unit: str | None, expected: str) -> None:
    assert to_base(read(text), unit) == D(expected)


@pytest.mark.parametrize("text", ["—", "参考市标准", "基本建成"])
def test_to_base_without_number(text: str) -> None:
    assert to_base(read(text), "%") is None


# (child, parent, direction, child unit, parent unit, expected)
COMPARISONS: list[tuple[str, str, str, str | None, str | None, bool | None]] = [
    # the brief's cases
    ("≥75", "100", "higher", "%", "%", False),
    ("≥90", "≥90", "higher", "%", "%", True),
    ("100", "≥80", "higher", "%", "%", True),
    ("≤40", "≤50", "lower", "%", "%", True),
    (">75", "≥75", "higher", "%", "%", True),
    # seed-notes §A, Banan against Chongqing
    ("100", "100", "higher", "%", "%", True),
    ("≥60", "≥60", "higher", "%", "%", True),
    ("≥75", "100", "higher", "%", "%", False),
    # open and closed edges
    ("≥75", ">75", "higher", "%", "%", False),
    ("<40", "≤40", "lower", "%", "%", True),
    ("≤40", "<40", "lower", "%", "%", False),
    ("75", ">75", "higher", None, None, False),
    ("76", ">75", "higher", None, None, True),
    ("40", "≤40", "lower", None, None, True),
    ("≤50", "≤40", "lower", None, None, False),
    ("≥90", "≥80", "lower", None, None, True),
    ("≤30", "40", "lower", None, None, True),
    # a bound in the other direction promises nothing, so it is beaten or matched by anything
    ("≤100", "≥80", "higher", None, None, False),
    ("≥10", "≤40", "lower", None, None, False),
    ("≥10", "≤40", "higher", None, None, True),
    # ranges count by their worse end
    ("3-5", "≥3", "higher", None, None, True),
    ("3-5", "≥4", "higher", None, None, False),
    ("3-5", "≤5", "lower", None, None, True),
    ("3-5", "≤4", "lower", None, None, False),
    ("4", "3-5", "higher", None, None, True),
    # units
    ("≥0.03", "≥300", "higher", "亿元", "万元", True),
    ("≥300", "≥0.03", "higher", "万元", "亿元", True),
    ("≥299", "≥0.03", "higher", "万元", "亿元", False),
    ("2500人", "≥0.25", "higher", None, "万人", True),
    ("20万人以上", "≥200000", "higher", "人", "人", True),
    ("45", "≥4", "higher", "张/千人", "张/百人", True),
    ("45", "≥5", "higher", "张/千人", "张/百人", False),
    ("5‰", "≥1", "higher", None, "%", False),
    # a side without a unit is read in the other's unit (seed-notes §A, Banan row 14)
    ("300", "≥300", "higher", None, "个", True),
    ("299", "≥300", "higher", "个", None, False),
    # not comparable
    ("≥8", "≥8", "higher", "万人", "亿元", None),
    ("≥8", "≥8", "higher", "%", "个", None),
    ("[90]", "90", "higher", None, None, None),
    ("—", "100", "higher", "%", "%", None),
    ("100", "——", "higher", "%", "%", None),
    ("参考市标准", "≥100", "higher", None, None, None),
    ("不低于上年度城镇居民人均消费支出增速", "≥5", "higher", "%", "%", None),
    ("全覆盖", "100", "higher", "%", "%", None),
    # both cumulative
    ("[≥100]", "[90]", "higher", None, None, True),
]


@pytest.mark.parametrize(
    ("child", "parent", "direction", "child_unit", "parent_unit", "expected"), COMPARISONS
)
def test_better_or_equal(
    child: str,
    parent: str,
    direction: str,
    child_unit: str | None,
    parent_unit: str | None,
    expected: bool | None,
) -> None:
    assert direction in ("higher", "lower")
    result = better_or_equal(
        read(child),
        read(parent),
        "higher" if direction == "higher" else "lower",
        child_unit,
        parent_unit,
    )
    assert result is expected


def test_better_or_equal_rejects_unknown_direction() -> None:
    with pytest.raises(ValueError, match="direction"):
        better_or_equal(read("1"), read("1"), "up")  # type: ignore[arg-type]


@given(numeric_values(), st.sampled_from(["higher", "lower"]))
def test_a_value_is_as_ambitious_as_itself(value: Value, direction: str) -> None:
    assert better_or_equal(value, value, "higher" if direction == "higher" else "lower") is True


@given(numbers, numbers)
def test_plain_numbers_compare_like_numbers(child: Decimal, parent: Decimal) -> None:
    a = Value("", K.NUMBER, "=", child)
    b = Value("", K.NUMBER, "=", parent)
    assert better_or_equal(a, b, "higher") is (child >= parent)
    assert better_or_equal(a, b, "lower") is (child <= parent)
