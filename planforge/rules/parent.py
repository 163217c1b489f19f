"""Rules comparing a child plan with its parent (run by ``planforge check``).

The comparisons themselves live in :mod:`planforge.compare`, shared with the review table;
these rules decide which outcomes are problems and how serious they are.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from planforge.compare import (
    BASIS_ZH,
    DIRECTION_ZH,
    Cell,
    Pair,
    Verdict,
    baseline_comparator,
    carried_ids,
    field_location,
    linked_pairs,
)
from planforge.errors import Problem, Severity
from planforge.model import Indicator, Plan
from planforge.names import Suggestion, suggest_links
from planforge.rules import PARENT, Context, rule

_PAIRS_KEY = "compare.pairs"


def pairs_of(ctx: Context) -> list[Pair]:
    """Return the linked pairs of the context's plan, computed once per plan."""
    parent = ctx.parent
    assert parent is not None
    return ctx.memo(_PAIRS_KEY, lambda: linked_pairs(ctx.plan, parent))


_SUGGESTIONS_KEY = "names.suggestions"


def suggestions_of(ctx: Context) -> list[Suggestion]:
    """Return the link suggestions for the context's plan, computed once per plan."""
    parent = ctx.parent
    assert parent is not None
    return ctx.memo(_SUGGESTIONS_KEY, lambda: suggest_links(ctx.plan, parent))


def parent_extra(parent_plan: Plan, ind: Indicator) -> dict[str, Any]:
    """Describe the parent indicator for JSON output (its position is the problem's ``related``).

    Positions are resolved lazily, so nothing here reads the parent file's line numbers.
    """
    return {"parent_indicator": {"id": ind.id, "name": ind.name, "file": parent_plan.display}}


def _title(plan: Plan) -> str:
    return plan.meta.short_title or plan.meta.title


# -- period ------------------------------------------------------------------------------


@rule(
    "PF401",
    "period-matches-parent",
    scope=PARENT,
    title="规划期、基期年或远景目标年份与上级规划不一致",
    note="本级没有写远景目标年份时不比较。",
    passes="本级和上级都是 period: {start: 2021, end: 2025}、基期 2020、远景 2035",
    fails="上级为 2021–2025 年而本级写 period: {start: 2021, end: 2026};上级 vision_year: 2035 而本级写 2030",
)
def period_matches_parent(ctx: Context) -> Iterator[Problem]:
    """The period, baseline year and vision year equal the parent plan's."""
    assert ctx.parent is not None
    mine, theirs = ctx.plan.meta, ctx.parent.meta
    where_parent = ctx.parent.locate(("meta", "period"))
    if (mine.period_start, mine.period_end) != (theirs.period_start, theirs.period_end):
        msg = (
            f"规划期 {mine.period_start}—{mine.period_end} 年与上级规划“{_title(ctx.parent)}”的"
            f" {theirs.period_start}—{theirs.period_end} 年不一致"
        )
        yield ctx.problem(ctx.plan.locate(("meta", "period")), msg, related=where_parent)
    if mine.baseline_year != theirs.baseline_year:
        key = "baseline_year" if mine.baseline_year_explicit is not None else "period"
        msg = f"基期年 {mine.baseline_year} 与上级规划的基期年 {theirs.baseline_year} 不一致"
        yield ctx.problem(ctx.plan.locate(("meta", key)), msg, related=where_parent)
    if (
        None not in (mine.vision_year, theirs.vision_year)
        and mine.vision_year != theirs.vision_year
    ):
        msg = f"远景年 {mine.vision_year} 与上级规划的远景年 {theirs.vision_year} 不一致"
        related = ctx.parent.locate(("meta", "vision_year"))
        yield ctx.problem(ctx.plan.locate(("meta", "vision_year")), msg, related=related)


# -- binding indicators --------------------------------------------------------------------


@rule(
    "PF402",
    "binding-indicators-carried",
    scope=PARENT,
    title="上级的约束性指标本级既未承接、也未说明不适用",
    passes="本级有一行 parent: zb12 承接上级约束性指标 zb12,或在 indicators.not_applicable 中写 {parent: zb12, reason: 本区无…}",
    fails="没有任何一行链接 zb12,not_applicable 中也没有它;或不适用的理由为空",
)
def binding_indicators_carried(ctx: Context) -> Iterator[Problem]:
    """Every 约束性 parent indicator is carried by the child, or declared not applicable."""
    assert ctx.parent is not None
    carried = carried_ids(ctx.plan)
    declared = {na.parent: na for na in ctx.plan.indicators.not_applicable}
    where = ctx.plan.locate(("indicators",), key=True)
    for ind in ctx.parent.indicators.iter_all():
        if not ind.binding or ind.id in carried:
            continue
        extra = parent_extra(ctx.parent, ind)
        na = declared.get(ind.id)
        if na is None:
            msg = f"上级约束性指标“{ind.name}”({ind.id})没有在本级承接,也没有声明不适用"
            hint = f"在对应的本级指标中加上 parent: {ind.id};确不适用于本级的,在 indicators.not_applicable 中写明理由"
            yield ctx.problem(where, msg, related=ind.loc, hint=hint, **extra)
        elif not na.reason.strip():
            msg = f"声明上级约束性指标“{ind.name}”({ind.id})不适用,但没有写明理由"
            yield ctx.problem(na.loc, msg, related=ind.loc, **extra)


@rule(
    "PF403",
    "binding-stays-binding",
    scope=PARENT,
    title="承接上级约束性指标的本级指标不是约束性",
    passes="上级 zb14 为约束性,本级写 attribute: 约束性, parent: zb14",
    fails="上级 zb14 为约束性,本级写 attribute: 预期性, parent: zb14",
)
def binding_stays_binding(ctx: Context) -> Iterator[Problem]:
    """A child indicator that carries a 约束性 parent indicator is 约束性 too."""
    assert ctx.parent is not None
    for pair in pairs_of(ctx):
        if pair.parent.binding and not pair.child.binding:
            msg = (
                f"指标“{pair.child.name}”承接上级约束性指标“{pair.parent.name}”({pair.parent.id}),"
                f"属性应为约束性,而不是“{pair.child.attribute}”"
            )
            yield ctx.problem(
                pair.child.where("attribute"),
                msg,
                indicator=pair.child,
                related=pair.parent.where("attribute"),
                **parent_extra(ctx.parent, pair.parent),
            )


# -- values --------------------------------------------------------------------------------


def _cell_problem(
    ctx: Context, pair: Pair, cell: Cell, msg: str, severity: Severity | None = None, hint: str = ""
) -> Problem:
    """Make a problem at the child's value, related to the parent's."""
    assert ctx.parent is not None
    conversion = f"(换算:{pair.conversion})" if pair.conversion and pair.units_ok else ""
    key = cell.key if not cell.key.startswith("parts.") else "parts"
    return ctx.problem(
        field_location(pair.child, cell.key),
        msg + conversion,
        indicator=pair.child,
        related=field_location(pair.parent, key),
        severity=severity,
        hint=hint,
        **parent_extra(ctx.parent, pair.parent),
    )


def _both(pair: Pair, cell: Cell) -> str:
    parent_value = cell.parent + (f"(即 {cell.parent_converted})" if cell.parent_converted else "")
    return (
        f"指标“{pair.child.name}”的{cell.label}“{cell.child}”"
        f"与上级指标“{pair.parent.name}”({pair.parent.id})的“{parent_value}”"
    )


@rule(
    "PF404",
    "target-not-weaker-than-parent",
    severity=Severity.WARNING,
    scope=PARENT,
    title="比率、人均类目标(及相同年份的阶段目标)弱于上级",
    note="按指标方向、换算单位后比较。约束性指标弱于上级为错误,预期性指标为警告(加 --strict 时为错误)。",
    passes='本级 target: "≥90" 对上级 "≥90";direction: lower 时本级 "≤40" 对上级 "≤50";"0.8‰" 对 "0.05%"',
    fails='本级 target: "≥75" 对上级 "100"(越高越好)',
)
def target_not_weaker(ctx: Context) -> Iterator[Problem]:
    """A rate or per-capita target (and each shared milestone) is at least the parent's.

    Compared in the indicator's direction after unit conversion. Weaker is an error for a
    约束性 indicator, a warning for a 预期性 one (an error under ``--strict``).
    """
    for pair in pairs_of(ctx):
        for cell in pair.cells:
            if cell.verdict is not Verdict.WEAKER:
                continue
            severity = Severity.ERROR if pair.binding or ctx.strict else Severity.WARNING
            way = DIRECTION_ZH.get(pair.direction, "")
            msg = _both(pair, cell) + f"相比要求更低({way})"
            yield _cell_problem(ctx, pair, cell, msg, severity)


@rule(
    "PF405",
    "units-convertible",
    scope=PARENT,
    title="本级单位无法换算为上级单位",
    note="可换算的单位:万/亿、人/万人、元/万元/亿元、%。",
    passes="本级 unit: 万元 对上级 unit: 亿元;本级没有写单位",
    fails='本级 unit: 张 对上级 unit: "%"',
)
def units_convertible(ctx: Context) -> Iterator[Problem]:
    """A linked indicator's unit converts into the parent's (万/亿, 人/万人, 元/万元/亿元, %)."""
    assert ctx.parent is not None
    for pair in pairs_of(ctx):
        if pair.units_ok:
            continue
        msg = (
            f"指标“{pair.child.name}”的单位“{pair.child_unit}”与上级指标“{pair.parent.name}”"
            f"({pair.parent.id})的单位“{pair.parent_unit}”不是同类单位,无法换算比较"
        )
        key = "unit" if "unit" in pair.child.field_locs else "name"
        yield ctx.problem(
            pair.child.where(key),
            msg,
            indicator=pair.child,
            related=pair.parent.where("unit"),
            **parent_extra(ctx.parent, pair.parent),
        )


@rule(
    "PF406",
    "absolute-within-parent-total",
    scope=PARENT,
    title="数量、金额类目标超过上级全域总量",
    passes='本级 target: "≥0.25" 万人,上级 "≥8" 万人(占 3.1%)',
    fails='本级 target: "12" 亿元,上级 "≥90000" 万元(9 亿元)',
)
def absolute_within_total(ctx: Context) -> Iterator[Problem]:
    """A count or amount target does not exceed the parent's total for the whole territory."""
    for pair in pairs_of(ctx):
        for cell in pair.cells:
            if cell.verdict is Verdict.OVER_TOTAL:
                msg = _both(pair, cell) + f"相比超过了上级总量({cell.detail})"
                yield _cell_problem(ctx, pair, cell, msg)


@rule(
    "PF407",
    "absolute-growth-below-parent",
    severity=Severity.INFO,
    scope=PARENT,
    title="数量、金额类指标的计划增幅低于上级(提示)",
    note="总量指标与上级只比较占比和增幅。",
    passes="本级 205 → 300,上级 5000 → 7000(增长 46% 对 40%)",
    fails="(作为提示报告)本级 205 → 300,上级 5000 → ≥10000(增长 46% 对 100%)",
)
def absolute_growth(ctx: Context) -> Iterator[Problem]:
    """A count or amount planned to grow more slowly than the parent's is pointed out.

    A total compares with the parent only as a share of it and through its growth.
    """
    for pair in pairs_of(ctx):
        if pair.growth is None or not pair.growth.slower:
            continue
        cell = pair.cell("target")
        if cell is None:
            continue
        msg = (
            f"总量指标“{pair.child.name}”只能按占上级的比重比较:{pair.growth.describe()};"
            f"本级增幅低于上级“{pair.parent.name}”({pair.parent.id})"
        )
        yield _cell_problem(ctx, pair, cell, msg)


@rule(
    "PF408",
    "basis-matches-parent",
    severity=Severity.WARNING,
    scope=PARENT,
    title="本级与上级的统计口径(年度值或五年累计)不同",
    note="写 basis: cumulative、数值写在方括号中([90])、或正文把目标表述为相对整个上一规划期(如“较‘十三五’增长20%,达到90亿元”)的,视为五年累计。",
    passes="两边都是年度值;或两边都是 basis: cumulative(或方括号 [90])",
    fails='本级年度值 target: "≥300" 万元,上级 basis: cumulative 的 target: "≥90" 亿元:换算单位后也不可比',
)
def basis_matches(ctx: Context) -> Iterator[Problem]:
    """A linked indicator uses the parent's statistical basis (annual or five-year total).

    A side is a five-year total when it says ``basis: cumulative``, writes its values in
    brackets (``[90]``), or its prose restates the target against a whole earlier period
    (``较“十三五”增长20%,达到90亿元``).
    """
    assert ctx.parent is not None
    for pair in pairs_of(ctx):
        if not pair.basis_differs:
            continue
        cell = pair.cell("target")
        naive = cell.detail.partition(";")[2] if cell is not None else ""
        detail = f"({naive})" if naive else ""
        conversion = f";单位已换算:{pair.conversion}" if pair.conversion and pair.units_ok else ""
        evidence = f";{pair.basis_evidence}" if pair.basis_evidence else ""
        msg = (
            f"指标“{pair.child.name}”的统计口径({BASIS_ZH[pair.child_basis]})与上级指标“{pair.parent.name}”"
            f"({pair.parent.id},{BASIS_ZH[pair.parent_basis]})不同,数值不可比{detail}{conversion}{evidence}"
        )
        key = "basis" if "basis" in pair.child.field_locs else "target"
        yield ctx.problem(
            pair.child.where(key),
            msg,
            indicator=pair.child,
            related=pair.parent.where("basis" if "basis" in pair.parent.field_locs else "target"),
            hint="请在 basis 中写明口径(annual 年度值 / cumulative 五年累计),必要时换算为同一口径",
            **parent_extra(ctx.parent, pair.parent),
        )


@rule(
    "PF409",
    "text-target-needs-review",
    severity=Severity.WARNING,
    scope=PARENT,
    title="文字或规则型目标与上级不同,需要人工复核",
    note="文字与上级相同,或只把上级的地区用语换成本级的(如“全市”换成“本区”),视为一致。",
    passes="两边都是“不低于上年度城镇居民人均消费支出增速”;本级“不低于本区…”对上级“不低于全市…”",
    fails="(需复核)本级“参照市标准执行”对上级“不低于上年度…增速”;或一边是数字、一边是规则",
)
def text_target_review(ctx: Context) -> Iterator[Problem]:
    """A rule or qualitative target equals the parent's text, or specialises its region words."""
    for pair in pairs_of(ctx):
        for cell in pair.cells:
            if cell.verdict is Verdict.REVIEW:
                msg = (
                    f"需人工审核:指标“{pair.child.name}”的{cell.label}为“{cell.child}”,"
                    f"上级指标“{pair.parent.name}”({pair.parent.id})为“{cell.parent}”,无法自动比较"
                )
                yield _cell_problem(ctx, pair, cell, msg)


# -- baselines -------------------------------------------------------------------------


@rule(
    "PF410",
    "baseline-not-copied",
    severity=Severity.WARNING,
    scope=PARENT,
    title="本级基期值照抄上级或带比较符号",
    note="比率为 0 或 100% 时可以与上级相同(整体为 100% 时各部分也是 100%)。",
    passes='本级 baseline: "37" 对上级 "32.3";两边都是 "100"(%)',
    fails='本级 baseline: "≥32.3" 对上级 "32.3";本级 "6.3" 万人对上级 "6.3" 万人;任何写成 "≤50" 的基期值',
)
def baseline_not_copied(ctx: Context) -> Iterator[Problem]:
    """A child baseline is its own figure: not the parent's, and without a comparator.

    A rate at 0 or 100% may equal the parent's (every part of a whole at 100% is 100%).
    """
    assert ctx.parent is not None
    linked = set()
    for pair in pairs_of(ctx):
        linked.add(id(pair.child))
        cell = pair.cell("baseline")
        if cell is not None and cell.verdict is Verdict.COPIED:
            msg = f"指标“{pair.child.name}”的基期值“{cell.child}”疑似抄自上级规划:{cell.detail}"
            yield _cell_problem(ctx, pair, cell, msg, hint=_baseline_hint(ctx))
    for ind in ctx.plan.indicators.iter_all():
        symbol = baseline_comparator(ind.baseline)
        if id(ind) in linked or not symbol:
            continue
        msg = (
            f"指标“{ind.name}”的基期值“{ind.baseline}”带比较符“{symbol}”,"
            "疑似抄录了上级规划或目标的写法;基期值应为实际统计值"
        )
        yield ctx.problem(ind.where("baseline"), msg, indicator=ind, hint=_baseline_hint(ctx))


def _baseline_hint(ctx: Context) -> str:
    return f"请填写本级 {ctx.plan.meta.baseline_year} 年的实际统计值"


# -- links ---------------------------------------------------------------------------------


@rule(
    "PF411",
    "link-suggestion",
    severity=Severity.INFO,
    scope=PARENT,
    title="未链接上级的指标有名称相近的上级指标(建议链接)",
    note="名称先规范化(去掉地区前缀,统一 养老机构/养老服务机构、数/总数、率/占比/比例,去掉名称中的单位和标点,繁体转简体)再打分。",
    passes="每个有上级对应指标的本级指标都写了 parent:",
    fails="(作为提示报告)本级“镇(街道)具备综合功能的养老机构覆盖率”没有 parent,而上级有“乡镇(街道)具备综合功能的养老服务机构覆盖率”(相似度 1.00)",
)
def link_suggestions(ctx: Context) -> Iterator[Problem]:
    """A child indicator with no parent link, named like an unlinked parent one, gets a suggestion.

    Names are compared after normalisation (admin prefixes, 养老机构/养老服务机构, 数/总数,
    率/占比/比例, units in names, punctuation, traditional characters) and scored.
    """
    assert ctx.parent is not None
    index = ctx.parent.indicator_index
    rows = {ind.id: ind for ind in ctx.plan.indicators.iter_all()}
    for s in suggestions_of(ctx):
        child, par = rows[s.child_id], index[s.parent_id]
        msg = (
            f"指标“{child.name}”没有链接上级指标;上级指标“{par.name}”({par.id})与它{s.reason},"
            f"如为同一指标请加上 parent: {par.id}"
        )
        hint = f"运行 planforge link {ctx.plan.display} 查看并写入建议的链接"
        yield ctx.problem(
            child.where("name"),
            msg,
            indicator=child,
            related=par.loc,
            hint=hint,
            score=s.score,
            **parent_extra(ctx.parent, par),
        )
