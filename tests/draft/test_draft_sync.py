"""planforge sync: a child draft follows its parent without losing the drafter's work."""

from __future__ import annotations

from pathlib import Path

import pytest
from draft_helpers import change_parent, codes, copy_city, errors_of, problems_of, run_cli

from planforge.draft import new_from_parent
from planforge.errors import PlanforgeError
from planforge.loader import load_plan
from planforge.parenttext import strip_parent_text
from planforge.source import make_yaml
from planforge.sync import sync_plan, write_sync


@pytest.fixture
def child(tmp_path: Path) -> Path:
    parent = copy_city(tmp_path)
    out = tmp_path / "测试区.yaml"
    out.write_text(new_from_parent(parent, "测试区", out).text, encoding="utf-8")
    return out


def parent_of(child: Path) -> Path:
    return child.parent / "示例市.yaml"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_unchanged_parent_changes_nothing(child: Path) -> None:
    result = sync_plan(child)
    assert not result.problems
    assert not result.changed and result.diff() == ""


def test_parent_changes_arrive(child: Path) -> None:
    change_parent(parent_of(child))
    result = sync_plan(child)
    assert result.added == ["street-centres 乡镇(街道)养老服务中心覆盖率"]
    assert result.dropped == ["dibao-ratio 农村低保标准占城市低保标准比例"]
    assert any("发展基础" in anchor for anchor in result.refreshed)
    write_sync(result)
    text = child.read_text(encoding="utf-8")
    assert (
        "# 上级原文:“十三五”期间,全市民政系统抓改革、促创新、补短板、惠民生。(上级修订稿新增的一句。)"
        in text
    )
    plan = load_plan(child).plan
    assert plan is not None
    added = plan.indicator_index["street-centres"]
    assert added.name == "镇(街道)养老服务中心覆盖率"  # level words, as new does
    assert added.parent == "street-centres" and added.binding and added.todo
    ids = [ind.id for ind in plan.indicators.items]
    assert ids.index("street-centres") == ids.index("care-standard") - 1  # parent's order
    assert plan.indicator_index["dibao-ratio"].todo
    assert "上级规划“示例市民政事业发展“十四五”规划”已没有指标 dibao-ratio" in text


def test_drafters_work_is_kept(child: Path) -> None:
    edit(
        child,
        'baseline: "【待填写】"  # 本级2020年实际值\n      milestones',
        'baseline: "78"  # 区统计年报\n      milestones',
    )
    edit(
        child,
        "      - title: 发展基础\n",
        "      - title: 发展基础\n        # 起草者:补充养老数据\n",
    )
    edit(child, "【待填写】本节内容,可参照上级原文(见注释)。", "全区民政事业稳步发展。")
    before = child.read_text(encoding="utf-8")
    change_parent(parent_of(child))
    result = sync_plan(child)
    write_sync(result)
    after = child.read_text(encoding="utf-8")
    for kept in ('baseline: "78"  # 区统计年报', "# 起草者:补充养老数据", "全区民政事业稳步发展。"):
        assert kept in after
    # Apart from parent-text comments, only additions: no line the drafter had is lost.
    own_before = [line for line in strip_parent_text(before)[0].splitlines()]
    own_after = strip_parent_text(after)[0].splitlines()
    missing = [line for line in own_before if line not in own_after]
    assert missing == []


def test_deleted_indicator_is_not_offered_again(child: Path) -> None:
    text = child.read_text(encoding="utf-8")
    start, end = text.index("    - id: social-workers\n"), text.index("    - id: donations\n")
    child.write_text(text[:start] + text[end:], encoding="utf-8")
    result = sync_plan(child)
    assert result.added == []
    assert not result.changed


def test_second_sync_is_a_no_op(child: Path) -> None:
    change_parent(parent_of(child))
    write_sync(sync_plan(child))
    again = sync_plan(child)
    assert not again.changed


def test_synced_draft_still_validates(child: Path) -> None:
    change_parent(parent_of(child))
    write_sync(sync_plan(child))
    errors = errors_of(child)
    # The dropped parent indicator stays linked until the drafter decides: PF302 says so.
    assert codes(errors) == {"PF302"}
    assert all("dibao-ratio" in p.message for p in errors)


def test_refuses_file_changed_since_read(child: Path) -> None:
    change_parent(parent_of(child))
    result = sync_plan(child)
    edit(child, "【待填写】本章导语。", "本章导语:编辑器里刚保存的修改。")
    saved = child.read_text(encoding="utf-8")
    with pytest.raises(PlanforgeError, match="修改过"):
        write_sync(result)
    assert child.read_text(encoding="utf-8") == saved


def test_same_input_same_bytes(child: Path) -> None:
    change_parent(parent_of(child))
    assert sync_plan(child).text == sync_plan(child).text


def test_renamed_section_is_reported(child: Path) -> None:
    edit(parent_of(child), "      - title: 面临挑战\n", "      - title: 主要挑战\n")
    result = sync_plan(child)
    assert result.refreshed == ["全面开启民政事业现代化建设新篇章 › 发展环境 › 面临挑战"]
    assert any("主要挑战" in note for note in result.notes)
    assert "上级规划中已没有这一部分" in result.text


def test_cli_shows_diff_and_writes(child: Path, capsys: pytest.CaptureFixture[str]) -> None:
    change_parent(parent_of(child))
    code, out, _ = run_cli(["sync", "--dry-run", str(child)], capsys)
    assert code == 0
    assert out.startswith("--- a/") and "+    - id: street-centres" in out
    assert "未写入" in out
    assert "street-centres" not in child.read_text(encoding="utf-8")
    code, out, _ = run_cli(["sync", "--check", str(child)], capsys)
    assert code == 1
    code, out, _ = run_cli(["sync", str(child)], capsys)
    assert code == 0 and "已写入" in out
    code, out, _ = run_cli(["sync", "--check", str(child)], capsys)
    assert code == 0 and "无需修改" in out


def test_cli_without_parent(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lone = copy_city(tmp_path)
    code, _, err = run_cli(["sync", str(lone)], capsys)
    assert code == 3 and "meta.parent" in err


def test_cli_relink_with_parent_option(child: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = copy_city(child.parent / "新", "示例市-新.yaml")
    code, out, _ = run_cli(["sync", "--parent", str(other), str(child)], capsys)
    assert code == 0 and "上级规划改为 新/示例市-新.yaml" in out
    plan = load_plan(child).plan
    assert plan is not None and plan.meta.parent == "新/示例市-新.yaml"
    assert not errors_of(child)
    assert codes(problems_of(child)) == {"PF901"}


def restyle(path: Path, *, mapping: int, sequence: int, offset: int, crlf: bool = False) -> None:
    """Rewrite a draft in another indentation style (and line ends), parent texts left out."""
    from planforge.yamlwrite import dump_yaml

    yaml = make_yaml()
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    bare = strip_parent_text(path.read_text(encoding="utf-8"))[0]
    text = dump_yaml(yaml.load(bare), yaml)
    path.write_bytes((text.replace("\n", "\r\n") if crlf else text).encode("utf-8"))


@pytest.mark.parametrize(
    ("mapping", "sequence", "offset", "crlf"), [(2, 2, 0, False), (4, 4, 2, True)]
)
def test_drafters_style_is_kept(
    child: Path, mapping: int, sequence: int, offset: int, crlf: bool
) -> None:
    restyle(child, mapping=mapping, sequence=sequence, offset=offset, crlf=crlf)
    styled = child.read_bytes()
    write_sync(sync_plan(child))  # puts the parent texts back, in this style
    assert not sync_plan(child).changed
    change_parent(parent_of(child))
    result = sync_plan(child)
    removed = [
        line
        for line in result.diff().splitlines()
        if line.startswith("-") and not line.startswith("---") and "上级原文" not in line
    ]
    assert removed == []  # only parent-text comments were replaced; everything else is added
    write_sync(result)
    raw = child.read_bytes().decode("utf-8")
    assert ("\r\n" in raw) is crlf
    assert not sync_plan(child).changed
    text = raw.replace("\r\n", "\n")
    kept = [
        x for x in styled.decode("utf-8").replace("\r\n", "\n").splitlines() if "id: gov-beds" in x
    ]
    assert kept and kept[0] in text.splitlines()  # the drafter's indentation
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.lstrip().startswith("# 上级原文"):
            following = next(x for x in lines[i:] if not x.lstrip().startswith("#"))
            # The comment lines up with the key it annotates.
            assert len(line) - len(line.lstrip()) == len(following) - len(following.lstrip(" -"))
