"""Shared helpers for the drafting tests (new, new --next, sync)."""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml.comments import CommentedMap

from planforge import cli
from planforge.errors import Problem, Severity
from planforge.source import make_yaml
from planforge.validate import validate
from planforge.yamlwrite import dump_yaml

REPO = Path(__file__).resolve().parents[2]
HIERARCHY = REPO / "tests" / "cases" / "valid" / "hierarchy"
CITY = HIERARCHY / "city.yaml"
DISTRICT = HIERARCHY / "district.yaml"
CHONGQING = REPO / "plans" / "重庆市" / "重庆市.yaml"
GOLDEN = Path(__file__).resolve().parent / "golden"

NO_CHONGQING = "plans/重庆市/重庆市.yaml 尚未导入(导入器完成后这些测试自动启用)"


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the CLI in-process; return (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as exc:
        cli.main(args)
    out, err = capsys.readouterr()
    code = exc.value.code
    return (code if isinstance(code, int) else 0), out, err


def copy_city(folder: Path, name: str = "示例市.yaml") -> Path:
    """Copy the example city plan into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    shutil.copyfile(CITY, target)
    return target


def problems_of(path: Path) -> list[Problem]:
    """Return what validate finds in one plan."""
    return validate([path]).problems


def errors_of(path: Path) -> list[Problem]:
    return [p for p in problems_of(path) if p.severity is Severity.ERROR]


def codes(problems: list[Problem]) -> set[str]:
    return {p.code for p in problems}


def available(module: str) -> bool:
    """Tell whether a planforge module another engineer is writing exists yet."""
    return importlib.util.find_spec(module) is not None


def fill_in(text: str) -> str:
    """Play the drafter: give every baseline a number, write the texts, confirm the targets."""
    counter = iter(range(11, 1000))
    text = re.sub(r'baseline: "【待填写】"', lambda _: f'baseline: "{next(counter)}"', text)
    text = text.replace("为【待填写:编制目的】", "为做好本区民政工作")
    text = re.sub(r"【待填写】本节内容,可参照上级原文\(见注释\)。", "本区推进相关工作。", text)
    text = re.sub(r"【待填写[^】]*】", "", text)
    return re.sub(r"\n\s*todo: true", "", text)


def change_parent(path: Path) -> None:
    """Play the city: a new binding indicator, the first 预期性 one dropped, a paragraph reworded."""
    data = make_yaml().load(path.read_text(encoding="utf-8"))
    items = data["indicators"]["items"]
    dropped = next(i for i, row in enumerate(items) if row["attribute"] == "预期性" and i > 0)
    drop_goal_refs(data, items[dropped]["id"])
    del items[dropped]
    row = CommentedMap()
    for key, value in (
        ("id", "street-centres"),
        ("name", "乡镇(街道)养老服务中心覆盖率"),
        ("unit", "%"),
        ("baseline", "58"),
        ("target", "≥90"),
        ("attribute", "约束性"),
        ("kind", "rate"),
    ):
        row[key] = value
    items.insert(len(items) - 1, row)
    reword_first_paragraph(data)
    path.write_text(dump_yaml(data), encoding="utf-8")


def reword_first_paragraph(data: Any) -> None:
    """Add a sentence to the first paragraph of the first section that has one."""
    added = "(上级修订稿新增的一句。)"
    for chapter in data["chapters"]:
        for section in chapter.get("sections") or []:
            for i, block in enumerate(section.get("blocks") or []):
                if isinstance(block, str):
                    section["blocks"][i] = block + added
                    return
                if "text" in block and "box" not in block:
                    block["text"] = block["text"] + added
                    return


def remove_row(path: Path, parent_id: str) -> None:
    """Play the drafter: delete the row linked to ``parent_id`` (comments elsewhere kept)."""
    data = make_yaml().load(path.read_text(encoding="utf-8"))
    items = data["indicators"]["items"]
    at = next(i for i, row in enumerate(items) if row.get("parent") == parent_id)
    row_id = items[at]["id"]
    del items[at]
    drop_goal_refs(data, row_id)
    path.write_text(dump_yaml(data), encoding="utf-8")


def drop_goal_refs(data: Any, row_id: str) -> None:
    """Remove an indicator id from the goals that name it."""
    for goal in (data.get("goals") or {}).get("items") or []:
        refs = goal.get("indicators")
        if refs and row_id in refs:
            refs.remove(row_id)
