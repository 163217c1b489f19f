"""The view model: a plan turned into what the templates print, numbering included.

Templates loop and format; every decision (第一章 or 一、, 专栏2 or 表1, which columns the
indicator table has, which category cells merge) is made here, in Python, once.
"""

# No `from __future__ import annotations` here: typing.NamedTuple compiles every string
# annotation (a ForwardRef), which made importing these views measurably slower.

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import NamedTuple

from planforge.model import (
    Block,
    Box,
    Goals,
    Indicator,
    IndicatorTable,
    Insert,
    ListBlock,
    Note,
    Notice,
    Paragraph,
    Plan,
    Presentation,
    Section,
    Table,
)

_DIGITS = "零一二三四五六七八九"
_SENTENCE_END = "。！？；：…!?;:"
NO_VALUE = ""


def chinese_number(n: int) -> str:
    """Return 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (numbering up to 999)."""
    if n <= 0 or n >= 1000:
        return str(n)
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = f"{_DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    return out + (_DIGITS[ones] if ones else "")


def format_date(text: str) -> str:
    """Return ``2022-03-22`` as 2022年3月22日 and ``2021-12`` as 2021年12月 (GB/T 9704 style)."""
    parts = [p for p in re.split(r"[-/.]", text.strip()) if p]
    if not parts or not all(p.isdigit() for p in parts):
        return text
    units = ("年", "月", "日")
    return "".join(f"{int(p)}{u}" for p, u in zip(parts, units, strict=False))


def as_sentence(text: str) -> str:
    """Return the text ending in 。 unless it already ends in sentence punctuation."""
    text = text.rstrip()
    return text if not text or text[-1] in _SENTENCE_END else text + "。"


# -- numbering --------------------------------------------------------------------------------


def heading_label(scheme: str, level: int, n: int) -> str:
    """Return the label of the n-th heading of a level (0 chapter, 1 section, 2 subsection)."""
    cn = chinese_number(n)
    if scheme == "outline":
        return (f"{cn}、", f"（{cn}）", f"{n}.")[level]
    return (f"第{cn}章", f"第{cn}节", f"{cn}、")[level]


class Number(NamedTuple):
    """A 专栏 or 表 number: which counter (``box`` or ``table``) and its value.

    Templates print ``专栏{{ block.number }}`` or ``表{{ block.number }}`` after testing
    ``block.counter``, so an office that calls its boxes 表 changes a template, not Python;
    ``label`` is the default wording, ready made.
    """

    counter: str
    value: int

    @property
    def label(self) -> str:
        return f"{'专栏' if self.counter == 'box' else '表'}{self.value}"


class Counters:
    """Running counters for 专栏 and 表 in document order, following ``indicator_table``."""

    def __init__(self, presentation: Presentation) -> None:
        self.as_box = presentation.indicator_table != "table"
        # The indicator table is 专栏1 (boxes from 2) or 表1 (tables from 2).
        self.boxes = 1 if self.as_box else 0
        self.tables = 0 if self.as_box else 1

    def next_box(self) -> Number:
        self.boxes += 1
        return Number("box", self.boxes)

    def next_table(self) -> Number:
        self.tables += 1
        return Number("table", self.tables)

    def indicator_number(self) -> Number:
        return Number("box", 1) if self.as_box else Number("table", 1)


# -- views ------------------------------------------------------------------------------------


class ParagraphView(NamedTuple):
    text: str
    lead: str = ""
    prefix: str = ""
    todo: bool = False
    kind: str = "paragraph"


class ListView(NamedTuple):
    items: tuple[ParagraphView, ...]
    kind: str = "list"


class BoxItemView(NamedTuple):
    prefix: str
    title: str
    text: str


class BoxView(NamedTuple):
    numbered: Number
    title: str
    items: tuple[BoxItemView, ...]
    kind: str = "box"

    @property
    def label(self) -> str:
        return self.numbered.label

    @property
    def counter(self) -> str:
        return self.numbered.counter

    @property
    def number(self) -> int:
        return self.numbered.value


class TableView(NamedTuple):
    numbered: Number
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...]
    kind: str = "table"

    @property
    def label(self) -> str:
        return self.numbered.label

    @property
    def counter(self) -> str:
        return self.numbered.counter

    @property
    def number(self) -> int:
        return self.numbered.value


class IndicatorTableView(NamedTuple):
    """The main indicator table: blank cells in ``merge`` columns continue the cell above."""

    numbered: Number
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    merge: tuple[str, ...]
    notes: tuple[str, ...]
    kind: str = "indicators"

    @property
    def label(self) -> str:
        return self.numbered.label

    @property
    def counter(self) -> str:
        return self.numbered.counter

    @property
    def number(self) -> int:
        return self.numbered.value


class NoteView(NamedTuple):
    text: str
    kind: str = "note"


class GoalView(NamedTuple):
    prefix: str
    lead: str
    text: str


class GoalsView(NamedTuple):
    overall: str
    items: tuple[GoalView, ...]
    kind: str = "goals"


class VisionView(NamedTuple):
    text: str
    kind: str = "vision"


BlockView = (
    ParagraphView
    | ListView
    | BoxView
    | TableView
    | IndicatorTableView
    | NoteView
    | GoalsView
    | VisionView
)


class SubsectionView(NamedTuple):
    label: str
    title: str
    blocks: tuple[BlockView, ...]


class SectionView(NamedTuple):
    label: str
    title: str
    blocks: tuple[BlockView, ...]
    subsections: tuple[SubsectionView, ...]


class ChapterView(NamedTuple):
    label: str
    title: str
    intro: tuple[BlockView, ...]
    sections: tuple[SectionView, ...]


class NoticeView(NamedTuple):
    issuer: str
    doc_number: str
    title: str
    addressees: str
    body: tuple[str, ...]
    signature: str
    date: str
    disclosure: str
    cc: str
    printed_by: str
    printed_date: str


class PlanView(NamedTuple):
    """What ``plan.md.j2`` receives as ``plan``."""

    title: str
    short_title: str
    region: str
    level: str
    office: str
    date: str
    doc_number: str
    period_start: int
    period_end: int
    period: str
    baseline_year: int
    vision_year: int | None
    basis: tuple[str, ...]
    numbering: str
    notice: NoticeView | None
    preamble: tuple[BlockView, ...]
    chapters: tuple[ChapterView, ...]


# -- building ---------------------------------------------------------------------------------


class _ViewBuilder:
    """Walk the plan in document order so 专栏 and 表 numbers follow the reading order."""

    def __init__(self, plan: Plan, parent: Plan | None) -> None:
        self.plan = plan
        self.parent = parent
        self.counters = Counters(plan.presentation)
        self.scheme = plan.presentation.numbering

    def blocks(self, blocks: Sequence[Block]) -> tuple[BlockView, ...]:
        return tuple(view for block in blocks for view in self.block(block))

    def block(self, block: Block) -> Iterator[BlockView]:
        if isinstance(block, Paragraph):
            yield _paragraph(block)
        elif isinstance(block, ListBlock):
            yield ListView(
                tuple(_paragraph(p, _bullet(block.bullet, i)) for i, p in enumerate(block.items, 1))
            )
        elif isinstance(block, Box):
            yield self.box(block)
        elif isinstance(block, Table):
            yield TableView(
                self.counters.next_table(), block.title, block.header, block.rows, block.notes
            )
        elif isinstance(block, Note):
            yield NoteView(block.text)
        elif isinstance(block, Insert):
            yield from self.insert(block.what)

    def box(self, box: Box) -> BoxView:
        numbered = self.plan.presentation.box_item_numbers
        items = tuple(
            BoxItemView(f"{i}." if numbered else "", item.title, item.text)
            for i, item in enumerate(box.items, 1)
        )
        return BoxView(self.counters.next_box(), box.title, items)

    def insert(self, what: str) -> Iterator[BlockView]:
        goals = self.plan.goals
        if what == "goals" and (goals.overall or goals.items):
            yield _goals(goals, self.plan.presentation.goal_bullet)
        elif what == "vision" and goals.vision:
            yield VisionView(goals.vision)
        elif what == "indicator_table" and self.plan.indicators.items:
            yield self.indicator_table()

    def indicator_table(self) -> IndicatorTableView:
        return indicator_table_view(self.plan, self.counters.indicator_number(), self.parent)

    def chapters(self) -> tuple[ChapterView, ...]:
        out = []
        for ci, ch in enumerate(self.plan.chapters, 1):
            intro = self.blocks(ch.intro)
            sections = tuple(self.section(si, sec) for si, sec in enumerate(ch.sections, 1))
            out.append(ChapterView(heading_label(self.scheme, 0, ci), ch.title, intro, sections))
        return tuple(out)

    def section(self, index: int, sec: Section) -> SectionView:
        blocks = self.blocks(sec.blocks)
        subs = tuple(
            SubsectionView(heading_label(self.scheme, 2, i), sub.title, self.blocks(sub.blocks))
            for i, sub in enumerate(sec.subsections, 1)
        )
        return SectionView(heading_label(self.scheme, 1, index), sec.title, blocks, subs)


def _bullet(bullet: str, index: int) -> str:
    if bullet == "numbered":
        return f"{index}."
    return bullet


def _paragraph(p: Paragraph, prefix: str = "") -> ParagraphView:
    return ParagraphView(text=p.text, lead=p.lead, prefix=prefix, todo=p.todo)


def _goals(goals: Goals, bullet: str) -> GoalsView:
    items = tuple(GoalView(bullet, as_sentence(g.title), g.text) for g in goals.items)
    return GoalsView(goals.overall, items)


# -- the indicator table ------------------------------------------------------------------------


def indicator_table_view(
    plan: Plan, numbered: Number, parent: Plan | None = None
) -> IndicatorTableView:
    """Lay out the indicator table: columns present, one row per indicator, part or 其中 row."""
    table = plan.indicators
    columns = _columns(plan, table)
    rows: list[tuple[str, ...]] = []
    number = 0
    previous_category = None
    for item in table.items:
        number += 1
        category = item.category if item.category != previous_category else ""
        previous_category = item.category
        rows.extend(_indicator_rows(columns, item, str(number), category))
        for child in item.children:
            if plan.presentation.sub_row_numbers:
                number += 1
            shown = str(number) if plan.presentation.sub_row_numbers else ""
            rows.extend(_indicator_rows(columns, child, shown, "", prefix="其中："))
    merge = tuple(
        h for k, h in zip(columns.keys, columns.header, strict=True) if k in ("number", "category")
    )
    notes = tuple(_indicator_notes(plan, table, parent))
    return IndicatorTableView(numbered, table.title, columns.header, tuple(rows), merge, notes)


class _Columns(NamedTuple):
    keys: tuple[str, ...]
    header: tuple[str, ...]
    milestone_years: tuple[int, ...]


def _columns(plan: Plan, table: IndicatorTable) -> _Columns:
    pres, meta = plan.presentation, plan.meta
    years = sorted({y for ind in table.iter_all() for y, _ in (*ind.milestones, *_part_years(ind))})
    keys: list[str] = ["number"]
    if any(ind.category for ind in table.items):
        keys.append("category")
    keys += ["name", "unit", "baseline", *(f"milestone:{y}" for y in years), "target", "attribute"]
    defaults = {
        "number": "序号",
        "category": "类别",
        "name": "指标名称",
        "unit": "单位",
        "baseline": f"{meta.baseline_year}年",
        "target": f"{meta.period_end}年",
        "attribute": "属性",
    }
    header = []
    for key in keys:
        if key.startswith("milestone:"):
            year = key.split(":")[1]
            custom = pres.header("milestone", "")
            header.append(custom if custom and len(years) == 1 else f"{year}年")
        else:
            header.append(pres.header(key, defaults[key]))
    return _Columns(tuple(keys), tuple(header), tuple(years))


def _part_years(ind: Indicator) -> Iterator[tuple[int, str]]:
    for part in ind.parts:
        yield from part.milestones


def _indicator_rows(
    columns: _Columns, ind: Indicator, number: str, category: str, prefix: str = ""
) -> list[tuple[str, ...]]:
    if not ind.parts:
        values = {"baseline": ind.baseline, "target": ind.target, **_milestones(ind.milestones)}
        return [_row(columns, number, category, prefix + ind.name, ind, values)]
    rows = []
    for i, part in enumerate(ind.parts):
        values = {"baseline": part.baseline, "target": part.target, **_milestones(part.milestones)}
        name = f"{prefix}{ind.name}（{part.label}）"
        rows.append(
            _row(columns, number if i == 0 else "", category if i == 0 else "", name, ind, values)
        )
    return rows


def _milestones(items: Sequence[tuple[int, str]]) -> dict[str, str | None]:
    return {f"milestone:{year}": value for year, value in items}


def _row(
    columns: _Columns,
    number: str,
    category: str,
    name: str,
    ind: Indicator,
    values: Mapping[str, str | None],
) -> tuple[str, ...]:
    fixed = {
        "number": number,
        "category": category,
        "name": name,
        "unit": ind.unit,
        "attribute": ind.attribute,
    }
    return tuple(
        fixed[key] if key in fixed else (values.get(key) or NO_VALUE) for key in columns.keys
    )


def _indicator_notes(plan: Plan, table: IndicatorTable, parent: Plan | None) -> Iterator[str]:
    yield from table.notes
    for ind in table.iter_all():
        if ind.note:
            yield f"{ind.name}：{as_sentence(ind.note)}"
    for na in table.not_applicable:
        named = parent.indicator_index.get(na.parent) if parent else None
        name = named.name if named else na.parent
        yield f"上级规划约束性指标“{name}”不适用于本级：{as_sentence(na.reason)}"


# -- entry point --------------------------------------------------------------------------------


def _notice(notice: Notice | None) -> NoticeView | None:
    if notice is None:
        return None
    return NoticeView(
        issuer=notice.issuer,
        doc_number=notice.doc_number,
        title=notice.title,
        addressees=notice.addressees,
        body=notice.body,
        signature=notice.signature,
        date=format_date(notice.date),
        disclosure=notice.disclosure,
        cc=notice.cc,
        printed_by=notice.printed_by,
        printed_date=format_date(notice.printed_date),
    )


def build_view(plan: Plan, parent: Plan | None = None) -> PlanView:
    """Return the view model of a plan; ``parent`` names the indicators it declares not applicable."""
    meta = plan.meta
    builder = _ViewBuilder(plan, parent)
    preamble = builder.blocks(plan.preamble)
    chapters = builder.chapters()
    return PlanView(
        title=meta.title,
        short_title=meta.short_title or meta.title,
        region=meta.region,
        level=meta.level,
        office=meta.office,
        date=format_date(meta.date),
        doc_number=meta.doc_number,
        period_start=meta.period_start,
        period_end=meta.period_end,
        period=f"{meta.period_start}—{meta.period_end}年",
        baseline_year=meta.baseline_year,
        vision_year=meta.vision_year,
        basis=meta.basis,
        numbering=plan.presentation.numbering,
        notice=_notice(meta.notice),
        preamble=preamble,
        chapters=chapters,
    )
