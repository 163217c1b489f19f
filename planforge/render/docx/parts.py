"""The package parts around the body: content types, relationships, settings, fonts, footers
and document properties. Fixed content and fixed timestamps keep builds byte-identical."""

from __future__ import annotations

from typing import NamedTuple

from planforge import __version__
from planforge.render.docx.styles import StyleBook, fonts_xml, style_id
from planforge.render.docx.xml import R_NS, W_NS, XML_DECL, attr, esc, pt_twips

FOOTER_ODD, FOOTER_EVEN, FOOTER_BLANK = "footer1.xml", "footer2.xml", "footer3.xml"
FOOTER_IDS = {
    FOOTER_ODD: "rIdFooterOdd",
    FOOTER_EVEN: "rIdFooterEven",
    FOOTER_BLANK: "rIdFooterBlank",
}

_CT = "application/vnd.openxmlformats-officedocument."
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"

# Charset 86 is GB2312: it tells Word these are Chinese fonts when it has to substitute them.
_FONT_FAMILY = {"黑体": "modern", "宋体": "auto"}


class DocProps(NamedTuple):
    """Document properties (File → Properties) taken from the plan."""

    title: str
    creator: str
    subject: str = ""
    keywords: str = ""
    description: str = ""
    created: str = "2000-01-01T00:00:00Z"  # W3CDTF, fixed so builds are reproducible


def content_types() -> str:
    overrides = [
        ("/word/document.xml", _CT + "wordprocessingml.document.main+xml"),
        ("/word/styles.xml", _CT + "wordprocessingml.styles+xml"),
        ("/word/settings.xml", _CT + "wordprocessingml.settings+xml"),
        ("/word/fontTable.xml", _CT + "wordprocessingml.fontTable+xml"),
        ("/word/theme/theme1.xml", _CT + "theme+xml"),
        *((f"/word/{name}", _CT + "wordprocessingml.footer+xml") for name in FOOTER_IDS),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/docProps/app.xml", _CT + "extended-properties+xml"),
    ]
    items = "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides)
    return (
        f'{XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>{items}</Types>'
    )


def package_rels() -> str:
    return _rels(
        [
            ("rId1", _REL + "officeDocument", "word/document.xml"),
            (
                "rId2",
                "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
                "docProps/core.xml",
            ),
            ("rId3", _REL + "extended-properties", "docProps/app.xml"),
        ]
    )


def document_rels() -> str:
    rels = [
        ("rIdStyles", _REL + "styles", "styles.xml"),
        ("rIdSettings", _REL + "settings", "settings.xml"),
        ("rIdFonts", _REL + "fontTable", "fontTable.xml"),
        ("rIdTheme", _REL + "theme", "theme/theme1.xml"),
    ]
    rels += [(rid, _REL + "footer", name) for name, rid in FOOTER_IDS.items()]
    return _rels(rels)


def _rels(items: list[tuple[str, str, str]]) -> str:
    body = "".join(
        f'<Relationship Id="{i}" Type="{t}" Target="{target}"/>' for i, t, target in items
    )
    return f'{XML_DECL}<Relationships xmlns="{_PKG_REL}">{body}</Relationships>'


def settings(book: StyleBook) -> str:
    """Return settings.xml: odd/even footers, refresh fields on open, Chinese punctuation."""
    return (
        f'{XML_DECL}<w:settings xmlns:w="{W_NS}">'
        '<w:zoom w:percent="100"/>'
        f'<w:defaultTabStop w:val="{book.char_twips("body") * 2}"/>'
        "<w:evenAndOddHeaders/>"
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        # Word asks on opening whether to update fields, which refreshes the 目录's PAGEREFs.
        '<w:updateFields w:val="true"/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
        '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
        '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>'
        "</w:settings>"
    )


def font_table(book: StyleBook) -> str:
    names = sorted(
        {spec.font for spec in book.specs.values()}
        | {spec.latin_font for spec in book.specs.values()}
    )
    fonts = "".join(_font(name) for name in names)
    return f'{XML_DECL}<w:fonts xmlns:w="{W_NS}">{fonts}</w:fonts>'


def _font(name: str) -> str:
    chinese = any(ord(c) > 0x2E80 for c in name)
    charset = '<w:charset w:val="86"/>' if chinese else ""
    family = _FONT_FAMILY.get(name, "modern" if chinese else "roman")
    pitch = "fixed" if chinese else "variable"
    return f'<w:font w:name="{attr(name)}">{charset}<w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>'


def footer(book: StyleBook, side: str) -> str:
    """Return a footer with the page number (``— 1 —``) on the ``odd`` or ``even`` side, or blank."""
    head = f'{XML_DECL}<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
    if side == "blank":
        return head + f'<w:p><w:pPr><w:pStyle w:val="{style_id("footer")}"/></w:pPr></w:p></w:ftr>'
    spec = book.profile.page_number
    align = spec.odd if side == "odd" else spec.even
    indent = pt_twips(spec.indent_chars * spec.size_pt)
    ind = (
        f'<w:ind w:left="0" w:right="{indent}"/>'
        if align == "right"
        else f'<w:ind w:left="{indent}" w:right="0"/>'
    )
    rpr = "<w:rPr>" + fonts_xml(spec.font, spec.font) + "</w:rPr>"
    before, _, after = spec.text.partition("{page}")
    runs = _text_run(rpr, before) + page_field(rpr) + _text_run(rpr, after)
    ppr = f'<w:pPr><w:pStyle w:val="{style_id("footer")}"/>{ind}<w:jc w:val="{align}"/></w:pPr>'
    return head + f"<w:p>{ppr}{runs}</w:p></w:ftr>"


def page_field(rpr: str) -> str:
    """Return the runs of a PAGE field (cached value 1)."""
    return (
        f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r>{rpr}<w:t>1</w:t></w:r>"
        f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'
    )


def _text_run(rpr: str, text: str) -> str:
    return f'<w:r>{rpr}<w:t xml:space="preserve">{esc(text)}</w:t></w:r>' if text else ""


def core_properties(props: DocProps) -> str:
    when = esc(props.created)
    return (
        f"{XML_DECL}<cp:coreProperties"
        ' xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{esc(props.title)}</dc:title><dc:subject>{esc(props.subject)}</dc:subject>"
        f"<dc:creator>{esc(props.creator)}</dc:creator><cp:keywords>{esc(props.keywords)}</cp:keywords>"
        f"<dc:description>{esc(props.description)}</dc:description>"
        f"<cp:lastModifiedBy>{esc(props.creator)}</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def app_properties(props: DocProps) -> str:
    return (
        f'{XML_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
        ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"<Application>planforge {esc(__version__)}</Application>"
        f"<Company>{esc(props.creator)}</Company></Properties>"
    )


def theme(book: StyleBook) -> str:
    """Return a minimal theme; its fonts are the profile's, so a theme font never replaces them."""
    body, heading = book.spec("body"), book.spec("heading1")
    colors = "".join(
        f'<a:{name}><a:srgbClr val="{value}"/></a:{name}>'
        for name, value in (
            ("dk1", "000000"),
            ("lt1", "FFFFFF"),
            ("dk2", "44546A"),
            ("lt2", "E7E6E6"),
            ("accent1", "4472C4"),
            ("accent2", "ED7D31"),
            ("accent3", "A5A5A5"),
            ("accent4", "FFC000"),
            ("accent5", "5B9BD5"),
            ("accent6", "70AD47"),
            ("hlink", "0563C1"),
            ("folHlink", "954F72"),
        )
    )
    fill = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    line = f'<a:ln w="6350">{fill}</a:ln>'
    return (
        f'{XML_DECL}<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="planforge">'
        f'<a:themeElements><a:clrScheme name="planforge">{colors}</a:clrScheme>'
        f'<a:fontScheme name="planforge">{_theme_fonts("majorFont", heading.latin_font, heading.font)}'
        f"{_theme_fonts('minorFont', body.latin_font, body.font)}</a:fontScheme>"
        f'<a:fmtScheme name="planforge"><a:fillStyleLst>{fill * 3}</a:fillStyleLst>'
        f"<a:lnStyleLst>{line * 3}</a:lnStyleLst>"
        f"<a:effectStyleLst>{'<a:effectStyle><a:effectLst/></a:effectStyle>' * 3}</a:effectStyleLst>"
        f"<a:bgFillStyleLst>{fill * 3}</a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>"
    )


def _theme_fonts(tag: str, latin: str, east_asian: str) -> str:
    return (
        f'<a:{tag}><a:latin typeface="{attr(latin)}"/><a:ea typeface="{attr(east_asian)}"/>'
        f'<a:cs typeface="{attr(latin)}"/></a:{tag}>'
    )
