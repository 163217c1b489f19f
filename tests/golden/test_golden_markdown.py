"""Golden Markdown: every bundled plan renders to exactly the reviewed text in tests/golden/md/.

A plan added under plans/ needs its golden file: run ``pytest tests/golden --update-goldens``
and review the new file like any other change.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from planforge.build import build

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "md"
SOURCES = (ROOT / "plans", ROOT / "tests" / "cases" / "valid")
_DIFF_LINES = 80


def bundled_plans() -> list[Path]:
    found = []
    for folder in SOURCES:
        found += sorted(p for p in folder.rglob("*.yaml") if p.is_file())
    return found


def golden_path(plan: Path) -> Path:
    return GOLDEN / plan.relative_to(ROOT).with_suffix(".md")


@pytest.mark.parametrize("plan", bundled_plans(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_markdown_matches_golden(plan: Path, tmp_path: Path, update_goldens: bool) -> None:
    result = build([plan], tmp_path, ["md"])
    assert result.written, (
        f"{plan} 有错误,没有生成:{[str(p.location) + ' ' + p.message for p in result.report.problems if p.is_error]}"
    )
    actual = result.written[0].read_text(encoding="utf-8")
    expected_file = golden_path(plan)
    if update_goldens:
        expected_file.parent.mkdir(parents=True, exist_ok=True)
        expected_file.write_text(actual, encoding="utf-8")
        return
    if not expected_file.is_file():
        pytest.fail(
            f"没有期望文件 {expected_file.relative_to(ROOT)};运行 pytest tests/golden --update-goldens 生成并审阅"
        )
    expected = expected_file.read_text(encoding="utf-8")
    if actual != expected:
        diff = list(
            difflib.unified_diff(
                expected.splitlines(), actual.splitlines(), "golden", "rendered", lineterm=""
            )
        )
        shown = "\n".join(diff[:_DIFF_LINES]) + ("\n…" if len(diff) > _DIFF_LINES else "")
        pytest.fail(f"{plan.relative_to(ROOT)} 的 Markdown 与期望文件不同:\n{shown}", pytrace=False)


def test_no_orphan_goldens() -> None:
    expected = {golden_path(p) for p in bundled_plans()}
    orphans = [p for p in GOLDEN.rglob("*.md") if p not in expected]
    assert not orphans, f"这些期望文件已没有对应的规划,请删除:{orphans}"
