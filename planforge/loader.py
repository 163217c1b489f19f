"""Load plans (each file once), resolve their parent chain and find plans in folders."""

from __future__ import annotations

import hashlib
import marshal
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from planforge import __version__
from planforge import cache as disk_cache
from planforge.construct import build_plan
from planforge.errors import Location, Problem, Severity
from planforge.model import Plan
from planforge.resources import schema_path
from planforge.schema import is_valid_fast, iter_schema_problems
from planforge.source import SourceDoc, is_round_trip, read_source

PLAN_SUFFIXES = (".yaml", ".yml")


@dataclass
class Loaded:
    """One plan file after reading: the plan when it is well-formed, and its own problems."""

    path: Path
    doc: SourceDoc
    plan: Plan | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def display(self) -> str:
        return self.doc.display


def display_path(path: Path) -> str:
    """Show a path relative to the working directory when it is inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def load_plan(path: Path) -> Loaded:
    """Read, schema-check and build one plan; every failure becomes a problem.

    Well-formed plans take the fast path (libyaml, compiled schema); a plan with any
    problem is read again carefully so its messages carry exact positions.
    """
    display = display_path(path)
    raw = _read_raw(path)
    key = _cache_key(raw) if raw is not None else ""
    if raw is not None:
        known = _known_good(path, display, raw, key)
        if known is not None:
            return known
    doc = read_source(path, display, fast=True, raw=raw)
    if doc.data is not None and not is_round_trip(doc.data):
        plain = doc.data  # the fast reader's data is already plain
        if is_valid_fast(plain):
            if key:
                disk_cache.write("plans", key, marshal.dumps(plain))
                doc.positions_key = key
            return Loaded(path, doc, build_plan(doc), [])
        doc = read_source(path, display)
    if doc.data is None:
        return Loaded(path, doc, None, list(doc.problems))
    problems = list(doc.problems) + list(iter_schema_problems(doc))
    if any(p.is_error for p in problems):
        return Loaded(path, doc, None, problems)
    return Loaded(path, doc, build_plan(doc), problems)


def _read_raw(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None  # read_source reports why


# Bump when the meaning of cached plan data changes (reader or model code).
_PLAN_CACHE_FORMAT = "1"


@cache
def _cache_salt() -> str:
    digest = hashlib.sha256(schema_path().read_bytes())
    digest.update(f"{__version__}/{_PLAN_CACHE_FORMAT}".encode())
    return digest.hexdigest()[:12]


def _cache_key(raw: bytes) -> str:
    return f"{hashlib.sha256(raw).hexdigest()}-{_cache_salt()}"


def _known_good(path: Path, display: str, raw: bytes, key: str) -> Loaded | None:
    """Return a plan whose exact bytes were read and found valid before (no parse, no schema)."""
    stored = disk_cache.read("plans", key)
    if stored is None:
        return None
    try:
        data = marshal.loads(stored)
        text = raw.decode("utf-8-sig")
    except (ValueError, EOFError, TypeError, UnicodeDecodeError):
        return None
    doc = SourceDoc(path=path, display=display, text=text, data=data, positions_key=key)
    return Loaded(path, doc, build_plan(doc), [])


class Workspace:
    """A cache of loaded plans so each file is read once however many children share it.

    Parents are kept for the whole run (their children keep asking for them); other plans
    are kept only among the last few, so a national tree does not fill the memory.
    """

    RECENT = 32

    def __init__(self) -> None:
        self._plans: dict[Path, Loaded] = {}
        self._pinned: set[Path] = set()
        self._acyclic: set[Path] = set()

    def load(self, path: Path) -> Loaded:
        key = path.resolve()
        found = self._plans.pop(key, None)
        if found is None:
            found = load_plan(path)
        self._plans[key] = found  # most recent last
        self._evict()
        return found

    def _evict(self) -> None:
        spare = [k for k in self._plans if k not in self._pinned]
        for key in spare[: max(0, len(spare) - self.RECENT)]:
            del self._plans[key]

    def pin(self, loaded: Loaded) -> None:
        """Keep a plan for the whole run, without its positions (re-read if ever needed)."""
        key = loaded.path.resolve()
        if key not in self._pinned:
            self._pinned.add(key)
            self._plans[key] = loaded

    def parent_path(self, loaded: Loaded) -> Path | None:
        """Return the resolved path of the plan's parent, when it names one."""
        if loaded.plan is None or not loaded.plan.meta.parent:
            return None
        return (loaded.path.parent / loaded.plan.meta.parent).resolve()

    def parent_of(self, loaded: Loaded) -> tuple[Loaded | None, list[Problem]]:
        """Load the parent plan; report a missing, broken or cyclic parent at meta.parent."""
        target = self.parent_path(loaded)
        if target is None or loaded.plan is None:
            return None, []
        where = loaded.doc.locate(("meta", "parent"))
        named = loaded.plan.meta.parent
        if not target.is_file():
            return None, [
                _problem(
                    "PF301",
                    f"找不到上级规划文件“{named}”(按本文件所在目录解析为 {display_path(target)})",
                    where,
                )
            ]
        cycle = self._cycle_from(loaded)
        if cycle:
            return None, [_problem("PF303", f"上级规划链出现循环:{' → '.join(cycle)}", where)]
        parent = self.load(target)
        self.pin(parent)
        if parent.plan is None:
            msg = f"上级规划“{named}”本身有错误,无法用于检查;请先运行 planforge validate {parent.display}"
            return None, [_problem("PF308", msg, where)]
        return parent, []

    def _cycle_from(self, loaded: Loaded) -> list[str]:
        seen = [loaded.path.resolve()]
        current = loaded
        while True:
            nxt = self.parent_path(current)
            if nxt in self._acyclic:
                self._acyclic.update(seen)
                return []
            if nxt is None or not nxt.is_file():
                self._acyclic.update(seen)
                return []
            if nxt in seen:
                return [display_path(p) for p in [*seen, nxt]]
            seen.append(nxt)
            current = self.load(nxt)
            if current.plan is None:
                return []

    def chain(self, loaded: Loaded) -> list[Loaded]:
        """Return the plan and its ancestors, nearest first, stopping at any broken link."""
        out = [loaded]
        while True:
            parent, problems = self.parent_of(out[-1])
            if parent is None or problems:
                return out
            out.append(parent)


_SHARED: tuple[str, Workspace] | None = None


def shared_workspace(run_id: str) -> Workspace:
    """Return this process's workspace for one run, so each worker reads an ancestor once.

    A pool worker handles many groups of one run; keying by ``run_id`` keeps a later run
    in the same process (tests, or -j1 in-process) from seeing files read earlier.
    """
    global _SHARED
    if _SHARED is None or _SHARED[0] != run_id:
        _SHARED = (run_id, Workspace())
    return _SHARED[1]


def new_run_id() -> str:
    """Return a fresh id for :func:`shared_workspace`."""
    return os.urandom(16).hex()


def _problem(code: str, message: str, where: Location) -> Problem:
    return Problem(code, Severity.ERROR, message, where)


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """Expand files and folders into plan files (sorted, each once)."""
    found: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(p for p in path.rglob("*") if p.suffix in PLAN_SUFFIXES and p.is_file())
            )
        elif path.is_file():
            found.append(path)
        else:
            problems.append(_problem("PF001", f"找不到文件或文件夹“{path}”", Location(str(path))))
    unique = list(dict.fromkeys(found))
    return unique, problems
