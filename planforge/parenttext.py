"""The parent's text, kept beside a child draft as YAML comments that ``sync`` can refresh.

Every such comment line starts with ``# 上级原文``, so it can be found and replaced without
touching the drafter's own comments. A run of them opens with a header naming what it quotes:

    # 上级原文〔全面夯实基本民生保障体系 › 健全优化社会救助体系〕
    # 上级原文:构建分层分类的救助体系。到2025年年底,……

Anchors are title paths (``前言``, ``发展目标``, ``主要指标``, ``章 › (导语)``, ``章 › 节``,
``章 › 节 › 小节``). An indicator's comment has no header: its ``parent`` field says what it
quotes. The ``主要指标`` run also lists every parent indicator id, so ``sync`` can tell a new
parent indicator from one the drafter deleted on purpose.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from planforge.model import (
    Block,
    Box,
    Chapter,
    Indicator,
    Insert,
    ListBlock,
    Note,
    Paragraph,
    Plan,
    Section,
    Table,
)

PREFIX = "上级原文"
SEP = " › "
PREAMBLE = "前言"
GOALS = "发展目标"
INDICATORS = "主要指标"
INTRO = "(导语)"
IDS_LABEL = "全部指标:"

_HEADER_RE = re.compile(rf"^#\s*{PREFIX}〔(.*)〕\s*$")
_BODY_RE = re.compile(rf"^#\s*{PREFIX}:?(.*)$")


# -- writing ---------------------------------------------------------------------------------


def header(anchor: str) -> str:
    """Return the comment text that opens a run quoting ``anchor``."""
    return f"{PREFIX}〔{anchor}〕"


def body(lines: Iterable[str]) -> list[str]:
    """Return comment texts for quoted lines (each line prefixed, newlines split)."""
    out: list[str] = []
    for line in lines:
        out.extend(f"{PREFIX}:{part}" for part in line.splitlines() or [""])
    return out


def run(anchor: str, lines: Iterable[str]) -> list[str]:
    """Return the header and the quoted lines of one run (empty when nothing is quoted)."""
    quoted = body(lines)
    return [header(anchor), *quoted] if quoted else []


def chapter_anchor(ch: Chapter) -> str:
    return ch.title


def intro_anchor(ch: Chapter) -> str:
    return f"{ch.title}{SEP}{INTRO}"


def section_anchor(ch: Chapter, sec: Section) -> str:
    return f"{ch.title}{SEP}{sec.title}"


def subsection_anchor(ch: Chapter, sec: Section, title: str) -> str:
    return f"{ch.title}{SEP}{sec.title}{SEP}{title}"


def block_lines(block: Block) -> list[str]:
    """Return one block of the parent's text as plain lines."""
    if isinstance(block, Paragraph):
        return [block.lead + block.text]
    if isinstance(block, ListBlock):
        return _list_lines(block)
    if isinstance(block, Box):
        items = [f"  {it.title}" + (f":{it.text}" if it.text else "") for it in block.items]
        return [f"【专栏】{block.title}", *items]
    if isinstance(block, Table):
        rows = [" | ".join(block.header), *(" | ".join(r) for r in block.rows)]
        return [f"【表】{block.title}", *rows, *(f"注:{n}" for n in block.notes)]
    if isinstance(block, Note):
        return [f"注:{block.text}"]
    assert isinstance(block, Insert)
    return []


def _list_lines(block: ListBlock) -> list[str]:
    out = []
    for i, item in enumerate(block.items, 1):
        mark = f"{i}." if block.bullet == "numbered" else block.bullet
        out.append(f"{mark}{item.lead}{item.text}")
    return out


def blocks_lines(blocks: Iterable[Block]) -> list[str]:
    """Return several blocks as plain lines."""
    return [line for block in blocks for line in block_lines(block)]


def goals_lines(plan: Plan) -> list[str]:
    """Return the parent's goals (overall, thematic, vision) as plain lines."""
    goals = plan.goals
    out = [goals.overall] if goals.overall else []
    for goal in goals.items:
        title = goal.title.rstrip("。")
        out.append(f"——{title}。{goal.text}" if goal.text else f"——{title}")
    if goals.vision:
        out.append(f"远景目标:{goals.vision}")
    return out


def indicators_lines(plan: Plan) -> list[str]:
    """Return the parent's indicator table summary, with the list of every id."""
    table = plan.indicators
    rows = list(table.iter_all())
    binding = sum(1 for ind in rows if ind.binding)
    out = [table.title] if table.title else []
    out.append(f"共 {len(rows)} 项指标,其中约束性 {binding} 项")
    out.append(IDS_LABEL + " ".join(ind.id for ind in rows))
    out.extend(f"注:{n}" for n in table.notes)
    return out


def _cell(raw: str | None) -> str:
    return "(空)" if raw is None or not str(raw).strip() else str(raw)


def indicator_line(ind: Indicator, plan: Plan) -> str:
    """Return one parent indicator as a single comment line: name, unit, values, attribute."""
    meta = plan.meta
    unit = f"({ind.unit})" if ind.unit else ""
    cells = [f"{meta.baseline_year}年 {_cell(ind.baseline)}"]
    cells += [f"{year}年 {value}" for year, value in ind.milestones]
    cells.append(f"{meta.period_end}年 {_cell(ind.target)}")
    for part in ind.parts:
        cells.append(f"{part.label} {_cell(part.baseline)}→{_cell(part.target)}")
    return f"{PREFIX}:{ind.name}{unit},{','.join(cells)},{ind.attribute}"


def dropped_line(parent_id: str, plan: Plan) -> str:
    """Return the mark for a link to an indicator the parent no longer has."""
    return (
        f"{PREFIX}:上级规划“{plan.meta.title}”已没有指标 {parent_id};"
        "请删除本指标,或删去 parent 链接和 todo 作为本级自有指标"
    )


def dropped_na_line(parent_id: str, plan: Plan) -> str:
    """Return the mark for a not-applicable entry naming an indicator the parent dropped."""
    return f"{PREFIX}:上级规划“{plan.meta.title}”已没有指标 {parent_id},本条可以删除"


def gone_line(anchor: str) -> str:
    """Return the mark for a run whose parent part no longer exists."""
    return f"{PREFIX}:上级规划中已没有这一部分(原为“{anchor}”);如不再需要,可删去本注释"


# -- looking parts up in the parent ------------------------------------------------------------


@dataclass
class ParentIndex:
    """What each anchor quotes in a parent plan, with a fallback by the last title alone."""

    texts: dict[str, list[str]] = field(default_factory=dict)
    by_last: dict[str, list[str]] = field(default_factory=dict)

    def lookup(self, anchor: str) -> tuple[str, list[str]] | None:
        """Return (anchor, lines) for an anchor, renamed parents matched by their last title."""
        if anchor in self.texts:
            return anchor, self.texts[anchor]
        last = anchor.split(SEP)[-1]
        candidates = self.by_last.get(last, [])
        if len(candidates) == 1 and last not in (INTRO,):
            return candidates[0], self.texts[candidates[0]]
        return None


def iter_anchors(plan: Plan) -> Iterator[tuple[str, list[str]]]:
    """Yield every anchor of a parent plan and the lines it quotes."""
    yield PREAMBLE, blocks_lines(plan.preamble)
    yield GOALS, goals_lines(plan)
    yield INDICATORS, indicators_lines(plan)
    for ch in plan.chapters:
        if ch.intro:
            yield intro_anchor(ch), blocks_lines(ch.intro)
        for sec in ch.sections:
            yield section_anchor(ch, sec), blocks_lines(sec.blocks)
            for sub in sec.subsections:
                yield subsection_anchor(ch, sec, sub.title), blocks_lines(sub.blocks)


def index_parent(plan: Plan) -> ParentIndex:
    """Index a parent plan by anchor."""
    index = ParentIndex()
    for anchor, lines in iter_anchors(plan):
        index.texts[anchor] = lines
        index.by_last.setdefault(anchor.split(SEP)[-1], []).append(anchor)
    return index


# -- reading runs back out of a file -----------------------------------------------------------


@dataclass
class Run:
    """A run of parent-text comment lines found in a file."""

    anchor: str
    lines: list[str]
    next_line: int  # 0-based line, in the text without runs, of the content that follows

    def known_ids(self) -> list[str] | None:
        """Return the parent ids a ``主要指标`` run lists, or None."""
        for line in self.lines:
            if line.startswith(IDS_LABEL):
                return line[len(IDS_LABEL) :].split()
        return None


def is_parent_text(line: str) -> bool:
    """Tell whether a line is a parent-text comment line."""
    return line.lstrip().startswith(("# " + PREFIX, "#" + PREFIX))


def strip_parent_text(text: str) -> tuple[str, list[Run]]:
    """Remove every parent-text comment line; return the text and the runs found."""
    kept: list[str] = []
    runs: list[tuple[int, list[str]]] = []
    previous_was_run = False
    for line in text.splitlines(keepends=True):
        if is_parent_text(line):
            if not previous_was_run:
                runs.append((len(kept), []))
            runs[-1][1].append(line.strip())
            previous_was_run = True
        else:
            kept.append(line)
            previous_was_run = False
    return "".join(kept), [_make_run(lines, _next_content(kept, at)) for at, lines in runs]


def _next_content(kept: list[str], start: int) -> int:
    for i in range(start, len(kept)):
        stripped = kept[i].strip()
        if stripped and not stripped.startswith("#"):
            return i
    return -1


def _make_run(raw: list[str], next_line: int) -> Run:
    anchor = ""
    lines: list[str] = []
    for line in raw:
        head = _HEADER_RE.match(line)
        if head and not anchor and not lines:
            anchor = head.group(1)
            continue
        found = _BODY_RE.match(line)
        lines.append(found.group(1) if found else line)
    return Run(anchor, lines, next_line)
