"""The real-office test: LibreOffice converts every bundled plan's .docx to PDF, and the PDF has
every heading, every indicator, page numbers on the body pages and a 目录 whose page numbers
are the pages the headings are really on."""

from __future__ import annotations

import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from planforge import office
from planforge.build import build
from planforge.loader import load_plan
from planforge.model import Plan

ROOT = Path(__file__).resolve().parents[2]
SOURCES = (ROOT / "plans", ROOT / "tests" / "cases" / "valid" / "hierarchy")
CHARS_PER_PAGE = 22 * 28
_PAGE_NUMBER = re.compile(r"—\s*(\d+)\s*—")
_TOC_LINE = re.compile(r"^\s*(\S.*?)\s*\.{3,}\s*(\d+)\s*$")


def bundled_plans() -> list[Path]:
    return [p for folder in SOURCES for p in sorted(folder.rglob("*.yaml"))]


def squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def pdfs(
    tmp_path_factory: pytest.TempPathFactory, soffice: str, cjk_fonts: None
) -> dict[Path, Path]:
    out = tmp_path_factory.mktemp("pdf")
    docs = {}
    for i, plan in enumerate(bundled_plans()):
        result = build([plan], out / str(i), ["docx"])
        assert result.written, [p.message for p in result.report.problems if p.is_error]
        docs[plan] = result.written[0]
    with ThreadPoolExecutor(max_workers=2) as pool:
        converted = pool.map(lambda d: office.convert_to_pdf(d, d.parent), docs.values())
        return dict(zip(docs, converted, strict=True))


def raw_pages(pdf: Path) -> list[str]:
    """Return the text of each page in content order (a wrapped table cell stays together)."""
    text = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True
    ).stdout
    return text.decode("utf-8").split("\f")


def _plan(path: Path) -> Plan:
    loaded = load_plan(path)
    assert loaded.plan is not None
    return loaded.plan


def _headings(plan: Plan) -> list[str]:
    out = []
    for chapter in plan.chapters:
        out.append(chapter.title)
        out += [s.title for s in chapter.sections]
    return out


@pytest.mark.parametrize("plan_path", bundled_plans(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_pdf_has_every_heading_and_indicator(plan_path: Path, pdfs: dict[Path, Path]) -> None:
    plan = _plan(plan_path)
    text = squeeze("".join(raw_pages(pdfs[plan_path])))
    missing = [h for h in _headings(plan) if squeeze(h) not in text]
    assert not missing, f"PDF 中找不到这些标题:{missing}"
    names = [ind.name for ind in plan.indicators.iter_all()]
    missing = [n for n in names if squeeze(n) not in text]
    assert not missing, f"PDF 中找不到这些指标:{missing}"


@pytest.mark.parametrize("plan_path", bundled_plans(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_body_pages_are_numbered_from_one(plan_path: Path, pdfs: dict[Path, Path]) -> None:
    pages = raw_pages(pdfs[plan_path])
    numbers = [int(m.group(1)) for page in pages for m in _PAGE_NUMBER.finditer(page)]
    body = numbers[numbers.index(1, 1 if _plan(plan_path).meta.notice else 0) :] if numbers else []
    assert body and body == list(range(1, len(body) + 1)), numbers


@pytest.mark.parametrize("plan_path", bundled_plans(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_page_count_is_plausible(plan_path: Path, pdfs: dict[Path, Path]) -> None:
    plan = _plan(plan_path)
    chars = sum(
        len(str(getattr(b, "text", ""))) + len(str(getattr(b, "lead", "")))
        for b, _ in plan.iter_blocks()
    )
    chars += 40 * len(list(plan.indicators.iter_all())) + 20 * len(_headings(plan))
    low, high = chars / CHARS_PER_PAGE, 2.5 * chars / CHARS_PER_PAGE + 6
    assert low <= office.pdf_page_count(pdfs[plan_path]) <= high


@pytest.mark.parametrize("plan_path", bundled_plans(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_toc_page_numbers_are_the_real_pages(plan_path: Path, pdfs: dict[Path, Path]) -> None:
    pdf = pdfs[plan_path]
    layout = office.pdf_to_text(pdf).split("\f")
    toc = {
        squeeze(m.group(1)): int(m.group(2))
        for page in layout
        for line in page.splitlines()
        if (m := _TOC_LINE.match(line))
    }
    assert toc, "没有找到目录条目"
    # The body pages without the 目录's own lines (a TOC line has a run of leader dots).
    pages = [
        "\n".join(line for line in page.splitlines() if "...." not in line)
        for page in raw_pages(pdf)
    ]
    checked = 0
    for heading, number in toc.items():
        where = [i for i, page in enumerate(pages) if heading in squeeze(page)]
        shown = [int(m.group(1)) for i in where for m in _PAGE_NUMBER.finditer(pages[i])]
        assert number in shown, f"目录说“{heading}”在第 {number} 页,实际在 {shown}"
        checked += 1
    assert checked == len(toc)


def test_pdf_uses_the_mapped_chinese_fonts(pdfs: dict[Path, Path]) -> None:
    fonts = " ".join(office.pdf_fonts(next(iter(pdfs.values()))))
    assert "NotoSerifCJK" in fonts.replace(" ", "") or "Noto Serif CJK" in fonts
    assert "DejaVu" not in fonts
