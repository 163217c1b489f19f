"""Web-scrape noise: pinyin annotations, mojibake, site metadata, navigation and footers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from planforge.importer.blocks import Block
from planforge.importer.chinese import is_cjk

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
PINYIN = re.compile(rf"\(([a-z{_TONED}]{{1,7}})\)")
_HAS_TONE = re.compile(f"[{_TONED}]")


def strip_pinyin(text: str, annotated: bool = False) -> tuple[str, int]:
    """Remove pinyin annotations such as ``(yè)`` after characters; return text and count.

    A match needs a tone mark; in a document ``annotated`` throughout (see
    :func:`is_annotated`) a toneless syllable right after an ideograph goes too (``們(men)``),
    while ``附件(a)`` in ordinary text survives. An annotation that lost its ``(`` inside
    mojibake is left alone.
    """
    count = 0

    def repl(m: re.Match[str]) -> str:
        nonlocal count
        before = text[m.start() - 1] if m.start() else ""
        if _HAS_TONE.search(m.group(1)) or (annotated and before and is_cjk(before)):
            count += 1
            return ""
        return m.group(0)

    out = PINYIN.sub(repl, text)
    return out, count


ANNOTATED_MIN = 20


def is_annotated(texts: list[str]) -> bool:
    """A scrape with pinyin after many characters (at least 20 toned annotations)."""
    toned = sum(1 for t in texts for m in PINYIN.finditer(t) if _HAS_TONE.search(m.group(1)))
    return toned >= ANNOTATED_MIN


@dataclass(frozen=True)
class Mojibake:
    """A suspicious run of characters: 0-based column and the run itself."""

    column: int
    text: str


_MOJIBAKE = re.compile(
    r"\ufffd+"  # replacement characters
    r"|\?[^\s\w“”\"'()]{0,3}"  # '?' glued to punctuation inside CJK text (?。 ?; ?!)
    r"|[a-zA-Z]*[\u00c0-\u024f][a-zA-Z\u00c0-\u024f]*\)?"  # accented latin: pinyin scraps
    r"|(?<=[\u3000-\u303f\u4e00-\u9fff])[a-zA-Z]{1,3}\)?(?=[\u3000-\u303f\u4e00-\u9fff])"
)
_OK_LATIN = re.compile(r"^(?:[A-Z]{1,3}|[a-z]?G|APP|DNA|QQ)$")


def find_mojibake(text: str) -> list[Mojibake]:
    """Return suspicious runs: U+FFFD, stray '?' in CJK text, latin scraps between ideographs.

    Hits less than four characters apart are reported as one run.
    """
    spans: list[tuple[int, int]] = []
    for m in _MOJIBAKE.finditer(text):
        run = m.group(0)
        if run.startswith("?") and not _near_cjk(text, m.start(), m.end()):
            continue
        if run[0].isascii() and run[0].isalpha() and _OK_LATIN.match(run.rstrip(")")):
            continue
        if spans and m.start() - spans[-1][1] < 4:
            spans[-1] = (spans[-1][0], m.end())
        else:
            spans.append((m.start(), m.end()))
    return [Mojibake(a, text[a:b]) for a, b in spans]


def _near_cjk(text: str, start: int, end: int) -> bool:
    left = text[start - 1] if start else ""
    right = text[end] if end < len(text) else ""
    return bool(left and is_cjk(left)) or bool(right and is_cjk(right))


# Site metadata labels of Chinese government portals (信息公开 attribute boxes).
SITE_FIELDS = (
    "索引号",
    "发文字号",
    "文号",
    "主题分类",
    "体裁分类",
    "组配分类",
    "发布机构",
    "发文机关",
    "有效性",
    "成文日期",
    "发布日期",
    "公开日期",
    "生效日期",
    "废止日期",
    "信息名称",
    "名称",
    "公开方式",
    "公开范围",
    "主题词",
    "信息来源",
    "来源",
    "所属机构",
    "信息分类",
    "效力状态",
)
_FIELD_RE = re.compile(
    r"^[-*•·\s]*[\[【]?\s*(" + "|".join(SITE_FIELDS) + r")\s*[\]】]?\s*[:：]?\s*(.*)$"
)
_NAV = re.compile(
    r"扫一扫|情报资讯|阅读最新报告|打印本页|关闭窗口|字体[:：]?\s*[\[【]?\s*大|【\s*[大中小]\s*】"
    r"|分享到|上一篇|下一篇|网站地图|版权所有|ICP备|主办单位|承办单位|联系我们|访问量|浏览次数"
    r"|相关链接|返回顶部|收藏本页|设为首页|加入收藏|政务服务网|公网安备|网站标识码|在手机打开"
)
_BREADCRUMB = re.compile(
    r"(首页|当前位置|您现在的位置|所在位置).{0,40}[>»＞›]|[>»＞›].{0,30}[>»＞›]"
)
_PAGE_NO = re.compile(r"^[-—–\s]*\d{1,3}[-—–\s]*$")


def site_field(key: str) -> tuple[str, str] | None:
    """Return (label, value) when a line is a site-metadata field such as ``[ 索引号 ]``."""
    if len(key) > 80:
        return None
    m = _FIELD_RE.match(key)
    if not m:
        return None
    label, rest = m.group(1), m.group(2).strip()
    bracketed = key.lstrip("-*•· ").startswith(("[", "【"))
    colon = re.match(rf"^[-*•·\s]*{label}\s*[:：]", key) is not None
    if label in ("名称", "来源", "文号") and not bracketed and not colon:
        return None
    return label, rest


def classify_line(key: str) -> str:
    """Return why a line is web noise (navigation, breadcrumb, page number), or ''."""
    stripped = key.strip()
    if not stripped:
        return ""
    if len(stripped) <= 40 and _NAV.search(stripped):
        return "网站导航或广告"
    if len(stripped) <= 80 and _BREADCRUMB.search(stripped):
        return "网站导航路径"
    if _PAGE_NO.match(stripped) and re.search(r"[-—–]", stripped):
        return "页码"
    return ""


def mark_site_metadata(blocks: list[Block]) -> dict[str, str]:
    """Mark the portal's metadata box (labels and their values) as noise; return the fields."""
    fields: dict[str, str] = {}
    i = 0
    while i < len(blocks):
        b = blocks[i]
        hit = site_field(b.key) if not b.noise and b.table is None else None
        if hit is None:
            i += 1
            continue
        label, value = hit
        b.noise = "站点元数据"
        if not value and i + 1 < len(blocks) and _is_field_value(blocks[i + 1]):
            value = blocks[i + 1].text.lstrip("-*•· ").strip()
            blocks[i + 1].noise = "站点元数据"
            i += 1
        fields.setdefault(label, value)
        i += 1
    return fields


def _is_field_value(block: Block) -> bool:
    text = block.key.strip()
    return bool(text) and len(text) <= 80 and site_field(text) is None and block.table is None


def mark_noise_lines(blocks: list[Block]) -> None:
    """Mark navigation, breadcrumb, page-number and trailing footer lines as noise."""
    for b in blocks:
        if not b.noise and b.table is None:
            b.noise = classify_line(b.key)
    _mark_footer(blocks)


def _mark_footer(blocks: list[Block]) -> None:
    """Short lines after the last noise line at the end of the file are footer junk too."""
    tail = [b for b in blocks if b.text.strip()]
    last_noise = max((i for i, b in enumerate(tail) if b.noise), default=-1)
    if last_noise < 0 or last_noise < len(tail) - 6:
        return
    first = last_noise
    while first > 0 and tail[first - 1].noise:
        first -= 1
    for b in tail[first:]:
        if not b.noise and len(b.key.strip()) <= 20 and not re.search(r"[。;]$", b.key):
            b.noise = "页脚"
