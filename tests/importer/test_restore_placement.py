"""Where restored headings land, against the hand analysis in seed-notes §1.2 and §2.2.

The analysis itself calls these placements inferences; the thresholds guard against
regressions of the placement scoring, they do not claim every placement is certain.
"""

from __future__ import annotations

import re

from planforge.importer import ImportResult, import_document
from tests.importer.conftest import BANAN, CHONGQING, FIXTURES, seed

BANAN_EXPECTED = {
    "第二章": 186,
    "第一节巩固": 187,
    "第二节健全社会救助": 189,
    "第三章": 210,
    "第一节完善基层": 211,
    "第六节推动志愿": 238,
    "第四章": 246,
    "第三节推进和谐": 255,
    "第五章": 258,
    "第一节加强养老": 259,
    "第二节提升养老": 262,
    "第三节推进养老": 269,
    "第四节推进医养": 272,
    "第七节推动成渝": 280,
    "第二节加快补齐": 289,
    "第一节加强党": 297,
    "第二节强化资金": 298,
    "第三节加强人才": 299,
    "第四节强化民政": 300,
}
CHONGQING_EXPECTED = {
    "第一章": 4,
    "第一节发展基础": 4,
    "第二节发展环境": 8,
    "第三节指导": 10,
    "第四节发展目标": 17,
    "第二章": 41,
    "第一节持续": 42,
    "第二节健全优化": 44,
    "第三节深入推进儿童": 52,
    "第四节提升残疾": 58,
    "第五节引导": 63,
    "第六节深入推动": 66,
    "第三章": 68,
    "第一节健全基层": 69,
    "第二节提高城乡": 73,
    "第三节聚合": 82,
}
_PLACED = re.compile(r"标题“(.+?)”,已补入第 (\d+) 行之前")


def placements(result: ImportResult) -> dict[str, int]:
    found = (_PLACED.search(p.message) for p in result.problems if p.code == "IMP102")
    return {m.group(1): int(m.group(2)) for m in found if m}


def score(result: ImportResult, expected: dict[str, int]) -> int:
    got = placements(result)
    return sum(
        any(t.startswith(k) and line == v for t, line in got.items()) for k, v in expected.items()
    )


def test_banan_placements() -> None:
    result = import_document(seed(BANAN))
    assert len(placements(result)) == 19
    assert score(result, BANAN_EXPECTED) >= 17


def test_chongqing_placements_from_an_external_toc() -> None:
    result = import_document(
        seed(CHONGQING),
        simplified=True,
        toc_text=(FIXTURES / "chongqing_toc.txt").read_text(encoding="utf-8"),
    )
    assert len(placements(result)) == 16
    assert score(result, CHONGQING_EXPECTED) >= 12
