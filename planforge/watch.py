"""Rebuild plans whenever their files, templates or layout profile change (``build --watch``).

Why: a drafter edits the YAML and wants to see the Word document again. In a process that
stays running, a rebuild costs only the rendering: Python's start-up and the imports, most
of a one-off build of a district plan, are paid once; and the build is incremental, so only
the plans whose inputs changed are rendered again.

Changes are found by polling file sizes and modification times (no extra dependency, and it
works the same on network drives, where change notifications are unreliable).
"""

from __future__ import annotations

import stat
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from planforge.errors import PlanforgeError
from planforge.loader import PLAN_SUFFIXES
from planforge.render.environment import template_set

# What the watcher compares: each watched file's (modification time, size).
Snapshot = dict[Path, tuple[int, int]]


def watched_files(roots: Iterable[Path], templates: Path | None, profile: str | None) -> Snapshot:
    """Return the state of every file a build of ``roots`` reads.

    Plans under the folders given; for a single plan file, the plans beside it (its parent
    usually lies there); the template folders in use; a layout profile given as a file.
    """
    files: list[Path] = []
    for root in roots:
        if root.is_dir():
            files.extend(p for p in root.rglob("*") if p.suffix in PLAN_SUFFIXES)
        elif root.parent.is_dir():
            files.extend(p for p in root.parent.iterdir() if p.suffix in PLAN_SUFFIXES)
    try:
        folders = template_set(templates).dirs
    except PlanforgeError:  # the folder went away: the rebuild says so
        folders = ()
    for folder in folders:
        files.extend(folder.rglob("*"))
    if profile and Path(profile).is_file():
        files.append(Path(profile))
    state: Snapshot = {}
    for path in files:
        try:
            info = path.stat()
        except OSError:  # removed while we looked: the next poll sees it gone
            continue
        if stat.S_ISREG(info.st_mode):
            state[path] = (info.st_mtime_ns, info.st_size)
    return state


def watch(
    rebuild: Callable[[], None],
    watched: Callable[[], Snapshot],
    *,
    interval: float = 0.3,
    sleep: Callable[[float], None] = time.sleep,
    polls: int | None = None,
) -> None:
    """Call ``rebuild`` now, then after every change to what ``watched`` returns.

    A change is acted on once the files have held still for one interval, so an editor
    that saves in several writes (or several files saved together) gives one rebuild of
    the finished files, not one of a half-written file. ``polls`` bounds the loop (tests);
    otherwise it runs until interrupted.
    """
    rebuild()
    built = seen = watched()
    pause = interval
    done = 0
    while polls is None or done < polls:
        sleep(pause)
        done += 1
        started = time.perf_counter()
        now = watched()
        # A big tree (thousands of plans) takes a while to look over: poll less often,
        # so watching never takes more than about a fifth of a core.
        pause = max(interval, 4 * (time.perf_counter() - started))
        if now != built and now == seen:
            rebuild()
            built = now
        seen = now
