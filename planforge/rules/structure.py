"""Rules on a plan's period, placement of goals and tables, and unfinished drafts."""

from __future__ import annotations

from collections.abc import Iterator

from planforge.errors import Problem, Severity
from planforge.lazyre import lazy_compile
from planforge.model import Insert
from planforge.rules import Context, rule
from planforge.source import iter_scalars


@rule(
    "PF304",
    "period-order",
    title="规划期的起止年份颠倒,或基期年不在规划期之前",
    passes="period: {start: 2021, end: 2025},baseline_year: 2020",
    fails="period: {start: 2025, end: 2021};规划期从 2021 年开始却写 baseline_year: 2021",
)
def period_order(ctx: Context) -> Iterator[Problem]:
    """The period ends no earlier than it starts, and the baseline year precedes it."""
    meta = ctx.plan.meta
    if meta.period_end < meta.period_start:
        msg = f"规划期终止年 {meta.period_end} 早于起始年 {meta.period_start}"
        yield ctx.problem(ctx.plan.locate(("meta", "period", "end")), msg)
    if meta.baseline_year_explicit is not None and meta.baseline_year >= meta.period_start:
        msg = f"基期年 {meta.baseline_year} 应早于规划期起始年 {meta.period_start}(通常为 {meta.period_start - 1})"
        yield ctx.problem(ctx.plan.locate(("meta", "baseline_year")), msg)


@rule(
    "PF305",
    "baseline-year-convention",
    severity=Severity.WARNING,
    title="基期年不是规划期前一年(不常见,请确认)",
    passes="2021–2025 年规划写 baseline_year: 2020 或不写",
    fails="2021–2025 年规划写 baseline_year: 2019",
)
def baseline_year_convention(ctx: Context) -> Iterator[Problem]:
    """A stated baseline year other than the year before the period is unusual."""
    meta = ctx.plan.meta
    explicit = meta.baseline_year_explicit
    if explicit is not None and explicit < meta.period_start - 1:
        msg = f"基期年 {explicit} 不是规划期起始年的前一年({meta.period_start - 1});如确属本规划的口径可忽略"
        yield ctx.problem(ctx.plan.locate(("meta", "baseline_year")), msg)


@rule(
    "PF306",
    "vision-year-after-period",
    title="远景目标年份不在规划期之后",
    passes="2021–2025 年规划写 vision_year: 2035",
    fails="2021–2025 年规划写 vision_year: 2024",
)
def vision_year(ctx: Context) -> Iterator[Problem]:
    """The vision year (远景年) is after the period ends."""
    meta = ctx.plan.meta
    if meta.vision_year is not None and meta.vision_year <= meta.period_end:
        msg = f"远景年 {meta.vision_year} 应晚于规划期终止年 {meta.period_end}"
        yield ctx.problem(ctx.plan.locate(("meta", "vision_year")), msg)


@rule(
    "PF207",
    "inserts-placed",
    severity=Severity.WARNING,
    title="发展目标、主要指标表的插入位置缺失、重复或多余",
    passes="有指标,并有一个 {insert: indicator_table} 块",
    fails="有指标却没有 {insert: indicator_table};或有该插入块却没有指标",
)
def inserts_placed(ctx: Context) -> Iterator[Problem]:
    """Goals and the indicator table are placed once, and only when they exist."""
    plan = ctx.plan
    placed: dict[str, list[Insert]] = {}
    for block, _ in plan.iter_blocks():
        if isinstance(block, Insert):
            placed.setdefault(block.what, []).append(block)
    present = {
        "indicator_table": bool(plan.indicators.items),
        "goals": bool(plan.goals.overall or plan.goals.items),
        "vision": bool(plan.goals.vision),
    }
    names = {"indicator_table": "主要指标表", "goals": "发展目标", "vision": "远景目标"}
    for what, exists in present.items():
        inserts = placed.get(what, [])
        if exists and not inserts:
            msg = f"已填写{names[what]},但正文中没有 {{insert: {what}}} 指明它的位置,生成文档时不会出现"
            yield ctx.problem(
                plan.locate(("goals",) if what != "indicator_table" else ("indicators",), key=True),
                msg,
            )
        for extra in inserts[1:]:
            yield ctx.problem(extra.loc, f"{names[what]}被放置了多次")
        if inserts and not exists:
            yield ctx.problem(
                inserts[0].loc, f"此处插入{names[what]},但规划中没有填写{names[what]}"
            )


_TODO = lazy_compile(r"TODO|待填写|待补充|【待")


@rule(
    "PF901",
    "todo-markers",
    severity=Severity.WARNING,
    title="规划中还有待填写标记(TODO、待填写)",
    passes="已完成的规划",
    fails='baseline: "TODO" 或 text: 【待填写】本区情况',
)
def todo_markers(ctx: Context) -> Iterator[Problem]:
    """Draft markers (TODO, 待填写) left in the plan are listed so nothing is forgotten."""
    doc = ctx.plan.source
    if doc.text and not _TODO.search(doc.text) and "todo: true" not in doc.text:
        return  # nothing to find: skip walking every scalar
    for path, value in iter_scalars(doc.data):
        if isinstance(value, str) and _TODO.search(value):
            yield ctx.problem(doc.locate(path), f"尚待填写:“{value[:40]}”")
        elif path and path[-1] == "todo" and value is True:
            yield ctx.problem(doc.locate(path[:-1]), "此处标记为待填写(todo: true)")
