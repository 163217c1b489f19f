"""Target decomposition (指标分解): a parent's additive targets against its children's.

For count and amount indicators, a city's target is shared out among its districts. Given a
parent plan that lists its child regions (``meta.children``) and the child plans found, this
module tabulates each child's linked target, its share of the parent's, the sum, the gap and
the children still missing, and gives the decomposition a status.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from planforge.model import Indicator, Plan
from planforge.units import format_decimal, parse_unit
from planforge.values import parse_value, to_base

ADDITIVE_KINDS = ("count", "amount")
# A sum more than this share above the parent's target is reported as over-allocated:
# districts sharing out more than the city asked for often means double counting.
OVER_TOLERANCE = Decimal("0.10")

STATUS_TEXT = {
    "reached": "已分解到位",
    "short": "分解合计未达到上级目标",
    "over": "分解合计明显超过上级目标",
    "incomplete": "尚有下级未分解",
    "not_comparable": "无法比较",
}


@dataclass(frozen=True)
class ChildShare:
    """One child region's row in a decomposition table."""

    region: str
    plan: Plan | None = None
    indicator: Indicator | None = None
    value: Decimal | None = None  # in the parent's unit
    share: Decimal | None = None  # of the parent's target, 0–1
    note: str = ""

    @property
    def raw_target(self) -> str:
        if self.indicator is None:
            return ""
        return self.indicator.target or ""


@dataclass(frozen=True)
class Decomposition:
    """A parent's additive indicator shared out among its children."""

    parent: Plan
    indicator: Indicator
    target: Decimal | None  # parent's target in its own unit
    rows: tuple[ChildShare, ...]
    total: Decimal
    status: str
    extra_children: tuple[str, ...] = field(default=())

    @property
    def gap(self) -> Decimal | None:
        return None if self.target is None else self.target - self.total

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(r.region for r in self.rows if r.value is None)

    @property
    def unit(self) -> str:
        return self.indicator.unit


def decompose(parent: Plan, children: dict[str, Plan]) -> list[Decomposition]:
    """Tabulate every additive indicator of ``parent`` against its listed children."""
    if not parent.meta.children:
        return []
    return [
        _decompose_one(parent, ind, children)
        for ind in parent.indicators.iter_all()
        if ind.kind in ADDITIVE_KINDS
    ]


def _decompose_one(parent: Plan, ind: Indicator, children: dict[str, Plan]) -> Decomposition:
    target = _in_unit(ind.target, ind.unit, ind.unit)
    rows = tuple(
        _child_row(region, children.get(region), ind, target) for region in parent.meta.children
    )
    total = sum((r.value for r in rows if r.value is not None), Decimal(0))
    extra = tuple(sorted(set(children) - set(parent.meta.children)))
    return Decomposition(parent, ind, target, rows, total, _status(target, rows, total), extra)


def _child_row(
    region: str, plan: Plan | None, ind: Indicator, target: Decimal | None
) -> ChildShare:
    if plan is None:
        return ChildShare(region, note="未找到该地区的规划")
    linked = next((c for c in plan.indicators.iter_all() if c.parent == ind.id), None)
    if linked is None:
        return ChildShare(region, plan, note="规划中没有承接该指标")
    if linked.basis != ind.basis:
        return ChildShare(region, plan, linked, note="统计口径不同(年度值与五年累计值),不能相加")
    value = _in_unit(linked.target, linked.unit or ind.unit, ind.unit)
    if value is None:
        return ChildShare(region, plan, linked, note="目标值无法换算为上级单位")
    share = value / target if target else None
    return ChildShare(region, plan, linked, value, share)


def _in_unit(raw: str | None, unit: str, dst: str) -> Decimal | None:
    """Read a target and express it in ``dst`` units (None when unreadable or incompatible)."""
    if raw is None:
        return None
    value, _ = parse_value(raw)
    if value is None or value.number is None:
        return None
    dst_unit = parse_unit(dst)
    if parse_unit(value.unit or unit).dims != dst_unit.dims or not dst_unit.factor:
        return None
    base = to_base(value, unit or None)
    return None if base is None else base / dst_unit.factor


def _status(target: Decimal | None, rows: tuple[ChildShare, ...], total: Decimal) -> str:
    if target is None:
        return "not_comparable"
    if any(r.value is None for r in rows):
        return "incomplete"
    if total < target:
        return "short"
    if total > target * (1 + OVER_TOLERANCE):
        return "over"
    return "reached"


def percent(share: Decimal | None) -> str:
    """Format a 0–1 share as a percentage with one decimal."""
    if share is None:
        return "—"
    return f"{(share * 100).quantize(Decimal('0.1'))}%"


def number(value: Decimal | None) -> str:
    """Format a decomposed number without trailing zeros."""
    if value is None:
        return "—"
    return format_decimal(value.quantize(Decimal("0.0001")))
