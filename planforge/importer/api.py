"""import_document: a published plan (text, .docx, Markdown) → plan YAML, problems, summary.

The steps, one module each:

1. read (``text``, ``docx``, ``markdown``): positioned blocks, tables as cell grids;
2. clean (``clean``, ``noise``): pinyin annotations out, optional OpenCC t2s, mojibake reported;
   site metadata, navigation, page numbers and footers marked as noise (listed, not used);
3. front matter (``front``, ``toc``): notice, title and period, cover, 目录;
4. body (``structure``, ``tables``, ``boxes``): headings in either numbering scheme, paragraphs
   with lead-ins, —— lists, 专栏 boxes, tables in every text layout, 注; the 版记 (``colophon``);
5. 目录 against body (``toc``, ``restore``): disagreements reported, lost headings put back;
6. plan (``tree``, ``indicators``, ``emit``): chapters/sections, goals, the indicator table,
   YAML with comments on everything inferred;
7. summary (``coverage``, ``summary``): counts, share of body characters placed, every line
   that is noise or not placed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planforge.errors import Problem
from planforge.importer.blocks import Block, SourceDoc
from planforge.importer.clean import CleanStats, clean_blocks
from planforge.importer.colophon import Colophon, read_colophon
from planforge.importer.coverage import measure
from planforge.importer.emit import PlanMeta, default_headers, dump, plan_map
from planforge.importer.findings import Findings
from planforge.importer.formats import SCHEMA_URL, detect_format
from planforge.importer.front import Front, Notice, read_front
from planforge.importer.indicators import register_markers as register_indicator_markers
from planforge.importer.items import Box, Heading, Item, Para
from planforge.importer.meta import basis, region_and_level, vision_year
from planforge.importer.noise import mark_noise_lines, mark_site_metadata
from planforge.importer.patterns import iso_date
from planforge.importer.restore import restore
from planforge.importer.structure import (
    Markers,
    flatten,
    numbering_scheme,
    register_markers,
    resolve_levels,
)
from planforge.importer.summary import Summary, Unplaced, count, unplaced_from
from planforge.importer.toc import TocEntry, compare, read_toc_text
from planforge.importer.tree import PLACEHOLDER, Body, build_tree, iter_nodes, place_indicators


@dataclass
class ImportResult:
    """What an import produced: the YAML text, findings, the summary and the data itself."""

    yaml_text: str
    problems: list[Problem]
    summary: Summary
    data: Any = field(repr=False, default=None)


def read_source(path: Path, fmt: str, found: Findings) -> SourceDoc:
    """Run the reader for ``fmt``."""
    if fmt == "docx":
        from planforge.importer.docx import read_docx

        return read_docx(path, found)
    if fmt == "markdown":
        from planforge.importer.markdown import read_markdown

        return read_markdown(path, found)
    from planforge.importer.text import read_text

    return read_text(path, found)


@dataclass
class Parsed:
    """A source read into plan structure, before it is written out."""

    doc: SourceDoc
    found: Findings
    stats: CleanStats
    site: dict[str, str]
    front: Front
    body: Body
    scheme: str
    markers: Markers
    external: list[TocEntry]


def parse_document(
    path: Path, *, simplified: bool = False, fmt: str | None = None, toc_text: str | None = None
) -> Parsed:
    """Read, clean and structure a source document."""
    found = Findings(path.name)
    doc = read_source(path, fmt or detect_format(path), found)
    stats = clean_blocks(doc.blocks, simplified, found)
    site = mark_site_metadata(doc.blocks)
    mark_noise_lines(doc.blocks)
    live = [b for b in doc.blocks if not b.noise and (b.text.strip() or b.table is not None)]
    front, start = read_front(live, found)
    external = read_toc_text(toc_text) if toc_text else []
    markers: Markers = defaultdict(list)
    for line, word in front.markers:
        markers[line].append(word)
    toc = front.toc or external
    body, scheme, colophon = read_body(
        live[start:], toc, found, markers, not front.toc and bool(external)
    )
    if colophon is not None:
        add_colophon(front, colophon)
    place_indicators(body, found, front.period)
    check_box_numbers(body, found)
    if body.indicators is not None:
        defaults = set(default_headers(front.period).values())
        register_indicator_markers(body.indicators, defaults, markers)
    return Parsed(doc, found, stats, site, front, body, scheme, markers, external)


def import_document(
    path: Path,
    *,
    simplified: bool = False,
    fmt: str | None = None,
    toc_text: str | None = None,
    parent: str | None = None,
    schema_ref: str | None = None,
) -> ImportResult:
    """Import one published plan.

    ``simplified`` converts traditional characters (OpenCC t2s); ``toc_text`` supplies a 目录
    from elsewhere when the source has none; ``parent`` is written to ``meta.parent``;
    ``schema_ref`` is the schema path for the first-line editor hint.
    """
    p = parse_document(path, simplified=simplified, fmt=fmt, toc_text=toc_text)
    meta = plan_meta(path, p.front, p.body, p.site, simplified, bool(p.external), p.found)
    meta.parent = parent or ""
    data = plan_map(meta, p.front, p.scheme, p.body, _boxes(p.body))
    if p.external:
        data["meta"]["source"]["toc"] = _toc_seq(p.external)
    yaml_text = dump(data, schema_ref or SCHEMA_URL, header_lines(path, p.doc))
    summary = summarise(p, data)
    report_unplaced(summary, p.found)
    return ImportResult(yaml_text + closing_note(summary), p.found.problems, summary, data)


def measure_plan(
    path: Path,
    data: Any,
    *,
    simplified: bool = False,
    fmt: str | None = None,
    toc_text: str | None = None,
) -> Summary:
    """How much of a source a plan (e.g. an imported plan a drafter has since edited) holds.

    The counts are those of a fresh import; body characters and placement are measured on
    ``data``.
    """
    return summarise(parse_document(path, simplified=simplified, fmt=fmt, toc_text=toc_text), data)


def report_unplaced(summary: Summary, found: Findings) -> None:
    """Every line not (fully) placed becomes a problem too, so editors can jump to it."""
    reported = {q.location.line for q in found.problems if q.code == "IMP305"}
    for u in summary.unplaced:
        if u.line not in reported:
            found.warn("IMP303", f"原文第 {u.line} 行未能(完整)放入规划:{u.reason}", u.line)


def check_box_numbers(body: Body, found: Findings) -> None:
    """专栏 numbers run 1, 2, 3… (from 2 when the indicator table is 专栏1)."""
    table = body.indicators
    expected = 2 if table is not None and table.kind == "box" and table.number == 1 else 1
    for box in _boxes(body):
        if box.number and box.number != expected:
            found.warn(
                "IMP304",
                f"专栏编号不连续:此处为专栏{box.number},按顺序应为专栏{expected}",
                box.line,
                hint="编号由 planforge 重新生成",
            )
        expected = (box.number or expected) + 1


def header_lines(path: Path, doc: SourceDoc) -> list[str]:
    """The comment lines under the schema hint."""
    lines = [f"由 planforge import 自 {path.name} 导入。"]
    if doc.kind == "text":
        lines.append(
            "纯文本原文没有加粗信息:段首引导句(lead)按“首句以。结尾、不超过 35 字且段落未完”推断。"
        )
    return lines


def closing_note(s: Summary) -> str:
    """A comment at the end of the YAML recording what the import found and placed."""
    c = s.counts
    return (
        f"# 导入摘要:章 {c.chapters}、节 {c.sections}、小节 {c.subsections}"
        f"(其中按目录补入 {c.restored_headings}),段落 {c.paragraphs},专栏 {c.boxes}"
        f"(共 {c.box_items} 项),指标 {c.indicators},表格 {c.tables}。\n"
        f"# 正文字符 {s.body_chars},已放入规划 {s.placed_chars}({s.share:.2%});"
        f"略去网页噪声和站点元数据 {len(s.noise)} 行,未能(完整)放入 {len(s.unplaced)} 行"
        "(逐行列于导入时输出的摘要)。\n"
    )


def add_colophon(front: Front, col: Colophon) -> None:
    """Put the 版记 fields into the notice (a document with only a 版记 gets a notice too)."""
    if front.notice is None:
        front.notice = Notice(issuer=col.printed_by)
    front.notice.cc = col.cc
    front.notice.printed_by = col.printed_by
    front.notice.printed_date = col.printed_date


def read_body(
    blocks: list[Block],
    toc: list[TocEntry],
    found: Findings,
    markers: Markers,
    external: bool = False,
) -> tuple[Body, str, Colophon | None]:
    """Headings, paragraphs, boxes and tables of the body, with lost headings restored."""
    items, colophon = read_colophon(flatten(blocks, found), markers)
    scheme = numbering_scheme(items)
    items = resolve_levels(items, scheme)
    if toc:
        compare(toc, items, found, external)
        items = restore(items, toc, found, external)
    register_markers(items, markers)
    if not any(isinstance(it, Heading) for it in items):
        items = _placeholder_headings(items, found)
    return build_tree(items, found), scheme, colophon


def _placeholder_headings(items: list[Item], found: Findings) -> list[Item]:
    """A body without any heading: keep the preamble, put the rest under placeholder headings."""
    line = items[0].line if items else 0
    found.warn(
        "IMP302",
        "正文中没有识别出任何章节标题,已放置占位标题",
        line,
        hint="可用 --toc 提供目录,由目录补入标题",
    )
    k = 0
    while (
        k < len(items)
        and isinstance(it := items[k], Para)
        and not it.lead
        and any(w in it.text for w in ("依据", "根据", "特制定", "编制"))
    ):
        k += 1
    heads: list[Item] = [
        Heading("placeholder", 0, PLACEHOLDER[lv], line, level=lv) for lv in (1, 2)
    ]
    return [*items[:k], *heads, *items[k:]]


def _boxes(body: Body) -> list[Box]:
    holders = [body.preamble, *(n.blocks for n in iter_nodes(body))]
    return [b for h in holders for b in h if isinstance(b, Box)]


def _toc_seq(entries: list[TocEntry]) -> Any:
    from ruamel.yaml.comments import CommentedSeq

    from planforge.importer.emit import _cm, _flow

    return CommentedSeq(_flow(_cm(level=e.level, title=e.raw, page=e.page)) for e in entries)


def plan_meta(
    path: Path,
    front: Front,
    body: Body,
    site: dict[str, str],
    simplified: bool,
    external_toc: bool,
    found: Findings,
) -> PlanMeta:
    """Everything ``meta`` says, from the front matter, preamble and site metadata."""
    title = front.title or "(原文缺少标题)"
    region, level = region_and_level(title)
    texts = [b.full for b in body.preamble if isinstance(b, Para)]
    meta = PlanMeta(
        title, region, level, path.name, period=front.period, office=front.office, date=front.date
    )
    if level == "province" and title.startswith(region) and region.endswith("市"):
        meta.level_note = "直辖市,按省级处理"
    meta.basis = next((basis(t) for t in texts if basis(t)), [])
    end = front.period[1] if front.period else 2025
    meta.vision_year = vision_year([front.title, *texts], end)
    meta.doc_number = (front.notice.doc_number if front.notice else "") or site.get("发文字号", "")
    meta.truncated = looks_truncated(body)
    if meta.truncated:
        found.warn("IMP301", "原文似不完整:未见规划实施保障部分", hint="已在 meta.source 中注明")
    meta.note = source_note(site, simplified, external_toc, meta.truncated)
    return meta


def looks_truncated(body: Body) -> bool:
    """A complete plan ends with its implementation safeguards (保障措施, 规划实施保障)."""
    titles = [n.heading.title for n in iter_nodes(body)]
    return bool(titles) and not any("保障" in t and ("实施" in t or "措施" in t) for t in titles)


def source_note(site: dict[str, str], simplified: bool, external_toc: bool, truncated: bool) -> str:
    """The human note in ``meta.source``."""
    parts = []
    if site:
        parts.append("网站元数据:" + ";".join(f"{k} {v}" if v else k for k, v in site.items()))
    if simplified:
        parts.append("原文为繁体字,已转换为简体字")
    if external_toc:
        parts.append("原文无目录,标题按另行提供的目录补入")
    if truncated:
        parts.append("原文似不完整")
    return "。".join(parts) + ("。" if parts else "")


def _date_aliases(blocks: list[Block]) -> list[str]:
    """Date lines are stored as ISO dates; their source wording counts as placed.

    So does the period line, stored as ``period: {start, end}``.
    """
    return [b.text for b in blocks if not b.noise and iso_date(b.key) and len(b.key) <= 12]


def summarise(p: Parsed, data: Any) -> Summary:
    """Counts, coverage and the lists of noise and unplaced lines."""
    doc, front = p.doc, p.front
    aliases = [*_date_aliases(doc.blocks), front.period_text]
    coverage = measure(doc.blocks, data, p.markers, aliases)
    noise = [Unplaced(b.line, b.text, b.noise) for b in doc.blocks if b.noise]
    unplaced = unplaced_from(coverage)
    known = {u.line for u in unplaced}
    for line, text, reason in front.unplaced:
        if line not in known:
            unplaced.append(Unplaced(line, text, reason + "(内容已见于规划)"))
    unplaced.sort(key=lambda u: u.line)
    return Summary(
        doc.file,
        doc.kind,
        count(p.body, len(front.toc or p.external)),
        sum(c.total for c in coverage),
        sum(c.placed for c in coverage),
        noise,
        unplaced,
        p.stats.pinyin_removed,
        sum(p.stats.converted.values()),
        p.stats.mojibake_runs,
    )
