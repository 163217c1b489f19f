"""check: validate's rules plus the parent rules on every plan with a parent, and the review table.

``check(paths)`` loads every plan under ``paths`` and the parent chain of each (every file
once), runs the plan rules on all of them, the parent rules (PF4xx) on each plan whose parent
is set or given with ``parent=``, and the tree rules on plans whose children were loaded.
Beside the problems it builds, per child/parent pair, the side-by-side comparison a reviewer
reads: each indicator's values on both sides, the unit conversion applied and the verdict.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from planforge.compare import (
    BASIS_ZH,
    Cell,
    Pair,
    Verdict,
    carried_ids,
    infer_kind,
)
from planforge.errors import Location, Problem, Severity
from planforge.loader import Loaded, Workspace, discover, display_path, new_run_id, shared_workspace
from planforge.model import Indicator, Plan
from planforge.names import Suggestion, suggest_links, unit_text
from planforge.parallel import group_by_parent, run_groups
from planforge.progress import Progress
from planforge.rules import PARENT, PLAN, Context, run_rules
from planforge.rules.parent import pairs_of, suggestions_of
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
    notes = [pair.growth.describe() if pair.growth is not None else "", pair.basis_evidence]
    detail = ";".join(n for n in notes if n)
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


def compare_plans(
    plan: Plan, parent: Plan, pairs: list[Pair], suggestions: list[Suggestion] | None = None
) -> list[Comparison]:
    """Build the review rows: the child's indicators in table order, then uncarried parent ones."""
    by_child = {id(p.child): p for p in pairs}
    if suggestions is None:
        suggestions = suggest_links(plan, parent)
    suggested = {s.child_id: s for s in suggestions}
    rows = []
    for ind in plan.indicators.iter_all():
        pair = by_child.get(id(ind))
        rows.append(_pair_row(pair) if pair else _unlinked_row(ind, suggested.get(ind.id)))
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


def _unresolved(side: Side | None) -> Side | None:
    """Drop a side's lazy position so sending it to the main process parses nothing.

    Positions of the review table's indicators are printed only in JSON, which looks them
    up again (see :func:`planforge.check_report.resolve_side`).
    """
    if side is None:
        return None
    loc = side.location
    return Side(side.id, side.name, side.unit, side.attribute, Location(loc.file, path=loc.path))


def _portable(comparison: PlanComparison) -> PlanComparison:
    rows = tuple(
        Comparison(
            **{**row.__dict__, "child": _unresolved(row.child), "parent": _unresolved(row.parent)}
        )
        for row in comparison.rows
    )
    return PlanComparison(
        comparison.plan, comparison.title, comparison.parent, comparison.parent_title, rows
    )


@dataclass(frozen=True)
class _Result:
    """What checking one plan gives back to the main process."""

    display: str
    path: Path
    parent: Path | None
    problems: list[Problem]
    comparison: PlanComparison | None


@dataclass(frozen=True)
class _Checker:
    """Checks groups of plans in one process; picklable, so a worker pool can run it."""

    override: Path | None
    strict: bool
    run_id: str = field(default_factory=new_run_id)

    def __call__(self, paths: Sequence[Path]) -> list[_Result]:
        # One workspace per process and run: each worker reads an ancestor once.
        ws = shared_workspace(self.run_id)
        override = ws.load(self.override) if self.override is not None else None
        return [self.check_one(ws, ws.load(path), override) for path in paths]

    def parent_for(
        self, ws: Workspace, loaded: Loaded, override: Loaded | None
    ) -> tuple[Loaded | None, list[Problem]]:
        """Return the parent to compare with: the override, else the plan's own."""
        if override is None or override.path.resolve() == loaded.path.resolve():
            return ws.parent_of(loaded)
        if override.plan is None:
            return None, [_broken_parent(loaded, override)]
        return override, []

    def check_one(self, ws: Workspace, loaded: Loaded, override: Loaded | None) -> _Result:
        """Run the plan and parent rules on one plan; compare it with its parent."""
        problems = list(loaded.problems)
        key = loaded.path.resolve()
        if loaded.plan is None:
            return _Result(loaded.display, key, None, problems, None)
        parent, link_problems = self.parent_for(ws, loaded, override)
        problems.extend(link_problems)
        plan = loaded.plan
        parent_plan = parent.plan if parent is not None else None
        ctx = Context(plan=plan, parent=parent_plan, strict=self.strict)
        found = list(run_rules(ctx, (PLAN, PARENT)))
        problems.extend(found)
        comparison = None
        if parent_plan is not None:
            rows = compare_plans(plan, parent_plan, pairs_of(ctx), suggestions_of(ctx))
            comparison = _portable(
                PlanComparison(
                    plan.display,
                    _title(plan),
                    parent_plan.display,
                    _title(parent_plan),
                    _with_codes(rows, found, plan),
                )
            )
        own_parent = ws.parent_path(loaded) if override is None else None
        return _Result(loaded.display, key, own_parent, problems, comparison)


def check(
    paths: Iterable[Path],
    *,
    parent: Path | None = None,
    strict: bool = False,
    jobs: int = 1,
    progress: Progress | None = None,
) -> CheckReport:
    """Check every plan under ``paths`` (and their ancestors) against its parent and itself.

    Plans run in ``jobs`` processes, in groups that share a folder (and so a parent). The
    ancestors of the plans asked for are checked too, a generation per round.
    """
    files, problems = discover(paths)
    if parent is not None:
        files = list(dict.fromkeys([*files, parent]))
    report = CheckReport(problems=problems)
    checker = _Checker(parent, strict)
    seen: set[Path] = set()
    while files:
        seen.update(p.resolve() for p in files)
        if progress:
            progress.total += len(files)
        groups = group_by_parent(files, key=lambda p: p.parent)
        results = run_groups(groups, checker, jobs=jobs, progress=progress)
        _collect(report, results)
        files = _ancestors(results, seen) if parent is None else []
    report.finish()
    return report


def _collect(report: CheckReport, results: list[_Result]) -> None:
    for result in results:
        report.files.append(result.display)
        report.problems.extend(result.problems)
        if result.comparison is not None:
            report.comparisons.append(result.comparison)


def _ancestors(results: list[_Result], seen: set[Path]) -> list[Path]:
    """Return the parents of the plans just checked that were not checked yet."""
    found = [r.parent for r in results if r.parent is not None and r.parent.is_file()]
    fresh = [p for p in dict.fromkeys(found) if p not in seen]
    return [Path(display_path(p)) for p in fresh]
