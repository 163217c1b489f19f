"""Generate a synthetic national hierarchy of plans with the real shape.

1 national plan, 31 provincial, 333 prefecture-level and 2,844 county-level plans, each with
15–25 indicators, 30,000–60,000 characters of text and a few boxes, linked by ``meta.parent``
and ``meta.children`` so check, build and target decomposition see a real tree.

    python bench/gen_national.py OUT_DIR [--fraction 0.1] [--seed 1]

The output is deterministic for a given seed and fraction. A fraction keeps the first share
of provinces, prefectures and counties, so 10% / 50% / 100% trees nest.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

PROVINCES, PREFECTURES, COUNTIES = 31, 333, 2844
LEVEL_NAMES = {"national": "全国", "province": "省", "city": "市", "district": "县"}

WORDS = [
    "民政",
    "事业",
    "发展",
    "规划",
    "社会救助",
    "养老服务",
    "儿童福利",
    "基层治理",
    "城乡社区",
    "社会组织",
    "慈善",
    "志愿服务",
    "婚姻登记",
    "殡葬",
    "残疾人",
    "保障",
    "体系",
    "建设",
    "推进",
    "完善",
    "提升",
    "加强",
    "健全",
    "深化",
    "创新",
    "统筹",
    "协调",
    "兜底",
    "精准",
    "高效",
    "服务",
    "能力",
    "水平",
    "机制",
    "制度",
    "政策",
    "标准",
    "设施",
    "网络",
    "队伍",
    "人才",
    "资金",
    "监管",
    "信息化",
    "智慧",
    "数字化",
    "困难群众",
    "特困人员",
    "低保",
    "留守儿童",
    "未成年人",
    "老年人",
    "家庭",
    "医养结合",
]

# (id, name, unit, kind, attribute, direction, additive, base, target)
INDICATORS = [
    (
        "dibao-ratio",
        "农村低保标准占城市低保标准比例",
        "%",
        "rate",
        "预期性",
        "higher",
        False,
        80,
        85,
    ),
    (
        "disabled-living",
        "困难残疾人生活补贴覆盖率",
        "%",
        "rate",
        "约束性",
        "higher",
        False,
        100,
        100,
    ),
    ("disabled-care", "重度残疾人护理补贴覆盖率", "%", "rate", "约束性", "higher", False, 100, 100),
    ("lottery-outlets", "福利彩票销售网点数", "个", "count", "预期性", "higher", True, 5000, 10000),
    (
        "community-area",
        "每百户居民拥有的城乡社区综合服务设施面积",
        "平方米",
        "per_capita",
        "预期性",
        "higher",
        False,
        25,
        30,
    ),
    ("social-workers", "社会工作专业人才数", "万人", "count", "预期性", "higher", True, 6.3, 8),
    ("donations", "慈善组织接受社会捐赠总额", "亿元", "amount", "预期性", "higher", True, 75.8, 90),
    (
        "volunteer-sites",
        "志愿服务站点在社区综合服务设施中的覆盖率",
        "%",
        "rate",
        "预期性",
        "higher",
        False,
        40,
        80,
    ),
    ("marriage-remote", "婚姻登记“跨省通办”实施率", "%", "rate", "约束性", "higher", False, 0, 100),
    (
        "minor-stations",
        "乡镇(街道)未成年人保护工作站覆盖率",
        "%",
        "rate",
        "预期性",
        "higher",
        False,
        20,
        100,
    ),
    (
        "vagrant-return",
        "查明身份信息流浪乞讨受助人员接送返回率",
        "%",
        "rate",
        "约束性",
        "higher",
        False,
        90,
        100,
    ),
    (
        "burial-sites",
        "县级公益性安葬(放)设施覆盖率",
        "%",
        "rate",
        "约束性",
        "higher",
        False,
        41,
        100,
    ),
    ("nursing-beds", "养老机构护理型床位占比", "%", "rate", "约束性", "higher", False, 32.3, 55),
    ("care-quality", "养老机构服务基本质量达标率", "%", "rate", "预期性", "higher", False, 65, 100),
    (
        "town-centres",
        "乡镇(街道)具备综合功能的养老服务机构覆盖率",
        "%",
        "rate",
        "预期性",
        "higher",
        False,
        58,
        90,
    ),
    ("gov-beds", "政府运营床位占比", "%", "rate", "预期性", "lower", False, 50, 40),
    ("elder-beds", "养老床位总数", "万张", "count", "预期性", "higher", True, 20, 26),
    ("child-welfare", "儿童福利机构数", "个", "count", "预期性", "higher", True, 100, 120),
    ("eco-burial", "节地生态安葬占比", "%", "rate", "预期性", "higher", False, 20, 30),
    ("social-orgs", "登记社会组织数", "万家", "count", "预期性", "higher", True, 1.8, 2.2),
    (
        "service-centres",
        "城乡社区综合服务设施覆盖率",
        "%",
        "rate",
        "预期性",
        "higher",
        False,
        90,
        100,
    ),
    ("funeral-free", "基本殡葬服务免费覆盖率", "%", "rate", "预期性", "higher", False, 60, 90),
    ("elderly-visit", "特殊困难老年人月探访率", "%", "rate", "预期性", "higher", False, 80, 100),
    ("dementia-beds", "认知障碍照护床位数", "张", "count", "预期性", "higher", True, 3000, 6000),
    ("lottery-sales", "福利彩票销售额", "亿元", "amount", "预期性", "higher", True, 200, 240),
]
CATEGORIES = ("基本民生保障", "基层社会治理", "基本社会服务", "养老服务")


@dataclass
class Node:
    name: str
    level: str
    path: Path
    share: float = 1.0
    children: list[Node] = field(default_factory=list)


def build_tree(out: Path, fraction: float) -> Node:
    """Lay out the regions and their file paths, keeping the first ``fraction`` of each level."""
    keep = lambda total: max(1, round(total * fraction))  # noqa: E731
    root = Node("全国", "national", out / "全国.yaml")
    provinces = [
        Node(f"示例省{p:02d}", "province", out / f"省{p:02d}" / f"省{p:02d}.yaml")
        for p in range(1, PROVINCES + 1)
    ]
    root.children = provinces[: keep(PROVINCES)]
    prefectures = _spread(PREFECTURES, PROVINCES)
    counties = _spread(COUNTIES, PREFECTURES)
    c_index = 0
    pref_index = 0
    for p_i, prov in enumerate(provinces):
        for _ in range(prefectures[p_i]):
            pref_index += 1
            city = Node(
                f"示例市{pref_index:03d}",
                "city",
                prov.path.parent / f"市{pref_index:03d}" / f"市{pref_index:03d}.yaml",
            )
            prov.children.append(city)
            for _ in range(counties[pref_index - 1]):
                c_index += 1
                city.children.append(
                    Node(
                        f"示例县{c_index:04d}",
                        "district",
                        city.path.parent / f"县{c_index:04d}.yaml",
                    )
                )
    _trim(root, fraction)
    return root


def _spread(total: int, buckets: int) -> list[int]:
    base, extra = divmod(total, buckets)
    return [base + (1 if i < extra else 0) for i in range(buckets)]


def _trim(root: Node, fraction: float) -> None:
    """Keep a nested share: whole provinces first, so every kept plan keeps its parent."""
    want = max(1, round((1 + PROVINCES + PREFECTURES + COUNTIES) * fraction))
    kept, count = [], 1
    for prov in root.children:
        if count >= want:
            break
        kept.append(prov)
        count += 1
        cities = []
        for city in prov.children:
            if count >= want:
                break
            cities.append(city)
            count += 1
            room = want - count
            city.children = city.children[: max(0, room)]
            count += len(city.children)
        prov.children = cities
    root.children = kept


def sentence(rng: random.Random, n_words: int) -> str:
    body = "".join(rng.choice(WORDS) for _ in range(n_words))
    return body + "。"


def paragraph(rng: random.Random, chars: int) -> str:
    out = []
    size = 0
    while size < chars:
        s = sentence(rng, rng.randint(6, 14))
        if rng.random() < 0.15:
            s = f"到2025年,{s[:-1]}达到{rng.randint(10, 99)}%。"
        out.append(s)
        size += len(s)
    return "".join(out)


def q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def significant(x: float) -> str:
    """Four significant digits in plain notation (plans never write 8.7e-05)."""
    return format(Decimal(f"{x:.4g}"), "f")


def fmt(x: float) -> str:
    return f"{x:g}"


def _rate_values(
    rng: random.Random, node: Node, spec: tuple, parent_targets: dict[str, float]
) -> tuple[float, float]:
    """A child's rate: its own baseline, and a target at least as ambitious as its parent's."""
    iid, _, _, _, _, direction, _, base, target = spec
    start = parent_targets.get(iid, target)
    bump = rng.choice((0, 0, 0, 1, 2))
    if direction == "higher":
        value = min(100.0, start + bump) if start <= 100 else start + bump
        own_base = max(0.0, min(value, base + rng.uniform(-8, 8)))
    else:
        value = max(0.0, start - bump)
        own_base = max(value, base + rng.uniform(-5, 5))
    if rng.random() < 0.01:  # a few real findings, as in published plans
        value = value - 5 if direction == "higher" else value + 5
    return round(own_base, 1), value


def indicators_yaml(
    rng: random.Random, node: Node, parent: Node | None, parent_targets: dict[str, float]
) -> tuple[list[str], dict[str, float]]:
    count = rng.randint(15, 25)
    chosen = INDICATORS[:count]
    targets: dict[str, float] = {}
    lines = ["indicators:", f"  title: {q(node.name + '民政事业主要发展指标')}", "  items:"]
    for i, spec in enumerate(chosen):
        iid, name, unit, kind, attr, direction, additive, base, target = spec
        if additive:
            growth = 1.02 + 0.01 * ("national", "province", "city", "district").index(node.level)
            b, t = base * node.share, target * node.share * growth
        else:
            b, t = _rate_values(rng, node, spec, parent_targets)
        targets[iid] = t
        comp = "≥" if direction == "higher" else "≤"
        lines += [
            f"    - id: {iid}",
            f"      category: {CATEGORIES[i % len(CATEGORIES)]}",
            f"      name: {q(name)}",
            f"      unit: {q(unit)}",
            f"      baseline: {q(significant(b))}",
            f"      target: {q(comp + significant(t))}",
            f"      attribute: {attr}",
            f"      kind: {kind}",
        ]
        if direction == "lower":
            lines.append("      direction: lower")
        if parent is not None and iid in parent_targets:
            lines.append(f"      parent: {iid}")
    return lines, targets


def plan_yaml(
    node: Node, parent: Node | None, seed: int, parent_targets: dict[str, float]
) -> tuple[str, dict[str, float]]:
    rng = random.Random(f"{seed}:{node.name}")
    chars = rng.randint(30000, 60000)
    lines = [
        "format: 1",
        "meta:",
        f"  title: {q(node.name + '民政事业发展“十四五”规划')}",
        f"  region: {node.name}",
        f"  level: {node.level}",
        f"  office: {node.name}民政局",
        "  date: 2021-12",
        "  period: {start: 2021, end: 2025}",
        "  baseline_year: 2020",
        "  vision_year: 2035",
    ]
    if parent is not None:
        rel = _relative(node.path.parent, parent.path)
        lines.append(f"  parent: {q(rel)}")
    if node.children:
        lines.append("  children: [" + ", ".join(c.name for c in node.children) + "]")
    lines += ["goals:", f"  overall: {q(paragraph(rng, 200))}", "  items:"]
    for _g in range(4):
        lines += [
            f"    - title: {q(sentence(rng, 4)[:-1])}",
            f"      text: {q(paragraph(rng, 120))}",
        ]
    lines += [f"  vision: {q(paragraph(rng, 150))}"]
    table, targets = indicators_yaml(rng, node, parent, parent_targets)
    lines += table
    lines += _chapters(rng, chars)
    return "\n".join(lines) + "\n", targets


def _chapters(rng: random.Random, chars: int) -> list[str]:
    lines = ["chapters:"]
    per_para = 400
    paras = max(10, chars // per_para)
    chapters = 6
    per_chapter = paras // chapters
    boxes = 0
    for c in range(chapters):
        lines += [f"  - title: {q(sentence(rng, 4)[:-1])}", "    sections:"]
        sections = 4
        for s in range(sections):
            lines += [f"      - title: {q(sentence(rng, 3)[:-1])}", "        blocks:"]
            if c == 0 and s == 0:
                lines += [
                    "          - insert: goals",
                    "          - insert: indicator_table",
                    "          - insert: vision",
                ]
            for _ in range(max(1, per_chapter // sections)):
                lines += [
                    f"          - lead: {q(sentence(rng, 3))}",
                    f"            text: {q(paragraph(rng, per_para))}",
                ]
            if boxes < 5 and s == sections - 1:
                boxes += 1
                lines += [
                    f"          - box: {q(sentence(rng, 3)[:-1] + '工程')}",
                    "            items:",
                ]
                for _ in range(3):
                    lines += [
                        f"              - title: {q(sentence(rng, 2)[:-1] + '工程')}",
                        f"                text: {q(paragraph(rng, 120))}",
                    ]
    return lines


def _relative(from_dir: Path, target: Path) -> str:
    import os

    return os.path.relpath(target, from_dir)


def assign_shares(node: Node, rng: random.Random) -> None:
    """Split each parent's additive totals among its children (sums slightly off, like real ones)."""
    if not node.children:
        return
    weights = [rng.uniform(0.5, 1.5) for _ in node.children]
    total = sum(weights)
    for child, w in zip(node.children, weights, strict=True):
        child.share = node.share * w / total * rng.uniform(0.97, 1.03)
        assign_shares(child, rng)


def iter_nodes(node: Node, parent: Node | None = None):  # type: ignore[no-untyped-def]
    yield node, parent
    for child in node.children:
        yield from iter_nodes(child, node)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--fraction", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    root = build_tree(args.out, args.fraction)
    assign_shares(root, random.Random(args.seed))
    count = 0
    chars = 0
    targets: dict[int, dict[str, float]] = {}
    for node, parent in iter_nodes(root):
        node.path.parent.mkdir(parents=True, exist_ok=True)
        text, targets[id(node)] = plan_yaml(
            node, parent, args.seed, targets.get(id(parent), {}) if parent else {}
        )
        node.path.write_text(text, encoding="utf-8")
        count += 1
        chars += len(text)
    print(f"wrote {count} plans, {chars / 1e6:.1f} M characters, under {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
