"""Compare a child plan's indicators with its parent's.

One place decides, per linked pair of indicators, what is comparable and how: the effective
kind and direction, the units and their conversion, the statistical basis, and a verdict for
each value (baseline, milestones, target). The PF4xx rules turn these facts into problems;
the check command's review table shows them side by side. Nothing here prints or raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache

from planforge.errors import Location
from planforge.lazyre import lazy_compile
from planforge.model import Indicator, Plan
from planforge.names import normalize_name, normalize_text, unit_text
from planforge.prose import cumulative_evidence
from planforge.units import (
    Unit,
    compatible,
    convert,
    describe_conversion,
    format_decimal,
    parse_unit,
)
from planforge.values import GE, GT, LE, LT, Value, ValueKind, better_or_equal, parse_value, to_base

RELATIVE_KINDS = frozenset({"rate", "per_capita"})
ABSOLUTE_KINDS = frozenset({"count", "amount"})

KIND_ZH = {
    "rate": "比率",
    "per_capita": "人均/每单位",
    "count": "数量",
    "amount": "金额",
    "qualitative": "定性",
}
BASIS_ZH = {"annual": "年度值", "cumulative": "五年累计值"}
DIRECTION_ZH = {"higher": "越高越好", "lower": "越低越好"}


class Verdict(StrEnum):
    """The outcome of comparing one value (or one indicator) with the parent's."""

    OK = "ok"
    WEAKER = "weaker"
    OVER_TOTAL = "over_total"
    NOT_COMPARABLE = "not_comparable"
    REVIEW = "review"
    COPIED = "copied"
    SHARE = "share"
    NO_DATA = "no_data"
    MISSING = "missing"
    NOT_APPLICABLE = "not_applicable"
    OMITTED = "omitted"
    UNLINKED = "unlinked"


VERDICT_ZH = {
    Verdict.OK: "符合",
    Verdict.WEAKER: "弱于上级",
    Verdict.OVER_TOTAL: "超过上级总量",
    Verdict.NOT_COMPARABLE: "不可比",
    Verdict.REVIEW: "需人工审核",
    Verdict.COPIED: "疑似抄录",
    Verdict.SHARE: "按占比参考",
    Verdict.NO_DATA: "无数据",
    Verdict.MISSING: "未承接",
    Verdict.NOT_APPLICABLE: "声明不适用",
    Verdict.OMITTED: "未纳入",
    Verdict.UNLINKED: "无上级指标",
}

# Worst first: the verdict of a whole indicator is its worst value's.
_SEVERITY_ORDER = (
    Verdict.MISSING,
    Verdict.WEAKER,
    Verdict.OVER_TOTAL,
    Verdict.NOT_COMPARABLE,
    Verdict.REVIEW,
    Verdict.COPIED,
    Verdict.SHARE,
    Verdict.OK,
    Verdict.NO_DATA,
)


def worst(verdicts: list[Verdict]) -> Verdict:
    """Return the most serious verdict of a list (NO_DATA for an empty one)."""
    ranked = [v for v in _SEVERITY_ORDER if v in verdicts]
    return ranked[0] if ranked else Verdict.NO_DATA


@dataclass(frozen=True)
class Cell:
    """One value compared: the child's and the parent's text, and the outcome."""

    key: str  # baseline | target | milestones.2023 | parts.全自理
    label: str  # 基期值 | 目标值 | 2023年目标 | 目标值(全自理)
    child: str
    parent: str
    verdict: Verdict
    detail: str = ""
    parent_converted: str = ""  # the parent's value in the child's unit, when they differ


@dataclass(frozen=True)
class Growth:
    """An absolute indicator against the parent's total: shares and growth rates."""

    share_baseline: Decimal | None
    share_target: Decimal | None
    child_growth: Decimal | None
    parent_growth: Decimal | None

    def describe(self) -> str:
        """Say in Chinese what share and growth the child plans."""
        parts = []
        if self.share_baseline is not None or self.share_target is not None:
            parts.append(f"占上级 {_percent(self.share_baseline)} → {_percent(self.share_target)}")
        if self.child_growth is not None and self.parent_growth is not None:
            parts.append(f"增幅 {_signed(self.child_growth)}(上级 {_signed(self.parent_growth)})")
        return ";".join(parts)

    @property
    def slower(self) -> bool:
        """Tell whether the child grows more slowly than the parent."""
        if self.child_growth is None or self.parent_growth is None:
            return False
        return self.child_growth < self.parent_growth


def _percent(share: Decimal | None) -> str:
    if share is None:
        return "—"
    return f"{_round_sig(share * 100)}%"


def _signed(growth: Decimal) -> str:
    text = f"{_round_sig(growth * 100)}%"
    return text if text.startswith("-") else "+" + text


def _round_sig(number: Decimal) -> str:
    """Round a percentage for reading: one decimal, or three significant digits when small."""
    places = 1 if abs(number) >= 1 else 3
    return format_decimal(round(number, places))


@dataclass(frozen=True)
class Pair:
    """A child indicator linked to a parent indicator, with everything the rules compare."""

    child: Indicator
    parent: Indicator
    kind: str
    direction: str
    child_unit: str
    parent_unit: str
    units_ok: bool
    conversion: str
    child_basis: str
    parent_basis: str
    cells: tuple[Cell, ...]
    growth: Growth | None
    basis_evidence: str = ""  # the prose that shows a side to be a five-year total

    @property
    def binding(self) -> bool:
        return self.child.binding or self.parent.binding

    @property
    def basis_differs(self) -> bool:
        return self.child_basis != self.parent_basis

    def cell(self, key: str) -> Cell | None:
        return next((c for c in self.cells if c.key == key), None)

    @property
    def verdict(self) -> Verdict:
        return worst([c.verdict for c in self.cells])


# -- what an indicator is ----------------------------------------------------------------

_PER_RE = lazy_compile(r"^每|人均|户均|每[百千万]|千人|百户")


def declared(ind: Indicator, key: str) -> bool:
    """Tell whether the plan file states a field, rather than the model's default."""
    return key in ind.field_locs


def _read(raw: str | None) -> Value | None:
    if raw is None:
        return None
    value, _ = parse_value(raw)
    return value


def is_text(value: Value | None) -> bool:
    """Tell whether a value is a rule or a statement rather than a number."""
    return value is not None and value.kind in (ValueKind.RULE, ValueKind.QUALITATIVE)


def has_number(value: Value | None) -> bool:
    return value is not None and value.is_numeric


def infer_kind(ind: Indicator) -> str:
    """Guess the kind of an indicator that does not state one."""
    if ind.kind:
        return ind.kind
    target = _read(ind.target)
    if is_text(target) and not has_number(_read(ind.baseline)):
        return "qualitative"
    dims = parse_unit(unit_text(ind)).dims
    name = normalize_name(ind.name)
    if dims == "%" or (not dims and name.endswith("率")):
        return "rate"
    if "/" in dims or _PER_RE.search(name):
        return "per_capita"
    return "amount" if dims.startswith("元") else "count"


def pair_kind(child: Indicator, parent: Indicator) -> str:
    """Return the kind that governs a pair: the parent's when stated, else the child's."""
    for ind in (parent, child):
        if ind.kind:
            return ind.kind
    return infer_kind(parent)


def pair_direction(child: Indicator, parent: Indicator) -> str:
    """Return the direction that governs a pair: stated by the parent, else the child."""
    for ind in (parent, child):
        if declared(ind, "direction"):
            return ind.direction
    return "higher"


def basis_of(ind: Indicator, evidence: dict[str, str] | None = None) -> str:
    """Return ``cumulative`` for a five-year total: stated, in brackets, or shown by the prose."""
    if ind.basis == "cumulative":
        return "cumulative"
    values = (_read(ind.target), _read(ind.baseline))
    if any(v is not None and v.cumulative for v in values):
        return "cumulative"
    if evidence and ind.id in evidence and not declared(ind, "basis"):
        return "cumulative"
    return "annual"


def _absolute(indicators: list[Indicator]) -> list[Indicator]:
    return [ind for ind in indicators if infer_kind(ind) in ABSOLUTE_KINDS]


# -- text targets ------------------------------------------------------------------------

_LEVEL_CHARS = "省市区县旗州盟"


@lru_cache(maxsize=4096)
def _region_pattern(region: str, level: str) -> re.Pattern[str]:
    """Match the words by which a plan names its own territory (重庆市, 重庆, 全市, 本市)."""
    words = {region} if region else set()
    char = region[-1] if region and region[-1] in _LEVEL_CHARS else ""
    if char:
        words.add(region[:-1])
        words.update(f"{prefix}{char}" for prefix in "全本我该")
    if level == "national":
        words.update({"全国", "我国"})
    words.discard("")
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(alternation or r"(?!)")


def _specialised(text: str, plan: Plan) -> str:
    """Replace the plan's own region words with a placeholder, then fold punctuation."""
    meta = plan.meta
    return normalize_text(_region_pattern(meta.region, meta.level).sub("〈本级〉", text))


def same_text(child: str, child_plan: Plan, parent: str, parent_plan: Plan) -> bool:
    """Tell whether a child's rule text equals the parent's, up to the region words."""
    if normalize_text(child) == normalize_text(parent):
        return True
    return _specialised(child, child_plan) == _specialised(parent, parent_plan)


# -- comparing values ------------------------------------------------------------------


@dataclass(frozen=True)
class _Ctx:
    """What every cell comparison of one pair needs."""

    child_plan: Plan
    parent_plan: Plan
    kind: str
    direction: str
    child_unit: str
    parent_unit: str
    units_ok: bool
    basis_differs: bool


def _base(value: Value | None, unit: str) -> Decimal | None:
    if value is None or not value.is_numeric:
        return None
    return to_base(value, unit or None)


_SYMBOL = {GE: "≥", LE: "≤", GT: ">", LT: "<"}


def _converted(value: Value | None, src: str, dst: str) -> str:
    """Write a parent value in the child's unit (``≥90`` 亿元 → ``≥900000 万元``)."""
    if value is None or value.number is None or src == dst or not src or not dst:
        return ""
    su, du = parse_unit(src), parse_unit(dst)
    if su.text == du.text or not compatible(su, du):
        return ""
    number = convert(value.number, su, du)
    if number is None:
        return ""
    return f"{_SYMBOL.get(value.comparator or '', '')}{format_decimal(number)} {du.text}"


def _text_cell(key: str, label: str, c: Value, p: Value, ctx: _Ctx) -> Cell:
    """Compare a rule or statement with the parent's: equal or specialised, else review."""
    if is_text(c) and is_text(p) and same_text(c.raw, ctx.child_plan, p.raw, ctx.parent_plan):
        return Cell(key, label, c.raw, p.raw, Verdict.OK, "文字表述一致")
    return Cell(key, label, c.raw, p.raw, Verdict.REVIEW, "文字表述与上级不同,请人工核对")


def _not_comparable(ctx: _Ctx) -> str:
    """Return why two numbers cannot be compared, or ''."""
    if not ctx.units_ok:
        return f"单位“{ctx.child_unit}”与“{ctx.parent_unit}”不是同类单位"
    if ctx.basis_differs:
        return "统计口径不同(年度值与五年累计值)"
    return ""


def _relative_cell(key: str, label: str, c: Value, p: Value, ctx: _Ctx) -> Cell:
    """A rate or per-capita value must be at least as ambitious as the parent's."""
    conv = _converted(p, ctx.parent_unit, ctx.child_unit)
    reason = _not_comparable(ctx)
    if reason:
        return Cell(key, label, c.raw, p.raw, Verdict.NOT_COMPARABLE, reason, conv)
    verdict = better_or_equal(
        c,
        p,
        "lower" if ctx.direction == "lower" else "higher",
        ctx.child_unit or None,
        ctx.parent_unit or None,
    )
    if verdict is None:
        return Cell(key, label, c.raw, p.raw, Verdict.NOT_COMPARABLE, "数值形式无法比较", conv)
    if verdict:
        return Cell(key, label, c.raw, p.raw, Verdict.OK, "", conv)
    way = DIRECTION_ZH.get(ctx.direction, "")
    return Cell(key, label, c.raw, p.raw, Verdict.WEAKER, f"{way},本级要求低于上级", conv)


def _share(c: Value, p: Value, ctx: _Ctx) -> Decimal | None:
    cb, pb = _base(c, ctx.child_unit), _base(p, ctx.parent_unit)
    if cb is None or pb is None or pb == 0:
        return None
    return cb / pb


def _absolute_cell(key: str, label: str, c: Value, p: Value, ctx: _Ctx) -> Cell:
    """A count or amount is read as a share of the parent's total; above it is an error."""
    conv = _converted(p, ctx.parent_unit, ctx.child_unit)
    if not ctx.units_ok:
        return Cell(key, label, c.raw, p.raw, Verdict.NOT_COMPARABLE, _not_comparable(ctx), conv)
    share = _share(c, p, ctx)
    shown = f"换算后占上级 {_percent(share)}" if share is not None else ""
    if ctx.basis_differs:
        detail = _not_comparable(ctx) + (f";{shown},仅供参考" if shown else "")
        return Cell(key, label, c.raw, p.raw, Verdict.NOT_COMPARABLE, detail, conv)
    if share is None:
        return Cell(key, label, c.raw, p.raw, Verdict.NOT_COMPARABLE, "数值形式无法比较", conv)
    if share > 1 and key != "baseline":
        return Cell(key, label, c.raw, p.raw, Verdict.OVER_TOTAL, f"{shown},超过上级总量", conv)
    return Cell(key, label, c.raw, p.raw, Verdict.SHARE, shown, conv)


def _value_cell(key: str, label: str, craw: str | None, praw: str | None, ctx: _Ctx) -> Cell:
    """Compare one target or milestone value of a pair."""
    c, p = _read(craw), _read(praw)
    if c is None or p is None or ValueKind.NO_DATA in (c.kind, p.kind):
        return Cell(key, label, craw or "", praw or "", Verdict.NO_DATA)
    if is_text(c) or is_text(p):
        return _text_cell(key, label, c, p, ctx)
    if ctx.kind in ABSOLUTE_KINDS:
        return _absolute_cell(key, label, c, p, ctx)
    return _relative_cell(key, label, c, p, ctx)


# -- baselines -----------------------------------------------------------------------------


def _saturated(value: Value, unit: str, kind: str) -> bool:
    """Tell whether a rate sits at 0 or 100%, where every child must equal the parent."""
    if kind != "rate" or parse_unit(unit).dims != "%" or value.number is None:
        return False
    return value.number in (Decimal(0), Decimal(100))


def baseline_comparator(raw: str | None) -> str:
    """Return the comparator symbol a baseline carries (``≥`` in ``≥32.3``), or ''."""
    value = _read(raw)
    if value is None or value.kind is not ValueKind.BOUND:
        return ""
    return _SYMBOL.get(value.comparator or "", "")


def copied_baseline(pair_ctx: _Ctx, craw: str | None, praw: str | None) -> str:
    """Say why a child baseline looks copied from the parent, or return ''."""
    c, p = _read(craw), _read(praw)
    if not has_number(c) or c is None:
        return ""
    symbol = baseline_comparator(craw)
    equal = False
    if has_number(p) and p is not None and pair_ctx.units_ok:
        cb, pb = _base(c, pair_ctx.child_unit), _base(p, pair_ctx.parent_unit)
        equal = (
            cb is not None and cb == pb and not _saturated(c, pair_ctx.child_unit, pair_ctx.kind)
        )
    if equal and symbol:
        return f"与上级基期值“{praw}”数值相同且带比较符“{symbol}”"
    if equal:
        return f"与上级基期值“{praw}”相同"
    if symbol:
        return f"带比较符“{symbol}”,基期值应为实际统计值"
    return ""


def _baseline_cell(child: Indicator, parent: Indicator, ctx: _Ctx) -> Cell:
    """Show both baselines; flag a copied one, give an absolute one's share."""
    craw, praw = child.baseline, parent.baseline
    why = copied_baseline(ctx, craw, praw)
    if why:
        return Cell(
            "baseline",
            "基期值",
            craw or "",
            praw or "",
            Verdict.COPIED,
            why,
            _converted(_read(praw), ctx.parent_unit, ctx.child_unit),
        )
    c, p = _read(craw), _read(praw)
    if ctx.kind in ABSOLUTE_KINDS and has_number(c) and has_number(p) and c and p:
        return _absolute_cell("baseline", "基期值", c, p, ctx)
    verdict = Verdict.OK if has_number(c) or is_text(c) else Verdict.NO_DATA
    return Cell(
        "baseline",
        "基期值",
        craw or "",
        praw or "",
        verdict,
        "",
        _converted(p, ctx.parent_unit, ctx.child_unit),
    )


# -- pairs -----------------------------------------------------------------------------------


def _growth(child: Indicator, parent: Indicator, ctx: _Ctx) -> Growth | None:
    """Return shares and growth of an absolute indicator with the parent's, same basis only."""
    if ctx.kind not in ABSOLUTE_KINDS or not ctx.units_ok or ctx.basis_differs:
        return None
    cb0, ct = (
        _base(_read(child.baseline), ctx.child_unit),
        _base(_read(child.target), ctx.child_unit),
    )
    pb0, pt = (
        _base(_read(parent.baseline), ctx.parent_unit),
        _base(_read(parent.target), ctx.parent_unit),
    )
    return Growth(
        share_baseline=cb0 / pb0 if cb0 is not None and pb0 else None,
        share_target=ct / pt if ct is not None and pt else None,
        child_growth=ct / cb0 - 1 if ct is not None and cb0 else None,
        parent_growth=pt / pb0 - 1 if pt is not None and pb0 else None,
    )


def _units(child: Indicator, parent: Indicator) -> tuple[str, str, bool, str]:
    """Return both units (a missing one read as the other's), compatibility and conversion."""
    cu, pu = unit_text(child), unit_text(parent)
    cu, pu = cu or pu, pu or cu
    cunit, punit = parse_unit(cu), parse_unit(pu)
    ok = compatible(cunit, punit)
    return cu, pu, ok, _conversion_text(punit, cunit, ok)


def _conversion_text(src: Unit, dst: Unit, ok: bool) -> str:
    if not ok:
        return describe_conversion(src, dst)
    if src.text == dst.text:
        return ""
    return describe_conversion(src, dst)


def _milestone_cells(child: Indicator, parent: Indicator, ctx: _Ctx) -> list[Cell]:
    theirs = dict(parent.milestones)
    return [
        _value_cell(f"milestones.{year}", f"{year}年目标", raw, theirs[year], ctx)
        for year, raw in child.milestones
        if year in theirs
    ]


def _part_cells(child: Indicator, parent: Indicator, ctx: _Ctx) -> list[Cell]:
    theirs = {normalize_text(p.label): p for p in parent.parts}
    cells = []
    for part in child.parts:
        match = theirs.get(normalize_text(part.label))
        if match is not None:
            label = f"目标值({part.label})"
            cells.append(_value_cell(f"parts.{part.label}", label, part.target, match.target, ctx))
    return cells


@dataclass(frozen=True)
class Evidence:
    """Prose showing which indicators of a child and of its parent are five-year totals."""

    child: dict[str, str]
    parent: dict[str, str]

    @classmethod
    def none(cls) -> Evidence:
        return cls({}, {})


def compare_pair(
    child: Indicator,
    parent: Indicator,
    child_plan: Plan,
    parent_plan: Plan,
    evidence: Evidence | None = None,
) -> Pair:
    """Compare a linked pair of indicators value by value."""
    ev = evidence or Evidence.none()
    cu, pu, units_ok, conversion = _units(child, parent)
    cbasis, pbasis = basis_of(child, ev.child), basis_of(parent, ev.parent)
    kind, direction = pair_kind(child, parent), pair_direction(child, parent)
    ctx = _Ctx(child_plan, parent_plan, kind, direction, cu, pu, units_ok, cbasis != pbasis)
    cells = [_baseline_cell(child, parent, ctx), *_milestone_cells(child, parent, ctx)]
    cells.append(_value_cell("target", "目标值", child.target, parent.target, ctx))
    cells.extend(_part_cells(child, parent, ctx))
    note = _evidence_note(child, parent, ev) if cbasis != pbasis else ""
    return Pair(
        child, parent, kind, direction, cu, pu, units_ok, conversion, cbasis, pbasis,
        tuple(cells), _growth(child, parent, ctx), note,
    )  # fmt: skip


def _evidence_note(child: Indicator, parent: Indicator, ev: Evidence) -> str:
    """Say which side the prose showed to be a five-year total, quoting it."""
    for side, ind, found in (("本级", child, ev.child), ("上级", parent, ev.parent)):
        if ind.id in found and not declared(ind, "basis"):
            return f"{side}正文“{found[ind.id]}”表明该值为五年累计值"
    return ""


def linked_pairs(plan: Plan, parent: Plan) -> list[Pair]:
    """Compare every child indicator whose ``parent`` link resolves, in table order."""
    index = parent.indicator_index
    linked = [(ind, index[ind.parent]) for ind in plan.indicators.iter_all() if ind.parent in index]
    evidence = Evidence(
        cumulative_evidence(plan, _absolute([c for c, _ in linked])),
        cumulative_evidence(parent, _absolute([p for _, p in linked])),
    )
    return [compare_pair(c, p, plan, parent, evidence) for c, p in linked]


def carried_ids(plan: Plan) -> set[str]:
    """Return the ids of parent indicators some child indicator links to."""
    return {ind.parent for ind in plan.indicators.iter_all() if ind.parent}


def field_location(ind: Indicator, key: str) -> Location:
    """Return where a compared value is written (a milestone year, a field, or the row)."""
    if key.startswith("milestones."):
        return ind.field_locs.get(key, ind.where("milestones"))
    if key.startswith("parts."):
        return ind.where("parts")
    return ind.where(key)
