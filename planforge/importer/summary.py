"""The import summary: counts, share of body characters placed, noise and unplaced lines."""

from __future__ import annotations

from dataclasses import dataclass, field

from planforge.importer.coverage import LineCoverage
from planforge.importer.items import Box, Para, Table
from planforge.importer.tree import Body, iter_nodes


@dataclass
class Counts:
    """How many of each thing the plan has."""

    chapters: int = 0
    sections: int = 0
    subsections: int = 0
    restored_headings: int = 0
    paragraphs: int = 0
    boxes: int = 0
    box_items: int = 0
    indicators: int = 0
    tables: int = 0
    toc_entries: int = 0


@dataclass
class Unplaced:
    """A source line that is not (entirely) in the plan, and why."""

    line: int
    text: str
    reason: str
    placed: int = 0
    total: int = 0


@dataclass
class Summary:
    """What an import did, for the user and for tests."""

    file: str
    kind: str
    counts: Counts
    body_chars: int
    placed_chars: int
    noise: list[Unplaced] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    pinyin_removed: int = 0
    converted_chars: int = 0
    mojibake_runs: int = 0

    @property
    def share(self) -> float:
        """Share of body characters placed (1.0 when the body is empty)."""
        return self.placed_chars / self.body_chars if self.body_chars else 1.0


def count(body: Body, toc_entries: int) -> Counts:
    """Count chapters, sections, paragraphs, boxes and indicators of an imported body."""
    c = Counts(toc_entries=toc_entries)
    for node in iter_nodes(body):
        level = node.heading.level
        c.chapters += level == 1
        c.sections += level == 2
        c.subsections += level == 3
        c.restored_headings += node.heading.restored
    holders = [body.preamble, *(n.blocks for n in iter_nodes(body))]
    for block in (b for h in holders for b in h):
        if isinstance(block, Para):
            c.paragraphs += 1
        elif isinstance(block, Box):
            c.boxes += 1
            c.box_items += len(block.items)
        elif isinstance(block, Table):
            c.tables += 1
    if body.goals is not None:
        g = body.goals
        c.paragraphs += len(g.items) + (g.overall is not None) + (g.vision is not None)
    if body.indicators is not None:
        c.tables += 1
        c.indicators = sum(1 + len(r.children) for r in body.indicators.rows)
    return c


def unplaced_from(coverage: list[LineCoverage]) -> list[Unplaced]:
    """Lines with characters that are not in the plan."""
    out = []
    for lc in coverage:
        if not lc.complete:
            reason = f"未见于规划:“{lc.missing}”" if lc.missing else "未见于规划"
            out.append(Unplaced(lc.line, lc.text, reason, lc.placed, lc.total))
    return out


def _excerpt(text: str, limit: int = 40) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit] + "…"


def format_summary(s: Summary) -> str:
    """The summary in Chinese, for stderr."""
    c = s.counts
    lines = [
        f"导入 {s.file}({s.kind}):",
        f"  章 {c.chapters},节 {c.sections},小节 {c.subsections}(其中按目录补入标题 "
        f"{c.restored_headings}),段落 {c.paragraphs},专栏 {c.boxes}(共 {c.box_items} 项),"
        f"指标 {c.indicators},表格 {c.tables},目录条目 {c.toc_entries}",
        f"  正文字符 {s.body_chars},已放入规划 {s.placed_chars},占 {s.share:.2%}"
        "(正文字符:非噪声行中的汉字、字母和数字,不含拼音注音和由 planforge 生成的编号)",
    ]
    if s.pinyin_removed:
        lines.append(f"  已删除拼音注音 {s.pinyin_removed} 处")
    if s.converted_chars:
        lines.append(f"  已繁简转换 {s.converted_chars} 字")
    if s.mojibake_runs:
        lines.append(f"  疑似乱码 {s.mojibake_runs} 处(保留原文,见警告 IMP010)")
    if s.noise:
        lines.append(f"  作为网页噪声或站点元数据略去的行({len(s.noise)}):")
        lines += [f"    第 {u.line} 行 [{u.reason}] {_excerpt(u.text)}" for u in s.noise]
    if s.unplaced:
        lines.append(f"  未能(完整)放入规划的行({len(s.unplaced)}):")
        for u in s.unplaced:
            share = f" {u.placed}/{u.total}" if u.total else ""
            lines.append(f"    第 {u.line} 行{share} {u.reason}:{_excerpt(u.text)}")
    else:
        lines.append("  所有正文行均已放入规划。")
    return "\n".join(lines) + "\n"
