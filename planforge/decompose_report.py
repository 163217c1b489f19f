"""Decomposition tables as text for the terminal, Markdown for a memo, and JSON."""

from __future__ import annotations

import json
from typing import Any

from planforge.decompose import STATUS_TEXT, Decomposition, number, percent

_HEADER = ("下级地区", "承接指标", "目标值(原文)", "折合上级单位", "占上级目标", "说明")


def _rows(d: Decomposition) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = [
        (
            r.region,
            r.indicator.name if r.indicator else "—",
            r.raw_target or "—",
            number(r.value),
            percent(r.share),
            r.note,
        )
        for r in d.rows
    ]
    rows.append(
        ("合计", "", "", number(d.total), percent(d.total / d.target if d.target else None), "")
    )
    return rows


def _title(d: Decomposition) -> str:
    return f"{d.parent.meta.region}“{d.indicator.name}”({d.unit}) 目标 {d.indicator.target or '—'}"


def _verdict(d: Decomposition) -> str:
    parts = [f"结论:{STATUS_TEXT[d.status]}"]
    if d.gap is not None:
        parts.append(
            f"缺口 {number(d.gap)} {d.unit}" if d.gap > 0 else f"超出 {number(-d.gap)} {d.unit}"
        )
    if d.missing:
        parts.append(f"未分解:{'、'.join(d.missing)}")
    if d.extra_children:
        parts.append(f"未列入 meta.children 的下级规划:{'、'.join(d.extra_children)}")
    return ";".join(parts)


def format_text(tables: list[Decomposition]) -> str:
    """Render decompositions as aligned plain-text tables."""
    if not tables:
        return (
            "没有可分解的指标(上级规划需在 meta.children 中列出下级地区,且有数量或金额类指标)。\n"
        )
    out = []
    for d in tables:
        out.append(_title(d))
        for row in [_HEADER, *_rows(d)]:
            out.append("  " + " | ".join(row))
        out.append("  " + _verdict(d))
        out.append("")
    return "\n".join(out)


def format_markdown(tables: list[Decomposition]) -> str:
    """Render decompositions as a Markdown memo a city office can send to its districts."""
    out = ["# 指标分解情况", ""]
    if not tables:
        return "\n".join([*out, "没有可分解的指标。", ""])
    for d in tables:
        out += [
            f"## {_title(d)}",
            "",
            "| " + " | ".join(_HEADER) + " |",
            "|" + "---|" * len(_HEADER),
        ]
        out += [
            "| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in _rows(d)
        ]
        out += ["", _verdict(d), ""]
    return "\n".join(out)


def _json_one(d: Decomposition) -> dict[str, Any]:
    return {
        "parent": {"file": d.parent.display, "region": d.parent.meta.region},
        "indicator": {
            "id": d.indicator.id,
            "name": d.indicator.name,
            "unit": d.unit,
            "target": d.indicator.target,
        },
        "target": None if d.target is None else str(d.target),
        "total": str(d.total),
        "gap": None if d.gap is None else str(d.gap),
        "status": d.status,
        "missing": list(d.missing),
        "children": [
            {
                "region": r.region,
                "file": r.plan.display if r.plan else None,
                "indicator": {"id": r.indicator.id, "name": r.indicator.name}
                if r.indicator
                else None,
                "target": r.raw_target or None,
                "value": None if r.value is None else str(r.value),
                "share": None if r.share is None else str(r.share),
                "note": r.note,
            }
            for r in d.rows
        ],
    }


def format_json(tables: list[Decomposition]) -> str:
    """Render decompositions as JSON."""
    return json.dumps([_json_one(d) for d in tables], ensure_ascii=False, indent=2) + "\n"


FORMATTERS = {"text": format_text, "markdown": format_markdown, "json": format_json}
