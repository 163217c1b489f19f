"""Recognisers for the numbering and fixed phrases of Chinese official documents."""

from __future__ import annotations

import re
from dataclasses import dataclass

from planforge.importer.chinese import CN_NUMERAL, cn_to_int

# Heading kinds, from the outermost: 第X章, 第X节, 一、, (一), 1., (1)
CHAPTER, SECTION, CN, PAREN_CN, ARABIC, PAREN_ARABIC = (
    "chapter",
    "section",
    "cn",
    "paren_cn",
    "arabic",
    "paren_arabic",
)

_LP, _RP = "[(（]", "[)）]"
_HEADING_RES: list[tuple[str, re.Pattern[str]]] = [
    (CHAPTER, re.compile(rf"^第({CN_NUMERAL}|\d+)章\s*(.*)$")),
    (SECTION, re.compile(rf"^第({CN_NUMERAL}|\d+)节\s*(.*)$")),
    (CN, re.compile(rf"^({CN_NUMERAL})\s*[、.．]\s*(.*)$")),
    (PAREN_CN, re.compile(rf"^{_LP}\s*({CN_NUMERAL})\s*{_RP}\s*(.*)$")),
    (ARABIC, re.compile(r"^(\d{1,2})\s*[.．、](?!\d)\s*(.*)$")),
    (PAREN_ARABIC, re.compile(rf"^{_LP}\s*(\d{{1,2}})\s*{_RP}\s*(.*)$")),
]


@dataclass(frozen=True)
class Numbered:
    """A numbered line: its numbering kind, the number, the marker text and the rest."""

    kind: str
    number: int
    marker: str
    rest: str


def numbered(key: str) -> Numbered | None:
    """Recognise a numbering prefix (第一章, 第二节, 一、, (一), 1., (1)) at the start of a line."""
    for kind, rx in _HEADING_RES:
        m = rx.match(key)
        if m:
            number = cn_to_int(m.group(1))
            if number:
                marker = key[: m.start(2)]
                return Numbered(kind, number, marker, key[m.start(2) :])
    return None


_END_PUNCT = "。;；,，:："


def looks_like_heading(rest: str, limit: int = 40) -> bool:
    """A heading is short and does not end like a sentence."""
    rest = rest.strip()
    return 0 < len(rest) <= limit and rest[-1] not in _END_PUNCT and "。" not in rest


_BOX = re.compile(r"^(专栏|专 栏)\s*(\d+|[一二三四五六七八九十]+)\s*[::.、]?\s*(.*)$")
_TABLE = re.compile(r"^(表|附表)\s*(\d+|[一二三四五六七八九十]+)\s*[::.、]?\s*(.*)$")


def box_title(key: str) -> tuple[int, str, int] | None:
    """Return (number, title, prefix length) for ``专栏2社会救助能力提升工程``."""
    m = _BOX.match(key)
    if not m or len(key) > 60 or key.rstrip().endswith(("。", "|")):
        return None
    return cn_to_int(m.group(2)), m.group(3).strip(), m.start(3)


def table_title(key: str) -> tuple[int, str, int] | None:
    """Return (number, title, prefix length) for ``表1 “十四五”巴南区民政事业主要发展指标``."""
    m = _TABLE.match(key)
    if not m or len(key) > 60 or key.rstrip().endswith("。") or not m.group(3):
        return None
    return cn_to_int(m.group(2)), m.group(3).strip(), m.start(3)


PERIOD = re.compile(
    r"[(（]\s*(\d{4})\s*(?:年)?\s*[—–\-~～至到]{1,2}\s*(\d{4})\s*(?:年)?\s*[)）]\s*$"
)
NOTICE = re.compile(r"^(.+?)关于印发(.+)的通知$")
DOC_NUMBER = re.compile(r"^\s*([\u4e00-\u9fff]{1,12}[〔\[［(（]\d{4}[〕\]］)）]\s*\d+\s*号)\s*$")
DATE_FULL = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
DATE_MONTH = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*$")
DATE_ISO = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*$")
DISCLOSURE = re.compile(r"^\s*[(（]\s*(此件.{2,12})\s*[)）]\s*$")
TOC_HEAD = re.compile(r"^\s*目\s*录\s*$")
TOC_ENTRY = re.compile(r"^(.+?)\s*(?:[….·•⋯\-_]{2,}|\t|\s{2,})\s*[(（]?\s*(\d{1,3})?\s*[)）]?\s*$")
BULLET_DASH = re.compile(r"^(——|—|--|-)\s*(?=\S)")
OFFICE = re.compile(r"^[\u4e00-\u9fff]{2,30}(民政局|民政厅|民政部|人民政府|办公室|办公厅|委员会)$")


def iso_date(key: str) -> str:
    """Return ``YYYY-MM-DD`` or ``YYYY-MM`` for a Chinese or ISO date line, else ''."""
    m = DATE_FULL.match(key) or DATE_ISO.match(key)
    if m:
        return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    m = DATE_MONTH.match(key)
    if m:
        return f"{m.group(1)}-{int(m.group(2)):02d}"
    return ""
