"""Reporters: problems as text for people, JSON for programs, annotations for GitHub."""

from __future__ import annotations

import json
from typing import Any

from planforge.errors import Problem, Severity
from planforge.validate import Report

SEVERITY_ZH = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


def problem_dict(p: Problem) -> dict[str, Any]:
    """Return the JSON shape of one problem (stable keys, documented in the README)."""
    out: dict[str, Any] = {
        "code": p.code,
        "severity": p.severity.value,
        "message": p.message,
        "file": p.location.file,
        "line": p.location.line,
        "column": p.location.column,
        "path": p.location.dotted_path(),
    }
    if p.indicator_id:
        out["indicator"] = {"id": p.indicator_id, "name": p.indicator_name}
    if p.hint:
        out["hint"] = p.hint
    if p.related:
        out["related"] = {
            "file": p.related.file,
            "line": p.related.line,
            "column": p.related.column,
        }
    out.update(p.extra)
    return out


def format_text(report: Report) -> str:
    """Render problems one per line as ``file:line:col: error PF201 message``."""
    lines = []
    for p in report.problems:
        lines.append(f"{p.location}: {p.severity.value} {p.code} {p.message}")
        if p.related:
            lines.append(f"    相关位置:{p.related}")
        if p.hint:
            lines.append(f"    提示:{p.hint}")
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def summary_line(report: Report) -> str:
    """Return the closing line: files checked, errors and warnings."""
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    files = len(report.files)
    if not errors and not warnings:
        return f"检查了 {files} 个规划文件:没有发现问题。"
    return f"检查了 {files} 个规划文件:{errors} 个错误,{warnings} 个警告。"


def format_json(report: Report) -> str:
    """Render the problems as a JSON list."""
    return (
        json.dumps([problem_dict(p) for p in report.problems], ensure_ascii=False, indent=2) + "\n"
    )


def format_github(report: Report) -> str:
    """Render GitHub Actions workflow annotations."""
    kinds = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    lines = []
    for p in report.problems:
        loc = p.location
        msg = p.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        lines.append(
            f"::{kinds[p.severity]} file={loc.file},line={loc.line},col={loc.column},title={p.code}::{msg}"
        )
    return "\n".join(lines) + ("\n" if lines else "")


def markdown_cell(text: str) -> str:
    """Make text safe inside a Markdown table cell (pipes escaped, one line)."""
    return " ".join(str(text).split()).replace("|", "\\|")


def markdown_problems(problems: list[Problem]) -> list[str]:
    """Return the lines of a Markdown table listing problems (level, code, place, message)."""
    lines = ["| 级别 | 代码 | 位置 | 说明 |", "|---|---|---|---|"]
    for p in problems:
        message = p.message + (f"(提示:{p.hint})" if p.hint else "")
        cells = (SEVERITY_ZH[p.severity], p.code, f"`{p.location}`", message)
        lines.append("| " + " | ".join(markdown_cell(c) for c in cells) + " |")
    return lines


def format_markdown(report: Report) -> str:
    """Render the problems as a Markdown table, for attaching to a review memo."""
    lines = ["## 问题清单", "", summary_line(report), ""]
    if report.problems:
        lines += markdown_problems(report.problems)
    return "\n".join(lines) + "\n"


FORMATTERS = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
    "markdown": format_markdown,
}
