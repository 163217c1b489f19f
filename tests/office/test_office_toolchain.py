"""The real toolchain: python-docx → LibreOffice headless → PDF → poppler, with CJK font aliases."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from planforge import office
from planforge.errors import PlanforgeError

BODY = "民政事业发展规划坚持以人民为中心的发展思想"


def make_docx(path: Path, runs: Sequence[tuple[str, str]], *, lang: str = "zh-CN") -> Path:
    """Write an A4 document with one paragraph per (font name, text), East Asian font set."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for font_name, text in runs:
        run = document.add_paragraph().add_run(text)
        run.font.name = font_name  # Latin font only: the East Asian one is set below
        run.font.size = Pt(16)
        r_pr = run._element.get_or_add_rPr()
        r_pr.get_or_add_rFonts().set(qn("w:eastAsia"), font_name)
        language = OxmlElement("w:lang")
        language.set(qn("w:eastAsia"), lang)
        r_pr.append(language)  # w:lang is the last child of w:rPr in schema order
    document.save(str(path))
    return path


def squeeze(text: str) -> str:
    return "".join(text.split())


def test_converts_chinese_fangsong_text_to_a_one_page_pdf(tmp_path: Path) -> None:
    # A Chinese file name, too: soffice decodes its arguments by the locale.
    docx = make_docx(tmp_path / "巴南区民政规划.docx", [("仿宋_GB2312", BODY)])

    pdf = office.convert_to_pdf(docx, tmp_path / "out")

    assert pdf == tmp_path / "out" / "巴南区民政规划.pdf"
    assert BODY in squeeze(office.pdf_to_text(pdf))
    assert office.pdf_page_count(pdf) == 1


def test_two_parallel_conversions_both_succeed(tmp_path: Path) -> None:
    texts = {"甲": "第一份规划养老服务体系建设", "乙": "第二份规划社会救助兜底保障"}
    docs = [make_docx(tmp_path / f"{name}.docx", [("仿宋_GB2312", t)]) for name, t in texts.items()]
    out = tmp_path / "out"

    with ThreadPoolExecutor(max_workers=2) as pool:
        pdfs = list(pool.map(lambda docx: office.convert_to_pdf(docx, out), docs))

    assert [pdf.name for pdf in pdfs] == ["甲.pdf", "乙.pdf"]
    for pdf, text in zip(pdfs, texts.values(), strict=True):
        assert squeeze(office.pdf_to_text(pdf)) == text


@pytest.mark.usefixtures("cjk_fonts")
def test_official_font_names_map_to_the_debian_fonts(tmp_path: Path) -> None:
    docx = make_docx(
        tmp_path / "fonts.docx",
        [
            ("方正小标宋简体", "标题"),
            ("黑体", "一、总体要求"),
            ("楷体_GB2312", "(一)指导思想"),
            ("仿宋_GB2312", BODY),
        ],
    )

    fonts = " ".join(office.pdf_fonts(office.convert_to_pdf(docx, tmp_path)))

    # LibreOffice names Noto CJK subsets after the shared CFF table ("NotoSerifCJKjp-…"), so the
    # names show family and weight only; the next test checks that the SC glyphs are used.
    assert "NotoSerifCJK" in fonts and "Regular" in fonts  # 仿宋_GB2312
    assert "NotoSerifCJK" in fonts and "Bold" in fonts  # 方正小标宋简体, bold by fonts.conf
    assert "NotoSansCJK" in fonts  # 黑体
    assert "UKai" in fonts  # 楷体_GB2312
    assert "DejaVu" not in fonts


@pytest.mark.usefixtures("cjk_fonts")
def test_fangsong_renders_with_simplified_chinese_glyphs(tmp_path: Path) -> None:
    text = "直骨写"  # glyphs that differ between the SC and JP faces of Noto Serif CJK
    pages = {}
    for family, lang in (
        ("仿宋_GB2312", "zh-CN"),
        ("Noto Serif CJK SC", "zh-CN"),
        ("Noto Serif CJK JP", "ja-JP"),
    ):
        docx = make_docx(tmp_path / f"{family}.docx", [(family, text)], lang=lang)
        pdf = office.convert_to_pdf(docx, tmp_path / "pdf")
        pages[family] = office.pdf_to_pngs(pdf, tmp_path / "png", dpi=100)[0].read_bytes()

    assert pages["仿宋_GB2312"] == pages["Noto Serif CJK SC"]
    assert pages["Noto Serif CJK SC"] != pages["Noto Serif CJK JP"]  # the comparison can tell


def test_pdf_to_pngs_renders_each_page(tmp_path: Path) -> None:
    pdf = office.convert_to_pdf(make_docx(tmp_path / "a.docx", [("仿宋_GB2312", BODY)]), tmp_path)

    pngs = office.pdf_to_pngs(pdf, tmp_path / "png")

    assert pngs == [tmp_path / "png" / "a-1.png"]
    assert pngs[0].read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert [p.name for p in (tmp_path / "png").iterdir()] == ["a-1.png"]  # no temp folder left


def test_conversion_leaves_no_profile_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    docx = make_docx(tmp_path / "a.docx", [("仿宋_GB2312", BODY)])

    office.convert_to_pdf(docx, tmp_path / "out")

    assert list(scratch.iterdir()) == []
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["a.pdf"]


def test_timeout_kills_soffice_and_cleans_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    docx = make_docx(tmp_path / "a.docx", [("仿宋_GB2312", BODY)])

    with pytest.raises(PlanforgeError, match=r"超过 0\.2 秒"):
        office.convert_to_pdf(docx, tmp_path / "out", timeout=0.2)

    assert list(scratch.iterdir()) == []
    assert not _processes_mentioning(str(scratch))


def test_broken_docx_is_reported(tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")

    with pytest.raises(PlanforgeError, match=r"未能把 .*broken\.docx 转为 PDF"):
        office.convert_to_pdf(broken, tmp_path / "out")


@pytest.mark.office_not_required
def test_missing_soffice_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(office.SOFFICE_ENV, str(tmp_path / "no-such-soffice"))
    assert office.find_soffice() is None

    with pytest.raises(PlanforgeError) as error:
        office.convert_to_pdf(tmp_path / "a.docx", tmp_path)

    assert "sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk" in str(error.value)


@pytest.mark.office_not_required
def test_missing_poppler_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    monkeypatch.setenv("PATH", str(tmp_path))

    for read in (office.pdf_to_text, office.pdf_page_count, office.pdf_fonts):
        with pytest.raises(PlanforgeError, match="poppler-utils"):
            read(pdf)


@pytest.mark.office_not_required
def test_missing_input_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        office.SOFFICE_ENV, sys.executable
    )  # any program: the input is checked first
    with pytest.raises(PlanforgeError, match="不存在"):
        office.convert_to_pdf(tmp_path / "missing.docx", tmp_path)
    with pytest.raises(PlanforgeError, match="不存在"):
        office.pdf_to_text(tmp_path / "missing.pdf")


def _processes_mentioning(needle: str) -> list[int]:
    """Return the ids of live (not zombie) processes whose command line contains ``needle``."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().decode("utf-8", "replace")
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if needle in cmdline and state != "Z":
            found.append(int(proc.name))
    return found
