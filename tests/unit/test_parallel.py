"""Parallel runs give the same report as serial ones; positions survive the trip."""

from __future__ import annotations

import io
import pickle
from pathlib import Path

from planforge.errors import Location
from planforge.parallel import group_by_parent, run_groups
from planforge.progress import Progress
from planforge.validate import validate

CASES = Path(__file__).parent.parent / "cases"


def _square(group: list[int]) -> list[int]:
    return [x * x for x in group]


def test_run_groups_keeps_order_across_processes() -> None:
    groups = [[1, 2], [3], [4, 5, 6]]
    assert run_groups(groups, _square, jobs=2) == [1, 4, 9, 16, 25, 36]
    assert run_groups(groups, _square, jobs=1) == [1, 4, 9, 16, 25, 36]


def test_group_by_parent_splits_large_groups() -> None:
    items = [("a", i) for i in range(5)] + [("b", 0)]
    groups = group_by_parent(items, key=lambda t: t[0], size=2)
    assert [len(g) for g in groups] == [2, 2, 1, 1]


def test_parallel_validate_matches_serial() -> None:
    serial = validate([CASES / "invalid"], jobs=1)
    parallel = validate([CASES / "invalid"], jobs=2)
    assert [str(p.location) + p.code for p in serial.problems] == [
        str(p.location) + p.code for p in parallel.problems
    ]
    assert sorted(serial.files) == sorted(parallel.files)


def test_lazy_location_pickles_resolved() -> None:
    loc = Location("x.yaml", path=("a",), resolver=lambda path: (3, 7))
    back = pickle.loads(pickle.dumps(loc))
    assert (back.line, back.column, back.path) == (3, 7, ("a",))


def test_progress_plain_lines_when_not_a_terminal() -> None:
    out = io.StringIO()
    progress = Progress(40, "校验", out)
    for _ in range(40):
        progress.advance()
    lines = out.getvalue().splitlines()
    assert len(lines) == 10 and lines[-1].startswith("校验:40/40(100%)")
