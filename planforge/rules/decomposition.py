"""Tree rules: a parent's additive targets shared out among its child plans (指标分解)."""

from __future__ import annotations

from collections.abc import Iterator

from planforge.decompose import Decomposition, decompose, number, percent
from planforge.errors import Problem, Severity
from planforge.rules import TREE, Context, rule


def _tables(ctx: Context) -> list[Decomposition]:
    return ctx.memo("decompose.tables", lambda: decompose(ctx.plan, ctx.children or {}))


@rule("PF601", "decomposition-reaches-target", scope=TREE)
def decomposition_short(ctx: Context) -> Iterator[Problem]:
    """The children's targets add up to at least the parent's target.

    Passes: city 社会工作专业人才数 ≥8 万人, districts 3 + 3 + 2.5 万人.
    Fails: city ≥8 万人, districts 3 + 2 + 2 万人 (7 万人, short by 1).
    """
    for d in _tables(ctx):
        if d.status == "short":
            msg = (
                f"指标“{d.indicator.name}”分解到下级的目标合计 {number(d.total)} {d.unit},"
                f"未达到本级目标 {d.indicator.target}(缺口 {number(d.gap)} {d.unit})"
            )
            yield ctx.problem(d.indicator.where("target"), msg, indicator=d.indicator)


@rule("PF602", "decomposition-complete", severity=Severity.WARNING, scope=TREE)
def decomposition_incomplete(ctx: Context) -> Iterator[Problem]:
    """Every child region listed in meta.children has a plan carrying the indicator.

    Passes: three districts listed, three plans each linking the indicator.
    Fails: three listed, one plan missing or not linking the indicator.
    """
    for d in _tables(ctx):
        if d.status == "incomplete":
            missing = "、".join(f"{r.region}({r.note})" for r in d.rows if r.value is None)
            msg = f"指标“{d.indicator.name}”尚未分解到:{missing};已分解合计 {number(d.total)} {d.unit}"
            yield ctx.problem(d.indicator.where("target"), msg, indicator=d.indicator)


@rule("PF603", "decomposition-not-over", severity=Severity.WARNING, scope=TREE)
def decomposition_over(ctx: Context) -> Iterator[Problem]:
    """The children's targets do not add up to far more than the parent's (double counting?).

    Passes: city ≥8 万人, districts 3 + 3 + 2.5 万人 (106%).
    Fails: city ≥8 万人, districts 4 + 4 + 3 万人 (138%).
    """
    for d in _tables(ctx):
        if d.status == "over" and d.target:
            msg = (
                f"指标“{d.indicator.name}”分解到下级的目标合计 {number(d.total)} {d.unit},"
                f"为本级目标的 {percent(d.total / d.target)},请核实是否重复计算"
            )
            yield ctx.problem(d.indicator.where("target"), msg, indicator=d.indicator)
