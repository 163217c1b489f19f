"""Layout profiles: page, fonts, sizes and spacing of the Word document, read from YAML.

The default profile is GB/T 9704-2012 (``templates/profiles/gbt9704.yaml``). A local variant
is a small YAML file that ``extends`` another profile and overrides a few keys; profiles are
found in the same folders as templates, so an office's ``templates/profiles/`` adds its own.
"""

# No `from __future__ import annotations` here: typing.NamedTuple compiles every string
# annotation (a ForwardRef), which made importing these views measurably slower.

import contextlib
import hashlib
import marshal
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from planforge import cache
from planforge.errors import PlanforgeError

DEFAULT_PROFILE = "gbt9704"
ALIGNMENTS = {"left": "left", "center": "center", "right": "right", "both": "both"}
_STYLE_KEYS = {
    "name",
    "font",
    "latin_font",
    "size_pt",
    "bold",
    "color",
    "align",
    "indent_chars",
    "left_chars",
    "right_chars",
    "line_pt",
    "before_lines",
    "after_lines",
    "keep_next",
    "page_break_before",
}
_REQUIRED_STYLES = (
    "normal",
    "body",
    "strong",
    "title",
    "heading1",
    "heading2",
    "heading3",
    "heading4",
    "footer",
    "toc-title",
    "toc1",
    "toc2",
    "toc3",
    "box-title",
    "box-text",
    "table-caption",
    "table-header",
    "table-text",
    "table-text-left",
    "note",
    "colophon",
)
_MAX_EXTENDS = 8


class StyleSpec(NamedTuple):
    """One paragraph style of the profile, every value filled in."""

    key: str
    name: str
    font: str
    latin_font: str
    size_pt: float
    bold: bool
    color: str
    align: str
    indent_chars: float
    left_chars: float
    right_chars: float
    line_pt: float
    before_lines: float
    after_lines: float
    keep_next: bool
    page_break_before: bool

    def char_pt(self, spacing_pt: float) -> float:
        """Return the width of one character of this style, in points."""
        return self.size_pt + spacing_pt


class PageSpec(NamedTuple):
    width_mm: float
    height_mm: float
    margin_top_mm: float
    margin_bottom_mm: float
    margin_left_mm: float
    margin_right_mm: float
    footer_mm: float

    @property
    def text_width_mm(self) -> float:
        return self.width_mm - self.margin_left_mm - self.margin_right_mm

    @property
    def text_height_mm(self) -> float:
        return self.height_mm - self.margin_top_mm - self.margin_bottom_mm


class PageNumberSpec(NamedTuple):
    text: str
    font: str
    size_pt: float
    odd: str
    even: str
    indent_chars: float
    front_matter: bool


class Profile(NamedTuple):
    """Everything the Word writer needs to know about the look of the document."""

    name: str
    source: str
    page: PageSpec
    line_pitch_pt: float
    char_spacing_pt: float
    latin_spacing: bool
    page_number: PageNumberSpec
    styles: Mapping[str, StyleSpec]
    table_border_pt: float
    table_cell_margin_mm: float
    box_border_pt: float
    box_padding_mm: float
    box_space_pt: float
    colophon_outer_mm: float
    colophon_inner_mm: float
    notice_rule_color: str
    notice_rule_mm: float

    def style(self, key: str) -> StyleSpec:
        """Return a named style; an unknown name is a template error the user can fix."""
        try:
            return self.styles[key]
        except KeyError:
            known = "、".join(sorted(self.styles))
            raise PlanforgeError(
                f"版式配置 {self.source} 中没有样式“{key}”;可用的样式:{known}"
            ) from None


def find_profile(spec: str | None, search_dirs: Sequence[Path]) -> Path:
    """Return the YAML file of a profile given by name (in ``profiles/``) or by path."""
    spec = spec or DEFAULT_PROFILE
    as_path = Path(spec)
    if as_path.suffix in (".yaml", ".yml") or as_path.is_file():
        if not as_path.is_file():
            raise PlanforgeError(f"找不到版式配置文件“{spec}”")
        return as_path
    for folder in search_dirs:
        candidate = folder / "profiles" / f"{spec}.yaml"
        if candidate.is_file():
            return candidate
    where = "、".join(str(d / "profiles") for d in search_dirs)
    raise PlanforgeError(f"找不到版式配置“{spec}”(在 {where} 中查找 {spec}.yaml)")


def load_profile(spec: str | None, search_dirs: Sequence[Path], scheme: str = "") -> Profile:
    """Load a profile (following ``extends``) and apply the numbering scheme's overrides."""
    path = find_profile(spec, search_dirs)
    data = _load_chain(path, search_dirs)
    overrides = (data.get("schemes") or {}).get(scheme) or {}
    styles = _merge(data.get("styles") or {}, overrides)
    return _build(data, styles, str(path))


def _load_chain(path: Path, search_dirs: Sequence[Path]) -> dict[str, Any]:
    chain: list[dict[str, Any]] = []
    seen: list[Path] = []
    while True:
        if path.resolve() in seen or len(seen) > _MAX_EXTENDS:
            raise PlanforgeError(f"版式配置的 extends 出现循环:{' → '.join(map(str, seen))}")
        seen.append(path.resolve())
        data = _read_yaml(path)
        chain.append(data)
        parent = data.get("extends")
        if not parent:
            break
        path = find_profile(str(parent), search_dirs)
    merged: dict[str, Any] = {}
    for data in reversed(chain):
        merged = _merge(merged, data)
    return merged


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PlanforgeError(f"无法读取版式配置 {path}:{exc}") from exc
    # Parsed profiles are cached by content, so a build needs no YAML parser for them.
    key = f"{hashlib.sha256(raw).hexdigest()}-{_CACHE_FORMAT}"
    data = _cached(key)
    if data is None:
        data = _parse_yaml(path, raw)
        with contextlib.suppress(ValueError):  # not plain data: parse it every time
            cache.write("profiles", key, marshal.dumps(data))
    if not isinstance(data, dict):
        raise PlanforgeError(f"版式配置 {path} 的顶层应为映射(键: 值)")
    return data


_CACHE_FORMAT = "1"


def _cached(key: str) -> Any:
    stored = cache.read("profiles", key)
    if stored is None:
        return None
    try:
        return marshal.loads(stored)
    except (ValueError, EOFError, TypeError):
        return None


def _parse_yaml(path: Path, raw: bytes) -> Any:
    import yaml

    try:
        return yaml.load(raw.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise PlanforgeError(f"无法读取版式配置 {path}:{exc}") from exc


def _merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """Merge two mappings recursively; values of ``over`` win."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _build(data: Mapping[str, Any], raw_styles: Mapping[str, Any], source: str) -> Profile:
    reader = _Reader(data, source)
    latin = str(data.get("latin_font") or "")
    defaults = dict(data.get("defaults") or {})
    styles = {
        key: _style(key, _merge(defaults, spec or {}), latin, reader)
        for key, spec in raw_styles.items()
    }
    missing = [key for key in _REQUIRED_STYLES if key not in styles]
    if missing:
        raise PlanforgeError(f"版式配置 {source} 缺少样式:{'、'.join(missing)}")
    pitch = reader.number("line_pitch_pt")
    styles = {key: _with_pitch(spec, pitch) for key, spec in styles.items()}
    return Profile(
        name=str(data.get("name") or Path(source).stem),
        source=source,
        page=PageSpec(**{k: reader.number(f"page.{k}") for k in PageSpec._fields}),
        line_pitch_pt=pitch,
        char_spacing_pt=reader.number("char_spacing_pt"),
        latin_spacing=bool(reader.get("latin_spacing")),
        page_number=_page_number(reader),
        styles=styles,
        table_border_pt=reader.number("table.border_pt"),
        table_cell_margin_mm=reader.number("table.cell_margin_mm"),
        box_border_pt=reader.number("box.border_pt"),
        box_padding_mm=reader.number("box.padding_mm"),
        box_space_pt=reader.number("box.space_pt"),
        colophon_outer_mm=reader.number("colophon.outer_rule_mm"),
        colophon_inner_mm=reader.number("colophon.inner_rule_mm"),
        notice_rule_color=reader.text("notice_rule.color"),
        notice_rule_mm=reader.number("notice_rule.width_mm"),
    )


def _page_number(reader: "_Reader") -> PageNumberSpec:
    spec = PageNumberSpec(
        text=reader.text("page_number.text"),
        font=reader.text("page_number.font"),
        size_pt=reader.number("page_number.size_pt"),
        odd=reader.text("page_number.odd"),
        even=reader.text("page_number.even"),
        indent_chars=reader.number("page_number.indent_chars"),
        front_matter=bool(reader.get("page_number.front_matter")),
    )
    if "{page}" not in spec.text:
        raise PlanforgeError(
            f"版式配置 {reader.source} 的 page_number.text 中应有 {{page}}(页码的位置)"
        )
    return spec


def _with_pitch(spec: StyleSpec, pitch: float) -> StyleSpec:
    if spec.line_pt:
        return spec
    return spec._replace(line_pt=pitch)


def _style(key: str, raw: Mapping[str, Any], latin: str, reader: "_Reader") -> StyleSpec:
    unknown = sorted(set(raw) - _STYLE_KEYS)
    if unknown:
        raise PlanforgeError(
            f"版式配置 {reader.source} 的样式 {key} 有未知的项:{'、'.join(unknown)}"
        )
    align = str(raw.get("align", "both"))
    if align not in ALIGNMENTS:
        raise PlanforgeError(
            f"版式配置 {reader.source} 的样式 {key}:align 应为 left、center、right 或 both,而不是“{align}”"
        )
    font = str(raw.get("font") or "仿宋_GB2312")
    return StyleSpec(
        key=key,
        name=str(raw.get("name") or key),
        font=font,
        latin_font=str(raw.get("latin_font") or latin or font),
        size_pt=_num(raw, "size_pt", 16, reader, key),
        bold=bool(raw.get("bold")),
        color=str(raw.get("color") or ""),
        align=align,
        indent_chars=_num(raw, "indent_chars", 0, reader, key),
        left_chars=_num(raw, "left_chars", 0, reader, key),
        right_chars=_num(raw, "right_chars", 0, reader, key),
        line_pt=_num(raw, "line_pt", 0, reader, key),
        before_lines=_num(raw, "before_lines", 0, reader, key),
        after_lines=_num(raw, "after_lines", 0, reader, key),
        keep_next=bool(raw.get("keep_next")),
        page_break_before=bool(raw.get("page_break_before")),
    )


def _num(raw: Mapping[str, Any], name: str, default: float, reader: "_Reader", key: str) -> float:
    value = raw.get(name, default)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PlanforgeError(
            f"版式配置 {reader.source} 的样式 {key}:{name} 应为数字,而不是“{value}”"
        )
    return float(value)


class _Reader:
    """Read dotted keys of the merged profile, naming the file and key in every error."""

    def __init__(self, data: Mapping[str, Any], source: str) -> None:
        self.data, self.source = data, source

    def get(self, dotted: str) -> Any:
        node: Any = self.data
        for part in dotted.split("."):
            if not isinstance(node, Mapping) or part not in node:
                raise PlanforgeError(f"版式配置 {self.source} 缺少 {dotted}")
            node = node[part]
        return node

    def number(self, dotted: str) -> float:
        value = self.get(dotted)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise PlanforgeError(f"版式配置 {self.source} 的 {dotted} 应为数字,而不是“{value}”")
        return float(value)

    def text(self, dotted: str) -> str:
        return str(self.get(dotted))
