"""planforge new --next: a plan's successor for the next five-year period."""

from __future__ import annotations

from pathlib import Path

import pytest
from draft_helpers import DISTRICT, codes, copy_city, errors_of, problems_of, run_cli

from planforge.errors import PlanforgeError
from planforge.loader import load_plan
from planforge.successor import next_plan


@pytest.fixture
def district(tmp_path: Path) -> Path:
    """The example district, with recorded actual values for one indicator."""
    copy_city(tmp_path, "city.yaml")
    target = tmp_path / "district.yaml"
    text = DISTRICT.read_text(encoding="utf-8").replace(
        '      baseline: "37"\n      target: "≥60"',
        '      baseline: "37"\n      target: "≥60"\n      actual: {2023: "45", 2025: "62"}',
    )
    target.write_text(text, encoding="utf-8")
    return target


def test_successor_moves_period_and_baselines(district: Path) -> None:
    draft = next_plan(district)
    assert draft.path == district.parent / "district-十五五.yaml"
    draft.path.write_text(draft.text, encoding="utf-8")
    plan = load_plan(draft.path).plan
    assert plan is not None
    meta = plan.meta
    assert meta.title == "示例市示例区民政事业发展“十五五”规划"
    assert (meta.period_start, meta.period_end, meta.baseline_year) == (2026, 2030, 2025)
    assert meta.notice is None and meta.doc_number == "" and meta.date == ""
    assert meta.basis == ("示例市民政事业发展“十五五”规划",)
    assert plan.indicators.title == "“十五五”示例区民政事业主要发展指标"
    recorded = plan.indicator_index["nursing-beds"]
    assert (recorded.baseline, recorded.target, recorded.actual) == ("62", "【待填写】", ())
    assert recorded.todo
    from_target = plan.indicator_index["disabled-subsidy"]
    assert (from_target.baseline, from_target.target) == ("100", "【待填写】")
    text = draft.text
    assert "# 上期(2021—2025年):2020年 37,2025年目标 ≥60,2023年实际 45,2025年实际 62" in text
    assert 'baseline: "62"  # 取自2025年实际值' in text
    assert 'baseline: "100"  # 暂取上期目标值,待填写2025年实际值' in text
    assert "【待修改】本规划正文沿用上一期规划(2021—2025年)的文字" in text
    assert plan.chapters[0].title == "开启民政事业现代化建设新征程"  # text kept


def test_successor_validates_with_todo_warnings_only(district: Path) -> None:
    draft = next_plan(district)
    draft.path.write_text(draft.text, encoding="utf-8")
    assert codes(problems_of(draft.path)) == {"PF901"}


def test_milestones_move_to_comments(tmp_path: Path) -> None:
    city = copy_city(tmp_path)
    draft = next_plan(city)
    assert "milestones" not in draft.text.split("indicators:", 1)[1].split("chapters:", 1)[
        0
    ].replace("2023年目标", "")
    assert "# 上期(2021—2025年):2020年 80,2023年目标 ≥82,2025年目标 ≥85" in draft.text
    draft.path.write_text(draft.text, encoding="utf-8")
    assert not errors_of(draft.path)


def test_explicit_period(district: Path) -> None:
    draft = next_plan(district, district.parent / "later.yaml", period=(2031, 2035))
    draft.path.write_text(draft.text, encoding="utf-8")
    plan = load_plan(draft.path).plan
    assert plan is not None
    assert plan.meta.title.endswith("“十六五”规划")
    assert plan.meta.vision_year is None  # 2035 is no longer after the period
    with pytest.raises(PlanforgeError, match="之后"):
        next_plan(district, district.parent / "bad.yaml", period=(2024, 2028))


def test_same_input_same_bytes(district: Path) -> None:
    assert next_plan(district).text == next_plan(district).text


def test_successor_links_the_parents_successor(district: Path) -> None:
    city_next = next_plan(district.parent / "city.yaml")
    city_next.path.write_text(city_next.text, encoding="utf-8")
    draft = next_plan(
        district, district.parent / "十五五" / "district.yaml", parent_path=city_next.path
    )
    draft.path.parent.mkdir()
    draft.path.write_text(draft.text, encoding="utf-8")
    plan = load_plan(draft.path).plan
    assert plan is not None
    assert plan.meta.parent == "../city-十五五.yaml"
    # The city's other indicators are offered; 其中 rows already carried are not doubled.
    ids = [ind.id for ind in plan.indicators.iter_all()]
    assert len(ids) == len(set(ids))
    assert {"dibao-ratio", "social-workers"} <= set(ids)
    assert "gov-beds" not in ids  # declared not applicable
    assert not errors_of(draft.path)


def test_cli_next(district: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["new", "--next", str(district), "--period", "2026-2030"], capsys)
    assert code == 0
    assert "“十四五”→“十五五”(2026—2030年,基期 2025 年)" in out
    assert "上级规划仍为上一期的 city.yaml" in out
    assert (district.parent / "district-十五五.yaml").is_file()
    assert run_cli(["new", "--next", str(district), "--region", "x"], capsys)[0] == 2


def test_old_generated_header_is_replaced(tmp_path: Path) -> None:
    city = copy_city(tmp_path)
    from planforge.draft import new_from_parent

    child = tmp_path / "测试区.yaml"
    child.write_text(new_from_parent(city, "测试区", child).text, encoding="utf-8")
    draft = next_plan(child, tmp_path / "测试区-十五五.yaml")
    assert "planforge new 根据上级规划" not in draft.text
    assert draft.text.count("# yaml-language-server") == 1
