"""check: validate's rules plus the parent rules on every plan with a parent, and the review table.

``check(paths)`` loads every plan under ``paths`` and the parent chain of each (every file
once), runs the plan rules on all of them, the parent rules (PF4xx) on each plan whose parent
is set or given with ``parent=``, and the tree rules on plans whose children were loaded.
Beside the problems it builds, per child/parent pair, the side-by-side comparison a reviewer
reads: each indicator's values on both sides, the unit conversion applied and the verdict.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from planforge.compare import (
    BASIS_ZH,
    Cell,
    Pair,
    Verdict,
    carried_ids,
    infer_kind,
    unit_text,
)
from planforge.errors import Location, Problem, Severity
from planforge.hierarchy import Tree
from planforge.loader import Loaded, Workspace
from planforge.model import Indicator, Plan
from planforge.names import Suggestion, suggest_links
from planforge.rules import PARENT, PLAN, TREE, Context, run_rules
from planforge.rules.parent import pairs_of
from planforge.validate import Report

__all__ = ["CheckReport", "Comparison", "PlanComparison", "Side", "check", "compare_plans"]


@dataclass(frozen=True)
class Side:
    """One indicator as the review table shows it."""

    id: str
    name: str
    unit: str
    attribute: str
    location: Location

    @classmethod
    def of(cls, ind: Indicator) -> Side:
        return cls(ind.id, ind.name, unit_text(ind), ind.attribute, ind.loc)


@dataclass(frozen=True)
class Comparison:
    """One row of the review table: a child indicator, its parent indicator, or both."""

    child: Side | None
    parent: Side | None
    kind: str
    direction: str
    conversion: str
    basis: str
    cells: tuple[Cell, ...]
    verdict: Verdict
    detail: str = ""
    codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanComparison:
    """Every comparison of one child plan with its parent."""

    plan: str
    title: str
    parent: str
    parent_title: str
    rows: tuple[Comparison, ...]


@dataclass
class CheckReport(Report):
    """A check run: the problems (as in validate) and one comparison per child/parent pair."""

    comparisons: list[PlanComparison] = field(default_factory=list)


# -- review rows -----------------------------------------------------------------------------


def _pair_row(pair: Pair) -> Comparison:
    basis = ""
    if pair.basis_differs:
        basis = f"{BASIS_ZH[pair.child_basis]} / {BASIS_ZH[pair.parent_basis]}"
    detail = pair.growth.describe() if pair.growth is not None else ""
    return Comparison(
        Side.of(pair.child),
        Side.of(pair.parent),
        pair.kind,
        pair.direction,
        pair.conversion,
        basis,
        pair.cells,
        pair.verdict,
        detail,
    )


def _own_cells(ind: Indicator, verdict: Verdict, *, parent_side: bool = False) -> tuple[Cell, ...]:
    """Show one side's baseline and target when the other side has no counterpart."""
    out = []
    for key, label in (("baseline", "基期值"), ("target", "目标值")):
        raw = getattr(ind, key) or ""
        child, parent = ("", raw) if parent_side else (raw, "")
        out.append(Cell(key, label, child, parent, verdict))
    return tuple(out)


def _unlinked_row(ind: Indicator, suggestion: Suggestion | None) -> Comparison:
    if ind.parent:
        detail = f"链接的上级指标“{ind.parent}”在上级规划中不存在"
        verdict = Verdict.NOT_COMPARABLE
    elif suggestion is not None:
        detail = (
            f"建议链接上级“{suggestion.parent_name}”({suggestion.parent_id},{suggestion.reason})"
        )
        verdict = Verdict.UNLINKED
    else:
        detail, verdict = "本级新增指标,上级无对应指标", Verdict.UNLINKED
    return Comparison(
        Side.of(ind),
        None,
        infer_kind(ind),
        ind.direction,
        "",
        "",
        _own_cells(ind, verdict),
        verdict,
        detail,
    )


def _uncarried_row(ind: Indicator, reason: str | None) -> Comparison:
    if reason is not None:
        verdict, detail = Verdict.NOT_APPLICABLE, f"本级声明不适用:{reason}"
    elif ind.binding:
        verdict, detail = Verdict.MISSING, "上级约束性指标,本级未承接"
    else:
        verdict, detail = Verdict.OMITTED, "上级预期性指标,本级未纳入指标表"
    return Comparison(
        None,
        Side.of(ind),
        infer_kind(ind),
        ind.direction,
        "",
        "",
        _own_cells(ind, verdict, parent_side=True),
        verdict,
        detail,
    )


def compare_plans(plan: Plan, parent: Plan, pairs: list[Pair]) -> list[Comparison]:
    """Build the review rows: the child's indicators in table order, then uncarried parent ones."""
    by_child = {id(p.child): p for p in pairs}
    suggestions = {s.child_id: s for s in suggest_links(plan, parent)}
    rows = []
    for ind in plan.indicators.iter_all():
        pair = by_child.get(id(ind))
        rows.append(_pair_row(pair) if pair else _unlinked_row(ind, suggestions.get(ind.id)))
    carried = carried_ids(plan)
    declared = {na.parent: na.reason for na in plan.indicators.not_applicable}
    for ind in parent.indicators.iter_all():
        if ind.id not in carried:
            rows.append(_uncarried_row(ind, declared.get(ind.id)))
    return rows


def _with_codes(
    rows: list[Comparison], problems: list[Problem], plan: Plan
) -> tuple[Comparison, ...]:
    """Attach to each row the codes of the problems about its indicators."""
    codes: dict[tuple[str, str], set[str]] = {}
    for p in problems:
        if p.location.file != plan.display:
            continue
        if p.indicator_id:
            codes.setdefault(("child", p.indicator_id), set()).add(p.code)
        parent_ind = p.extra.get("parent_indicator")
        if isinstance(parent_ind, dict) and not p.indicator_id:
            codes.setdefault(("parent", str(parent_ind.get("id"))), set()).add(p.code)
    out = []
    for row in rows:
        found: set[str] = set()
        if row.child is not None:
            found |= codes.get(("child", row.child.id), set())
        elif row.parent is not None:
            found |= codes.get(("parent", row.parent.id), set())
        out.append(Comparison(**{**row.__dict__, "codes": tuple(sorted(found))}))
    return tuple(out)


# -- running ---------------------------------------------------------------------------------


def _title(plan: Plan) -> str:
    return plan.meta.title


def _broken_parent(loaded: Loaded, parent: Loaded) -> Problem:
    msg = f"指定的上级规划“{parent.display}”本身有错误,无法用于检查;请先运行 planforge validate {parent.display}"
    return Problem("PF308", Severity.ERROR, msg, loaded.doc.locate(("meta",), key=True))


@dataclass
class _Run:
    """One check run: the loaded tree, the parent override and the options."""

    tree: Tree
    override: Loaded | None
    strict: bool

    @property
    def ws(self) -> Workspace:
        return self.tree.workspace

    def parent_for(self, loaded: Loaded) -> tuple[Loaded | None, list[Problem]]:
        """Return the parent to compare with: the override, else the plan's own."""
        if self.override is None or self.override.path.resolve() == loaded.path.resolve():
            return self.ws.parent_of(loaded)
        if self.override.plan is None:
            return None, [_broken_parent(loaded, self.override)]
        return self.override, []

    def plans(self) -> list[Loaded]:
        """Return the plans to check: those asked for, their ancestors and the override."""
        out: dict[Path, Loaded] = {}
        for item in self.tree.loaded:
            chain = [item] if self.override is not None else self.ws.chain(item)
            for member in chain:
                out.setdefault(member.path.resolve(), member)
        if self.override is not None:
            out.setdefault(self.override.path.resolve(), self.override)
        return list(out.values())

    def check_one(self, loaded: Loaded, report: CheckReport) -> None:
        """Run every rule on one plan; add its problems and, with a parent, its comparison."""
        report.files.append(loaded.display)
        report.problems.extend(loaded.problems)
        if loaded.plan is None:
            return
        parent, link_problems = self.parent_for(loaded)
        report.problems.extend(link_problems)
        plan = loaded.plan
        parent_plan = parent.plan if parent is not None else None
        children = self.tree.children_of(plan) if plan.meta.children else None
        ctx = Context(plan=plan, parent=parent_plan, children=children, strict=self.strict)
        problems = list(run_rules(ctx, (PLAN, PARENT, TREE)))
        report.problems.extend(problems)
        if parent_plan is not None:
            rows = compare_plans(plan, parent_plan, pairs_of(ctx))
            report.comparisons.append(
                PlanComparison(
                    plan.display,
                    _title(plan),
                    parent_plan.display,
                    _title(parent_plan),
                    _with_codes(rows, problems, plan),
                )
            )


def check(
    paths: Iterable[Path], *, parent: Path | None = None, strict: bool = False
) -> CheckReport:
    """Check every plan under ``paths`` against its parent (or ``parent``) and itself."""
    tree = Tree.load(paths)
    override = tree.workspace.load(parent) if parent is not None else None
    run = _Run(tree, override, strict)
    report = CheckReport(problems=list(tree.problems))
    for loaded in run.plans():
        run.check_one(loaded, report)
    report.finish()
    return report
