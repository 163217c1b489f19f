"""planforge new --from: a child draft from its parent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from draft_helpers import (
    GOLDEN,
    codes,
    copy_city,
    errors_of,
    problems_of,
    run_cli,
)

from planforge.draft import new_from_parent
from planforge.loader import load_plan
from planforge.source import make_yaml


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    parent = copy_city(tmp_path / "示例市")
    out = tmp_path / "示例市" / "测试区.yaml"
    result = new_from_parent(parent, "测试区", out)
    out.write_text(result.text, encoding="utf-8")
    return out


def test_draft_validates_with_todo_warnings_only(draft: Path) -> None:
    problems = problems_of(draft)
    assert not errors_of(draft)
    assert codes(problems) == {"PF901"}


def test_metadata_from_parent_and_region(draft: Path) -> None:
    plan = load_plan(draft).plan
    assert plan is not None
    meta = plan.meta
    assert meta.title == "示例市测试区民政事业发展“十四五”规划"
    assert meta.office == "示例市测试区民政局"
    assert meta.region == "测试区" and meta.level == "district"
    assert (meta.period_start, meta.period_end, meta.baseline_year) == (2021, 2025, 2020)
    assert meta.parent == "示例市.yaml"
    assert meta.basis == (
        "示例市民政事业发展“十四五”规划",
        "示例市测试区国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要",
    )
    first = draft.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    assert first.endswith("schema/plan.schema.json")


def test_every_parent_indicator_is_linked(draft: Path) -> None:
    child = load_plan(draft).plan
    parent = load_plan(draft.parent / "示例市.yaml").plan
    assert child is not None and parent is not None
    rows = {ind.id: ind for ind in child.indicators.iter_all()}
    for ind in parent.indicators.iter_all():
        row = rows[ind.id]
        assert row.parent == ind.id
        assert row.attribute == ind.attribute  # binding stays binding
        assert row.todo
        if not ind.parts:
            assert row.baseline == "【待填写】"
            assert row.target == ind.target
        assert [p.target for p in row.parts] == [p.target for p in ind.parts]
        assert [p.baseline for p in row.parts] == ["【待填写】"] * len(ind.parts)


def test_outline_and_boxes_are_placeholders(draft: Path) -> None:
    child = load_plan(draft).plan
    parent = load_plan(draft.parent / "示例市.yaml").plan
    assert child is not None and parent is not None
    assert [c.title for c in child.chapters] == [c.title for c in parent.chapters]
    assert [s.title for c in child.chapters for s in c.sections] == [
        s.title for c in parent.chapters for s in c.sections
    ]
    section = child.chapters[1].sections[0]
    box = next(b for b in section.blocks if type(b).__name__ == "Box")
    assert box.title == "社会救助能力提升工程"  # type: ignore[union-attr]
    assert [i.text for i in box.items] == ["【待填写】本级建设内容。"] * 2  # type: ignore[union-attr]


def test_parent_text_sits_beside_each_section(draft: Path) -> None:
    text = draft.read_text(encoding="utf-8")
    assert "# 上级原文〔全面夯实基本民生保障体系 › 健全优化社会救助体系〕" in text
    assert "# 上级原文:构建分层分类的救助体系。到2025年年底,护理型床位占比达到60%。" in text
    lines = text.splitlines()
    at = lines.index("      - title: 发展基础")
    assert lines[at + 1] == "        # 上级原文〔全面开启民政事业现代化建设新篇章 › 发展基础〕"
    assert "        blocks:" in lines[at + 2 : at + 6]


def test_same_input_same_bytes(tmp_path: Path) -> None:
    parent = copy_city(tmp_path)
    first = new_from_parent(parent, "测试区", tmp_path / "a.yaml").text
    second = new_from_parent(parent, "测试区", tmp_path / "b.yaml").text
    assert first == second


def test_golden(draft: Path, request: pytest.FixtureRequest) -> None:
    """The whole draft of the example city, compared exactly (schema line aside).

    Regenerate with ``pytest tests/golden tests/draft --update-goldens`` (or
    PLANFORGE_UPDATE_GOLDENS=1) and review the diff.
    """
    text = draft.read_text(encoding="utf-8").split("\n", 1)[1]
    golden = GOLDEN / "示例市-测试区.yaml"
    update = request.config.getoption("--update-goldens", default=False)
    if update or os.environ.get("PLANFORGE_UPDATE_GOLDENS"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8"), (
        "草稿与 golden 不同;确认无误后加 --update-goldens 重新生成"
    )


def test_round_trip_is_stable(draft: Path) -> None:
    text = draft.read_text(encoding="utf-8")
    yaml = make_yaml()
    import io

    buf = io.StringIO()
    yaml.dump(yaml.load(text), buf)
    assert buf.getvalue() == text


def test_cli_writes_and_refuses_to_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parent = copy_city(tmp_path)
    code, out, _ = run_cli(["new", "--from", str(parent), "--region", "测试区"], capsys)
    assert code == 0
    target = tmp_path / "测试区.yaml"  # default: next to the parent
    assert f"已生成 {target}" in out
    assert "链接上级指标 9 项,其中约束性 3 项" in out
    before = target.read_bytes()
    code, _, err = run_cli(["new", "--from", str(parent), "--region", "测试区"], capsys)
    assert code == 3 and "已存在" in err and "--force" in err
    target.write_text("# 起草者的修改\n", encoding="utf-8")
    code, _, _ = run_cli(["new", "--from", str(parent), "--region", "测试区", "--force"], capsys)
    assert code == 0 and target.read_bytes() == before


def test_cli_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parent = copy_city(tmp_path)
    assert run_cli(["new", "--from", str(parent)], capsys)[0] == 2
    assert run_cli(["new"], capsys)[0] == 2
    assert run_cli(["new", "--from", str(parent), "--next", str(parent)], capsys)[0] == 2
    args = ["new", "--from", str(parent), "--region", "测试区", "--period", "2026-2030"]
    assert run_cli(args, capsys)[0] == 2


def test_cli_broken_parent_exits_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parent = tmp_path / "broken.yaml"
    parent.write_text("format: 1\nmeta: {title: 无地区}\n", encoding="utf-8")
    code, out, _ = run_cli(["new", "--from", str(parent), "--region", "测试区"], capsys)
    assert code == 1
    assert "broken.yaml" in out and "error" in out
    assert not (tmp_path / "测试区.yaml").exists()


def test_words_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parent = copy_city(tmp_path)
    text = parent.read_text(encoding="utf-8").replace(
        "name: 护理型床位占比", "name: 乡镇(街道)护理型床位占比"
    )
    parent.write_text(text, encoding="utf-8")
    words = tmp_path / "words.yaml"
    words.write_text("district/区:\n  乡镇(街道): 街道\n", encoding="utf-8")
    args = ["new", "--from", str(parent), "--region", "测试区", "--words", str(words)]
    assert run_cli(args, capsys)[0] == 0
    child = load_plan(tmp_path / "测试区.yaml").plan
    assert child is not None
    assert child.indicator_index["nursing-beds"].name == "街道护理型床位占比"
