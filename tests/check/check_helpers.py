"""Helpers for the check tests: small parent/child plans written on the fly, one rule run on them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from planforge.errors import Problem
from planforge.loader import Workspace
from planforge.model import Plan
from planforge.rules import RULES, Context, load_builtin_rules

PLANS = Path(__file__).parent / "plans"
CQ = PLANS / "重庆市" / "重庆市.yaml"
BANAN = PLANS / "重庆市" / "巴南区.yaml"


def indicator(id: str, name: str, **fields: Any) -> dict[str, Any]:
    """Return an indicator row: a 预期性 rate in % unless told otherwise."""
    row: dict[str, Any] = {
        "id": id,
        "name": name,
        "unit": "%",
        "attribute": "预期性",
        "kind": "rate",
    }
    row.update(fields)
    return {k: v for k, v in row.items() if v is not None}


def plan_data(region: str, level: str, items: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    """Return a minimal plan: meta, the indicator table and whatever else is given."""
    meta = {
        "title": f"{region}民政事业发展“十四五”规划",
        "region": region,
        "level": level,
        "period": {"start": 2021, "end": 2025},
        "baseline_year": 2020,
        "vision_year": 2035,
    }
    meta.update(extra.pop("meta", {}))
    data: dict[str, Any] = {"format": 1, "meta": {k: v for k, v in meta.items() if v is not None}}
    table: dict[str, Any] = {"title": "主要发展指标", "items": items}
    if "not_applicable" in extra:
        table["not_applicable"] = extra.pop("not_applicable")
    data["indicators"] = table
    data["chapters"] = extra.pop(
        "chapters",
        [
            {
                "title": "发展目标",
                "sections": [{"title": "主要指标", "blocks": [{"insert": "indicator_table"}]}],
            }
        ],
    )
    data.update(extra)
    return data


class Plans:
    """Writes a parent (市) and child (区) plan into a folder and runs rules on the child."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def write(self, name: str, data: dict[str, Any]) -> Path:
        path = self.folder / name
        # JSON is YAML: every key lands on its own line, so positions are meaningful.
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return path

    def pair(
        self,
        parent_items: list[dict[str, Any]],
        child_items: list[dict[str, Any]],
        *,
        parent_extra: dict[str, Any] | None = None,
        child_extra: dict[str, Any] | None = None,
    ) -> Path:
        """Write 市.yaml and 区.yaml (whose parent is 市.yaml); return the child's path."""
        self.write("市.yaml", plan_data("示例市", "city", parent_items, **(parent_extra or {})))
        child = dict(child_extra or {})
        child["meta"] = {"parent": "市.yaml", **child.get("meta", {})}
        return self.write("区.yaml", plan_data("示例区", "district", child_items, **child))

    def single(self, items: list[dict[str, Any]], **extra: Any) -> Path:
        return self.write("本级.yaml", plan_data("示例区", "district", items, **extra))


def load(path: Path) -> tuple[Plan, Plan | None]:
    """Load a plan (which must be well-formed) and its parent."""
    ws = Workspace()
    loaded = ws.load(path)
    assert loaded.plan is not None, [p.message for p in loaded.problems]
    parent, problems = ws.parent_of(loaded)
    assert not problems, [p.message for p in problems]
    return loaded.plan, parent.plan if parent is not None else None


def run_rule(code: str, path: Path, *, strict: bool = False) -> list[Problem]:
    """Run one rule on the plan at ``path`` (with its parent) and return its problems."""
    load_builtin_rules()
    plan, parent = load(path)
    ctx = Context(plan=plan, parent=parent, strict=strict)
    ctx.current = RULES[code]
    return list(RULES[code].func(ctx))
