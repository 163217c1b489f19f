"""Rules on one plan agreeing with itself: prose against the table, the recorded 目录 against headings.

They run in validate and check, on every plan; all are warnings, and all stay silent unless
they are sure (see :mod:`planforge.prose` for what counts as a statement about an indicator).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from planforge.errors import Location, Problem, Severity
from planforge.lazyre import lazy_compile
from planforge.model import Indicator, Plan, TocEntry
from planforge.names import normalize_text
from planforge.prose import (
    Mention,
    comparators_clash,
    find_mentions,
    in_indicator_unit,
    same_number,
)
from planforge.records import record
from planforge.rules import Context, rule
from planforge.values import Value, parse_value

_FIELD_ZH = {"baseline": "基期值", "target": "目标值"}


def _field_label(field: str) -> str:
    if field.startswith("milestones."):
        return f"{field.split('.', 1)[1]}年中期目标"
    return _FIELD_ZH.get(field, field)


def _table_value(ind: Indicator, field: str) -> str | None:
    if field.startswith("milestones."):
        return dict(ind.milestones).get(int(field.split(".", 1)[1]))
    return ind.baseline if field == "baseline" else ind.target if field == "target" else None


def _candidate_fields(m: Mention) -> list[str]:
    if m.field:
        return [m.field]
    return ["baseline", *(f"milestones.{y}" for y, _ in m.indicator.milestones), "target"]


@record
class _Reading:
    """One table value a prose number may be compared with."""

    field: str
    raw: str
    value: Value
    agrees: bool
    clash: bool


def _readings(m: Mention) -> list[_Reading]:
    """Compare a statement with each table value it may speak of."""
    stated = in_indicator_unit(m.value, m.indicator)
    out = []
    for field in _candidate_fields(m):
        raw = _table_value(m.indicator, field)
        value = parse_value(raw)[0] if raw is not None else None
        if value is None or value.cumulative or value.comparable() is None:
            continue
        number = in_indicator_unit(value, m.indicator)
        if stated is None or number is None:
            continue
        agrees = same_number(stated, number)
        out.append(
            _Reading(field, raw or "", value, agrees, agrees and comparators_clash(m.value, value))
        )
    return out


def _listing(readings: Sequence[_Reading]) -> str:
    return "、".join(f"{_field_label(r.field)}“{r.raw}”" for r in readings)


def _disagreement(m: Mention) -> tuple[str, str] | None:
    """Return (message, field) when a statement disagrees with the table, else None."""
    readings = _readings(m)
    if not readings or any(r.agrees and not r.clash for r in readings):
        return None
    where = f"正文“{m.statement}”({m.place})"
    name = f"指标表中“{m.indicator.name}”"
    clash = next((r for r in readings if r.clash), None)
    if clash is not None:
        msg = f"{where}与{name}的{_field_label(clash.field)}“{clash.raw}”数值相同,但比较关系不同"
        return msg, clash.field
    return f"{where}与{name}的{_listing(readings)}不一致", readings[0].field


@rule(
    "PF501",
    "prose-numbers-agree",
    severity=Severity.WARNING,
    title="正文中的数字与指标表的基期值或目标值不一致",
    note="根据语句中的年份(到2025年、截至2020年底)、规划期用语(“十四五”末)或所在章节(发展基础)判断说的是哪个值;单位会换算,较精确的数字按另一方的小数位取整后比较(1897人 与 0.19 万人 一致)。",
    passes='指标表 baseline: "6.3" 万人,发展基础中写“社会工作专业人才6.3万人”;target: "≥8",正文“到2025年,社会工作专业人才达到8万人”',
    fails='指标表 baseline: "≥32.3",发展基础写“护理型床位占比达37%”;target: "≥75",正文“到2025年,养老机构服务基本质量达标率超75%”(“超”是 >,不是 ≥)',
)
def prose_numbers_agree(ctx: Context) -> Iterator[Problem]:
    """Numbers the prose states for an indicator agree with the table's baseline or target.

    A statement's year (到2025年, 截至2020年底), a five-year-plan word (“十四五”末) or its
    section (发展基础) says which value it is about; units convert, and the more precise
    number is rounded to the other's places (1897人 agrees with 0.19 万人).
    """
    for m in find_mentions(ctx.plan):
        found = _disagreement(m)
        if found is None:
            continue
        msg, field = found
        related = m.indicator.field_locs.get(field, m.indicator.where(field.split(".")[0]))
        yield ctx.problem(
            m.location,
            msg,
            indicator=m.indicator,
            related=related,
            statement=m.statement,
            table_field=field,
        )


# -- the recorded 目录 ------------------------------------------------------------------------

_NUMBERING_RE = lazy_compile(
    r"^\s*(?:第\s*[一二三四五六七八九十百零〇两\d]+\s*[章节篇部分]"
    r"|[一二三四五六七八九十百]+\s*[、.．]"
    r"|[(（]\s*[一二三四五六七八九十百\d]+\s*[)）]"
    r"|\d+\s*[.．、](?!\d))\s*"
)
_LEADERS_RE = lazy_compile(r"\s*[.…·．_\-—]{2,}.*$")


def heading_key(title: str) -> str:
    """Return a heading title without its numbering, leaders, spaces and punctuation."""
    return normalize_text(_LEADERS_RE.sub("", _NUMBERING_RE.sub("", title)))


@dataclass
class _Node:
    """One heading, from the plan or from the recorded 目录."""

    title: str
    location: Location
    children: list[_Node]

    @property
    def key(self) -> str:
        return heading_key(self.title)


def _plan_tree(plan: Plan, depth: int) -> list[_Node]:
    """Return the plan's chapters, sections and subsections down to ``depth`` levels."""

    def at(loc: Location) -> Location:
        return plan.locate((*loc.path, "title"))

    chapters = []
    for ch in plan.chapters:
        sections = []
        if depth > 1:
            for sec in ch.sections:
                subs = [_Node(s.title, at(s.loc), []) for s in sec.subsections] if depth > 2 else []
                sections.append(_Node(sec.title, at(sec.loc), subs))
        chapters.append(_Node(ch.title, at(ch.loc), sections))
    return chapters


def _toc_tree(entries: Sequence[TocEntry]) -> list[_Node]:
    """Nest 目录 entries by level (the lowest level present is the top)."""
    top = min(e.level for e in entries)
    roots: list[_Node] = []
    stack: list[tuple[int, _Node]] = []
    for entry in entries:
        node = _Node(entry.title, entry.loc, [])
        while stack and stack[-1][0] >= entry.level:
            stack.pop()
        (stack[-1][1].children if stack and entry.level > top else roots).append(node)
        stack.append((entry.level, node))
    return roots


def _align(toc: list[_Node], body: list[_Node]) -> Iterator[tuple[_Node | None, _Node | None]]:
    """Pair 目录 entries with headings in order; unpaired ones come with None."""
    from difflib import SequenceMatcher  # only plans that record their 目录 need it

    matcher = SequenceMatcher(None, [n.key for n in toc], [n.key for n in body], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        left, right = toc[i1:i2], body[j1:j2]
        for k in range(max(len(left), len(right))):
            yield (left[k] if k < len(left) else None), (right[k] if k < len(right) else None)
        del op


def _compare_trees(ctx: Context, toc: list[_Node], body: list[_Node]) -> Iterator[Problem]:
    pairs = list(_align(toc, body))
    last_toc = max((i for i, (t, _) in enumerate(pairs) if t is not None), default=-1)
    for i, (entry, heading) in enumerate(pairs):
        if entry is not None and heading is not None:
            if entry.key != heading.key:
                msg = f"目录中的“{entry.title}”与正文标题“{heading.title}”不一致"
                yield ctx.problem(heading.location, msg, related=entry.location)
            yield from _compare_trees(ctx, entry.children, heading.children)
        elif entry is not None:
            yield ctx.problem(entry.location, f"目录中的“{entry.title}”在正文中没有对应的标题")
        elif heading is not None and i < last_toc:
            yield ctx.problem(heading.location, f"正文标题“{heading.title}”不在原文目录中")


@rule(
    "PF502",
    "toc-matches-headings",
    severity=Severity.WARNING,
    title="记录的原文目录(meta.source.toc)与正文标题不一致",
    note="比较时去掉编号(第一章、第一节、一、(一))、空格和标点,逐级按顺序比较;目录最后一项之后的标题(目录被截断)不报告。",
    passes="toc: [{level: 1, title: 第六章全面优化殡葬管理和服务}],且有一章标题为“全面优化殡葬管理和服务”",
    fails="目录为 {level: 2, title: 第一节完善基本殡葬服务保障制度},而该节标题为“深入推进殡葬改革”",
)
def toc_matches_headings(ctx: Context) -> Iterator[Problem]:
    """A 目录 recorded from the source document (``meta.source.toc``) matches the headings.

    Titles are compared without numbering (第一章, 第一节, 一、, (一)), spaces and
    punctuation, level by level and in order; headings after the last 目录 entry (a
    truncated 目录) are not reported.
    """
    entries = ctx.plan.meta.source.toc
    if not entries:
        return
    depth = max(e.level for e in entries) - min(e.level for e in entries) + 1
    yield from _compare_trees(ctx, _toc_tree(entries), _plan_tree(ctx.plan, depth))


_PAGE_RE = lazy_compile(r"\d+")


def _page(entry: TocEntry) -> int | None:
    found = _PAGE_RE.search(entry.page)
    return int(found.group()) if found else None


@rule(
    "PF503",
    "toc-pages-ascending",
    severity=Severity.WARNING,
    title="记录的原文目录页码倒退",
    passes="“第三节推进和谐婚姻家庭建设”在第 38 页,其后“第五章…”在第 39 页",
    fails="“第三节推进和谐婚姻家庭建设”在第 38 页,其后“第五章持续推进养老服务高质量发展”在第 37 页",
)
def toc_pages_ascending(ctx: Context) -> Iterator[Problem]:
    """Page numbers in a recorded 目录 never go backwards."""
    previous: TocEntry | None = None
    for entry in ctx.plan.meta.source.toc:
        page = _page(entry)
        if page is None:
            continue
        before = _page(previous) if previous is not None else None
        if previous is not None and before is not None and page < before:
            msg = (
                f"目录页码倒退:“{entry.title}”为第 {page} 页,"
                f"排在第 {before} 页的“{previous.title}”之后"
            )
            yield ctx.problem(entry.loc, msg, related=previous.loc)
        previous = entry
