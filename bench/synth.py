"""Write a synthetic plan of about 60,000 Chinese characters with three 20-row tables.

The text is drawn deterministically from a fixed vocabulary so every run benchmarks the same
input. Usage: python bench/synth.py OUT.yaml [--chars 60000]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

PHRASES = (
    "坚持以人民为中心的发展思想",
    "健全分层分类的社会救助体系",
    "推进基本养老服务体系建设",
    "加强城乡社区服务设施建设",
    "完善未成年人保护工作机制",
    "提升基层治理能力和水平",
    "深化殡葬改革",
    "规范婚姻登记管理",
    "强化福利彩票公益金使用管理",
    "发展慈善事业和志愿服务",
    "加快智慧民政建设",
    "落实困难残疾人生活补贴和重度残疾人护理补贴制度",
    "到2025年",
    "覆盖率达到100%",
    "每千名老年人拥有养老床位数不低于45张",
    "统筹城乡发展",
)
LEADS = (
    "构建分层分类的救助体系。",
    "完善社会救助工作机制。",
    "创新社会救助服务方式。",
    "深化社会救助改革。",
    "加强党的全面领导。",
    "推进养老服务高质量发展。",
)
CATEGORIES = ("基本民生保障", "基层治理", "基本社会服务", "养老服务")


def sentence(rng: random.Random) -> str:
    """Return one sentence of three to six phrases."""
    return ",".join(rng.choice(PHRASES) for _ in range(rng.randint(3, 6))) + "。"


def paragraph(rng: random.Random) -> str:
    return "".join(sentence(rng) for _ in range(rng.randint(3, 5)))


def yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def indicator_lines(rng: random.Random) -> list[str]:
    lines = ["indicators:", "  title: “十四五”合成市民政事业主要发展指标", "  items:"]
    for i in range(20):
        attribute = "约束性" if i % 4 == 0 else "预期性"
        lines += [
            f"    - id: ind-{i}",
            f"      category: {CATEGORIES[i * len(CATEGORIES) // 20]}",
            f"      name: 合成指标{i + 1}覆盖率",
            '      unit: "%"',
            f'      baseline: "{50 + i}"',
            f'      target: "≥{70 + i}"',
            f"      attribute: {attribute}",
            "      kind: rate",
        ]
    return lines


def table_lines(rng: random.Random, n: int) -> list[str]:
    lines = [
        f"          - table: 合成统计表{n}",
        "            header: [项目, 单位, 数量]",
        "            rows:",
    ]
    lines += [
        f'              - [统计项目{n}-{r}, 个, "{rng.randint(10, 9999)}"]' for r in range(20)
    ]
    return lines


def section_lines(rng: random.Random, chapter: int, section: int, budget: list[int]) -> list[str]:
    lines = [f"      - title: 合成第{chapter + 1}章第{section + 1}节的任务", "        blocks:"]
    for _ in range(4):
        text = paragraph(rng)
        budget[0] -= len(text)
        lines += [f"          - lead: {rng.choice(LEADS)}", f"            text: {yaml_str(text)}"]
    if section == 0:
        lines += ["          - box: 合成能力提升工程", "            items:"]
        lines += [
            f"              - {{title: 合成工程{k}, text: {yaml_str(sentence(rng))}}}"
            for k in range(3)
        ]
    return lines


def synth(chars: int, seed: int = 2026) -> str:
    """Return the YAML text of a synthetic plan of about ``chars`` characters."""
    rng = random.Random(seed)
    head = [
        "format: 1",
        "meta:",
        "  title: 合成市民政事业发展“十五五”规划",
        "  region: 合成市",
        "  level: city",
        "  office: 合成市民政局",
        "  date: 2026-01",
        "  period: {start: 2026, end: 2030}",
        "presentation: {numbering: chapter, indicator_table: box}",
        "preamble:",
        f"  - {yaml_str(paragraph(rng))}",
        "goals:",
        "  overall: 到2030年,民政事业发展水平明显提升。",
        *indicator_lines(rng),
        "chapters:",
    ]
    body: list[str] = []
    budget, chapter, tables = [chars], 0, 0
    while budget[0] > 0:
        body += [f"  - title: 合成第{chapter + 1}章", "    sections:"]
        for section in range(5):
            body += section_lines(rng, chapter, section, budget)
            if chapter == 0 and section == 0:
                body += ["          - insert: goals", "          - insert: indicator_table"]
            if chapter in (1, 2) and section == 1 and tables < 2:
                tables += 1
                body += table_lines(rng, tables)
        chapter += 1
    return "\n".join(head + body) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--chars", type=int, default=60_000)
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(synth(args.chars), encoding="utf-8")


if __name__ == "__main__":
    main()
