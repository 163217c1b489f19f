"""validate: read plans, check them against the schema and the plan rules."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from planforge.errors import Problem, Severity
from planforge.loader import Loaded, Workspace, discover, new_run_id, shared_workspace
from planforge.parallel import group_by_parent, run_groups
from planforge.progress import Progress
from planforge.rules import PLAN, Context, run_rules


@dataclass
class Report:
    """What a run found: the files it looked at and every problem, sorted by place."""

    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        return sum(1 for p in self.problems if p.severity is severity)

    def failed(self, *, strict: bool = False) -> bool:
        """Tell whether the run should exit 1: errors, or warnings too under strict."""
        bad = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
        return any(p.severity in bad for p in self.problems)

    def finish(self) -> Report:
        self.problems = sorted(dict.fromkeys(self.problems), key=Problem.sort_key)
        return self


def plan_problems(
    ws: Workspace, loaded: Loaded, scopes: tuple[str, ...] = (PLAN,), *, strict: bool = False
) -> list[Problem]:
    """Return the problems of one loaded plan: its own, its parent link's, and its rules'."""
    problems = list(loaded.problems)
    if loaded.plan is None:
        return problems
    parent, link_problems = ws.parent_of(loaded)
    problems.extend(link_problems)
    ctx = Context(plan=loaded.plan, parent=parent.plan if parent else None, strict=strict)
    problems.extend(run_rules(ctx, scopes))
    return problems


def validate(
    paths: Iterable[Path], *, strict: bool = False, jobs: int = 1, progress: Progress | None = None
) -> Report:
    """Validate every plan file under ``paths``, in ``jobs`` processes."""
    files, problems = discover(paths)
    report = Report(problems=problems)
    groups = group_by_parent(files, key=lambda p: p.parent)
    if progress:
        progress.total = len(files)
    work = partial(_validate_group, strict=strict, run_id=new_run_id())
    for display, found in run_groups(groups, work, jobs=jobs, progress=progress):
        report.files.append(display)
        report.problems.extend(found)
    return report.finish()


def _validate_group(
    paths: Sequence[Path], *, strict: bool, run_id: str
) -> list[tuple[str, list[Problem]]]:
    ws = shared_workspace(run_id)
    out = []
    for path in paths:
        loaded = ws.load(path)
        out.append((loaded.display, plan_problems(ws, loaded, strict=strict)))
    return out
