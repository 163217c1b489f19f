"""The Word writer: the parsed template output → a .docx, written directly as WordprocessingML.

No template document and no python-docx: the parts are built as strings (fast, and with
fixed content so the same input gives the same bytes) and zipped with fixed timestamps.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence

from planforge.render.docx.body import BodyWriter, document_xml
from planforge.render.docx.parts import (
    FOOTER_BLANK,
    FOOTER_EVEN,
    FOOTER_ODD,
    DocProps,
    app_properties,
    content_types,
    core_properties,
    document_rels,
    font_table,
    footer,
    package_rels,
    settings,
    theme,
)
from planforge.render.docx.styles import StyleBook
from planforge.render.markdown import Token
from planforge.render.profile import Profile

__all__ = ["DocProps", "write_docx"]


def write_docx(tokens: Sequence[Token], props: DocProps, profile: Profile) -> bytes:
    """Return the bytes of the .docx for the parsed template output."""
    book = StyleBook(profile)
    body = BodyWriter(book, tokens).write()
    parts = [
        ("[Content_Types].xml", content_types()),
        ("_rels/.rels", package_rels()),
        ("docProps/core.xml", core_properties(props)),
        ("docProps/app.xml", app_properties(props)),
        ("word/document.xml", document_xml(body)),
        ("word/_rels/document.xml.rels", document_rels()),
        ("word/styles.xml", book.styles_xml),
        ("word/settings.xml", settings(book)),
        ("word/fontTable.xml", font_table(book)),
        ("word/theme/theme1.xml", theme(book)),
        (f"word/{FOOTER_ODD}", footer(book, "odd")),
        (f"word/{FOOTER_EVEN}", footer(book, "even")),
        (f"word/{FOOTER_BLANK}", footer(book, "blank")),
    ]
    return _zip(parts, _zip_time(props.created))


def _zip(parts: Sequence[tuple[str, str]], when: tuple[int, int, int, int, int, int]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"), compresslevel=6)
    return buffer.getvalue()


def _zip_time(created: str) -> tuple[int, int, int, int, int, int]:
    """Return the zip entries' timestamp: the document's date (zip cannot go before 1980)."""
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", created)
    if not m:
        return (1980, 1, 1, 0, 0, 0)
    year, month, day = (int(g) for g in m.groups())
    return (max(1980, year), month, day, 0, 0, 0)
