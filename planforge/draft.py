"""Draft a child plan from its parent (``planforge new --from``).

The draft has the child's metadata (title, office, basis derived from the parent and the
region), the parent's outline with a placeholder where the child writes its own text and the
parent's text beside it as ``# 上级原文`` comments, every parent indicator linked (target carried,
baseline to fill in), and the parent's boxes as placeholders for the child's own programmes.

TODO marks, chosen to be listed by ``validate`` (rule PF901) and visible in a built document:

* text to write is ``【待填写】…`` (a paragraph, a goal, a box item's text);
* an indicator's baseline is ``"【待填写】"``: the value grammar reads it as a statement, so the
  plan stays valid and the table cell shows the mark;
* an indicator whose target is the parent's, carried as a starting value, has ``todo: true``;
  the drafter removes it once the target is the child's own.

Nothing here prints or writes; the CLI writes the text with :mod:`planforge.yamlwrite`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from planforge import parenttext as pt
from planforge.errors import PlanforgeError, Problem, YamlPath
from planforge.levelwords import LevelWords, load_level_words
from planforge.loader import load_plan
from planforge.model import (
    Block,
    Box,
    Chapter,
    Indicator,
    Insert,
    ListBlock,
    Meta,
    Paragraph,
    Part,
    Plan,
    Presentation,
    Section,
)
from planforge.yamlwrite import (
    PLANFORGE_INDENT,
    Indent,
    comment_after,
    comment_before,
    dump_yaml,
    relative_path,
    schema_hint,
)

TODO = "【待填写】"
LEVELS = ("national", "province", "city", "district")
_LEVEL_ZH = {"national": "国家级", "province": "省级", "city": "市级", "district": "区县级"}

# -- five-year plan names --------------------------------------------------------------------

_DIGITS = "〇一二三四五六七八九"


def cn_number(n: int) -> str:
    """Write 1–99 in Chinese numerals: 14 → 十四, 20 → 二十."""
    if not 0 < n < 100:
        raise ValueError(f"number out of range: {n}")
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def cn_year(year: int) -> str:
    """Write a year digit by digit: 2035 → 二〇三五."""
    return "".join(_DIGITS[int(d)] for d in str(year))


def fyp_number(start: int) -> int:
    """Return which five-year plan a period starting in ``start`` belongs to (1st = 1953–1957)."""
    return (start - 1953) // 5 + 1


def fyp_label(start: int) -> str:
    """Return the short name of the five-year plan: 2021 → 十四五, 2026 → 十五五."""
    return cn_number(fyp_number(start)) + "五"


def fyp_ordinal(start: int) -> str:
    """Return ``第十四个五年规划`` for a period starting in 2021."""
    return f"第{cn_number(fyp_number(start))}个五年规划"


def outline_name(region: str, start: int, vision_year: int | None) -> str:
    """Return the name of a region's overall outline (国民经济和社会发展……纲要)."""
    vision = f"和{cn_year(vision_year)}年远景目标" if vision_year else ""
    return f"{region}国民经济和社会发展{fyp_ordinal(start)}{vision}纲要"


# -- the child's names -----------------------------------------------------------------------


@dataclass(frozen=True)
class ChildNames:
    """Who the child is and what its plan is called."""

    region: str
    level: str
    full_region: str
    title: str
    short_title: str
    office: str
    basis: tuple[str, ...]


def child_level(parent: Meta) -> str:
    """Return the level below the parent's (a 直辖市 at province level has districts below)."""
    if parent.level == "province" and parent.region.endswith("市"):
        return "district"
    index = LEVELS.index(parent.level) if parent.level in LEVELS else len(LEVELS) - 1
    if index + 1 >= len(LEVELS):
        raise PlanforgeError(
            f"上级规划“{parent.title}”已是区县级,没有更低的层级;请用 --level 指定本级层级"
        )
    return LEVELS[index + 1]


def full_region(parent: Meta, region: str, level: str) -> str:
    """Return the region as it appears in titles: a district is prefixed by its city."""
    prefixed = level == "district" and parent.region.endswith(("市", "州", "盟"))
    if prefixed and not region.startswith(parent.region):
        return parent.region + region
    return region


def office_name(full: str, level: str) -> str:
    """Return the compiling office: 民政厅 for a province or autonomous region, else 民政局."""
    if level == "province" and full.endswith(("省", "自治区")):
        return f"{full}民政厅"
    return f"{full}民政局"


def child_names(parent: Meta, region: str, level: str | None, office: str | None) -> ChildNames:
    """Derive the child's title, office and basis from the parent and the region."""
    region = region.strip()
    if region.startswith(parent.region) and len(region) > len(parent.region):
        region = region[len(parent.region) :]
    if not region:
        raise PlanforgeError("地区名称(--region)不能为空")
    lvl = level or child_level(parent)
    full = full_region(parent, region, lvl)
    label = fyp_label(parent.period_start)
    basis = (parent.title, outline_name(full, parent.period_start, parent.vision_year))
    return ChildNames(
        region=region,
        level=lvl,
        full_region=full,
        title=f"{full}民政事业发展“{label}”规划",
        short_title=f"{region}民政“{label}”规划",
        office=office or office_name(full, lvl),
        basis=basis,
    )


# -- small ruamel helpers ----------------------------------------------------------------------


def quoted(text: str) -> DoubleQuotedScalarString:
    """Return a value written in double quotes, as plans write indicator values."""
    scalar: DoubleQuotedScalarString = DoubleQuotedScalarString(text)
    return scalar


def unit_scalar(unit: str) -> str:
    """Return a unit, quoted when YAML would otherwise read it specially (``%``)."""
    return unit if unit[:1].isalnum() or ord(unit[:1] or "a") > 0x2E7F else quoted(unit)


def flow_map(pairs: Iterable[tuple[Any, Any]]) -> CommentedMap:
    """Return a mapping written on one line: ``{start: 2021, end: 2025}``."""
    out = CommentedMap(pairs)
    out.fa.set_flow_style()
    return out


def year_map(values: Iterable[tuple[int, str]]) -> CommentedMap:
    return flow_map((year, quoted(value)) for year, value in values)


@dataclass
class Comments:
    """Comments to attach once the tree is complete, by YAML path of the mapping and key."""

    before: list[tuple[YamlPath, str, list[str]]] = field(default_factory=list)
    after: list[tuple[YamlPath, str, str]] = field(default_factory=list)

    def add_before(self, path: YamlPath, key: str, lines: list[str]) -> None:
        if lines:
            self.before.append((path, key, lines))

    def add_after(self, path: YamlPath, key: str, text: str) -> None:
        self.after.append((path, key, text))

    def apply(self, data: Any, indent: Indent = PLANFORGE_INDENT) -> None:
        """Attach every comment to the tree, at the columns ``indent`` puts its keys."""
        for path, key, lines in self.before:
            comment_before(data, path, key, lines, indent)
        for path, key, text in self.after:
            comment_after(data, path, key, text, indent)


# -- indicators ------------------------------------------------------------------------------


def iter_indicator_rows(data: Any) -> Iterator[tuple[YamlPath, CommentedMap]]:
    """Yield every indicator row of a plan tree with its path, children after their row."""
    table = data.get("indicators") if isinstance(data, CommentedMap) else None
    items = table.get("items") if isinstance(table, CommentedMap) else None
    if isinstance(items, CommentedSeq):
        yield from _rows(items, ("indicators", "items"))


def _rows(seq: CommentedSeq, path: YamlPath) -> Iterator[tuple[YamlPath, CommentedMap]]:
    for i, row in enumerate(seq):
        if not isinstance(row, CommentedMap):
            continue
        yield (*path, i), row
        children = row.get("children")
        if isinstance(children, CommentedSeq):
            yield from _rows(children, (*path, i, "children"))


@dataclass
class IndicatorDrafter:
    """Drafts child indicators linked to the parent's (used by ``new`` and ``sync``).

    Rows are built first and commented afterwards, by path, because ``sync`` inserts rows
    among existing ones and only knows their final place at the end.
    """

    parent: Plan
    words: LevelWords
    comments: Comments

    def draft(self, ind: Indicator, skip: frozenset[str] = frozenset()) -> CommentedMap:
        """Return the child row for a parent indicator (children included, but not ``skip``)."""
        row = CommentedMap()
        row["id"] = ind.id
        if ind.category:
            row["category"] = self.words.apply(ind.category)
        row["name"] = self.words.apply(ind.name)
        if ind.unit:
            row["unit"] = unit_scalar(ind.unit)
        self._values(row, ind)
        row["attribute"] = ind.attribute
        self._optional(row, ind)
        row["parent"] = ind.id
        row["todo"] = True
        if ind.parts:
            row["parts"] = CommentedSeq(self._part(p) for p in ind.parts)
        if ind.children:
            kept = [self.draft(c, skip) for c in ind.children if c.id not in skip]
            if kept:
                row["children"] = CommentedSeq(kept)
        return row

    def _values(self, row: CommentedMap, ind: Indicator) -> None:
        if ind.parts:
            return  # each part carries its own values
        row["baseline"] = quoted(TODO)
        if ind.milestones:
            row["milestones"] = year_map(ind.milestones)
        row["target"] = quoted(ind.target) if ind.target is not None else quoted(TODO)

    def _optional(self, row: CommentedMap, ind: Indicator) -> None:
        if ind.direction != "higher":
            row["direction"] = ind.direction
        if ind.kind:
            row["kind"] = ind.kind
        if ind.basis != "annual":
            row["basis"] = ind.basis
        if ind.note:
            row["note"] = self.words.apply(ind.note)

    def _part(self, part: Part) -> CommentedMap:
        pairs: list[tuple[str, Any]] = [("label", part.label), ("baseline", quoted(TODO))]
        if part.milestones:
            pairs.append(("milestones", year_map(part.milestones)))
        target = part.target if part.target is not None else TODO
        pairs.append(("target", quoted(target)))
        return flow_map(pairs)

    def quote_parent(self, ind: Indicator, path: YamlPath) -> None:
        """Register the parent's values as a ``# 上级原文`` line before the row's name."""
        self.comments.add_before(path, "name", [pt.indicator_line(ind, self.parent)])

    def guide(self, ind: Indicator, row: CommentedMap, path: YamlPath) -> None:
        """Register the drafting hints of a freshly drafted row and its children."""
        year = self.parent.meta.baseline_year
        if "baseline" in row:
            self.comments.add_after(path, "baseline", f"本级{year}年实际值")
        if ind.target is not None and "【待" not in ind.target and "target" in row:
            self.comments.add_after(path, "target", "暂用上级目标值;确定本级目标后删去 todo")
        if ind.binding:
            note = "上级约束性指标:须承接;确不适用时删去本行,在 not_applicable 中写明理由"
            self.comments.add_after(path, "attribute", note)
        by_id = {c.id: c for c in ind.children}
        for i, child_row in enumerate(row.get("children") or []):
            child = by_id.get(str(child_row.get("parent", "")))
            if child is not None:
                self.guide(child, child_row, (*path, "children", i))

    def draft_commented(self, ind: Indicator, path: YamlPath) -> CommentedMap:
        """Draft a row that stays at ``path``: parent quotes and hints registered."""
        row = self.draft(ind)
        self.guide(ind, row, path)
        self.quote_tree(ind, path)
        return row

    def quote_tree(self, ind: Indicator, path: YamlPath) -> None:
        self.quote_parent(ind, path)
        for i, child in enumerate(ind.children):
            self.quote_tree(child, (*path, "children", i))


# -- the whole draft -------------------------------------------------------------------------

PROSE_HINT = "本节内容,可参照上级原文(见注释)。"


@dataclass
class Draft:
    """What ``new`` produced: the YAML text and what to tell the user."""

    path: Path
    text: str = ""
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    todo_count: int = 0


class _Drafter:
    """Builds the child tree from the parent plan, registering comments by path."""

    def __init__(self, parent: Plan, names: ChildNames, out_path: Path, words: LevelWords):
        self.parent = parent
        self.names = names
        self.out_path = out_path
        self.words = words
        self.comments = Comments()
        self.indicators = IndicatorDrafter(parent, words, self.comments)

    def build(self) -> CommentedMap:
        root = CommentedMap()
        root["format"] = 1
        root["meta"] = self.meta()
        if self.parent.source.data.get("presentation"):
            root["presentation"] = presentation_map(self.parent.presentation)
        root["preamble"] = self.preamble()
        if self.parent.goals.overall or self.parent.goals.items or self.parent.goals.vision:
            root["goals"] = self.goals()
        if self.parent.indicators.items:
            root["indicators"] = self.indicator_table()
        root["chapters"] = CommentedSeq(
            self.chapter(ch, ("chapters", i)) for i, ch in enumerate(self.parent.chapters)
        )
        return root

    # meta and top-level parts

    def meta(self) -> CommentedMap:
        pm, names = self.parent.meta, self.names
        meta = CommentedMap()
        meta["title"] = names.title
        if pm.short_title:
            meta["short_title"] = names.short_title
        meta["region"] = names.region
        meta["level"] = names.level
        meta["office"] = names.office
        meta["period"] = flow_map([("start", pm.period_start), ("end", pm.period_end)])
        meta["baseline_year"] = pm.baseline_year
        if pm.vision_year:
            meta["vision_year"] = pm.vision_year
        meta["parent"] = relative_path(self.parent.path, self.out_path.parent)
        meta["basis"] = CommentedSeq(names.basis)
        self.comments.add_after(("meta",), "office", "编制日期写在 date,如 2025-12")
        return meta

    def preamble(self) -> CommentedSeq:
        pm = self.parent.meta
        basis = "".join(f"《{b}》" for b in self.names.basis)
        vision = f",展望至{pm.vision_year}年" if pm.vision_year else ""
        text = (
            f"为【待填写:编制目的】,依据{basis},特制定本规划。"
            f"规划期为{pm.period_start}—{pm.period_end}年{vision}。"
        )
        lines = pt.run(pt.PREAMBLE, pt.blocks_lines(self.parent.preamble))
        self.comments.add_before((), "preamble", lines)
        return CommentedSeq([text])

    def goals(self) -> CommentedMap:
        goals = self.parent.goals
        out = CommentedMap()
        out["overall"] = f"{TODO}本级总体目标。"
        if goals.items:
            out["items"] = CommentedSeq(self.goal(g.title, g.indicators) for g in goals.items)
        if goals.vision:
            out["vision"] = f"{TODO}远景目标。"
        self.comments.add_before((), "goals", pt.run(pt.GOALS, pt.goals_lines(self.parent)))
        return out

    def goal(self, title: str, indicators: tuple[str, ...]) -> CommentedMap:
        goal = CommentedMap()
        goal["title"] = self.words.apply(title)
        goal["text"] = f"{TODO}本级目标。"
        if indicators:
            goal["indicators"] = flow_seq(indicators)
        return goal

    def indicator_table(self) -> CommentedMap:
        table = CommentedMap()
        table["title"] = self.table_title()
        items = CommentedSeq()
        for i, ind in enumerate(self.parent.indicators.items):
            items.append(self.indicators.draft_commented(ind, ("indicators", "items", i)))
        table["items"] = items
        guide = [
            "每项指标链接上级同名指标(parent);基期值填本级实际值,目标值按本级实际确定,不低于上级要求。",
            "上级约束性指标确不适用于本级时,删去该指标,并在 not_applicable 中写明 {parent: 指标id, reason: 理由}。",
        ]
        self.comments.add_before(("indicators",), "items", guide)
        lines = pt.run(pt.INDICATORS, pt.indicators_lines(self.parent))
        self.comments.add_before(("indicators",), "items", lines)
        return table

    def table_title(self) -> str:
        parent_title = self.parent.indicators.title
        label = fyp_label(self.parent.meta.period_start)
        if not parent_title:
            return f"“{label}”{self.names.region}民政事业主要发展指标"
        return replace_region(parent_title, self.parent.meta.region, self.names.region)

    # chapters

    def chapter(self, ch: Chapter, path: YamlPath) -> CommentedMap:
        out = CommentedMap()
        out["title"] = self.words.apply(ch.title)
        if ch.intro:
            out["intro"] = CommentedSeq([f"{TODO}本章导语。"])
            lines = pt.run(pt.intro_anchor(ch), pt.blocks_lines(ch.intro))
            self.comments.add_before(path, "intro", lines)
        if ch.sections:
            out["sections"] = CommentedSeq(
                self.section(ch, s, (*path, "sections", i)) for i, s in enumerate(ch.sections)
            )
        return out

    def section(self, ch: Chapter, sec: Section, path: YamlPath) -> CommentedMap:
        out = CommentedMap()
        out["title"] = self.words.apply(sec.title)
        if sec.blocks:
            out["blocks"] = self.blocks(sec.blocks)
            self.comments.add_before(
                path, "blocks", pt.run(pt.section_anchor(ch, sec), pt.blocks_lines(sec.blocks))
            )
        if sec.subsections:
            subs = CommentedSeq()
            for i, sub in enumerate(sec.subsections):
                item = CommentedMap()
                item["title"] = self.words.apply(sub.title)
                if sub.blocks:
                    item["blocks"] = self.blocks(sub.blocks)
                    anchor = pt.subsection_anchor(ch, sec, sub.title)
                    lines = pt.run(anchor, pt.blocks_lines(sub.blocks))
                    self.comments.add_before((*path, "subsections", i), "blocks", lines)
                subs.append(item)
            out["subsections"] = subs
        return out

    def blocks(self, blocks: tuple[Block, ...]) -> CommentedSeq:
        """Return placeholders: one per run of prose, a placeholder box per box, inserts kept."""
        out = CommentedSeq()
        prose = False
        for block in blocks:
            if isinstance(block, Insert):
                out.append(CommentedMap([("insert", block.what)]))
            elif isinstance(block, Box):
                out.append(self.box(block))
            elif isinstance(block, (Paragraph, ListBlock)) and not prose:
                out.append(TODO + PROSE_HINT)
            # Tables and notes stay in the comments; they do not open a new placeholder.
            if isinstance(block, (Insert, Box, Paragraph, ListBlock)):
                prose = isinstance(block, (Paragraph, ListBlock))
        if not out:
            out.append(TODO + PROSE_HINT)
        return out

    def box(self, box: Box) -> CommentedMap:
        out = CommentedMap()
        out["box"] = self.words.apply(box.title)
        items = CommentedSeq()
        for item in box.items or ():
            entry = CommentedMap()
            entry["title"] = self.words.apply(item.title)
            entry["text"] = f"{TODO}本级建设内容。"
            items.append(entry)
        if not items:
            items.append(
                CommentedMap([("title", f"{TODO}项目名称"), ("text", f"{TODO}建设内容。")])
            )
        out["items"] = items
        return out


def flow_seq(items: Iterable[str]) -> CommentedSeq:
    """Return a list written on one line: ``[zb01, zb02]``."""
    out = CommentedSeq(items)
    out.fa.set_flow_style()
    return out


def presentation_map(pres: Presentation) -> CommentedMap:
    """Return the parent's presentation choices for the child to start from."""
    out = CommentedMap()
    out["numbering"] = pres.numbering
    out["indicator_table"] = pres.indicator_table
    out["box_item_numbers"] = pres.box_item_numbers
    if pres.goal_bullet:
        out["goal_bullet"] = pres.goal_bullet
    if pres.sub_row_numbers:
        out["sub_row_numbers"] = True
    if pres.indicator_headers:
        out["indicator_headers"] = flow_map(pres.indicator_headers)
    return out


def replace_region(text: str, parent_region: str, region: str) -> str:
    """Replace the parent's region name (重庆市, or 重庆 alone) by the child's."""
    if parent_region in text:
        return text.replace(parent_region, region)
    short = parent_region[:-1] if parent_region.endswith(("市", "省", "州", "盟")) else ""
    return text.replace(short, region) if len(short) >= 2 else text


def file_header(out_path: Path, lines: Iterable[str]) -> str:
    """Return the comment lines that open a generated plan: schema hint, then notes."""
    head = [schema_hint(out_path), *(f"# {line}" for line in lines)]
    return "\n".join(head) + "\n"


def count_todo(text: str) -> int:
    """Count the TODO marks a draft has (placeholders and ``todo: true``)."""
    return sum(
        line.count("【待") + ("todo: true" in line)
        for line in text.splitlines()
        if not line.lstrip().startswith("#")
    )


def render_tree(data: Any, comments: Comments, header: str) -> str:
    """Attach comments and dump the tree under its header."""
    comments.apply(data)
    return header + dump_yaml(data)


def new_from_parent(
    parent_path: Path,
    region: str,
    out_path: Path | None = None,
    *,
    level: str | None = None,
    office: str | None = None,
    words_file: Path | None = None,
) -> Draft:
    """Draft a child plan for ``region`` from the plan at ``parent_path``."""
    loaded = load_plan(parent_path)
    if loaded.plan is None:
        return Draft(out_path or parent_path, problems=[p for p in loaded.problems if p.is_error])
    parent = loaded.plan
    names = child_names(parent.meta, region, level, office)
    target = out_path or parent_path.parent / f"{names.region}.yaml"
    if target.resolve() == parent_path.resolve():
        raise PlanforgeError(f"输出文件“{target}”就是上级规划本身,请用 -o 指定其他文件")
    words = load_level_words(names.level, names.region, words_file)
    drafter = _Drafter(parent, names, target, words)
    tree = drafter.build()
    header = file_header(target, _header_notes(parent_path, target))
    text = render_tree(tree, drafter.comments, header)
    return Draft(
        target, text, notes=_notes(parent, names, words, text), todo_count=count_todo(text)
    )


def _header_notes(parent_path: Path, target: Path) -> list[str]:
    parent_ref = relative_path(parent_path, target.parent)
    return [
        f"本文件由 planforge new 根据上级规划 {parent_ref} 生成,是本级规划的初稿。",
        "【待填写】、todo: true 标出要填写或确认的地方;planforge validate 会逐一列出。",
        "以“# 上级原文”开头的注释是上级规划的原文,供对照;planforge sync 会刷新它们,请勿修改。",
    ]


def _notes(parent: Plan, names: ChildNames, words: LevelWords, text: str) -> list[str]:
    rows = list(parent.indicators.iter_all())
    binding = sum(1 for r in rows if r.binding)
    level = _LEVEL_ZH.get(names.level, names.level)
    notes = [
        f"标题:{names.title}({level},编制单位 {names.office})",
        f"沿用上级 {len(parent.chapters)} 章的提纲;链接上级指标 {len(rows)} 项,其中约束性 {binding} 项",
        f"待填写 {count_todo(text)} 处",
    ]
    if words.used:
        notes.append(f"用语替换({words.key}):{words.summary()}")
    elif not words.key:
        notes.append(f"用语替换表中没有适用于“{names.level}/{names.region}”的条目,未做替换")
    return notes
