"""Facts about the plan read from its title and preamble: region, level, basis, vision year."""

from __future__ import annotations

import re

from planforge.importer.chinese import shadow

MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
_SUBJECT = re.compile(r"^(.*?)(民政事业|民政|养老服务|社会救助|儿童福利|殡葬)")
_UNITS = re.compile(r"(.+?(?:自治区|自治州|自治县|自治旗|特别行政区|省|市|区|县|旗|盟))")


def region_and_level(title: str) -> tuple[str, str]:
    """Return the region (the lowest unit named, as written) and the level a plan title implies."""
    key = shadow(title)
    m = _SUBJECT.search(key)
    head = key[: m.start(2)] if m else ""
    spans = [u.span(1) for u in _UNITS.finditer(head)]
    spans = [(s + _lead_len(key[s:e]), e) for s, e in spans]
    if not spans:
        return "全国", "national"
    parts = [key[s:e] for s, e in spans]
    start, end = spans[-1]
    return title[start:end], _level(parts)


def _lead_len(text: str) -> int:
    """Length of quotes or 十四五 words before a place name."""
    m = re.match(r"^[“”\"'《》\s]*", text)
    return m.end() if m else 0


def _level(parts: list[str]) -> str:
    last = parts[-1]
    if last.endswith(("省", "自治区", "特别行政区")) or (
        len(parts) == 1 and last in MUNICIPALITIES
    ):
        return "province"
    if last.endswith(("区", "县", "旗")) or (
        len(parts) >= 2
        and last.endswith("市")
        and parts[0] not in MUNICIPALITIES
        and not parts[0].endswith(("省", "自治区"))
    ):
        return "district"
    return "city"


_BASIS_START = re.compile(r"(依据|根据|按照)")
_BOOK = re.compile(r"《([^》]+)》")
_BETWEEN = re.compile(r"^[、,，和及与以及\s]*$")


def basis(text: str) -> list[str]:
    """Return the document names cited as the basis (依据/根据《…》《…》)."""
    m = _BASIS_START.search(text)
    if not m:
        return []
    names: list[str] = []
    pos = m.end()
    for book in _BOOK.finditer(text, pos):
        if not _BETWEEN.match(text[pos : book.start()]):
            break
        names.append(book.group(1))
        pos = book.end()
    return names


_VISION = re.compile(r"(?:展望至|远景目标|到)\s*(20\d\d)\s*年")


def vision_year(texts: list[str], end: int) -> int | None:
    """The first year after the period end that the text looks forward to (展望至2035年)."""
    for text in texts:
        for m in _VISION.finditer(text):
            year = int(m.group(1))
            if year > end:
                return year
    return None
