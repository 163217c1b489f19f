"""Word styles from the profile: ``styles.xml`` and the run/paragraph properties the body uses.

Every style states all of its paragraph and run properties, so nothing depends on what a
base style or Word's defaults would add (a first-line indent inherited by a title, a theme
font overriding 仿宋_GB2312). Every run also names its fonts, East Asian one included.
"""

from __future__ import annotations

from functools import cached_property

from planforge.render.docx.xml import W_NS, XML_DECL, attr, half_points, pt_twips
from planforge.render.profile import Profile, StyleSpec

# Word's built-in styles keep their built-in ids and names (Word localises the names).
_BUILTIN = {
    "normal": ("Normal", "Normal"),
    "title": ("Title", "Title"),
    "heading1": ("Heading1", "heading 1"),
    "heading2": ("Heading2", "heading 2"),
    "heading3": ("Heading3", "heading 3"),
    "heading4": ("Heading4", "heading 4"),
    "footer": ("Footer", "footer"),
    "toc-title": ("TOCHeading", "TOC Heading"),
    "toc1": ("TOC1", "toc 1"),
    "toc2": ("TOC2", "toc 2"),
    "toc3": ("TOC3", "toc 3"),
    "strong": ("Strong", "Strong"),
}
_OUTLINE = {"heading1": 0, "heading2": 1, "heading3": 2, "heading4": 3}
HEADING_STYLES = ("title", "heading1", "heading2", "heading3", "heading4")


def style_id(key: str) -> str:
    """Return the Word style id of a profile style (``box-title`` → ``BoxTitle``)."""
    if key in _BUILTIN:
        return _BUILTIN[key][0]
    return "".join(part.capitalize() for part in key.replace("_", "-").split("-"))


class StyleBook:
    """The profile's styles, with the XML snippets the writer repeats cached once."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        number = profile.page_number
        footer = profile.style("footer")._replace(
            font=number.font,
            latin_font=number.font,
            size_pt=number.size_pt,
        )
        self.specs = {**profile.styles, "footer": footer}
        self._rpr: dict[tuple[str, bool], str] = {}
        self._ppr: dict[str, str] = {}

    def spec(self, key: str) -> StyleSpec:
        if key not in self.specs:
            self.profile.style(key)  # raises the user-facing error
        return self.specs[key]

    # -- snippets used in the body ----------------------------------------------------------

    def ppr(self, key: str) -> str:
        """Return the opening of a paragraph's properties: ``<w:pPr><w:pStyle …/>``."""
        found = self._ppr.get(key)
        if found is None:
            self.spec(key)
            found = self._ppr[key] = f'<w:pPr><w:pStyle w:val="{style_id(key)}"/>'
        return found

    def rpr(self, key: str, strong: bool = False) -> str:
        """Return a run's properties: the style's fonts on every run, bold when strong."""
        found = self._rpr.get((key, strong))
        if found is None:
            found = self._rpr[(key, strong)] = self._make_rpr(key, strong)
        return found

    def _make_rpr(self, key: str, strong: bool) -> str:
        spec = self.spec(key)
        out = ["<w:rPr>"]
        if strong:
            out.append('<w:rStyle w:val="Strong"/>')
        out.append(fonts_xml(spec.font, spec.latin_font))
        emphasis = self.spec("strong")
        if strong and emphasis.bold:
            out.append("<w:b/><w:bCs/>")
        if strong and emphasis.color:
            out.append(f'<w:color w:val="{attr(emphasis.color)}"/>')
        out.append("</w:rPr>")
        return "".join(out)

    def char_twips(self, key: str) -> int:
        """Return the width of one character of a style (size plus character spacing)."""
        return pt_twips(self.spec(key).char_pt(self.profile.char_spacing_pt))

    # -- styles.xml ---------------------------------------------------------------------------

    @cached_property
    def styles_xml(self) -> str:
        body = self.spec("normal")
        parts = [XML_DECL, f'<w:styles xmlns:w="{W_NS}">', self._doc_defaults(body)]
        parts += [
            self._paragraph_style(key, spec) for key, spec in self.specs.items() if key != "strong"
        ]
        parts.append(self._strong_style())
        parts.append(_TABLE_NORMAL)
        parts.append("</w:styles>")
        return "".join(parts)

    def _doc_defaults(self, body: StyleSpec) -> str:
        size = half_points(body.size_pt)
        return (
            "<w:docDefaults><w:rPrDefault><w:rPr>"
            f"{fonts_xml(body.font, body.latin_font)}"
            f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
            '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
            "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
            f"{self._autospace()}"
            f'<w:spacing w:before="0" w:after="0" w:line="{pt_twips(self.profile.line_pitch_pt)}" w:lineRule="exact"/>'
            "</w:pPr></w:pPrDefault></w:docDefaults>"
        )

    def _autospace(self) -> str:
        """Return the switch for the automatic gap between Chinese and Latin text or digits."""
        if self.profile.latin_spacing:
            return ""
        return '<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>'

    def _paragraph_style(self, key: str, spec: StyleSpec) -> str:
        sid, name = _BUILTIN.get(key, (style_id(key), spec.name))
        based = "" if key == "normal" else '<w:basedOn w:val="Normal"/>'
        following = f'<w:next w:val="{style_id("body")}"/>' if key in HEADING_STYLES else ""
        default = ' w:default="1"' if key == "normal" else ""
        return (
            f'<w:style w:type="paragraph"{default} w:styleId="{sid}">'
            f'<w:name w:val="{attr(name)}"/>{based}{following}<w:qFormat/>'
            f"{self.paragraph_props(key, spec)}{self.run_props(spec)}</w:style>"
        )

    def paragraph_props(self, key: str, spec: StyleSpec) -> str:
        """Return the complete ``w:pPr`` of a style, children in schema order."""
        out = ["<w:pPr>"]
        if spec.keep_next:
            out.append("<w:keepNext/>")
        if spec.page_break_before:
            out.append("<w:pageBreakBefore/>")
        out.append('<w:widowControl w:val="0"/>')
        out.append(self._autospace())
        out.append(self.spacing_xml(spec))
        out.append(self.indent_xml(spec))
        out.append(f'<w:jc w:val="{spec.align}"/>')
        if key in _OUTLINE:
            out.append(f'<w:outlineLvl w:val="{_OUTLINE[key]}"/>')
        out.append("</w:pPr>")
        return "".join(out)

    def spacing_xml(self, spec: StyleSpec) -> str:
        pitch = self.profile.line_pitch_pt
        before, after = pt_twips(spec.before_lines * pitch), pt_twips(spec.after_lines * pitch)
        return f'<w:spacing w:before="{before}" w:after="{after}" w:line="{pt_twips(spec.line_pt)}" w:lineRule="exact"/>'

    def indent_xml(self, spec: StyleSpec, right_chars: float | None = None) -> str:
        char = spec.char_pt(self.profile.char_spacing_pt)
        right = spec.right_chars if right_chars is None else right_chars
        return (
            f'<w:ind w:left="{pt_twips(spec.left_chars * char)}" w:right="{pt_twips(right * char)}"'
            f' w:firstLine="{pt_twips(spec.indent_chars * char)}"/>'
        )

    def run_props(self, spec: StyleSpec) -> str:
        size = half_points(spec.size_pt)
        out = ["<w:rPr>", fonts_xml(spec.font, spec.latin_font)]
        if spec.bold:
            out.append("<w:b/><w:bCs/>")
        if spec.color:
            out.append(f'<w:color w:val="{attr(spec.color)}"/>')
        spacing = pt_twips(self.profile.char_spacing_pt)
        if spacing:
            out.append(f'<w:spacing w:val="{spacing}"/>')
        out.append(f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>')
        return "".join(out)

    def _strong_style(self) -> str:
        spec = self.spec("strong")
        bold = "<w:b/><w:bCs/>" if spec.bold else ""
        color = f'<w:color w:val="{attr(spec.color)}"/>' if spec.color else ""
        return (
            '<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/>'
            f"<w:qFormat/><w:rPr>{bold}{color}</w:rPr></w:style>"
        )


def fonts_xml(east_asian: str, latin: str) -> str:
    """Return ``w:rFonts`` naming every script's font; ``hint`` makes quotes and dashes East Asian."""
    e, lat = attr(east_asian), attr(latin)
    return f'<w:rFonts w:ascii="{lat}" w:eastAsia="{e}" w:hAnsi="{lat}" w:cs="{lat}" w:hint="eastAsia"/>'


_TABLE_NORMAL = (
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
    '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
    '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
)
