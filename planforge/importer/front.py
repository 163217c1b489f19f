"""The front of a published plan: issuing notice, title and period, cover, 目录."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from planforge.importer.blocks import Block
from planforge.importer.chinese import shadow
from planforge.importer.findings import Findings
from planforge.importer.patterns import (
    DISCLOSURE,
    DOC_NUMBER,
    NOTICE,
    OFFICE,
    PERIOD,
    TOC_HEAD,
    iso_date,
)
from planforge.importer.toc import TocEntry, read_toc


@dataclass
class Notice:
    """The 印发通知 fields as the source states them."""

    title: str = ""
    issuer: str = ""
    doc_number: str = ""
    addressees: str = ""
    body: list[str] = field(default_factory=list)
    signature: str = ""
    date: str = ""
    disclosure: str = ""
    line: int = 0
    cc: str = ""
    printed_by: str = ""
    printed_date: str = ""


@dataclass
class Front:
    """Everything before the body."""

    title: str = ""
    title_line: int = 0
    period: tuple[int, int] | None = None
    period_text: str = ""
    office: str = ""
    date: str = ""
    notice: Notice | None = None
    toc: list[TocEntry] = field(default_factory=list)
    unplaced: list[tuple[int, str, str]] = field(default_factory=list)  # line, text, reason
    markers: list[tuple[int, str]] = field(default_factory=list)  # regenerated words per line


def read_front(blocks: list[Block], found: Findings) -> tuple[Front, int]:
    """Read the front matter from the start of ``blocks``; return it and the body's first index."""
    front = Front()
    i = _skip_empty(blocks, 0)
    i = _read_notice(blocks, i, front, found)
    i = _read_title(blocks, i, front, found)
    i = _read_cover(blocks, i, front)
    i = _skip_empty(blocks, i)
    if i < len(blocks) and (TOC_HEAD.match(blocks[i].key) or blocks[i].toc_level):
        if TOC_HEAD.match(blocks[i].key):
            front.markers.append((blocks[i].line, blocks[i].text.strip()))
        front.toc, i = read_toc(blocks, i)
    return front, i


def _skip_empty(blocks: list[Block], i: int) -> int:
    while i < len(blocks) and not blocks[i].text.strip() and blocks[i].table is None:
        i += 1
    return i


def _read_notice(blocks: list[Block], i: int, front: Front, found: Findings) -> int:
    """A notice starts with ``…关于印发《…》的通知`` and ends with its date or 此件公开发布."""
    start = i
    while i < len(blocks) and i - start < 6 and not NOTICE.match(blocks[i].key):
        i += 1
    if i >= len(blocks) or not NOTICE.match(blocks[i].key):
        return start
    m = NOTICE.match(blocks[i].key)
    assert m is not None
    issuer = blocks[i].text[: m.end(1)].strip()
    notice = Notice(title=blocks[i].text.strip(), issuer=issuer, line=blocks[i].line)
    front.notice = notice
    _before_notice(blocks[start:i], notice, front)
    return _notice_fields(blocks, i + 1, notice, front, found)


_MASTHEAD = re.compile(r"^(.+?)\s*文件$")


def _before_notice(blocks: list[Block], notice: Notice, front: Front) -> None:
    """The masthead (``…人民政府文件``) and the document number printed above the title."""
    for b in blocks:
        key = b.key.strip()
        mast = _MASTHEAD.match(key)
        if DOC_NUMBER.match(key) and not notice.doc_number:
            notice.doc_number = b.text.strip()
        elif mast and mast.group(1) == shadow(notice.issuer):
            front.markers.append((b.line, "文件"))
        else:
            front.unplaced.append((b.line, b.text, "通知之前的文字"))


def _notice_fields(
    blocks: list[Block], i: int, notice: Notice, front: Front, found: Findings
) -> int:
    while i < len(blocks):
        b = blocks[i]
        key = b.key.strip()
        if not key:
            i += 1
            continue
        if DOC_NUMBER.match(key) and not notice.doc_number:
            notice.doc_number = b.text.strip()
        elif not notice.addressees and key.endswith((":", "：")) and len(key) < 120:
            notice.addressees = b.text.strip()[:-1]
        elif not notice.addressees and _fragment_of(key, notice.title):
            found.warn("IMP305", f"通知标题的片段“{b.text.strip()}”重复出现,未单独导入", b.line)
            front.unplaced.append((b.line, b.text, "重复的通知标题片段"))
        elif iso_date(key) and len(key) <= 12 and notice.signature:
            notice.date = iso_date(key)
        elif DISCLOSURE.match(key):
            m = DISCLOSURE.match(b.text.strip())
            notice.disclosure = m.group(1) if m else key
            return i + 1
        elif notice.addressees and _is_signature(key, notice):
            notice.signature = b.text.strip()
        elif notice.addressees and not notice.signature:
            notice.body.append(b.text.strip())
        else:
            return i
        i += 1
    return i


def _fragment_of(key: str, title: str) -> bool:
    return len(key) >= 6 and (key in title.replace(" ", "") or key in title)


def _is_signature(key: str, notice: Notice) -> bool:
    return key == notice.issuer or (
        len(key) <= 30 and OFFICE.match(key) is not None and not key.endswith("。")
    )


_TITLE = re.compile(r"规划|纲要|计划|方案")


def _read_title(blocks: list[Block], i: int, front: Front, found: Findings) -> int:
    i = _skip_empty(blocks, i)
    if i >= len(blocks):
        return i
    b = blocks[i]
    key = b.key.strip()
    if not (_TITLE.search(key) and len(key) <= 80 and not key.endswith("。")):
        found.warn("IMP302", "未识别出规划标题,请在 meta.title 中填写", b.line)
        return i
    front.title, front.title_line = b.text.strip(), b.line
    m = PERIOD.search(key)
    if m:
        front.period = (int(m.group(1)), int(m.group(2)))
        front.period_text = b.text.strip()[m.start() :]
        front.title = b.text.strip()[: m.start()].strip()
        return i + 1
    j = _skip_empty(blocks, i + 1)
    if j < len(blocks):
        m = PERIOD.fullmatch(blocks[j].key.strip()) or PERIOD.match(blocks[j].key.strip())
        if m and len(blocks[j].key.strip()) <= 20:
            front.period = (int(m.group(1)), int(m.group(2)))
            front.period_text = blocks[j].text.strip()
            return j + 1
    return i + 1


def _read_cover(blocks: list[Block], i: int, front: Front) -> int:
    """The cover lines after the title: compiling office and month."""
    for _ in range(2):
        i = _skip_empty(blocks, i)
        if i >= len(blocks):
            return i
        key = blocks[i].key.strip()
        if not front.office and OFFICE.match(key):
            front.office = blocks[i].text.strip()
        elif not front.date and iso_date(key) and len(key) <= 12:
            front.date = iso_date(key)
        else:
            return i
        i += 1
    return i
