"""Walk the token tree and write ``w:body``: paragraphs, headings, tables, sections, the 目录.

Sections: the issuing notice (pages numbered from 1), the cover and the 目录 (no page
numbers), the body (numbered from 1 again) and the 版记 (on an even page, at its foot).
A section's ``w:sectPr`` goes into its last paragraph, as Word writes it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import NamedTuple

from planforge.errors import PlanforgeError
from planforge.render.docx import tables
from planforge.render.docx.layout import PageEstimator, balance_lines, text_ems
from planforge.render.docx.parts import FOOTER_BLANK, FOOTER_EVEN, FOOTER_IDS, FOOTER_ODD
from planforge.render.docx.styles import StyleBook
from planforge.render.docx.xml import R_NS, W_NS, attr, esc, mm_eighths, mm_twips, pt_twips
from planforge.render.markdown import (
    Token,
    body_children,
    directive_name,
    iter_headings,
    merge_columns,
    plain_text,
    table_cells,
    title_children,
    toc_depth,
)

SECTION_DIRECTIVES = {"notice": "notice", "cover": "front", "toc": "front", "colophon": "colophon"}
HEADING_STYLE = {1: "title", 2: "heading1", 3: "heading2", 4: "heading3"}
BOOKMARK_PREFIX = "_Toc"
# A paragraph that only carries a section break or separates two tables: one point high.
_SPACER_SLACK_PT = 8.0  # keeps the 版记 on its page despite rounding in either office suite
_TINY = '<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'


class _Section:
    def __init__(self, kind: str) -> None:
        self.kind = kind  # notice | front | body | colophon
        self.has_content = False


class _TocEntry(NamedTuple):
    level: int
    text: str
    bookmark: str


class BodyWriter:
    """Write the body of document.xml from the parsed template output."""

    def __init__(self, book: StyleBook, tokens: Sequence[Token]) -> None:
        self.book = book
        self.tokens = tokens
        self.out: list[str] = []
        profile = self.book.profile
        self.width = mm_twips(profile.page.text_width_mm)
        self.pages = PageEstimator(self.book)
        self.section: _Section | None = None
        self.body_sections = 0
        self.last_paragraph: int | None = None  # index in out of the last top-level paragraph
        self.last_was_table = False
        self.page_break = False
        self.styles: list[str] = []
        self.bookmarks = 0
        self.toc_slot: int | None = None
        self.toc_entries: list[_TocEntry] = []
        self.heading_pages: dict[str, int] = {}
        self.toc_title: list[Token] = []

    # -- entry point ----------------------------------------------------------------------------

    def write(self) -> str:
        """Return the inner XML of ``w:body``."""
        self._plan_toc()
        for token in self.tokens:
            if token["type"] == "blank_line":
                continue
            kind = SECTION_DIRECTIVES.get(directive_name(token))
            if kind:
                self._close_section()
                self._open_section(kind)
                self.block(token)
                self._close_section()
            else:
                if self.section is None or self.section.kind != "body":
                    self._close_section()
                    self._open_section("body")
                self.block(token)
        self._close_section(final=True)
        self._fill_toc()
        return "".join(self.out)

    # -- sections -------------------------------------------------------------------------------

    def _open_section(self, kind: str) -> None:
        self.section = _Section(kind)
        if kind == "body":
            self.body_sections += 1
            self.pages.new_page(restart=self.body_sections == 1)

    def _close_section(self, final: bool = False) -> None:
        section = self.section
        if section is None or not (section.has_content or final):
            return
        sect = self._sect_pr(section)
        if final:
            self.out.append(sect)
        elif self.last_paragraph is not None:
            i = self.last_paragraph
            self.out[i] = self.out[i].replace("</w:pPr>", sect + "</w:pPr>", 1)
        else:
            self.out.append(f"<w:p><w:pPr>{_TINY}{sect}</w:pPr></w:p>")
        self.section = None
        self.last_paragraph = None
        self.last_was_table = False

    def _sect_pr(self, section: _Section) -> str:
        profile = self.book.profile
        page = profile.page
        numbered = section.kind in ("notice", "body") or (
            section.kind == "front" and profile.page_number.front_matter
        )
        odd, even = (FOOTER_ODD, FOOTER_EVEN) if numbered else (FOOTER_BLANK, FOOTER_BLANK)
        restart = section.kind == "notice" or (section.kind == "body" and self.body_sections == 1)
        return (
            f'<w:sectPr><w:footerReference w:type="default" r:id="{FOOTER_IDS[odd]}"/>'
            f'<w:footerReference w:type="even" r:id="{FOOTER_IDS[even]}"/>'
            f'<w:type w:val="{"evenPage" if section.kind == "colophon" else "nextPage"}"/>'
            f'<w:pgSz w:w="{mm_twips(page.width_mm)}" w:h="{mm_twips(page.height_mm)}"/>'
            f'<w:pgMar w:top="{mm_twips(page.margin_top_mm)}" w:right="{mm_twips(page.margin_right_mm)}"'
            f' w:bottom="{mm_twips(page.margin_bottom_mm)}" w:left="{mm_twips(page.margin_left_mm)}"'
            f' w:header="851" w:footer="{mm_twips(page.footer_mm)}" w:gutter="0"/>'
            + ('<w:pgNumType w:start="1"/>' if restart else "")
            + '<w:cols w:space="425"/>'
            + ('<w:vAlign w:val="bottom"/>' if section.kind == "colophon" else "")
            + f'<w:docGrid w:linePitch="{pt_twips(profile.line_pitch_pt)}"/></w:sectPr>'
        )

    # -- emitting -------------------------------------------------------------------------------

    def emit_paragraph(self, xml: str) -> None:
        if self.section is not None:
            self.section.has_content = True
        self.last_paragraph = len(self.out)
        self.out.append(xml)
        self.last_was_table = False

    def emit_table(self, xml: str) -> None:
        if self.last_was_table:  # Word would join two adjacent tables into one
            self.emit_paragraph(f"<w:p><w:pPr>{_TINY}</w:pPr></w:p>")
        if self.page_break:
            self.emit_paragraph(f"<w:p><w:pPr><w:pageBreakBefore/>{_TINY}</w:pPr></w:p>")
            self.page_break = False
        if self.section is not None:
            self.section.has_content = True
        self.out.append(xml)
        self.last_paragraph = None
        self.last_was_table = True

    def spacer(self, height_pt: float) -> None:
        """Emit an empty paragraph exactly ``height_pt`` high (nothing when zero)."""
        if height_pt > 0:
            spacing = f'<w:spacing w:before="0" w:after="0" w:line="{pt_twips(height_pt)}" w:lineRule="exact"/>'
            self.emit_paragraph(f"<w:p><w:pPr>{spacing}</w:pPr></w:p>")
            if self.section is not None and self.section.kind == "body":
                self.pages.flow(height_pt)

    def paragraph_xml(self, style: str, runs: str, extra: str = "", bookmark: str = "") -> str:
        """Return a ``w:p``; ``extra`` holds pPr children that follow pStyle, in schema order."""
        if self.page_break:
            extra = "<w:pageBreakBefore/>" + extra
            self.page_break = False
        if bookmark:
            self.bookmarks += 1
            n = self.bookmarks
            runs = f'<w:bookmarkStart w:id="{n}" w:name="{bookmark}"/>{runs}<w:bookmarkEnd w:id="{n}"/>'
        return f"<w:p>{self.book.ppr(style)}{extra}</w:pPr>{runs}</w:p>"

    # -- blocks ---------------------------------------------------------------------------------

    def blocks(self, tokens: Sequence[Token]) -> None:
        for token in tokens:
            self.block(token)

    def block(self, token: Token) -> None:
        kind = token["type"]
        if kind in ("paragraph", "block_text"):
            self.paragraph(token["children"])
        elif kind == "heading":
            self.heading(token)
        elif kind == "table":
            self.data_table(token, set())
        elif kind == "directive":
            self.directive(token)
        elif kind in ("block_quote", "list", "list_item"):
            self.blocks(token["children"])
        elif kind in ("block_code", "block_html"):
            self.paragraph([{"type": "text", "raw": str(token.get("raw", "")).strip()}])

    def current_style(self, default: str = "body") -> str:
        return self.styles[-1] if self.styles else default

    def paragraph(self, inlines: list[Token], style: str | None = None) -> None:
        style = style or self.current_style()
        self.emit_paragraph(self.paragraph_xml(style, self.runs(inlines, style)))
        if self.section is not None and self.section.kind == "body":
            self.pages.flow(self.pages.paragraph_height(style, plain_text(inlines)))

    def heading(self, token: Token) -> None:
        level = int(token["attrs"]["level"])
        style = self.current_style(HEADING_STYLE.get(level, "heading4"))
        bookmark = str(token.get("_bookmark", ""))
        if bookmark and self.section is not None and self.section.kind == "body":
            height = self.pages.paragraph_height(style, plain_text(token["children"]))
            self.heading_pages[bookmark] = self.pages.keep(height + self.book.profile.line_pitch_pt)
            self.pages.used -= self.book.profile.line_pitch_pt
        runs = self._title_runs(token["children"], style) or self.runs(token["children"], style)
        self.emit_paragraph(self.paragraph_xml(style, runs, bookmark=bookmark))

    def _title_runs(self, inlines: list[Token], style: str) -> str:
        """Break a long centred title into balanced lines; empty when it needs no breaking."""
        spec = self.book.spec(style)
        if spec.align != "center" or any(t["type"] != "text" for t in inlines):
            return ""
        char = spec.char_pt(self.book.profile.char_spacing_pt)
        per_line = (self.pages.width - (spec.left_chars + spec.right_chars) * char) / char - 0.25
        lines = balance_lines(plain_text(inlines), per_line)
        return self.run("\n".join(lines), style) if len(lines) > 1 else ""

    # -- runs -----------------------------------------------------------------------------------

    def runs(self, inlines: Sequence[Token], style: str) -> str:
        """Return the runs of inline tokens; adjacent text of the same weight shares a run."""
        out: list[str] = []
        text, strong = "", False
        for piece, bold in _segments(inlines, False):
            if bold != strong and text:
                out.append(self.run(text, style, strong))
                text = ""
            text += piece
            strong = bold
        if text:
            out.append(self.run(text, style, strong))
        return "".join(out)

    def run(self, text: str, style: str, strong: bool = False) -> str:
        rpr = self.book.rpr(style, strong)
        if "\t" in text or "\n" in text:
            return f"<w:r>{rpr}{_text_with_breaks(text)}</w:r>"
        return f'<w:r>{rpr}<w:t xml:space="preserve">{esc(text)}</w:t></w:r>'

    # -- directives -----------------------------------------------------------------------------

    def directive(self, token: Token) -> None:
        name = directive_name(token)
        handler = getattr(self, "_d_" + name, None)
        if handler is None:
            raise PlanforgeError(f"Word 生成器不支持指令“{name}”")
        handler(token)

    def _d_cover(self, token: Token) -> None:
        self.blocks(body_children(token))

    _d_notice = _d_cover

    def _d_style(self, token: Token) -> None:
        name = str(token["attrs"]["title"]).strip()
        self.book.spec(name)
        self.styles.append(name)
        self.blocks(body_children(token))
        self.styles.pop()

    def _d_pagebreak(self, token: Token) -> None:
        self.page_break = True
        if self.section is not None and self.section.kind == "body":
            self.pages.new_page()

    def _d_rule(self, token: Token) -> None:
        profile = self.book.profile
        color = attr(profile.notice_rule_color)
        line = mm_eighths(profile.notice_rule_mm)
        extra = (
            f'<w:pBdr><w:bottom w:val="single" w:sz="{line}" w:space="0" w:color="{color}"/></w:pBdr>'
            '<w:spacing w:before="0" w:after="0" w:line="160" w:lineRule="exact"/>'
        )
        self.emit_paragraph(self.paragraph_xml("normal", "", extra))

    def _d_signature(self, token: Token) -> None:
        """Signature above the date, centred on it; the date four characters from the right."""
        paragraphs = [c["children"] for c in body_children(token) if c["type"] == "paragraph"]
        if not paragraphs:
            return
        *names, date = paragraphs
        date_spec = self.book.spec("sign-date")
        date_ems = text_ems(plain_text(date))
        for name in names:
            right = max(0.0, date_spec.right_chars + (date_ems - text_ems(plain_text(name))) / 2)
            extra = self.book.indent_xml(self.book.spec("signature"), right)
            self.emit_paragraph(
                self.paragraph_xml("signature", self.runs(name, "signature"), extra)
            )
        self.emit_paragraph(self.paragraph_xml("sign-date", self.runs(date, "sign-date")))

    def _d_colophon(self, token: Token) -> None:
        """The 版记 at the foot of its page: a spacer line as tall as the space above it."""
        options = token["attrs"]["options"]
        para = self._plain_paragraph
        cc = para("colophon", options.get("cc", "")) if options.get("cc") else ""
        right = self.paragraph_xml(
            "colophon", self.run(options.get("right", ""), "colophon"), '<w:jc w:val="right"/>'
        )
        # vAlign=bottom on the section does this in Word, but LibreOffice ignores it.
        spacer = (
            self.pages.capacity
            - tables.colophon_height_pt(self.book, 2 if cc else 1)
            - _SPACER_SLACK_PT
        )
        self.emit_paragraph(
            f'<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="{pt_twips(spacer)}" w:lineRule="exact"/></w:pPr></w:p>'
        )
        self.emit_table(
            tables.colophon_xml(
                self.book, self.width, cc, para("colophon", options.get("left", "")), right
            )
        )

    def _plain_paragraph(self, style: str, text: str) -> str:
        return self.paragraph_xml(style, self.run(text, style) if text else "")

    def _d_box(self, token: Token) -> None:
        title = title_children(token)
        inner = [self.paragraph_xml("box-title", self.runs(title, "box-title"))] if title else []
        self.styles.append("box-text")
        inner += list(self._cell_paragraphs(body_children(token)))
        self.styles.pop()
        # A little air between the box and the text around it.
        self.spacer(self.book.profile.box_space_pt)
        self.emit_table(
            tables.box_xml(
                self.book, self.width, "".join(inner) or self._plain_paragraph("box-text", "")
            )
        )
        self.spacer(self.book.profile.box_space_pt)
        if self.section is not None and self.section.kind == "body":
            text = plain_text(title) + "".join(
                plain_text(c.get("children", [])) for c in body_children(token)
            )
            self.pages.flow(
                self.pages.paragraph_height("box-text", text) + self.book.profile.line_pitch_pt
            )

    def _cell_paragraphs(self, tokens: Sequence[Token]) -> Iterator[str]:
        for token in tokens:
            if token["type"] in ("paragraph", "block_text"):
                style = self.current_style()
                yield self.paragraph_xml(style, self.runs(token["children"], style))
            elif token["type"] == "directive" and directive_name(token) == "style":
                self.styles.append(str(token["attrs"]["title"]).strip())
                yield from self._cell_paragraphs(body_children(token))
                self.styles.pop()

    def _d_indicators(self, token: Token) -> None:
        title = title_children(token)
        if title:
            self.paragraph(title, "table-caption")
        for child in body_children(token):
            if child["type"] == "table":
                header, _ = table_cells(child)
                self.data_table(child, merge_columns(token, [plain_text(h) for h in header]))
            else:
                self.block(child)

    _d_table = _d_indicators

    def data_table(self, token: Token, merge: set[int]) -> None:
        header, rows = table_cells(token)
        table = tables.DataTable(
            header=[tables.Cell(c, plain_text(c)) for c in header],
            rows=[[tables.Cell(c, plain_text(c)) for c in r] for r in rows],
            merge=merge,
        )
        self.emit_table(tables.data_table_xml(self.book, table, self.width, self.runs))
        if self.section is not None and self.section.kind == "body":
            for r in [table.header, *table.rows]:
                cols = max(1, len(r))
                tallest = max(
                    self.pages.paragraph_height("table-text", c.text, self.pages.width / cols)
                    for c in r
                )
                self.pages.flow(tallest + 4)

    # -- the 目录 ---------------------------------------------------------------------------------

    def _plan_toc(self) -> None:
        """Give each heading the 目录 lists a bookmark before the body is written."""
        toc = next((t for t in _iter_all(self.tokens) if directive_name(t) == "toc"), None)
        if toc is None:
            return
        wanted = {ref.order: ref for ref in iter_headings(self.tokens, toc_depth(toc))}
        index = 0
        for token in _iter_all(self.tokens):
            if token["type"] != "heading":
                continue
            ref = wanted.get(index)
            if ref is not None:
                token["_bookmark"] = f"{BOOKMARK_PREFIX}{len(self.toc_entries) + 1:08d}"
                self.toc_entries.append(_TocEntry(ref.level, ref.text, token["_bookmark"]))
            index += 1

    def _d_toc(self, token: Token) -> None:
        self.toc_title = title_children(token)
        self.toc_slot = len(self.out)
        self.out.append("")
        if self.section is not None:
            self.section.has_content = True
        self.last_paragraph = None

    def _fill_toc(self) -> None:
        if self.toc_slot is None:
            return
        parts = (
            [self.paragraph_xml("toc-title", self.runs(self.toc_title, "toc-title"))]
            if self.toc_title
            else []
        )
        parts += [self._toc_entry(entry) for entry in self.toc_entries]
        self.out[self.toc_slot] = "".join(parts)

    def _toc_entry(self, entry: _TocEntry) -> str:
        style = f"toc{min(3, entry.level - 1)}"
        rpr = self.book.rpr(style)
        page = self.heading_pages.get(entry.bookmark, 1)
        tabs = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{self.width}"/></w:tabs>'
        field = (
            f"<w:r>{rpr}<w:tab/></w:r>"
            f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r>{rpr}<w:instrText xml:space="preserve"> PAGEREF {entry.bookmark} \\h </w:instrText></w:r>'
            f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
            f"<w:r>{rpr}<w:t>{page}</w:t></w:r>"
            f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'
        )
        link = f'<w:hyperlink w:anchor="{entry.bookmark}" w:history="1">{self.run(entry.text, style)}{field}</w:hyperlink>'
        return f"<w:p>{self.book.ppr(style)}{tabs}</w:pPr>{link}</w:p>"


def _segments(inlines: Sequence[Token], strong: bool) -> Iterator[tuple[str, bool]]:
    """Yield (text, bold) pieces of inline tokens in order."""
    for token in inlines:
        kind = token["type"]
        if kind == "strong":
            yield from _segments(token["children"], True)
        elif "children" in token:
            yield from _segments(token["children"], strong)
        elif kind == "linebreak":
            yield "\n", strong
        elif kind != "softbreak":
            yield str(token.get("raw", "")), strong


def _text_with_breaks(text: str) -> str:
    """Return ``w:t`` pieces with ``w:tab`` for tabs and ``w:br`` for line breaks."""
    out = []
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append("<w:br/>")
        pieces = line.split("\t")
        out.append("<w:tab/>".join(f'<w:t xml:space="preserve">{esc(p)}</w:t>' for p in pieces))
    return "".join(out)


def _iter_all(tokens: Sequence[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token["type"] == "directive":
            yield from _iter_all(token["children"])


def document_xml(body: str) -> str:
    """Wrap the body in ``w:document``."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body}</w:body></w:document>'
    )
