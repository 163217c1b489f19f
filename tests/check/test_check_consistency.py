"""Within-plan rules: prose numbers against the table (PF501), the recorded 目录 (PF502, PF503)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from check_helpers import Plans, indicator, run_rule

from planforge.errors import Severity
from planforge.prose import Quantity, same_number
from planforge.validate import validate

WORKERS = indicator(
    "zb04", "社会工作专业人才数", unit="万人", kind="count", baseline="0.19", target="≥0.25"
)
NURSING = indicator("zb10", "护理型床位比例", baseline="≥32.3", target="≥60", attribute="约束性")
QUALITY = indicator("zb11", "养老机构服务基本质量达标率", baseline="≥60", target="≥75")
BEDS = indicator(
    "zb09",
    "每千名老人口拥有养老床位数",
    unit="张",
    kind="per_capita",
    baseline="41.47",
    target="45",
)


def prose_plan(
    plans: Plans, items: list[dict[str, Any]], basis_text: str, task_text: str = ""
) -> Path:
    chapters = [
        {
            "title": "开启民政事业现代化建设新征程",
            "sections": [
                {"title": "发展基础", "blocks": [basis_text]},
                {"title": "发展目标", "blocks": [{"insert": "indicator_table"}]},
            ],
        },
        {
            "title": "持续推进养老服务高质量发展",
            "sections": [
                {
                    "title": "提升养老服务供给能力",
                    "blocks": [task_text or "优化养老机构供给结构。"],
                },
            ],
        },
    ]
    return plans.single(items, chapters=chapters)


# -- PF501 ------------------------------------------------------------------------------------


def test_pf501_agreeing_statements_pass(plans: Plans) -> None:
    basis = "社会工作专业人才1897人,其中持证社会工作专业人才779人;护理型床位占比达32.3%。"
    task = "到2025年,力争全区社会工作专业人才达到2500人,持证社会工作专业人才达900人。养老机构护理型床位占比不低于60%。"
    path = prose_plan(plans, [WORKERS, {**NURSING, "baseline": "32.3"}], basis, task)
    assert run_rule("PF501", path) == []


def test_pf501_changes_approximations_ranges_and_years_are_ignored(plans: Plans) -> None:
    basis = (
        "新增养老床位2000张,养老床位数量达到12000张,养老服务床位约23万张,床位增至9800余张。"
        "探索建立3-5个社区智慧养老服务中心。护理型床位占比达30%-35%。慈善捐赠接收金额较“十三五”增长20%。"
        "2022年9月前,对社区干部轮训一遍。"
    )
    path = prose_plan(plans, [WORKERS, BEDS, NURSING], basis)
    assert run_rule("PF501", path) == []


def test_pf501_baseline_statement_disagreeing_fails(plans: Plans) -> None:
    basis = (
        "全区养老机构达到55所,养老服务床位增至9800余张,护理型床位占比达37%,千名老人床位数41.4张。"
    )
    path = prose_plan(plans, [BEDS, NURSING], basis)
    problems = run_rule("PF501", path)
    assert [p.indicator_id for p in problems] == ["zb10", "zb09"]
    first = problems[0]
    assert first.severity is Severity.WARNING
    assert "护理型床位占比达37%" in first.message and "基期值“≥32.3”" in first.message
    assert first.related is not None and first.related.path[-1] == "baseline"
    assert first.location.path[:2] == ("chapters", 0)
    assert "41.47" in problems[1].message


def test_pf501_strict_against_inclusive_bound_fails(plans: Plans) -> None:
    task = "开展养老机构服务监测评价,到2025年,养老机构服务基本质量达标率超75%。"
    [p] = run_rule("PF501", prose_plan(plans, [QUALITY], "养老服务质量不断增强。", task))
    assert "超75%" in p.message and "目标值“≥75”" in p.message and "比较关系不同" in p.message


def test_pf501_target_statement_disagreeing_fails(plans: Plans) -> None:
    task = "到2025年,力争全区社会工作专业人才达到3000人。"
    [p] = run_rule("PF501", prose_plan(plans, [WORKERS], "社会工作专业人才1897人。", task))
    assert "3000人" in p.message and "目标值“≥0.25”" in p.message


def test_same_number_rounds_to_the_coarser_precision() -> None:
    from decimal import Decimal as D

    assert same_number(Quantity(D("0.1897"), 4), Quantity(D("0.19"), 2))
    assert not same_number(Quantity(D("41.4"), 1), Quantity(D("41.47"), 2))
    assert not same_number(Quantity(D("0.3"), 4), Quantity(D("0.25"), 2))
    assert same_number(Quantity(D("8"), 0), Quantity(D("8"), 1))


# -- PF502 / PF503 ----------------------------------------------------------------------------


def toc_plan(plans: Plans, toc: list[dict[str, Any]]) -> Path:
    chapters = [
        {
            "title": "全面优化殡葬管理和服务",
            "sections": [
                {"title": "深入推进殡葬改革", "blocks": ["完善殡葬服务保障制度。"]},
                {"title": "提高殡葬领域治理水平", "blocks": ["切实优化殡葬管理。"]},
            ],
        },
        {
            "title": "强化规划实施保障",
            "sections": [
                {"title": "加强规划监测评估", "blocks": ["加强规划监测评估。"]},
            ],
        },
    ]
    meta = {"source": {"file": "原文.txt", "toc": toc}}
    return plans.single([], chapters=chapters, meta=meta)


def entry(level: int, title: str, page: str) -> dict[str, Any]:
    return {"level": level, "title": title, "page": page}


def test_pf502_matching_toc_passes(plans: Plans) -> None:
    toc = [
        entry(1, "第六章全面优化殡葬管理和服务", "49"),
        entry(2, "第一节 深入推进殡葬改革", "50"),
        entry(2, "第二节提高殡葬领域治理水平……51", "51"),
        entry(1, "第七章 强化规划实施保障", "51"),
        entry(2, "第一节加强规划监测评估", "54"),
    ]
    path = toc_plan(plans, toc)
    assert run_rule("PF502", path) == [] and run_rule("PF503", path) == []


def test_pf502_truncated_toc_passes(plans: Plans) -> None:
    path = toc_plan(plans, [entry(1, "第一章全面优化殡葬管理和服务", "5")])
    assert run_rule("PF502", path) == []


def test_pf502_title_mismatch_and_missing_heading_fail(plans: Plans) -> None:
    toc = [
        entry(1, "第六章全面优化殡葬管理和服务", "49"),
        entry(2, "第一节完善基本殡葬服务保障制度", "50"),
        entry(2, "第二节提高殡葬领域治理水平", "51"),
        entry(1, "第七章强化规划实施保障", "51"),
        entry(2, "第一节加强党的全面领导", "52"),
        entry(2, "第二节加强规划监测评估", "54"),
    ]
    problems = run_rule("PF502", toc_plan(plans, toc))
    messages = [p.message for p in problems]
    assert messages == [
        "目录中的“第一节完善基本殡葬服务保障制度”与正文标题“深入推进殡葬改革”不一致",
        "目录中的“第一节加强党的全面领导”在正文中没有对应的标题",
    ]
    assert problems[0].location.path[-1] == "title"
    assert problems[0].related is not None and problems[0].related.path[:3] == (
        "meta",
        "source",
        "toc",
    )


def test_pf503_page_going_backwards_fails(plans: Plans) -> None:
    toc = [
        entry(2, "第三节推进和谐婚姻家庭建设", "38"),
        entry(1, "第五章持续推进养老服务高质量发展", "37"),
        entry(2, "第一节加强养老服务保障", "39"),
    ]
    [p] = run_rule("PF503", toc_plan(plans, toc))
    assert "37" in p.message and "38" in p.message and p.severity is Severity.WARNING


def test_plan_rules_are_silent_on_well_formed_plans() -> None:
    here = Path(__file__).parent
    valid = here.parent / "cases" / "valid"
    report = validate([valid, here / "plans" / "重庆市" / "重庆市.yaml"])
    assert [p for p in report.problems if p.code.startswith("PF5")] == []
