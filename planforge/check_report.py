"""Check results for people and programs: problems plus the side-by-side indicator comparison.

``text`` is for the terminal (problems as in validate, then one block per indicator with both
sides' values, the conversion and the verdict), ``markdown`` a review memo a reviewer can
attach, ``json`` everything with ids, names and locations of both indicators, ``github``
the problems as workflow annotations.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from planforge.check import CheckReport, Comparison, PlanComparison, Side
from planforge.compare import DIRECTION_ZH, KIND_ZH, VERDICT_ZH, Cell, Verdict
from planforge.errors import Location, Severity
from planforge.names import normalize_name
from planforge.report import (
    format_github,
    format_text,
    markdown_cell,
    markdown_problems,
    problem_dict,
    summary_line,
)
from planforge.source import SourceDoc, read_source
from planforge.zhtext import width

_MARK = {
    Verdict.OK: "✓",
    Verdict.SHARE: "·",
    Verdict.NO_DATA: "·",
    Verdict.WEAKER: "✗",
    Verdict.OVER_TOTAL: "✗",
    Verdict.MISSING: "✗",
    Verdict.NOT_COMPARABLE: "?",
    Verdict.REVIEW: "?",
    Verdict.COPIED: "!",
    Verdict.NOT_APPLICABLE: "-",
    Verdict.OMITTED: "-",
    Verdict.UNLINKED: "+",
}


# -- shared pieces -------------------------------------------------------------------------


def pad(text: str, columns: int) -> str:
    """Pad text with spaces to the given terminal width."""
    return text + " " * max(0, columns - width(text))


def _side_label(side: Side) -> str:
    unit = f"{side.unit}," if side.unit else ""
    return f"{side.id} {side.name}({unit}{side.attribute})"


def _parent_label(row: Comparison) -> str:
    """Name the parent indicator, shortened to 同名 when the names normalise equal."""
    if row.parent is None:
        return "(上级无对应指标)"
    if row.child is not None and normalize_name(row.child.name) == normalize_name(row.parent.name):
        return f"{row.parent.id}(同名,{row.parent.unit + ',' if row.parent.unit else ''}{row.parent.attribute})"
    return _side_label(row.parent)


def _kind_label(row: Comparison) -> str:
    kind = KIND_ZH.get(row.kind, row.kind)
    return f"{kind},{DIRECTION_ZH.get(row.direction, row.direction)}"


def _parent_value(cell: Cell) -> str:
    value = cell.parent or "—"
    return f"{value}(即 {cell.parent_converted})" if cell.parent_converted else value


def _notes(row: Comparison) -> list[str]:
    notes = []
    if row.conversion:
        notes.append(f"换算:{row.conversion}")
    if row.basis:
        notes.append(f"口径(本级/上级):{row.basis}")
    if row.detail:
        notes.append(row.detail)
    return notes


# -- text ----------------------------------------------------------------------------------


def _text_block(row: Comparison, index: int, widths: tuple[int, int]) -> list[str]:
    verdict = VERDICT_ZH[row.verdict]
    child = _side_label(row.child) if row.child else "(本级未承接)"
    codes = f"  [{' '.join(row.codes)}]" if row.codes else ""
    lines = [
        f"{index:>3}. {_MARK[row.verdict]} {verdict}:{child}  ←  上级 {_parent_label(row)}  {_kind_label(row)}{codes}"
    ]
    for cell in row.cells:
        values = (
            f"本级 {pad(cell.child or '—', widths[0])}  上级 {pad(_parent_value(cell), widths[1])}"
        )
        detail = f"  {cell.detail}" if cell.detail else ""
        lines.append(f"       {pad(cell.label, 10)}{values}  {VERDICT_ZH[cell.verdict]}{detail}")
    lines.extend(f"       {note}" for note in _notes(row))
    return lines


def _value_widths(comparison: PlanComparison) -> tuple[int, int]:
    cells = [c for row in comparison.rows for c in row.cells]
    child = max((width(c.child or "—") for c in cells), default=1)
    parent = max((width(_parent_value(c)) for c in cells), default=1)
    return child, parent


def _tally(rows: tuple[Comparison, ...]) -> str:
    counts = Counter(row.verdict for row in rows)
    return ",".join(f"{VERDICT_ZH[v]} {n}" for v, n in counts.items())


def _text_comparison(comparison: PlanComparison) -> list[str]:
    head = (
        f"指标对照:{comparison.plan}({comparison.title})"
        f" ← 上级 {comparison.parent}({comparison.parent_title})"
    )
    widths = _value_widths(comparison)
    lines = [head, f"  共 {len(comparison.rows)} 项:{_tally(comparison.rows)}"]
    for i, row in enumerate(comparison.rows, 1):
        lines.extend(_text_block(row, i, widths))
    return lines


def format_check_text(report: CheckReport) -> str:
    """Render problems as validate does, then the indicator comparison of each child plan."""
    problems = format_text(report).splitlines()[:-1]
    lines = [*problems]
    for comparison in report.comparisons:
        lines += ["", *_text_comparison(comparison)]
    lines += ["", _summary(report)]
    return "\n".join(lines).lstrip("\n") + "\n"


def _summary(report: CheckReport) -> str:
    infos = report.count(Severity.INFO)
    line = summary_line(report)
    return line[:-1] + f",{infos} 条提示。" if infos else line


# -- markdown ------------------------------------------------------------------------------

_MD_HEADER = (
    "序号",
    "本级指标",
    "上级指标",
    "类型",
    "基期值(本级 / 上级)",
    "目标值(本级 / 上级)",
    "单位换算",
    "结论",
    "说明",
)


def _md_values(row: Comparison, keys: Callable[[str], bool]) -> str:
    parts = []
    for cell in row.cells:
        if keys(cell.key):
            prefix = "" if cell.key in ("baseline", "target") else f"{cell.label}:"
            parts.append(f"{prefix}{cell.child or '—'} / {_parent_value(cell)}")
    return "<br>".join(markdown_cell(p) for p in parts)


def _md_explanation(row: Comparison) -> str:
    skip = {Verdict.OK, Verdict.SHARE, Verdict.NO_DATA}
    cells = [c for c in row.cells if c.detail and c.verdict not in skip]
    parts = [f"{c.label}:{c.detail}" if len(cells) > 1 else c.detail for c in cells]
    if row.detail:
        parts.append(row.detail)
    if row.codes:
        parts.append("问题:" + " ".join(row.codes))
    return "<br>".join(markdown_cell(p) for p in dict.fromkeys(parts))


def _md_row(row: Comparison, index: int) -> str:
    child = _side_label(row.child) if row.child else "(未承接)"
    cells = (
        str(index),
        markdown_cell(child),
        markdown_cell(_parent_label(row)),
        markdown_cell(_kind_label(row)),
        _md_values(row, lambda k: k == "baseline"),
        _md_values(row, lambda k: k != "baseline"),
        markdown_cell(row.conversion),
        f"**{VERDICT_ZH[row.verdict]}**",
        _md_explanation(row),
    )
    return "| " + " | ".join(cells) + " |"


def _md_comparison(comparison: PlanComparison) -> list[str]:
    lines = [
        f"## {comparison.title}",
        "",
        f"- 本级规划:{comparison.title}(`{comparison.plan}`)",
        f"- 上级规划:{comparison.parent_title}(`{comparison.parent}`)",
        f"- 对照结果:共 {len(comparison.rows)} 项,{_tally(comparison.rows)}",
        "",
        "| " + " | ".join(_MD_HEADER) + " |",
        "|---:|" + "---|" * (len(_MD_HEADER) - 1),
    ]
    lines += [_md_row(row, i) for i, row in enumerate(comparison.rows, 1)]
    return lines


def format_check_markdown(report: CheckReport) -> str:
    """Render a review memo: the comparison tables, then the problem list, in Chinese."""
    lines = ["# 上下级规划一致性审查表", "", f"审查结论:{_summary(report)}", ""]
    for comparison in report.comparisons:
        lines += [*_md_comparison(comparison), ""]
    lines += ["## 问题清单", ""]
    lines += markdown_problems(report.problems) if report.problems else ["没有发现问题。"]
    lines += [
        "",
        "说明:结论“弱于上级”“超过上级总量”“未承接”须修改;“不可比”“需人工审核”“疑似抄录”请人工核对。",
    ]
    return "\n".join(lines) + "\n"


# -- json ----------------------------------------------------------------------------------


class _Positions:
    """Look up indicator positions for JSON, reading each file once, only when asked."""

    def __init__(self) -> None:
        self._docs: dict[str, SourceDoc] = {}

    def __call__(self, loc: Location) -> Location:
        if loc.line or not loc.path:
            return loc
        doc = self._docs.get(loc.file)
        if doc is None:
            doc = self._docs[loc.file] = read_source(Path(loc.file), loc.file)
        return doc.locate(loc.path) if doc.data is not None else loc


def _side_dict(side: Side | None, positions: _Positions) -> dict[str, Any] | None:
    if side is None:
        return None
    loc = positions(side.location)
    return {
        "id": side.id,
        "name": side.name,
        "unit": side.unit,
        "attribute": side.attribute,
        "file": loc.file,
        "line": loc.line,
        "column": loc.column,
    }


def _cell_dict(cell: Cell) -> dict[str, Any]:
    return {
        "field": cell.key,
        "label": cell.label,
        "child": cell.child,
        "parent": cell.parent,
        "parent_converted": cell.parent_converted,
        "verdict": cell.verdict.value,
        "verdict_label": VERDICT_ZH[cell.verdict],
        "detail": cell.detail,
    }


def _row_dict(row: Comparison, positions: _Positions) -> dict[str, Any]:
    return {
        "child": _side_dict(row.child, positions),
        "parent": _side_dict(row.parent, positions),
        "kind": row.kind,
        "direction": row.direction,
        "conversion": row.conversion,
        "basis": row.basis,
        "verdict": row.verdict.value,
        "verdict_label": VERDICT_ZH[row.verdict],
        "detail": row.detail,
        "codes": list(row.codes),
        "values": [_cell_dict(c) for c in row.cells],
    }


def format_check_json(report: CheckReport) -> str:
    """Render everything as one JSON object: files, summary, problems and comparisons."""
    positions = _Positions()
    data = {
        "files": report.files,
        "summary": {s.value: report.count(s) for s in Severity},
        "problems": [problem_dict(p) for p in report.problems],
        "comparisons": [
            {
                "plan": c.plan,
                "title": c.title,
                "parent": c.parent,
                "parent_title": c.parent_title,
                "rows": [_row_dict(r, positions) for r in c.rows],
            }
            for c in report.comparisons
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _github(report: CheckReport) -> str:
    return format_github(report)


FORMATTERS: dict[str, Callable[[CheckReport], str]] = {
    "text": format_check_text,
    "json": format_check_json,
    "github": _github,
    "markdown": format_check_markdown,
}
