"""The whole drafting cycle: new → fill in → validate → check → build → parent changes → sync.

Runs for the example city always, and for the bundled Chongqing plan (plans/重庆市/重庆市.yaml)
once it is imported, with a district that has no plan in plans/. The check and build steps run
when planforge.check and planforge.build exist; otherwise the test ends skipped, saying so.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from draft_helpers import (
    CHONGQING,
    NO_CHONGQING,
    REPO,
    available,
    change_parent,
    codes,
    copy_city,
    errors_of,
    fill_in,
    problems_of,
    remove_row,
    run_cli,
)

from planforge.loader import load_plan

# A Chongqing district that has no plan in plans/ (巴南区 has one).
NEW_DISTRICT = "江津区"


class Cycle:
    """Drives one child through the cycle and remembers the steps it could not run."""

    def __init__(self, parent: Path, region: str, capsys: pytest.CaptureFixture[str]) -> None:
        self.parent = parent
        self.region = region
        self.capsys = capsys
        self.child = parent.parent / f"{region}.yaml"
        self.out = parent.parent / "build"
        self.not_run: list[str] = []

    def cli(self, *args: str) -> tuple[int, str]:
        code, out, _ = run_cli(list(args), self.capsys)
        return code, out

    def new(self) -> None:
        code, out = self.cli(
            "new", "--from", str(self.parent), "--region", self.region, "-o", str(self.child)
        )
        assert code == 0, out

    def validate_todo_only(self) -> None:
        assert codes(problems_of(self.child)) == {"PF901"}

    def validate_clean(self) -> None:
        problems = problems_of(self.child)
        assert not errors_of(self.child)
        assert "PF901" not in codes(problems), [p.message for p in problems if p.code == "PF901"]

    def check(self) -> None:
        if not available("planforge.check"):
            self.not_run.append("check(planforge.check 尚不存在)")
            return
        code, out = self.cli("check", str(self.child))
        assert code == 0, out
        assert " error " not in out

    def build(self, *, todo_visible: bool) -> None:
        if not available("planforge.build"):
            self.not_run.append("build(planforge.build 尚不存在)")
            return
        shutil.rmtree(self.out, ignore_errors=True)
        code, out = self.cli("build", str(self.child), "-o", str(self.out), "--format", "md,docx")
        assert code == 0, out
        markdown = (self.out / f"{self.region}.md").read_text(encoding="utf-8")
        with zipfile.ZipFile(self.out / f"{self.region}.docx") as docx:
            document = docx.read("word/document.xml").decode("utf-8")
        for rendered in (markdown, document):
            assert ("【待填写】" in rendered) is todo_visible
        assert load_plan(self.child).plan.meta.title in markdown  # type: ignore[union-attr]

    def fill_in(self) -> None:
        self.child.write_text(fill_in(self.child.read_text(encoding="utf-8")), encoding="utf-8")

    def parent_changes_and_sync(self) -> None:
        text_before = self.child.read_text(encoding="utf-8")
        change_parent(self.parent)
        code, out = self.cli("sync", str(self.child))
        assert code == 0 and out.startswith("--- a/"), out
        assert "新增上级指标 1 项:street-centres" in out
        assert "上级已删除" in out and "上级原文有变化" in out
        after = self.child.read_text(encoding="utf-8")
        assert after != text_before
        # The drafter's numbers survived; the new indicator waits to be filled in.
        assert 'baseline: "11"' in after
        new_row = load_plan(self.child).plan.indicator_index["street-centres"]  # type: ignore[union-attr]
        assert new_row.baseline == "【待填写】" and new_row.todo and new_row.binding
        dropped = [p for p in errors_of(self.child) if p.code == "PF302"]
        assert len(dropped) == 1

    def drafter_settles(self) -> None:
        """Delete the row the parent dropped, fill in the new one."""
        linked = {ind.parent for ind in load_plan(self.child).plan.indicators.iter_all()}  # type: ignore[union-attr]
        parent_ids = set(load_plan(self.parent).plan.indicator_index)  # type: ignore[union-attr]
        for gone in sorted(linked - parent_ids - {""}):
            remove_row(self.child, gone)
        self.fill_in()

    def run(self) -> None:
        self.new()
        self.validate_todo_only()
        self.check()
        self.build(todo_visible=True)
        self.fill_in()
        self.validate_clean()
        self.check()
        self.build(todo_visible=False)
        self.parent_changes_and_sync()
        self.drafter_settles()
        self.validate_clean()
        self.check()
        self.build(todo_visible=False)
        code, out = self.cli("sync", "--check", str(self.child))
        assert code == 0, out
        if self.not_run:
            pytest.skip("整个流程已跑完,但未运行:" + "、".join(self.not_run))


def test_cycle_example_city(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parent = copy_city(tmp_path / "plans" / "示例市")
    Cycle(parent, "测试区", capsys).run()


@pytest.mark.skipif(not CHONGQING.is_file(), reason=NO_CHONGQING)
def test_cycle_chongqing_district(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert not (REPO / "plans" / "重庆市" / f"{NEW_DISTRICT}.yaml").exists()
    folder = tmp_path / "plans" / "重庆市"
    folder.mkdir(parents=True)
    parent = folder / "重庆市.yaml"
    shutil.copyfile(CHONGQING, parent)  # the cycle changes the parent: work on a copy
    Cycle(parent, NEW_DISTRICT, capsys).run()


@pytest.mark.skipif(not CHONGQING.is_file(), reason=NO_CHONGQING)
def test_chongqing_draft_in_place(tmp_path: Path) -> None:
    """A draft next to the bundled plan: title, office, links and level words for a 区."""
    from planforge.draft import new_from_parent

    out = REPO / "plans" / "重庆市" / f"{NEW_DISTRICT}.yaml"
    draft = new_from_parent(CHONGQING, NEW_DISTRICT, out)
    assert draft.text.startswith("# yaml-language-server: $schema=../../schema/plan.schema.json\n")
    assert "  parent: 重庆市.yaml\n" in draft.text
    target = tmp_path / f"{NEW_DISTRICT}.yaml"
    target.write_text(
        draft.text.replace("parent: 重庆市.yaml", f"parent: {CHONGQING}"), encoding="utf-8"
    )
    plan = load_plan(target).plan
    assert plan is not None
    assert plan.meta.title == f"重庆市{NEW_DISTRICT}民政事业发展“十四五”规划"
    assert plan.meta.office == f"重庆市{NEW_DISTRICT}民政局"
    parent = load_plan(CHONGQING).plan
    assert parent is not None
    assert {i.parent for i in plan.indicators.iter_all()} == set(parent.indicator_index)
    names = [i.name for i in plan.indicators.iter_all()]
    assert not any("乡镇(街道)" in n for n in names)
    assert codes(problems_of(target)) == {"PF901"}
