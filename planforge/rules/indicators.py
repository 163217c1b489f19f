"""Rules on one plan's indicator table: ids, values, units, direction, milestones."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from planforge.errors import Problem, Severity
from planforge.model import Indicator, Plan
from planforge.rules import Context, rule
from planforge.values import ValueKind, better_or_equal, parse_value

_VALUE_FIELDS = ("baseline", "target")


def iter_value_cells(ind: Indicator) -> Iterator[tuple[str, str]]:
    """Yield (field key, raw text) for every value an indicator row carries."""
    for name in _VALUE_FIELDS:
        raw = getattr(ind, name)
        if raw is not None:
            yield name, raw
    for year, raw in ind.milestones:
        yield f"milestones.{year}", raw
    for year, raw in ind.actual:
        yield f"actual.{year}", raw


@rule(
    "PF201",
    "value-grammar",
    title="指标数值无法按数值写法读取",
    passes='target: "≥85"、target: "不低于上年度城镇居民人均消费支出增速"、baseline: "—"',
    fails='target: "≥8x"(比较符号后的数字无法读取)',
)
def unreadable_values(ctx: Context) -> Iterator[Problem]:
    """Every indicator value must be readable by the value grammar."""
    for ind in ctx.plan.indicators.iter_all():
        for key, raw in iter_value_cells(ind):
            _, error = parse_value(raw)
            if error:
                loc = ind.field_locs.get(key.split(".")[0], ind.loc)
                if key.startswith(("milestones.", "actual.")):
                    loc = ctx.plan.locate((*ind.path, *key.split(".")))
                yield ctx.problem(
                    loc, f"指标“{ind.name}”的{_field_name(key)}:{error}", indicator=ind
                )
        for i, part in enumerate(ind.parts):
            for key, cell in (("baseline", part.baseline), ("target", part.target)):
                if cell is None:
                    continue
                _, error = parse_value(cell)
                if error:
                    loc = ctx.plan.locate((*ind.path, "parts", i, key))
                    yield ctx.problem(
                        loc,
                        f"指标“{ind.name}”分项“{part.label}”的{_field_name(key)}:{error}",
                        indicator=ind,
                    )


def _field_name(key: str) -> str:
    head, _, year = key.partition(".")
    names = {
        "baseline": "基期值",
        "target": "目标值",
        "milestones": f"{year}年中期目标",
        "actual": f"{year}年实际值",
    }
    return names.get(head, key)


@rule(
    "PF202",
    "unique-ids",
    title="指标标识(id)在本规划内重复(含“其中”子项)",
    passes="两行指标的 id 分别为 zb01 和 zb02",
    fails="两行指标都写 id: zb01",
)
def duplicate_ids(ctx: Context) -> Iterator[Problem]:
    """Indicator ids are unique within a plan (children included)."""
    seen: dict[str, Indicator] = {}
    for ind in ctx.plan.indicators.iter_all():
        first = seen.get(ind.id)
        if first is None:
            seen[ind.id] = ind
            continue
        msg = f"指标标识“{ind.id}”重复:“{first.name}”已使用该标识(第 {first.loc.line} 行)"
        yield ctx.problem(ind.where("id"), msg, indicator=ind, related=first.loc)


@rule(
    "PF203",
    "unit-present",
    severity=Severity.WARNING,
    title="数值型指标没有填写单位",
    passes='name: 福利彩票销售网点数, unit: 个, target: "300"',
    fails='name: 福利彩票销售网点数, target: "300",没有 unit',
)
def missing_units(ctx: Context) -> Iterator[Problem]:
    """A numeric indicator states its unit."""
    for ind in ctx.plan.indicators.iter_all():
        if ind.unit or ind.kind == "qualitative" or not _has_number(ind):
            continue
        msg = f"指标“{ind.name}”是数值指标,但没有填写单位(unit)"
        yield ctx.problem(ind.where("name"), msg, indicator=ind, hint="如 %、个、万人、亿元")


def _has_number(ind: Indicator) -> bool:
    for _, raw in iter_value_cells(ind):
        value, _ = parse_value(raw)
        if value is not None and value.number is not None:
            return True
    return False


@rule(
    "PF204",
    "target-not-worse-than-baseline",
    severity=Severity.WARNING,
    title="目标值按指标方向比基期值更差",
    passes='baseline: "80", target: "≥85"(越高越好)',
    fails='baseline: "50", target: "≤40", direction: higher(越高越好,目标却低于基期)',
)
def target_worse_than_baseline(ctx: Context) -> Iterator[Problem]:
    """The target is not worse than the baseline in the indicator's direction."""
    for ind in ctx.plan.indicators.iter_all():
        if ind.baseline is None or ind.target is None:
            continue
        base, _ = parse_value(ind.baseline)
        target, _ = parse_value(ind.target)
        if base is None or target is None:
            continue
        direction: Literal["higher", "lower"] = "lower" if ind.direction == "lower" else "higher"
        verdict = better_or_equal(target, base, direction, ind.unit or None, ind.unit or None)
        if verdict is False:
            way = "越低越好" if ind.direction == "lower" else "越高越好"
            msg = f"指标“{ind.name}”({way})的目标值“{ind.target}”不如基期值“{ind.baseline}”"
            yield ctx.problem(
                ind.where("target"), msg, indicator=ind, related=ind.where("baseline")
            )


@rule(
    "PF205",
    "milestones-in-period",
    title="阶段目标(milestones)的年份不在规划期内",
    passes='2021–2025 年规划中 milestones: {2023: "≥50"}',
    fails='2021–2025 年规划中 milestones: {2027: "≥50"}',
)
def milestones_outside_period(ctx: Context) -> Iterator[Problem]:
    """Milestone years lie inside the plan period."""
    meta = ctx.plan.meta
    for ind in ctx.plan.indicators.iter_all():
        for year, _ in ind.milestones:
            if meta.period_start <= year <= meta.period_end:
                continue
            loc = ctx.plan.locate((*ind.path, "milestones", str(year)), key=True)
            msg = f"指标“{ind.name}”的中期目标年份 {year} 不在规划期 {meta.period_start}—{meta.period_end} 年内"
            yield ctx.problem(loc, msg, indicator=ind)


@rule(
    "PF206",
    "goal-indicators-exist",
    title="发展目标引用的指标在指标表中不存在",
    passes="goals.items[0].indicators: [zb01],且有 id 为 zb01 的指标",
    fails="indicators: [zb99],但没有 id 为 zb99 的指标",
)
def goal_indicator_refs(ctx: Context) -> Iterator[Problem]:
    """Indicators named by a thematic goal exist in the plan's table."""
    index = ctx.plan.indicator_index
    for gi, goal in enumerate(ctx.plan.goals.items):
        for ii, ref in enumerate(goal.indicators):
            if ref not in index:
                loc = ctx.plan.locate(("goals", "items", gi, "indicators", ii))
                yield ctx.problem(loc, f"目标“{goal.title}”引用的指标“{ref}”在指标表中不存在")


def indicator_count(plan: Plan) -> int:
    """Return how many indicator rows the plan has (children included)."""
    return sum(1 for _ in plan.indicators.iter_all())


def is_no_data(raw: str | None) -> bool:
    """Tell whether a value is empty or a no-data marker."""
    if raw is None:
        return True
    value, _ = parse_value(raw)
    return value is not None and value.kind == ValueKind.NO_DATA
