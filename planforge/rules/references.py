"""Rules on links to the parent plan that validate can check without comparing values."""

from __future__ import annotations

from collections.abc import Iterator

from planforge.errors import Problem
from planforge.rules import Context, rule


@rule(
    "PF302",
    "parent-indicator-exists",
    title="指标的上级链接(parent)在上级规划中找不到",
    passes="上级规划有 id 为 zb12 的指标时写 parent: zb12",
    fails="上级规划没有 zb99 时写 parent: zb99;或未设上级规划却写了 parent 链接",
)
def parent_indicator_exists(ctx: Context) -> Iterator[Problem]:
    """An indicator's ``parent`` link names an indicator of the parent plan."""
    plan, parent = ctx.plan, ctx.parent
    for ind in plan.indicators.iter_all():
        if not ind.parent:
            continue
        if not plan.meta.parent:
            msg = f"指标“{ind.name}”链接了上级指标“{ind.parent}”,但 meta.parent 没有指定上级规划"
            yield ctx.problem(ind.where("parent"), msg, indicator=ind)
        elif parent is not None and ind.parent not in parent.indicator_index:
            msg = f"指标“{ind.name}”链接的上级指标“{ind.parent}”在上级规划“{parent.meta.title}”中不存在"
            yield ctx.problem(
                ind.where("parent"), msg, indicator=ind, related=parent.locate(("indicators",))
            )
    if parent is None:
        return
    for na in plan.indicators.not_applicable:
        if na.parent not in parent.indicator_index:
            msg = f"声明不适用的上级指标“{na.parent}”在上级规划“{parent.meta.title}”中不存在"
            yield ctx.problem(na.loc, msg)
