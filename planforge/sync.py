"""Keep a child draft in step with its parent (``planforge sync``).

After the parent changes, ``sync``:

* adds the parent's new indicators (drafted as ``new`` drafts them), next to their neighbours;
* marks links to indicators the parent dropped (``todo: true`` and a ``# 上级原文`` note);
* refreshes every ``# 上级原文`` comment from the parent's current text;
* never changes what the drafter wrote: values, text and their own comments stay as they are.

An indicator the drafter deleted stays deleted: the ``主要指标`` comment lists the parent ids
already offered, and only ids not in that list count as new. The caller shows the diff and
writes with :func:`write_sync`, which refuses when the file changed on disk since it was read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from planforge import parenttext as pt
from planforge.draft import (
    Comments,
    IndicatorDrafter,
    fyp_label,
    iter_indicator_rows,
    replace_region,
)
from planforge.errors import PlanforgeError, Problem, YamlPath
from planforge.levelwords import LevelWords, load_level_words
from planforge.link import faithful_yaml
from planforge.loader import Loaded, Workspace, load_plan
from planforge.model import Indicator, Plan
from planforge.source import make_yaml
from planforge.yamlwrite import (
    dump_yaml,
    file_hash,
    indent_of,
    relative_path,
    unified_diff,
    write_if_unchanged,
)

_MAX_LISTED = 12


@dataclass
class SyncResult:
    """What ``sync`` would change; nothing is written until :func:`write_sync`."""

    path: Path
    display: str
    original_text: str = ""
    original_hash: str | None = None
    text: str = ""
    parent_display: str = ""
    problems: list[Problem] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    refreshed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.text) and self.text != self.original_text

    def diff(self) -> str:
        """Return the unified diff of the change (empty when nothing changes)."""
        return unified_diff(self.original_text, self.text, self.display) if self.changed else ""


def write_sync(result: SyncResult) -> None:
    """Write the synced text, unless the file changed on disk since ``sync_plan`` read it."""
    if result.changed:
        write_if_unchanged(result.path, result.text, result.original_hash)


# -- reading ---------------------------------------------------------------------------------


def _read_child(path: Path) -> tuple[Loaded, str | None]:
    """Load the child, with the hash of the bytes it was loaded from."""
    before = file_hash(path)
    loaded = load_plan(path)
    if file_hash(path) != before:
        raise PlanforgeError(f"“{path}”在读取过程中被修改了,请稍后重新运行 planforge sync")
    return loaded, before


def _parent_of(loaded: Loaded, parent_path: Path | None) -> tuple[Loaded | None, list[Problem]]:
    """Load the parent named on the command line, else the one ``meta.parent`` names."""
    if parent_path is not None:
        parent = load_plan(parent_path)
        return (parent, []) if parent.plan else (None, [p for p in parent.problems if p.is_error])
    assert loaded.plan is not None
    if not loaded.plan.meta.parent:
        raise PlanforgeError(
            f"“{loaded.display}”没有 meta.parent(上级规划),无法同步;请在文件中写明,或用 --parent 指定"
        )
    return Workspace().parent_of(loaded)


def sync_plan(
    path: Path, parent_path: Path | None = None, *, words_file: Path | None = None
) -> SyncResult:
    """Work out the synced text of the child plan at ``path``; write nothing."""
    loaded, original_hash = _read_child(path)
    result = SyncResult(path, loaded.display, loaded.doc.text, original_hash)
    if loaded.plan is None:
        result.problems = [p for p in loaded.problems if p.is_error]
        return result
    parent, problems = _parent_of(loaded, parent_path)
    if parent is None or parent.plan is None:
        result.problems = problems
        return result
    words = load_level_words(loaded.plan.meta.level, loaded.plan.meta.region, words_file)
    synced = sync_text(
        result.original_text, loaded.plan, parent.plan, relink=parent_path, words=words
    )
    synced.original_hash = original_hash
    return synced


def sync_text(
    text: str,
    child: Plan,
    parent: Plan,
    *,
    relink: Path | None = None,
    words: LevelWords | None = None,
) -> SyncResult:
    """Sync the text of a child plan (``child`` is that text, loaded) with ``parent``."""
    result = SyncResult(child.path, child.display, text, parent_display=parent.display)
    chosen = words or load_level_words(child.meta.level, child.meta.region)
    _Syncer(child, parent, result, relink, chosen).run()
    return result


# -- the tree walk ---------------------------------------------------------------------------


def key_lines(data: Any, path: YamlPath = ()) -> dict[int, tuple[YamlPath, str]]:
    """Map each 0-based line that holds a mapping key to (mapping path, key); outer keys win."""
    found: dict[int, tuple[YamlPath, str]] = {}
    if isinstance(data, CommentedMap):
        for key in data:
            line = data.lc.key(key)[0]
            found.setdefault(line, (path, str(key)))
            for inner, where in key_lines(data[key], (*path, key)).items():
                found.setdefault(inner, where)
    elif isinstance(data, CommentedSeq):
        for i, item in enumerate(data):
            for inner, where in key_lines(item, (*path, i)).items():
                found.setdefault(inner, where)
    return found


class _Syncer:
    """Applies one parent to one child tree."""

    def __init__(
        self,
        child: Plan,
        parent: Plan,
        result: SyncResult,
        relink: Path | None,
        words: LevelWords,
    ) -> None:
        self.child = child
        self.parent = parent
        self.result = result
        self.relink = relink
        self.comments = Comments()
        self.drafter = IndicatorDrafter(parent, words, Comments())
        self.fresh: set[int] = set()
        self.data: Any = None

    def run(self) -> None:
        original = self.result.original_text
        text, runs = pt.strip_parent_text(original.replace("\r\n", "\n"))
        # Keep the drafter's own indentation when a round trip can reproduce it.
        yaml = faithful_yaml(text) or make_yaml()
        data = yaml.load(text)
        self.data = data
        self._relink(data)
        self._check_period()
        anchored = self._place_runs(data, runs)
        known = self._known_ids(runs)
        self._sync_indicators(data, known)
        self._refresh_runs(anchored)
        self._list_unquoted(anchored)
        indent = indent_of(yaml)
        self.comments.apply(data, indent)
        self.drafter.comments.apply(data, indent)
        synced = dump_yaml(data, yaml)
        self.result.text = synced.replace("\n", "\r\n") if "\r\n" in original else synced

    # the parent link and period

    def _relink(self, data: Any) -> None:
        if self.relink is None:
            return
        ref = relative_path(self.relink, self.child.path.parent)
        meta = data["meta"]
        if meta.get("parent") != ref:
            meta["parent"] = ref
            self.result.notes.append(f"上级规划改为 {ref}")

    def _check_period(self) -> None:
        c, p = self.child.meta, self.parent.meta
        if (c.period_start, c.period_end) != (p.period_start, p.period_end):
            self.result.notes.append(
                f"注意:本规划的规划期 {c.period_start}—{c.period_end} 年与上级规划的 "
                f"{p.period_start}—{p.period_end} 年不同"
            )

    # parent-text runs

    def _place_runs(self, data: Any, runs: list[pt.Run]) -> list[tuple[pt.Run, YamlPath, str]]:
        """Find the key each anchored run sat above; runs without a key are reported."""
        lines = key_lines(data)
        placed = []
        for run in runs:
            if not run.anchor or run.anchor == pt.INDICATORS:
                continue
            where = lines.get(run.next_line)
            if where is None:
                self.result.notes.append(f"“上级原文〔{run.anchor}〕”注释后面没有内容,已删去")
                continue
            placed.append((run, where[0], where[1]))
        return placed

    def _refresh_runs(self, placed: list[tuple[pt.Run, YamlPath, str]]) -> None:
        index = pt.index_parent(self.parent)
        for run, path, key in placed:
            found = index.lookup(run.anchor)
            if found is None:
                lines = [pt.header(run.anchor), pt.gone_line(run.anchor)]
            else:
                anchor, text = found
                quoted = pt.body(text) or [f"{pt.PREFIX}:(上级规划这一部分没有正文)"]
                lines = [pt.header(anchor), *quoted]
            if [f"{pt.PREFIX}:{line}" for line in run.lines] != lines[1:] or (
                lines[0] != pt.header(run.anchor)
            ):
                self.result.refreshed.append(run.anchor)
            self.comments.add_before(path, key, lines)

    def _list_unquoted(self, placed: list[tuple[pt.Run, YamlPath, str]]) -> None:
        if not placed:
            self.result.notes.append(
                "本规划的正文没有“# 上级原文”注释(不是由 planforge new 生成的),只同步了指标"
            )
            return
        index = pt.index_parent(self.parent)
        quoted = set()
        for run, _, _ in placed:
            found = index.lookup(run.anchor)
            if found:
                quoted.add(found[0])
        top = {pt.PREAMBLE, pt.GOALS, pt.INDICATORS}
        missing = [a for a, t in index.texts.items() if t and a not in quoted and a not in top]
        if missing:
            shown = "、".join(f"“{a}”" for a in missing[:_MAX_LISTED])
            more = f"等 {len(missing)} 处" if len(missing) > _MAX_LISTED else ""
            self.result.notes.append(
                f"上级规划中以下部分在本规划中没有对照注释(可能是上级新增的):{shown}{more}"
            )

    # indicators

    def _known_ids(self, runs: list[pt.Run]) -> set[str] | None:
        for run in runs:
            if run.anchor == pt.INDICATORS:
                ids = run.known_ids()
                if ids is not None:
                    return set(ids)
        return None

    def _sync_indicators(self, data: Any, known: set[str] | None) -> None:
        if not self.parent.indicators.items and "indicators" not in data:
            return
        items = _items_seq(data, self.parent, self.child)
        linked = {str(row["parent"]) for _, row in iter_indicator_rows(data) if row.get("parent")}
        skip = (
            linked | {na.parent for na in self.child.indicators.not_applicable} | (known or set())
        )
        self._add_rows(items, self.parent.indicators.items, skip)
        for path, row in iter_indicator_rows(data):
            self._comment_row(path, row)
        self._mark_not_applicable(data)
        lines = pt.run(pt.INDICATORS, pt.indicators_lines(self.parent))
        self.comments.add_before(("indicators",), "items", lines)

    def _add_rows(self, seq: CommentedSeq, parents: tuple[Indicator, ...], skip: set[str]) -> None:
        """Insert rows for new parent indicators after the row of their predecessor."""
        last = -1
        for ind in parents:
            at = _position(seq, ind.id)
            if at is not None:
                last = at
                self._add_children(seq[at], ind, skip)
            elif ind.id not in skip:
                row = self.drafter.draft(ind, frozenset(skip))
                row["id"] = self._unique_id(ind.id)
                last += 1
                seq.insert(last, row)
                self.fresh.add(id(row))
                self.result.added.append(f"{ind.id} {ind.name}")

    def _unique_id(self, wanted: str) -> str:
        """Return ``wanted``, or ``wanted-2``… when the child already uses that id itself."""
        taken = {str(r.get("id")) for _, r in iter_indicator_rows(self.data)}
        candidate, n = wanted, 1
        while candidate in taken:
            n += 1
            candidate = f"{wanted}-{n}"
        return candidate

    def _add_children(self, row: CommentedMap, ind: Indicator, skip: set[str]) -> None:
        if not any(c.id not in skip for c in ind.children):
            return
        children = row.get("children")
        if not isinstance(children, CommentedSeq):
            children = CommentedSeq()
            row["children"] = children
        self._add_rows(children, ind.children, skip)

    def _comment_row(self, path: YamlPath, row: CommentedMap) -> None:
        link = row.get("parent")
        if not link:
            return
        ind = self.parent.indicator_index.get(str(link))
        if ind is None:
            self._mark_dropped(path, row, str(link))
            return
        if "name" in row:
            self.drafter.quote_parent(ind, path)
        if id(row) in self.fresh:
            self.drafter.guide(ind, row, path)

    def _mark_dropped(self, path: YamlPath, row: CommentedMap, link: str) -> None:
        if row.get("todo") is not True:
            row["todo"] = True
        self.comments.add_before(path, "name", [pt.dropped_line(link, self.parent)])
        self.result.dropped.append(f"{link} {row.get('name', '')}")

    def _mark_not_applicable(self, data: Any) -> None:
        entries = data["indicators"].get("not_applicable")
        if not isinstance(entries, CommentedSeq):
            return
        for i, entry in enumerate(entries):
            link = str(entry.get("parent", "")) if isinstance(entry, CommentedMap) else ""
            if link and link not in self.parent.indicator_index and "reason" in entry:
                path = ("indicators", "not_applicable", i)
                self.comments.add_before(path, "reason", [pt.dropped_na_line(link, self.parent)])


def _position(seq: CommentedSeq, parent_id: str) -> int | None:
    for i, row in enumerate(seq):
        if isinstance(row, CommentedMap) and str(row.get("parent", "")) == parent_id:
            return i
    return None


def _items_seq(data: Any, parent: Plan, child: Plan) -> CommentedSeq:
    """Return the child's indicator list, creating the table when the child has none."""
    table = data.get("indicators")
    if not isinstance(table, CommentedMap):
        table = CommentedMap()
        title = (
            parent.indicators.title
            or f"“{fyp_label(parent.meta.period_start)}”民政事业主要发展指标"
        )
        table["title"] = replace_region(title, parent.meta.region, child.meta.region)
        at = list(data).index("chapters") if "chapters" in data else len(data)
        data.insert(at, "indicators", table)
    items = table.get("items")
    if not isinstance(items, CommentedSeq):
        items = CommentedSeq()
        table["items"] = items
    return items


def describe(result: SyncResult) -> list[str]:
    """Return the summary lines of a sync for the user (Chinese)."""
    out = []
    if result.added:
        out.append(f"新增上级指标 {len(result.added)} 项:" + "、".join(result.added))
    if result.dropped:
        out.append(
            f"上级已删除、已标记待处理的指标 {len(result.dropped)} 项:" + "、".join(result.dropped)
        )
    if result.refreshed:
        shown = "、".join(f"“{a}”" for a in result.refreshed[:_MAX_LISTED])
        out.append(f"上级原文有变化、已刷新注释 {len(result.refreshed)} 处:{shown}")
    out.extend(result.notes)
    if not result.changed:
        out.append(f"{result.display} 已与上级规划 {result.parent_display} 同步,无需修改")
    return out
