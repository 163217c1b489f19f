"""Tree rules: a parent's additive targets shared out among its child plans (指标分解)."""

from __future__ import annotations

from collections.abc import Iterator

from planforge.decompose import Decomposition, decompose, number, percent
from planforge.errors import Problem, Severity
from planforge.rules import TREE, Context, rule


def _tables(ctx: Context) -> list[Decomposition]:
    return ctx.memo("decompose.tables", lambda: decompose(ctx.plan, ctx.children or {}))


@rule(
    "PF601",
    "decomposition-reaches-target",
    scope=TREE,
    title="各下级目标之和达不到上级目标",
    passes="市级社会工作专业人才数 ≥8 万人,三个区分别 3 + 3 + 2.5 万人",
    fails="市级 ≥8 万人,三个区 3 + 2 + 2 万人(合计 7 万人,差 1 万人)",
)
def decomposition_short(ctx: Context) -> Iterator[Problem]:
    """The children's targets add up to at least the parent's target."""
    for d in _tables(ctx):
        if d.status == "short":
            msg = (
                f"指标“{d.indicator.name}”分解到下级的目标合计 {number(d.total)} {d.unit},"
                f"未达到本级目标 {d.indicator.target}(缺口 {number(d.gap)} {d.unit})"
            )
            yield ctx.problem(d.indicator.where("target"), msg, indicator=d.indicator)


@rule(
    "PF602",
    "decomposition-complete",
    severity=Severity.WARNING,
    scope=TREE,
    title="meta.children 中列出的下级地区缺少规划或未承接该指标",
    passes="列出三个区,三个区的规划都链接了该指标",
    fails="列出三个区,其中一个没有规划或没有链接该指标",
)
def decomposition_incomplete(ctx: Context) -> Iterator[Problem]:
    """Every child region listed in meta.children has a plan carrying the indicator."""
    for d in _tables(ctx):
        if d.status == "incomplete":
            missing = "、".join(f"{r.region}({r.note})" for r in d.rows if r.value is None)
            msg = f"指标“{d.indicator.name}”尚未分解到:{missing};已分解合计 {number(d.total)} {d.unit}"
            yield ctx.problem(d.indicator.where("target"), msg, indicator=d.indicator)


@rule(
    "PF603",
    "decomposition-not-over",
    severity=Severity.WARNING,
    scope=TREE,
    title="各下级目标之和远超上级目标(是否重复计算?)",
    passes="市级 ≥8 万人,三个区 3 + 3 + 2.5 万人(106%)",
    fails="市级 ≥8 万人,三个区 4 + 4 + 3 万人(138%)",
)
def decomposition_over(ctx: Context) -> Iterator[Problem]:
    """The children's targets do not add up to far more than the parent's (double counting?)."""
    for d in _tables(ctx):
        if d.status == "over" and d.target:
            msg = (
                f"指标“{d.indicator.name}”分解到下级的目标合计 {number(d.total)} {d.unit},"
                f"为本级目标的 {percent(d.total / d.target)},请核实是否重复计算"
            )
            yield ctx.problem(d.indicator.where("target"), msg, indicator=d.indicator)
