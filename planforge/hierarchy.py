"""A folder of plans seen as a hierarchy through their parent links, each plan loaded once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from planforge.decompose import Decomposition, decompose
from planforge.errors import Problem
from planforge.loader import Loaded, Workspace, discover
from planforge.model import Plan
from planforge.rules import TREE, Context, run_rules
from planforge.validate import Report


@dataclass
class Tree:
    """The plans found under some paths, with parent → children links between them."""

    workspace: Workspace
    loaded: list[Loaded] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    _children: dict[Path, list[Plan]] = field(default_factory=dict)

    @classmethod
    def load(cls, paths: Iterable[Path], workspace: Workspace | None = None) -> Tree:
        """Find and load every plan under ``paths`` and index them by parent."""
        files, problems = discover(paths)
        tree = cls(workspace or Workspace(), problems=problems)
        for path in files:
            tree.loaded.append(tree.workspace.load(path))
        tree._index()
        return tree

    def _index(self) -> None:
        for item in self.loaded:
            parent = self.workspace.parent_path(item)
            if item.plan is not None and parent is not None:
                self._children.setdefault(parent, []).append(item.plan)

    @property
    def plans(self) -> list[Plan]:
        return [item.plan for item in self.loaded if item.plan is not None]

    def children_of(self, plan: Plan) -> dict[str, Plan]:
        """Return the loaded plans whose parent is ``plan``, by region name."""
        out: dict[str, Plan] = {}
        for child in self._children.get(plan.path.resolve(), []):
            out.setdefault(child.meta.region, child)
        return out

    def depth(self, item: Loaded) -> int:
        """Return how many ancestors a plan has (0 for a root), following parent links."""
        return len(self.workspace.chain(item)) - 1

    def ordered(self) -> list[Loaded]:
        """Return the loaded plans parents first (stable within a level)."""
        return sorted(self.loaded, key=self.depth)


def decompose_tree(paths: Iterable[Path]) -> tuple[list[Decomposition], Report]:
    """Load a hierarchy and tabulate the decomposition of every parent that lists children."""
    tree = Tree.load(paths)
    report = Report(files=[item.display for item in tree.loaded], problems=list(tree.problems))
    tables: list[Decomposition] = []
    for item in tree.ordered():
        report.problems.extend(item.problems)
        if item.plan is None or not item.plan.meta.children:
            continue
        children = tree.children_of(item.plan)
        tables.extend(decompose(item.plan, children))
        ctx = Context(plan=item.plan, children=children)
        report.problems.extend(run_rules(ctx, (TREE,)))
    return tables, report.finish()
