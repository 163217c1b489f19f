"""Spread per-plan work over processes, in groups that share a parent plan.

Plans under one parent go to the same worker so the parent is read once per worker, and
results come back in the order the groups were given, so output is stable whatever -j is.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from planforge.progress import Progress

T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    """Return the number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def run_groups(
    groups: Sequence[Sequence[T]],
    work: Callable[[Sequence[T]], list[R]],
    *,
    jobs: int,
    progress: Progress | None = None,
) -> list[R]:
    """Apply ``work`` to every group, in ``jobs`` processes; keep the groups' order."""
    results: list[list[R]] = [[] for _ in groups]
    if jobs <= 1 or len(groups) <= 1:
        for i, group in enumerate(groups):
            results[i] = work(group)
            if progress:
                progress.advance(len(group))
        return [r for chunk in results for r in chunk]
    import multiprocessing  # only a parallel run pays for importing it

    # fork keeps start-up cheap (no re-import per worker) and is what Linux offers.
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(processes=jobs) as pool:
        pending = pool.imap_unordered(_Call(work), list(enumerate(groups)), chunksize=1)
        for index, chunk in pending:
            results[index] = chunk
            if progress:
                progress.advance(len(groups[index]))
    return [r for chunk in results for r in chunk]


class _Call(Generic[T, R]):
    """A picklable wrapper that carries the group's index through the pool."""

    def __init__(self, work: Callable[[Sequence[T]], list[R]]) -> None:
        self.work = work

    def __call__(self, item: tuple[int, Sequence[T]]) -> tuple[int, list[R]]:
        index, group = item
        return index, self.work(group)


def group_by_parent(
    paths: Sequence[T], key: Callable[[T], object], size: int = 64
) -> list[list[T]]:
    """Group items sharing ``key`` (the parent folder), splitting groups past ``size``."""
    buckets: dict[object, list[T]] = {}
    for item in paths:
        buckets.setdefault(key(item), []).append(item)
    groups: list[list[T]] = []
    for bucket in buckets.values():
        groups.extend(bucket[i : i + size] for i in range(0, len(bucket), size))
    return groups
