"""Start a plan's successor for the next period (``planforge new --next``).

The 十五五 draft of a 十四五 plan keeps the text as the starting point and moves the numbers on:

* the period moves (2021–2025 → 2026–2030 by default), the baseline year is the year before;
  the five-year label in the titles follows (“十四五” → “十五五”);
* each indicator's baseline is the recorded actual value of the old end year (``actual``) where
  there is one, else the old target when it is a number (``todo: true``, a ``# 上期`` comment says
  so), else ``【待填写】``; the new target is ``【待填写】``; old values stay in a ``# 上期`` comment;
* what belonged to the published old plan (date, document number, issuing notice, import
  source) is dropped, and a visible ``【待修改】`` paragraph opens the preamble;
* with ``parent``, the draft links the parent's new plan and is synced with it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from planforge.construct import build_plan
from planforge.draft import (
    TODO,
    Comments,
    Draft,
    count_todo,
    file_header,
    fyp_label,
    fyp_ordinal,
    iter_indicator_rows,
    quoted,
)
from planforge.errors import PlanforgeError, YamlPath
from planforge.loader import load_plan
from planforge.model import Plan, value_text
from planforge.schema import iter_schema_problems
from planforge.source import make_yaml, read_source_text
from planforge.values import parse_value
from planforge.yamlwrite import dump_yaml, relative_path, without_schema_hint

PREVIOUS = "上期"
_DROPPED_META = {
    "date": "编制日期",
    "doc_number": "文号",
    "notice": "印发通知",
    "source": "导入来源",
}


def parse_period(text: str) -> tuple[int, int]:
    """Read ``2026-2030`` (or with —, –, ~, 至) as (start, end)."""
    for sep in ("—", "–", "~", "至", "-"):
        head, found, tail = text.strip().rstrip("年").partition(sep)
        if found and head.strip().isdigit() and tail.strip().rstrip("年").isdigit():
            start, end = int(head), int(tail.strip().rstrip("年"))
            if start <= end:
                return start, end
    raise PlanforgeError(f"规划期“{text}”无法识别,应写成 2026-2030 的形式")


def next_period(plan: Plan) -> tuple[int, int]:
    """Return the period after the plan's, of the same length."""
    meta = plan.meta
    length = meta.period_end - meta.period_start
    return meta.period_end + 1, meta.period_end + 1 + length


def previous_values(row: CommentedMap, old_start: int, old_end: int, baseline_year: int) -> str:
    """Return the ``# 上期`` comment: the old baseline, milestones, target and actual values."""
    cells = []
    if "baseline" in row:
        cells.append(f"{baseline_year}年 {_text(row.get('baseline'))}")
    for year, value in (row.get("milestones") or {}).items():
        cells.append(f"{year}年目标 {_text(value)}")
    if "target" in row:
        cells.append(f"{old_end}年目标 {_text(row.get('target'))}")
    for year, value in (row.get("actual") or {}).items():
        cells.append(f"{year}年实际 {_text(value)}")
    for part in row.get("parts") or []:
        label = part.get("label", "")
        cells.append(f"{label} {_text(part.get('baseline'))}→{_text(part.get('target'))}")
    return f"{PREVIOUS}({old_start}—{old_end}年):" + ",".join(cells)


def _text(raw: Any) -> str:
    text = value_text(raw)
    return "(空)" if text is None or not text.strip() else text


def _actual(row: CommentedMap, year: int) -> str | None:
    actual = row.get("actual") or {}
    for key in (year, str(year)):
        if key in actual:
            return value_text(actual[key])
    return None


def _numeric(raw: str | None) -> bool:
    if raw is None:
        return False
    value, _ = parse_value(raw)
    return value is not None and value.is_numeric


class _Successor:
    """Turns the old plan's tree into its successor's."""

    def __init__(self, plan: Plan, start: int, end: int, out_path: Path, relink: bool) -> None:
        self.plan = plan
        self.relink = relink
        self.start, self.end = start, end
        self.out_path = out_path
        self.old_label = fyp_label(plan.meta.period_start)
        self.new_label = fyp_label(start)
        self.comments = Comments()
        self.notes: list[str] = []

    def relabel(self, text: str) -> str:
        """Replace the old five-year label and ordinal by the new ones."""
        old, new = self.plan.meta.period_start, self.start
        return text.replace(self.old_label, self.new_label).replace(
            fyp_ordinal(old)[:-2], fyp_ordinal(new)[:-2]
        )

    def run(self, data: CommentedMap) -> None:
        self.meta(data["meta"])
        self.indicators(data)
        self.preamble(data)

    # meta

    def meta(self, meta: CommentedMap) -> None:
        for key in ("title", "short_title"):
            if key in meta:
                meta[key] = self.relabel(str(meta[key]))
        if self.new_label not in str(meta["title"]):
            self.notes.append(f"标题“{meta['title']}”中没有找到“{self.old_label}”,请手工修改标题")
        period = meta["period"]
        period["start"], period["end"] = self.start, self.end
        self._set_after(meta, "baseline_year", self.start - 1, "period")
        vision = meta.get("vision_year")
        if vision is not None and int(vision) <= self.end:
            del meta["vision_year"]
            self.notes.append(f"远景年 {vision} 不晚于新的规划期,已删去")
        dropped = [name for key, name in _DROPPED_META.items() if meta.pop(key, None) is not None]
        if dropped:
            self.notes.append("已删去属于上一期已发布文件的内容:" + "、".join(dropped))
        self._basis(meta)
        self._parent(meta)

    def _set_after(self, meta: CommentedMap, key: str, value: Any, after: str) -> None:
        if key in meta:
            meta[key] = value
        else:
            meta.insert(list(meta).index(after) + 1, key, value)

    def _basis(self, meta: CommentedMap) -> None:
        basis = meta.get("basis")
        if not isinstance(basis, CommentedSeq) or not basis:
            return
        for i, entry in enumerate(basis):
            basis[i] = self.relabel(str(entry))
        self.comments.add_before(
            ("meta",), "basis", [f"编制依据已按“{self.new_label}”改写,请核实各文件的正式名称"]
        )

    def _parent(self, meta: CommentedMap) -> None:
        if not meta.get("parent"):
            return
        old = (self.plan.path.parent / str(meta["parent"])).resolve()
        meta["parent"] = relative_path(old, self.out_path.parent)
        if self.relink:
            return
        self.notes.append(
            f"上级规划仍为上一期的 {meta['parent']};上级“{self.new_label}”规划就绪后,"
            "用 planforge sync --parent 上级文件 改为链接它"
        )

    # indicators

    def indicators(self, data: CommentedMap) -> None:
        table = data.get("indicators")
        if isinstance(table, CommentedMap) and table.get("title"):
            table["title"] = self.relabel(str(table["title"]))
        for path, row in iter_indicator_rows(data):
            self.indicator(path, row)

    def indicator(self, path: YamlPath, row: CommentedMap) -> None:
        meta = self.plan.meta
        old_year = meta.period_end
        comment = previous_values(row, meta.period_start, old_year, meta.baseline_year)
        if "parts" in row:
            for part in row["parts"]:
                self._move_values(part, old_year)
        if "baseline" in row or "target" in row:
            note = self._move_values(row, old_year)
            self.comments.add_after(path, "baseline", note)
        row["todo"] = True
        anchor = next((k for k in ("baseline", "parts", "attribute") if k in row), "name")
        self.comments.add_before(path, anchor, [comment])

    def _move_values(self, row: CommentedMap, old_year: int) -> str:
        """Set the new baseline and target of a row or part; return how the baseline was chosen."""
        actual = _actual(row, old_year)
        target = value_text(row.get("target"))
        if actual is not None:
            baseline, note = actual, f"取自{old_year}年实际值"
        elif _numeric(target):
            baseline, note = str(target), f"暂取上期目标值,待填写{old_year}年实际值"
        else:
            baseline, note = TODO, f"待填写{old_year}年实际值"
        _replace_values(row, quoted(baseline), quoted(TODO))
        return note

    # text

    def preamble(self, data: CommentedMap) -> None:
        meta = self.plan.meta
        mark = (
            f"【待修改】本规划正文沿用上一期规划({meta.period_start}—{meta.period_end}年)的文字,"
            f"请逐章改写为“{self.new_label}”的内容。"
        )
        preamble = data.get("preamble")
        if isinstance(preamble, CommentedSeq):
            preamble.insert(0, mark)
            return
        keys = list(data)
        at = next(
            (keys.index(k) for k in ("goals", "indicators", "chapters") if k in data), len(keys)
        )
        data.insert(at, "preamble", CommentedSeq([mark]))


_VALUE_KEYS = ("baseline", "milestones", "target", "actual")


def _replace_values(row: CommentedMap, baseline: Any, target: Any) -> None:
    """Replace a row's values by a baseline and a target where the old values stood.

    The old values' comments go too: they described the old numbers.
    """
    keys = list(row)
    present = [keys.index(k) for k in _VALUE_KEYS if k in row]
    fallback = keys.index("attribute") if "attribute" in row else len(keys)
    position = min(present) if present else fallback
    for key in _VALUE_KEYS:
        if key in row:
            del row[key]
            row.ca.items.pop(key, None)
    row.insert(position, "target", target)
    row.insert(position, "baseline", baseline)


def _drop_leading_comments(text: str) -> str:
    """Drop the old file's opening comment block (the generated notes about that file)."""
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.strip() and not line.lstrip().startswith("#"):
            return "".join(lines[i:])
    return text


def next_plan(
    plan_path: Path,
    out_path: Path | None = None,
    *,
    period: tuple[int, int] | None = None,
    parent_path: Path | None = None,
) -> Draft:
    """Draft the successor of the plan at ``plan_path`` for ``period`` (default: the next one)."""
    loaded = load_plan(plan_path)
    if loaded.plan is None:
        return Draft(out_path or plan_path, problems=[p for p in loaded.problems if p.is_error])
    plan = loaded.plan
    start, end = period or next_period(plan)
    if start <= plan.meta.period_end:
        raise PlanforgeError(
            f"新的规划期 {start}—{end} 年应在原规划期 {plan.meta.period_start}—{plan.meta.period_end} 年之后"
        )
    target = out_path or plan_path.parent / f"{plan_path.stem}-{fyp_label(start)}.yaml"
    if target.resolve() == plan_path.resolve():
        raise PlanforgeError(f"输出文件“{target}”就是原规划本身,请用 -o 指定其他文件")
    data = make_yaml().load(_drop_leading_comments(without_schema_hint(loaded.doc.text)))
    successor = _Successor(plan, start, end, target, parent_path is not None)
    successor.run(data)
    successor.comments.apply(data)
    header = file_header(target, _header_notes(plan, successor, plan_path, target))
    text = header + dump_yaml(data)
    draft = Draft(target, text, notes=successor.notes)
    if parent_path is not None:
        _link_parent(draft, parent_path)
    draft.todo_count = count_todo(draft.text)
    draft.notes.insert(0, _summary(plan, successor, draft))
    return draft


def _header_notes(plan: Plan, successor: _Successor, plan_path: Path, target: Path) -> list[str]:
    old = relative_path(plan_path, target.parent)
    meta = plan.meta
    return [
        f"本文件由 planforge new --next 根据 {old}({meta.period_start}—{meta.period_end}年)生成,"
        f"是“{successor.new_label}”规划的初稿。",
        "基期值取自上期实际值(actual)或上期目标值,见各指标的“# 上期”注释;目标值待填写。",
        "正文沿用上期文字,请逐章修改;【待填写】、【待修改】、todo: true 标出要处理的地方。",
    ]


def _summary(plan: Plan, successor: _Successor, draft: Draft) -> str:
    rows = sum(1 for _ in plan.indicators.iter_all())
    return (
        f"“{successor.old_label}”→“{successor.new_label}”({successor.start}—{successor.end}年,"
        f"基期 {successor.start - 1} 年):{rows} 项指标,待填写 {draft.todo_count} 处"
    )


def _link_parent(draft: Draft, parent_path: Path) -> None:
    """Link the draft to the parent's new plan and sync it (new parent indicators, texts)."""
    from planforge.sync import describe, sync_text

    parent = load_plan(parent_path)
    if parent.plan is None:
        draft.problems = [p for p in parent.problems if p.is_error]
        return
    doc = read_source_text(draft.text, str(draft.path))
    if doc.data is None or any(p.is_error for p in iter_schema_problems(doc)):
        raise PlanforgeError("生成的初稿未通过格式检查,无法与上级规划同步(这是 planforge 的缺陷)")
    result = sync_text(draft.text, build_plan(doc), parent.plan, relink=parent_path)
    draft.text = result.text
    draft.notes.extend(line for line in describe(result) if "无需修改" not in line)
