"""Reader-independent text cleaning: pinyin removal, optional t2s conversion, mojibake report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from planforge.importer.blocks import Block
from planforge.importer.chinese import diff_chars, iter_zhu, shadow, to_simplified
from planforge.importer.findings import Findings
from planforge.importer.noise import find_mojibake, is_annotated, strip_pinyin


@dataclass
class CleanStats:
    """What cleaning changed, for the summary."""

    pinyin_removed: int = 0
    converted: Counter[str] = field(default_factory=Counter)
    mojibake_runs: int = 0
    annotated: bool = False  # the source carries pinyin after many characters


def clean_text(
    text: str, line: int, simplified: bool, found: Findings, stats: CleanStats
) -> tuple[str, str]:
    """Return (text, key) for one line of source text, recording what was changed."""
    text, n = strip_pinyin(text, stats.annotated)
    stats.pinyin_removed += n
    text = text.strip().strip("\u3000\u00a0\ufeff").strip()
    for run in find_mojibake(text):
        stats.mojibake_runs += 1
        found.warn(
            "IMP010",
            f"疑似乱码“{run.text}”,已按原文保留",
            line,
            run.column + 1,
            hint="请对照原件人工更正",
        )
    if simplified:
        converted = to_simplified(text)
        stats.converted.update(diff_chars(text, converted))
        text = converted
        for col in iter_zhu(text):
            found.info(
                "IMP011",
                "繁简转换保留了“著”,简体文本中可能应为“着”",
                line,
                col + 1,
                hint=f"上下文:{text[max(0, col - 4) : col + 5]}",
            )
        return text, text
    return text, shadow(text)


def clean_blocks(blocks: list[Block], simplified: bool, found: Findings) -> CleanStats:
    """Clean every block and table cell in place."""
    stats = CleanStats(annotated=is_annotated([b.text for b in blocks]))
    for b in blocks:
        b.text, b.key = clean_text(b.text, b.line, simplified, found, stats)
        if b.lead is not None:
            b.lead, _ = clean_text(b.lead, b.line, simplified, Findings(found.file), CleanStats())
        if b.table is not None:
            for r, row in enumerate(b.table.rows):
                line = b.table.lines[r] if r < len(b.table.lines) else b.line
                row[:] = [clean_text(c, line, simplified, found, stats)[0] for c in row]
    if simplified and stats.converted:
        top = "、".join(f"{k}({v})" for k, v in stats.converted.most_common(8))
        found.info(
            "IMP012",
            f"已将繁体字转换为简体字,共 {sum(stats.converted.values())} 处,如 {top}",
            hint="“著”未转换为“着”,见 IMP011",
        )
    return stats
