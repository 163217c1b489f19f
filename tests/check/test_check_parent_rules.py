"""Each parent rule (PF401–PF411) on a passing and a failing child plan."""

from __future__ import annotations

from check_helpers import Plans, indicator, run_rule

from planforge.errors import Severity

B = "约束性"


def codes_and_lines(problems: list) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    return [(p.code, p.severity.value) for p in problems]


# -- PF401 period ------------------------------------------------------------------------


def test_pf401_same_period_passes(plans: Plans) -> None:
    child = plans.pair([indicator("a", "甲率")], [indicator("a", "甲率")])
    assert run_rule("PF401", child) == []


def test_pf401_child_without_vision_year_passes(plans: Plans) -> None:
    child = plans.pair([], [], child_extra={"meta": {"vision_year": None}})
    assert run_rule("PF401", child) == []


def test_pf401_other_period_fails(plans: Plans) -> None:
    child = plans.pair([], [], child_extra={"meta": {"period": {"start": 2021, "end": 2026}}})
    [p] = run_rule("PF401", child)
    assert p.severity is Severity.ERROR
    assert "2021—2026" in p.message and "2021—2025" in p.message
    assert p.location.path == ("meta", "period")
    assert p.related is not None and p.related.file.endswith("市.yaml")


def test_pf401_other_vision_and_baseline_year_fail(plans: Plans) -> None:
    child = plans.pair([], [], child_extra={"meta": {"vision_year": 2030, "baseline_year": 2019}})
    problems = run_rule("PF401", child)
    assert [p.location.path for p in problems] == [
        ("meta", "baseline_year"),
        ("meta", "vision_year"),
    ]


# -- PF402 / PF403 binding indicators ------------------------------------------------------


def test_pf402_carried_or_declared_passes(plans: Plans) -> None:
    parent = [indicator("p1", "甲覆盖率", attribute=B), indicator("p2", "乙覆盖率", attribute=B)]
    child = plans.pair(
        parent,
        [indicator("c1", "甲覆盖率", attribute=B, parent="p1")],
        child_extra={"not_applicable": [{"parent": "p2", "reason": "本区无该类机构。"}]},
    )
    assert run_rule("PF402", child) == []


def test_pf402_binding_not_carried_fails(plans: Plans) -> None:
    parent = [indicator("p1", "甲覆盖率", attribute=B), indicator("p2", "乙覆盖率")]
    child = plans.pair(parent, [indicator("c1", "丙覆盖率")])
    [p] = run_rule("PF402", child)
    assert p.severity is Severity.ERROR
    assert "甲覆盖率" in p.message and "p1" in p.message
    assert p.extra["parent_indicator"]["id"] == "p1"
    assert "not_applicable" in p.hint


def test_pf402_blank_reason_fails(plans: Plans) -> None:
    parent = [indicator("p1", "甲覆盖率", attribute=B)]
    child = plans.pair(
        parent, [], child_extra={"not_applicable": [{"parent": "p1", "reason": " "}]}
    )
    [p] = run_rule("PF402", child)
    assert "理由" in p.message


def test_pf403_binding_stays_binding(plans: Plans) -> None:
    parent = [indicator("p1", "甲覆盖率", attribute=B)]
    ok = plans.pair(parent, [indicator("c1", "甲覆盖率", attribute=B, parent="p1")])
    assert run_rule("PF403", ok) == []
    bad = plans.pair(parent, [indicator("c1", "甲覆盖率", parent="p1")])
    [p] = run_rule("PF403", bad)
    assert p.location.path[-1] == "attribute" and "预期性" in p.message


# -- PF404 targets -----------------------------------------------------------------------


def _rate_pair(plans: Plans, parent_target: str, child_target: str, **fields: object):  # type: ignore[no-untyped-def]
    parent = [indicator("p", "服务质量达标率", target=parent_target, **fields)]
    child = [indicator("c", "服务质量达标率", target=child_target, parent="p", **fields)]
    return plans.pair(parent, child)


def test_pf404_equal_or_stronger_passes(plans: Plans) -> None:
    assert run_rule("PF404", _rate_pair(plans, "≥90", "≥90")) == []
    assert run_rule("PF404", _rate_pair(plans, "≥80", "100")) == []
    assert run_rule("PF404", _rate_pair(plans, "≤50", "≤40", direction="lower")) == []


def test_pf404_weaker_expected_is_a_warning(plans: Plans) -> None:
    [p] = run_rule("PF404", _rate_pair(plans, "100", "≥75"))
    assert p.severity is Severity.WARNING
    assert "≥75" in p.message and "100" in p.message
    assert p.location.path[-1] == "target" and p.related is not None
    assert p.extra["parent_indicator"] == {
        "id": "p",
        "name": "服务质量达标率",
        "file": p.related.file,
    }


def test_pf404_weaker_binding_or_strict_is_an_error(plans: Plans) -> None:
    [p] = run_rule("PF404", _rate_pair(plans, "100", "≥75", attribute=B))
    assert p.severity is Severity.ERROR
    [p] = run_rule("PF404", _rate_pair(plans, "100", "≥75"), strict=True)
    assert p.severity is Severity.ERROR


def test_pf404_lower_is_better(plans: Plans) -> None:
    [p] = run_rule("PF404", _rate_pair(plans, "≤40", "≤50", direction="lower"))
    assert "越低越好" in p.message


def test_pf404_converts_units(plans: Plans) -> None:
    parent = [indicator("p", "死亡率", target="0.5")]
    assert (
        run_rule(
            "PF404",
            plans.pair(parent, [indicator("c", "死亡率", unit="‰", target="8", parent="p")]),
        )
        == []
    )
    [p] = run_rule(
        "PF404", plans.pair(parent, [indicator("c", "死亡率", unit="‰", target="3", parent="p")])
    )
    assert "‰" in p.message or "%" in p.message


def test_pf404_compares_shared_milestones(plans: Plans) -> None:
    parent = [indicator("p", "覆盖率", target="100", milestones={"2023": "≥80"})]
    child = [
        indicator(
            "c", "覆盖率", target="100", milestones={"2023": "≥70", "2024": "≥75"}, parent="p"
        )
    ]
    [p] = run_rule("PF404", plans.pair(parent, child))
    assert "2023年目标" in p.message
    assert p.location.path[-2:] == ("milestones", "2023")


# -- PF405 units ---------------------------------------------------------------------------


def test_pf405_convertible_or_missing_units_pass(plans: Plans) -> None:
    parent = [indicator("p", "捐赠总额", unit="亿元", kind="amount", target="≥90")]
    ok = plans.pair(
        parent, [indicator("c", "捐赠总额", unit="万元", kind="amount", target="≥300", parent="p")]
    )
    assert run_rule("PF405", ok) == []
    bare = plans.pair(
        parent, [indicator("c", "捐赠总额", unit=None, kind="amount", target="300", parent="p")]
    )
    assert run_rule("PF405", bare) == []


def test_pf405_other_kind_of_unit_fails(plans: Plans) -> None:
    parent = [indicator("p", "护理型床位占比", target="≥60")]
    child = plans.pair(
        parent, [indicator("c", "护理型床位占比", unit="张", target="45", parent="p")]
    )
    [p] = run_rule("PF405", child)
    assert p.severity is Severity.ERROR and "“张”" in p.message and "“%”" in p.message


# -- PF406 / PF407 absolute values -------------------------------------------------------


def _amount_pair(plans: Plans, parent: dict[str, str], child: dict[str, str]):  # type: ignore[no-untyped-def]
    p = [indicator("p", "捐赠总额", kind="amount", **parent)]
    c = [indicator("c", "捐赠总额", kind="amount", parent="p", **child)]
    return plans.pair(p, c)


def test_pf406_share_of_the_total_passes(plans: Plans) -> None:
    path = _amount_pair(
        plans,
        {"unit": "万人", "baseline": "6.3", "target": "≥8"},
        {"unit": "万人", "baseline": "0.19", "target": "≥0.25"},
    )
    assert run_rule("PF406", path) == []


def test_pf406_above_the_parent_total_fails_after_conversion(plans: Plans) -> None:
    path = _amount_pair(
        plans, {"unit": "万元", "target": "≥90000"}, {"unit": "亿元", "target": "12"}
    )
    [p] = run_rule("PF406", path)
    assert p.severity is Severity.ERROR
    assert "超过了上级总量" in p.message and "换算" in p.message


def test_pf407_slower_growth_is_noted(plans: Plans) -> None:
    slow = _amount_pair(
        plans,
        {"unit": "个", "baseline": "5000", "target": "≥10000"},
        {"unit": "", "baseline": "205", "target": "300"},
    )
    [p] = run_rule("PF407", slow)
    assert p.severity is Severity.INFO
    assert "4.1% → 3%" in p.message and "+46.3%" in p.message and "+100%" in p.message
    fast = _amount_pair(
        plans,
        {"unit": "个", "baseline": "5000", "target": "7000"},
        {"unit": "个", "baseline": "205", "target": "300"},
    )
    assert run_rule("PF407", fast) == []


# -- PF408 basis -------------------------------------------------------------------------------


def test_pf408_different_basis_is_not_comparable(plans: Plans) -> None:
    path = _amount_pair(
        plans,
        {"unit": "亿元", "baseline": "75.8", "target": "≥90", "basis": "cumulative"},
        {"unit": "万元", "baseline": "132", "target": "≥300"},
    )
    [p] = run_rule("PF408", path)
    assert p.severity is Severity.WARNING
    assert (
        "年度值" in p.message and "五年累计值" in p.message and "1 亿元 = 10000 万元" in p.message
    )
    assert run_rule("PF406", path) == [] and run_rule("PF407", path) == []


def test_pf408_same_basis_passes(plans: Plans) -> None:
    path = _amount_pair(
        plans, {"unit": "亿元", "target": "[90]"}, {"unit": "万元", "target": "[300]"}
    )
    assert run_rule("PF408", path) == []


# -- PF409 text targets ------------------------------------------------------------------------


def _text_pair(plans: Plans, parent_target: str, child_target: str):  # type: ignore[no-untyped-def]
    p = [indicator("p", "低保标准年度增速", kind="qualitative", target=parent_target)]
    c = [indicator("c", "低保标准年度增速", kind="qualitative", target=child_target, parent="p")]
    return plans.pair(p, c)


def test_pf409_same_or_specialised_text_passes(plans: Plans) -> None:
    same = "不低于上年度城镇居民人均消费支出增速"
    assert run_rule("PF409", _text_pair(plans, same, same)) == []
    assert run_rule("PF409", _text_pair(plans, "不低于全市平均增速", "不低于全区平均增速")) == []
    assert run_rule("PF409", _text_pair(plans, "不低于示例市平均增速", "不低于本区平均增速")) == []


def test_pf409_other_text_needs_review(plans: Plans) -> None:
    [p] = run_rule(
        "PF409", _text_pair(plans, "不低于上年度城镇居民人均消费支出增速", "参照市标准执行")
    )
    assert p.severity is Severity.WARNING
    assert (
        "需人工审核" in p.message
        and "参照市标准执行" in p.message
        and "人均消费支出增速" in p.message
    )
    [p] = run_rule("PF409", _text_pair(plans, "不低于上年度城镇居民人均消费支出增速", "≥5"))
    assert "“≥5”" in p.message


# -- PF410 baselines -------------------------------------------------------------------------


def _baseline_pair(plans: Plans, parent_baseline: str, child_baseline: str, **fields: object):  # type: ignore[no-untyped-def]
    p = [indicator("p", "护理型床位占比", baseline=parent_baseline, target="≥60", **fields)]
    c = [
        indicator(
            "c", "护理型床位比例", baseline=child_baseline, target="≥60", parent="p", **fields
        )
    ]
    return plans.pair(p, c)


def test_pf410_own_baseline_passes(plans: Plans) -> None:
    assert run_rule("PF410", _baseline_pair(plans, "32.3", "37")) == []
    # Every part of a whole at 100% is at 100%: equal is not suspicious.
    assert run_rule("PF410", _baseline_pair(plans, "100", "100")) == []


def test_pf410_copied_baseline_fails(plans: Plans) -> None:
    [p] = run_rule("PF410", _baseline_pair(plans, "32.3", "≥32.3"))
    assert p.severity is Severity.WARNING
    assert "≥32.3" in p.message and "“32.3”" in p.message and "2020" in p.hint
    [p] = run_rule("PF410", _baseline_pair(plans, "6.3", "6.3", unit="万人", kind="count"))
    assert "相同" in p.message
    [p] = run_rule("PF410", _baseline_pair(plans, "65", "≥60"))
    assert "比较符" in p.message


def test_pf410_comparator_in_an_unlinked_baseline_fails(plans: Plans) -> None:
    child = plans.pair(
        [], [indicator("c", "政府运营床位占比", baseline="≤50", target="≤40", direction="lower")]
    )
    [p] = run_rule("PF410", child)
    assert "≤50" in p.message and p.indicator_id == "c"


# -- PF411 link suggestions --------------------------------------------------------------------


def test_pf411_suggests_a_link_for_a_renamed_indicator(plans: Plans) -> None:
    parent = [indicator("zb16", "乡镇(街道)具备综合功能的养老服务机构覆盖率")]
    child = plans.pair(parent, [indicator("zb08", "镇（街道）具备综合功能的养老机构覆盖率")])
    [p] = run_rule("PF411", child)
    assert p.severity is Severity.INFO
    assert "parent: zb16" in p.message and p.extra["score"] == 1.0


def test_pf411_no_suggestion_when_linked_or_unrelated(plans: Plans) -> None:
    parent = [
        indicator("p1", "困难残疾人生活补贴覆盖率"),
        indicator("p2", "重度残疾人护理补贴覆盖率"),
    ]
    child = plans.pair(
        parent,
        [
            indicator("c1", "困难残疾人生活补贴覆盖率", parent="p1"),
            indicator("c2", "节地生态安葬占比"),
        ],
    )
    assert run_rule("PF411", child) == []


def test_pf408_prose_shows_a_five_year_total(plans: Plans) -> None:
    def chapters(text: str) -> list[dict[str, object]]:
        return [{"title": "基层治理", "sections": [{"title": "慈善", "blocks": [text]}]}]

    parent = [
        indicator(
            "p",
            "慈善组织接受社会捐赠总额",
            unit="亿元",
            kind="amount",
            baseline="75.8",
            target="≥90",
        )
    ]
    child = [
        indicator(
            "c",
            "慈善组织接受社会捐赠总额",
            unit="万元",
            kind="amount",
            baseline="132",
            target="≥300",
            parent="p",
        )
    ]
    total = "到2025年年底,慈善捐赠接收金额较“十三五”增长20%,达到90亿元。"
    path = plans.pair(parent, child, parent_extra={"chapters": chapters(total)})
    [p] = run_rule("PF408", path)
    assert "较“十三五”增长20%,达到90亿元" in p.message and "五年累计值" in p.message
    level = "到2025年年底,慈善捐赠接收金额较“十三五”末增长20%,达到90亿元。"
    path = plans.pair(parent, child, parent_extra={"chapters": chapters(level)})
    assert run_rule("PF408", path) == []
