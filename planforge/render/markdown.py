"""Parse the templates' Markdown once, and write it back as GitHub-flavoured Markdown.

The templates emit CommonMark plus fenced directives (``:::{box} 专栏2 标题`` … ``:::``);
mistune parses that into one token tree that both writers walk: :func:`render_gfm` here and
the Word writer in ``planforge.render.docx``. Directives:

``cover``, ``notice``, ``toc``          parts of the document (own Word sections)
``box``, ``indicators``, ``table``      专栏 and tables (title on the opening line)
``style NAME``                          paragraphs inside take the profile style NAME
``signature``, ``rule``, ``colophon``   the issuing notice's signature, red rule and 版记
``pagebreak``                           start a new page
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any, NamedTuple

import mistune
from mistune.directives import DirectivePlugin, FencedDirective
from mistune.plugins.table import table as table_plugin

from planforge.errors import PlanforgeError
from planforge.lazyre import compile_cached

Token = dict[str, Any]

DIRECTIVES = (
    "cover",
    "notice",
    "toc",
    "box",
    "indicators",
    "table",
    "style",
    "signature",
    "rule",
    "colophon",
    "pagebreak",
)
FRONT_MATTER = frozenset({"cover", "notice", "toc"})
# Block syntax the templates never need. Leaving it out halves parsing time (fewer patterns
# to try at every line) and removes traps: a line indented four spaces turning into code, a
# "---" under a line turning it into a heading, raw HTML passing through.
_UNUSED_BLOCK_RULES = (
    "block_html",
    "raw_html",
    "indent_code",
    "ref_link",
    "setex_heading",
    "nptable",
    "fenced_code",
)
_ASCII_PUNCT = re.compile(r"\\([!-/:-@\[-`{-~])")


# -- parsing ----------------------------------------------------------------------------------


class _PlanDirectives(DirectivePlugin):
    """Every planforge directive becomes one ``directive`` token with name, title and options."""

    def parse(self, block: Any, m: re.Match[str], state: Any) -> Token:
        name = self.parse_type(m)
        title = self.parse_title(m).strip()
        options = {k: unescape(v) for k, v in self.parse_options(m)}
        children: list[Token] = []
        if title:
            children.append({"type": "directive_title", "text": title})
        children.extend(self.parse_tokens(block, self.parse_content(m), state))
        attrs = {"name": name, "title": unescape(title), "options": options}
        return {"type": "directive", "attrs": attrs, "children": children}

    def __call__(self, directive: Any, md: Any) -> None:
        for name in DIRECTIVES:
            directive.register(name, self.parse)


def unescape(text: str) -> str:
    """Remove Markdown backslash escapes from text that mistune does not parse (options)."""
    return _ASCII_PUNCT.sub(r"\1", text)


def _parse_strong(inline: Any, m: re.Match[str], state: Any) -> int | None:
    """Parse ``**…**`` without CommonMark's flanking rules.

    ``**(一)加强统筹协调。**坚持…`` is not bold under CommonMark (the closing ``**`` follows
    punctuation and precedes a letter), yet this is how every lead-in sentence is written.
    """
    start = m.end()
    end = _closing_stars(state.src, start)
    if end is None:
        return None
    inner = state.copy()
    inner.src = state.src[start:end]
    state.append_token({"type": "strong", "children": inline.render(inner)})
    return end + 2


def _closing_stars(src: str, start: int) -> int | None:
    i = start
    while i < len(src) - 1:
        char = src[i]
        if char == "\\":
            i += 2
            continue
        if char == "*" and src[i + 1] == "*":
            return i if i > start else None
        i += 1
    return None


class _LineStartSearch:
    """A block parser's combined pattern whose ``search`` tries line starts only.

    Every block rule starts with ``^`` (checked when the pattern is made), so a match can
    only begin at a line start; ``re``'s own search would try each of the rules at every
    character of a paragraph, which was a third of parsing a plan.
    """

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.match = pattern.match

    def search(self, src: str, pos: int = 0) -> re.Match[str] | None:
        """Return the first match at a line start at or after ``pos``, as ``re`` would."""
        if pos and src[pos - 1] != "\n":
            pos = src.find("\n", pos) + 1
            if not pos:
                return None
        while True:
            found = self.match(src, pos)
            if found is not None:
                return found
            pos = src.find("\n", pos) + 1
            if not pos:
                return None


class _CachedRules:
    """``compile_sc`` as mistune's, the combined pattern compiled once per interpreter.

    mistune compiles the rules' combined pattern in every run (a few milliseconds each);
    :func:`planforge.lazyre.compile_cached` keeps the compiled program. Results are kept in
    mistune's own memo, which it clears when a rule is registered.
    """

    rules: list[str]
    specification: dict[str, str]
    sc_flag: int
    line_starts = False

    def compile_sc(self, rules: list[str] | None = None) -> Any:
        key = "$" if rules is None else "|".join(rules)
        memo: dict[str, Any] = self.__dict__.setdefault("_Parser__sc", {})
        found = memo.get(key)
        if found is None:
            names = self.rules if rules is None else rules
            specs = [self.specification[name] for name in names]
            regex = "|".join(f"(?P<{n}>{spec})" for n, spec in zip(names, specs, strict=True))
            found = compile_cached(regex, self.sc_flag)
            if self.line_starts and all(starts_lines(spec) for spec in specs):
                found = _LineStartSearch(found)
            memo[key] = found
        return found


class _BlockParser(_CachedRules, mistune.BlockParser):
    """mistune's block parser, searching for blocks at line starts (see above)."""

    line_starts = True


class _InlineParser(_CachedRules, mistune.InlineParser):
    """mistune's inline parser with cached rule patterns."""


def starts_lines(pattern: str) -> bool:
    """Tell whether a (multi-line) pattern can only match at a line start.

    True when it opens with ``^``, perhaps inside leading groups that must match (no ``?``,
    ``*`` or ``{0,`` after them) and in which, as at the top level, there is no ``|`` that
    would offer an unanchored alternative. False when unsure.
    """
    lead = len(pattern) - len(pattern.lstrip("("))
    if not pattern.startswith("^", lead):
        return False
    depth, i, in_class = 0, 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            # A "]" right after "[" or "[^" is a literal, not the end of the class.
            i += (
                2 if pattern.startswith("^]", i + 1) else 1 if pattern.startswith("]", i + 1) else 0
            )
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            optional = pattern[i + 1 : i + 2] in ("?", "*") or pattern.startswith("{0", i + 1)
            if depth < lead and optional:
                return False
        elif char == "|" and depth <= lead:
            return False
        i += 1
    return True


@cache
def parser() -> mistune.Markdown:
    """Return the (reusable) Markdown parser that produces tokens, not HTML."""
    return make_parser(_BlockParser(), _InlineParser())


def make_parser(block: mistune.BlockParser, inline: mistune.InlineParser) -> mistune.Markdown:
    """Return a Markdown parser for the template dialect made of these block and inline parsers."""
    md = mistune.Markdown(
        renderer=None,
        block=block,
        inline=inline,
        plugins=[table_plugin, FencedDirective([_PlanDirectives()], markers=":")],
    )
    md.inline.register("cjk_strong", r"\*\*", _parse_strong, before="emphasis", start_chars="*")
    for name in _UNUSED_BLOCK_RULES:
        if name in md.block.rules:
            md.block.rules.remove(name)
    return md


def parse(text: str) -> list[Token]:
    """Parse the rendered template into a token tree."""
    tokens, _state = parser().parse(text)
    assert isinstance(tokens, list)
    _check(tokens)
    return tokens


def _check(tokens: Sequence[Token]) -> None:
    for token in tokens:
        if token["type"] == "block_error":
            raw = str(token.get("raw", "")).strip().splitlines()
            first = raw[0] if raw else ""
            raise PlanforgeError(
                f"模板输出中有无法识别的指令:{first}(可用的指令:{'、'.join(DIRECTIVES)})"
            )
        if "children" in token:
            _check(token["children"])


# -- helpers shared by both writers -------------------------------------------------------------


def plain_text(tokens: Sequence[Token]) -> str:
    """Return the text of inline tokens without any markup."""
    out = []
    for token in tokens:
        if "children" in token:
            out.append(plain_text(token["children"]))
        elif token["type"] in ("softbreak", "linebreak"):
            continue
        else:
            out.append(str(token.get("raw", "")))
    return "".join(out)


def directive_name(token: Token) -> str:
    return str(token["attrs"]["name"]) if token["type"] == "directive" else ""


def body_children(token: Token) -> list[Token]:
    """Return a directive's block children, without its title."""
    return [c for c in token.get("children", []) if c["type"] != "directive_title"]


def title_children(token: Token) -> list[Token]:
    """Return the inline tokens of a directive's title (empty when it has none)."""
    for child in token.get("children", []):
        if child["type"] == "directive_title":
            return list(child["children"])
    return []


class HeadingRef(NamedTuple):
    """A heading the 目录 lists: level (2 = chapter), plain text, and its order in the document."""

    level: int
    text: str
    order: int


def iter_headings(tokens: Sequence[Token], max_level: int) -> Iterator[HeadingRef]:
    """Yield the headings of the body (outside cover and notice) from level 2 to ``max_level``."""
    index = 0
    for token, front in _walk(tokens, False):
        if token["type"] != "heading":
            continue
        level = int(token["attrs"]["level"])
        if not front and 2 <= level <= max_level:
            yield HeadingRef(level, plain_text(token["children"]), index)
        index += 1


def _walk(tokens: Sequence[Token], front: bool) -> Iterator[tuple[Token, bool]]:
    for token in tokens:
        yield token, front
        if token["type"] == "directive":
            inside = front or directive_name(token) in FRONT_MATTER
            yield from _walk(token["children"], inside)


def toc_depth(token: Token) -> int:
    """Return the deepest heading level a ``toc`` directive lists (``:depth: 2`` → level 3)."""
    raw = token["attrs"]["options"].get("depth", "2")
    try:
        return 1 + max(1, min(3, int(raw)))
    except ValueError:
        raise PlanforgeError(f"目录指令的 depth 应为 1 到 3 的整数,而不是“{raw}”") from None


def merge_columns(token: Token, header: Sequence[str]) -> set[int]:
    """Return the column indexes whose blank cells continue the cell above (``:merge:``)."""
    names = [n.strip() for n in token["attrs"]["options"].get("merge", "").split(",") if n.strip()]
    return {i for i, cell in enumerate(header) if cell in names}


def table_cells(table: Token) -> tuple[list[list[Token]], list[list[list[Token]]]]:
    """Return (header cells, body rows) of a table token, each cell a list of inline tokens."""
    head, body = table["children"][0], table["children"][1] if len(table["children"]) > 1 else None
    header = [cell["children"] for cell in head["children"]]
    rows = [
        [cell["children"] for cell in row["children"]]
        for row in (body or {"children": []})["children"]
    ]
    return header, rows


# -- GitHub-flavoured Markdown ------------------------------------------------------------------


def render_gfm(tokens: Sequence[Token]) -> str:
    """Write the token tree as GitHub-flavoured Markdown that reads well as plain text."""
    writer = _GfmWriter(tokens)
    text = "".join(writer.blocks(tokens))
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


def github_slug(text: str) -> str:
    """Return GitHub's anchor for a heading: lower case, punctuation dropped, spaces → ``-``."""
    kept = "".join(c for c in text.lower() if c in " -_" or unicodedata.category(c)[0] in "LNM")
    return kept.replace(" ", "-")


class _GfmWriter:
    def __init__(self, tokens: Sequence[Token]) -> None:
        self.tokens = tokens

    def blocks(self, tokens: Sequence[Token], quote: bool = False) -> Iterator[str]:
        for token in tokens:
            text = self.block(token)
            if text:
                yield text

    def block(self, token: Token) -> str:
        kind = token["type"]
        if kind == "heading":
            return "#" * int(token["attrs"]["level"]) + " " + inline_gfm(token["children"]) + "\n\n"
        if kind == "paragraph":
            return _block_start(inline_gfm(token["children"])) + "\n\n"
        if kind == "table":
            return _pipe_table(token) + "\n"
        if kind == "directive":
            return self.directive(token)
        if kind == "thematic_break":
            return "---\n\n"
        if kind in ("block_quote", "list", "list_item"):
            return "".join(self.blocks(token["children"]))
        if kind == "block_text":
            return inline_gfm(token["children"]) + "\n\n"
        if kind in ("block_code", "block_html"):
            return str(token.get("raw", "")) + "\n\n"
        return ""

    def directive(self, token: Token) -> str:
        name = directive_name(token)
        inner = "".join(self.blocks(body_children(token)))
        if name in ("cover", "notice"):
            return inner + "---\n\n"
        if name == "toc":
            return self.toc(token)
        if name == "box":
            return _quote(f"**{inline_gfm(title_children(token))}**\n\n" + inner)
        if name in ("indicators", "table"):
            return _caption(token) + inner
        if name in ("rule", "pagebreak"):
            return "---\n\n"
        if name == "colophon":
            return _colophon(token)
        return inner

    def toc(self, token: Token) -> str:
        title = inline_gfm(title_children(token))
        lines = [f"**{title}**", ""] if title else []
        seen: dict[str, int] = {}
        for ref in iter_headings(self.tokens, toc_depth(token)):
            slug = github_slug(ref.text)
            count = seen.get(slug, 0)
            seen[slug] = count + 1
            anchor = slug if count == 0 else f"{slug}-{count}"
            indent = "  " * (ref.level - 2)
            lines.append(f"{indent}- [{escape_gfm(ref.text)}](#{anchor})")
        return "\n".join(lines) + "\n\n"


def _caption(token: Token) -> str:
    title = inline_gfm(title_children(token))
    return f"**{title}**\n\n" if title else ""


def _colophon(token: Token) -> str:
    options = token["attrs"]["options"]
    lines = ["---", ""]
    if options.get("cc"):
        lines += [escape_gfm(options["cc"]), ""]
    left, right = options.get("left", ""), options.get("right", "")
    lines += [escape_gfm("　　".join(p for p in (left, right) if p)), "", "---", ""]
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    lines = text.strip("\n").split("\n")
    return "\n".join(("> " + line) if line else ">" for line in lines) + "\n\n"


def _pipe_table(token: Token) -> str:
    header, rows = table_cells(token)
    out = ["| " + " | ".join(_cell(c) for c in header) + " |", "|" + " --- |" * len(header)]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(out) + "\n"


def _cell(tokens: list[Token]) -> str:
    return inline_gfm(tokens).replace("|", "\\|")


# -- inline GFM -----------------------------------------------------------------------------------

_GFM_SPECIAL = re.compile(r"([\\`*_\[\]<~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_BLOCK_START = re.compile(r"^(#{1,6}(?=\s|$)|[-+*](?=\s)|>|\d{1,9}(?=[.)]\s))")


def escape_gfm(text: str) -> str:
    """Escape the characters GitHub would read as markup inside running text."""
    return _ENTITY.sub("&amp;", _GFM_SPECIAL.sub(r"\\\1", text))


def _block_start(text: str) -> str:
    """Escape what would open a heading, list or quote at the start of a paragraph."""
    m = _BLOCK_START.match(text)
    if not m:
        return text
    first = m.group(1)
    if first[0].isdigit():
        return first + "\\" + text[len(first) :]
    return "\\" + text


def inline_gfm(tokens: Sequence[Token]) -> str:
    """Render inline tokens, choosing bold markup that GitHub really shows as bold."""
    pieces: list[tuple[str, bool]] = []  # (text, is_strong_inner)
    for token in tokens:
        kind = token["type"]
        if kind == "strong":
            pieces.append((inline_gfm(token["children"]), True))
        elif kind == "emphasis":
            pieces.append(("*" + inline_gfm(token["children"]) + "*", False))
        elif kind == "codespan":
            pieces.append(("`" + str(token["raw"]) + "`", False))
        elif kind == "linebreak":
            pieces.append(("\\\n", False))
        elif kind == "link":
            url = token["attrs"]["url"]
            pieces.append((f"[{inline_gfm(token['children'])}]({url})", False))
        elif kind == "inline_html":
            pieces.append((str(token["raw"]), False))
        elif kind != "softbreak":
            pieces.append((escape_gfm(str(token.get("raw", ""))), False))
    return _join_strong(pieces)


def _join_strong(pieces: list[tuple[str, bool]]) -> str:
    out: list[str] = []
    last = ""
    for i, (text, strong) in enumerate(pieces):
        if strong:
            after = next((t[:1] for t, _ in pieces[i + 1 :] if t), "")
            text = strong_markup(text, last, after)
        out.append(text)
        last = text[-1:] or last
    return "".join(out)


def strong_markup(inner: str, before: str, after: str) -> str:
    """Return ``**inner**`` when CommonMark reads it as bold, else the closest form that is.

    Moving leading or trailing punctuation out of the bold (``**加强统筹协调**。坚持``) keeps the
    text readable; ``<strong>`` is the last resort.
    """
    if _strong_ok(inner, before, after):
        return f"**{inner}**"
    head = len(inner) - len(inner.lstrip(_PUNCT_CHARS)) if not _opens(before, inner[:1]) else 0
    tail = len(inner) - len(inner.rstrip(_PUNCT_CHARS)) if not _closes(inner[-1:], after) else 0
    core = inner[head : len(inner) - tail]
    lead, trail = inner[:head], inner[len(inner) - tail :]
    if core and _strong_ok(core, (before + lead)[-1:], (trail + after)[:1]):
        return f"{lead}**{core}**{trail}"
    return f"<strong>{inner}</strong>"


_PUNCT_CHARS = "。，、；：？！…—“”‘’（）《》〈〉【】「」『』.,;:?!()\"'"


def _strong_ok(inner: str, before: str, after: str) -> bool:
    return bool(inner) and _opens(before, inner[0]) and _closes(inner[-1], after)


def _opens(before: str, first: str) -> bool:
    """Left-flanking: not followed by space; followed by punctuation only after space/punctuation."""
    if not first or _is_space(first):
        return False
    return not _is_punct(first) or not before or _is_space(before) or _is_punct(before)


def _closes(last: str, after: str) -> bool:
    """Right-flanking: not preceded by space; preceded by punctuation only before space/punctuation."""
    if not last or _is_space(last):
        return False
    return not _is_punct(last) or not after or _is_space(after) or _is_punct(after)


def _is_space(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) == "Zs"


def _is_punct(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS"
