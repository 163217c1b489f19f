"""Writing the plan YAML (ruamel round-trip objects, so inferences carry comments)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from planforge.importer.boxes import BoxItem
from planforge.importer.chinese import shadow
from planforge.importer.front import Front, Notice
from planforge.importer.indicators import IndicatorRow, IndicatorTable
from planforge.importer.items import Box, Content, Note, Para, Table
from planforge.importer.tables import ATTRIBUTE, CATEGORY, NAME, SEQ, UNIT
from planforge.importer.tree import Body, Goals, Insert, Node

_LOWER = re.compile(r"^(≤|<|不高于|不超过|低于|控制在)")


@dataclass
class PlanMeta:
    """Facts about the plan decided outside the body."""

    title: str
    region: str
    level: str
    source_file: str
    period: tuple[int, int] | None = None
    vision_year: int | None = None
    basis: list[str] = field(default_factory=list)
    office: str = ""
    date: str = ""
    doc_number: str = ""
    truncated: bool = False
    note: str = ""
    parent: str = ""
    level_note: str = ""


def _q(value: str) -> DoubleQuotedScalarString:
    quoted: DoubleQuotedScalarString = DoubleQuotedScalarString(value)
    return quoted


def _cm(**pairs: Any) -> CommentedMap:
    out = CommentedMap()
    for k, v in pairs.items():
        if v is not None and v != "" and v != []:
            out[k] = v
    return out


def _flow(data: CommentedMap) -> CommentedMap:
    data.fa.set_flow_style()
    return data


def _note(container: CommentedMap | CommentedSeq, key: str | int, notes: list[str]) -> None:
    if notes:
        container.yaml_add_eol_comment("# " + ";".join(dict.fromkeys(notes)), key)


# -- meta -------------------------------------------------------------------------------------


def meta_map(meta: PlanMeta, front: Front) -> CommentedMap:
    """The ``meta`` mapping."""
    m = _cm(
        title=meta.title,
        region=meta.region,
        level=meta.level,
        office=meta.office,
        date=meta.date,
        doc_number=meta.doc_number,
    )
    _note(m, "level", [meta.level_note] if meta.level_note else [])
    if meta.period:
        m["period"] = _flow(CommentedMap(start=meta.period[0], end=meta.period[1]))
        m["baseline_year"] = meta.period[0] - 1
    else:
        m["period"] = _flow(CommentedMap(start=2021, end=2025))
        _note(m, "period", ["原文未写明规划期,系占位,请核对"])
    if meta.vision_year:
        m["vision_year"] = meta.vision_year
    if meta.parent:
        m["parent"] = meta.parent
    if meta.basis:
        m["basis"] = CommentedSeq(meta.basis)
    if front.notice is not None:
        m["notice"] = notice_map(front.notice)
    m["source"] = source_map(meta, front)
    return m


def notice_map(n: Notice) -> CommentedMap:
    """The ``meta.notice`` mapping."""
    body = CommentedSeq(n.body) if n.body else None
    return _cm(
        issuer=n.issuer,
        doc_number=n.doc_number,
        title=n.title,
        addressees=n.addressees,
        body=body,
        signature=n.signature,
        date=n.date,
        disclosure=n.disclosure,
        cc=n.cc,
        printed_by=n.printed_by,
        printed_date=n.printed_date,
    )


def source_map(meta: PlanMeta, front: Front) -> CommentedMap:
    """The ``meta.source`` mapping: file, truncation, note, the recorded 目录."""
    src = _cm(file=meta.source_file)
    src["truncated"] = meta.truncated
    if meta.note:
        src["note"] = meta.note
    if front.toc:
        toc = CommentedSeq()
        for e in front.toc:
            entry = _cm(level=e.level, title=e.raw, page=e.page, line=e.line or None)
            toc.append(_flow(entry))
        src["toc"] = toc
    return src


# -- presentation -------------------------------------------------------------------------------


def presentation_map(
    scheme: str, body: Body, boxes: list[Box], period: tuple[int, int] | None
) -> CommentedMap:
    """The ``presentation`` choices seen in the source."""
    p = CommentedMap(numbering=scheme)
    table = body.indicators
    if table is not None:
        p["indicator_table"] = table.kind
    if boxes:
        p["box_item_numbers"] = any(i.numbered for b in boxes for i in b.items)
    if body.goals is not None and body.goals.bullet:
        p["goal_bullet"] = body.goals.bullet
    if table is not None and any(r.children for r in table.rows):
        p["sub_row_numbers"] = table.sub_row_numbers
    headers = headers_map(table, period) if table is not None else None
    if headers:
        p["indicator_headers"] = headers
    return p


def default_headers(period: tuple[int, int] | None) -> dict[str, str]:
    """The header texts planforge prints when the plan names none."""
    start, end = period or (2021, 2025)
    return {
        "number": "序号",
        "category": "类别",
        "name": "指标名称",
        "unit": "单位",
        "baseline": f"{start - 1}年",
        "target": f"{end}年",
        "attribute": "属性",
    }


def headers_map(table: IndicatorTable, period: tuple[int, int] | None) -> CommentedMap:
    """Header texts by role, where the source prints something other than the default."""
    cols = table.columns
    printed: dict[str, str] = {}
    roles = {
        SEQ: "number",
        CATEGORY: "category",
        NAME: "name",
        UNIT: "unit",
        ATTRIBUTE: "attribute",
    }
    for role, key in roles.items():
        if cols.index(role) >= 0:
            printed[key] = cols.header[cols.index(role)]
    if cols.baseline >= 0:
        printed["baseline"] = cols.header[cols.baseline]
    if len(cols.milestones) == 1:
        year, col = next(iter(cols.milestones.items()))
        if cols.header[col] != f"{year}年":
            printed["milestone"] = cols.header[col]
    if cols.target >= 0:
        printed["target"] = cols.header[cols.target]
    defaults = default_headers(period)
    out = CommentedMap((k, v) for k, v in printed.items() if defaults.get(k) != v)
    return _flow(out)


# -- content ------------------------------------------------------------------------------------


def blocks_seq(blocks: list[Content | Insert]) -> CommentedSeq:
    """Content blocks; consecutive bulleted paragraphs become one list."""
    seq = CommentedSeq()
    k = 0
    while k < len(blocks):
        b = blocks[k]
        if isinstance(b, Para) and b.bullet:
            run = [b]
            while (
                k + 1 < len(blocks)
                and isinstance(nxt := blocks[k + 1], Para)
                and nxt.bullet == b.bullet
            ):
                run.append(nxt)
                k += 1
            seq.append(list_map(run))
        else:
            _append_block(seq, b)
        k += 1
    return seq


def _append_block(seq: CommentedSeq, b: Content | Insert) -> None:
    if isinstance(b, Para):
        _append_para(seq, b)
    elif isinstance(b, Box):
        seq.append(box_map(b))
    elif isinstance(b, Table):
        seq.append(table_map(b))
    elif isinstance(b, Note):
        seq.append(CommentedMap(note=b.text))
    else:
        seq.append(CommentedMap(insert=b.what))


def _append_para(seq: CommentedSeq, p: Para) -> None:
    if p.lead:
        m = _cm(lead=p.lead, text=p.text)
        seq.append(m)
        _note(m, "lead", p.notes)
    else:
        seq.append(p.text)
        _note(seq, len(seq) - 1, p.notes)


def list_map(run: list[Para]) -> CommentedMap:
    """A bulleted list block."""
    items = CommentedSeq()
    for p in run:
        _append_para(items, p)
    return CommentedMap(list=items, bullet=run[0].bullet)


def box_map(b: Box) -> CommentedMap:
    """A 专栏 block."""
    items = CommentedSeq()
    for it in b.items:
        items.append(box_item(it))
    out = CommentedMap(box=b.title or "(原文无专栏标题)")
    out["items"] = items
    _note(out, "box", b.notes)
    return out


def box_item(it: BoxItem) -> str | CommentedMap:
    """``{title, text}`` for ``名称。内容``; the item's own words for ``名称:内容`` or untitled."""
    if it.separator == "。" and it.title:
        return _cm(title=it.title, text=it.text)
    if it.title:
        return it.title + it.separator + it.text
    return it.text


def table_map(t: Table) -> CommentedMap:
    """A data table block (statistics tables and the like)."""
    header, *rows = t.raw.rows or [[]]
    out = CommentedMap(table=t.title or "(原文无表题)")
    if not t.title:
        _note(out, "table", ["原文无表题,请补写"])
    out["header"] = _flow_seq(list(header))
    out["rows"] = CommentedSeq(_flow_seq([_q(c) if _numeric(c) else c for c in r]) for r in rows)
    if t.table_notes:
        out["notes"] = CommentedSeq(n.text for n in t.table_notes)
    return out


def _flow_seq(items: list[Any]) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def _numeric(cell: str) -> bool:
    return bool(re.fullmatch(r"[\d.,%≥≤<>+\-—]+", cell))


# -- chapters ------------------------------------------------------------------------------------


def chapter_map(node: Node) -> CommentedMap:
    """A chapter with its intro and sections."""
    out = CommentedMap(title=node.heading.title)
    _heading_notes(out, node)
    if node.blocks:
        out["intro"] = blocks_seq(node.blocks)
    if node.children:
        out["sections"] = CommentedSeq(section_map(c) for c in node.children)
    return out


def section_map(node: Node) -> CommentedMap:
    """A section (or subsection) with its blocks and subsections."""
    out = CommentedMap(title=node.heading.title)
    _heading_notes(out, node)
    if node.blocks:
        out["blocks"] = blocks_seq(node.blocks)
    if node.children:
        out["subsections"] = CommentedSeq(section_map(c) for c in node.children)
    return out


def _heading_notes(out: CommentedMap, node: Node) -> None:
    h = node.heading
    notes = list(h.notes)
    if h.restored and h.toc_external:
        notes = [f"标题取自另行提供的目录第 {h.toc_line} 行(原文缺失),位置系推断"]
    elif h.restored:
        notes = [f"标题取自目录第 {h.toc_line} 行(正文缺失),位置系推断"]
    _note(out, "title", notes)


# -- goals and indicators ------------------------------------------------------------------------


def goals_map(g: Goals) -> CommentedMap:
    """The ``goals`` mapping."""
    out = CommentedMap()
    if g.overall is not None:
        out["overall"] = g.overall.full
    items = CommentedSeq()
    for p in g.items:
        title = (p.lead or "").removesuffix("。")
        items.append(_cm(title=title, text=p.text))
    if items:
        out["items"] = items
    if g.vision is not None:
        out["vision"] = g.vision.full
    return out


def indicators_map(t: IndicatorTable) -> CommentedMap:
    """The ``indicators`` mapping; ids zb01… in table order, sub-rows included."""
    out = CommentedMap()
    if t.title:
        out["title"] = t.title
    items = CommentedSeq()
    counter = [0]
    for row in t.rows:
        items.append(indicator_map(row, counter))
    out["items"] = items
    if t.notes:
        out["notes"] = CommentedSeq(t.notes)
    return out


def indicator_map(row: IndicatorRow, counter: list[int]) -> CommentedMap:
    """One indicator; values kept as the table writes them, quoted."""
    counter[0] += 1
    m = CommentedMap(id=f"zb{counter[0]:02d}")
    if row.category:
        m["category"] = row.category
    m["name"] = row.name
    if row.unit is not None:
        m["unit"] = _q(row.unit)
        _note(m, "unit", [row.unit_note] if row.unit_note else [])
    if not row.parts:
        _values(m, row)
    _attribute(m, row)
    if row.note:
        m["note"] = row.note
    if row.parts:
        m["parts"] = CommentedSeq(part_map(p) for p in row.parts)
    if row.children:
        m["children"] = CommentedSeq(indicator_map(c, counter) for c in row.children)
    return m


def part_map(part: IndicatorRow) -> CommentedMap:
    """One row of an indicator split into parts (全自理 / 全护理…)."""
    m = CommentedMap(label=part.name)
    for key, value in (("baseline", part.baseline), ("target", part.target)):
        if value:
            m[key] = _q(value)
        if key == "baseline" and part.milestones:
            ms = CommentedMap((y, _q(v)) for y, v in part.milestones.items() if v)
            if ms:
                m["milestones"] = _flow(ms)
    return _flow(m)


def _values(m: CommentedMap, row: IndicatorRow) -> None:
    empty: list[str] = []
    for key, value in (("baseline", row.baseline), ("target", row.target)):
        if value:
            m[key] = _q(value)
        elif value is not None:
            empty.append({"baseline": "基期值", "target": "目标值"}[key])
        if key == "baseline" and row.milestones:
            ms = CommentedMap((y, _q(v)) for y, v in row.milestones.items() if v)
            if ms:
                m["milestones"] = _flow(ms)
    if empty:
        _note(m, "name", [f"原表{'、'.join(empty)}为空"])
    if row.target and _LOWER.match(row.target):
        m["direction"] = "lower"
        _note(m, "direction", [f"由目标值“{row.target}”推断"])


def _attribute(m: CommentedMap, row: IndicatorRow) -> None:
    """The schema takes 约束性/预期性 only; traditional forms are mapped and marked."""
    key = shadow(row.attribute)
    if key in ("约束性", "预期性"):
        m["attribute"] = key
        _note(m, "attribute", [f"原文作“{row.attribute}”"] if key != row.attribute else [])
        return
    m["attribute"] = "预期性"
    m["todo"] = True
    _note(m, "attribute", [f"原表属性为“{row.attribute or '空'}”,暂填预期性,请核对"])


# -- document ------------------------------------------------------------------------------------


def plan_map(
    meta: PlanMeta, front: Front, scheme: str, body: Body, boxes: list[Box]
) -> CommentedMap:
    """The whole plan as a round-trip mapping."""
    doc = CommentedMap(format=1)
    doc["meta"] = meta_map(meta, front)
    doc["presentation"] = presentation_map(scheme, body, boxes, meta.period)
    if body.preamble:
        doc["preamble"] = blocks_seq(body.preamble)
    if body.goals is not None:
        doc["goals"] = goals_map(body.goals)
    if body.indicators is not None:
        doc["indicators"] = indicators_map(body.indicators)
    if body.chapters:
        doc["chapters"] = CommentedSeq(chapter_map(c) for c in body.chapters)
    return doc


def dump(doc: CommentedMap, schema_ref: str, header: list[str]) -> str:
    """Serialise with the house indentation; the first line points editors at the schema."""
    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    yaml.allow_unicode = True
    lines = [f"yaml-language-server: $schema={schema_ref}", *header]
    doc.yaml_set_start_comment("\n".join(lines))
    out = io.StringIO()
    yaml.dump(doc, out)
    return out.getvalue()
