"""Build the model (planforge.model) from a schema-valid positioned document."""

from __future__ import annotations

from typing import Any

from planforge.errors import Location, YamlPath
from planforge.model import (
    Block,
    Box,
    BoxItem,
    Chapter,
    Goal,
    Goals,
    Indicator,
    IndicatorTable,
    Insert,
    ListBlock,
    Meta,
    NotApplicable,
    Note,
    Notice,
    Paragraph,
    Part,
    Plan,
    Presentation,
    Section,
    SourceInfo,
    Subsection,
    Table,
    TocEntry,
    value_text,
)
from planforge.source import SourceDoc


class _Builder:
    """Walks the ruamel tree once, attaching a Location to every node."""

    def __init__(self, doc: SourceDoc) -> None:
        self.doc = doc
        self._display = doc.display
        self._resolver = doc.position_of

    def at(self, path: YamlPath) -> Location:
        # As doc.locate(path), without its call: this runs for every node of every plan.
        return Location(self._display, path=path, resolver=self._resolver)

    # -- blocks ---------------------------------------------------------------------------

    def blocks(self, raw: Any, path: YamlPath) -> tuple[Block, ...]:
        return tuple(self.block(b, (*path, i)) for i, b in enumerate(raw or []))

    def block(self, raw: Any, path: YamlPath) -> Block:
        loc = self.at(path)
        if isinstance(raw, str):
            return Paragraph(text=str(raw), loc=loc)
        if "list" in raw:
            items = tuple(
                self.paragraph(it, (*path, "list", i)) for i, it in enumerate(raw["list"])
            )
            return ListBlock(items=items, bullet=str(raw.get("bullet", "")), loc=loc)
        if "box" in raw:
            boxed = tuple(
                self.box_item(it, (*path, "items", i))
                for i, it in enumerate(raw.get("items") or [])
            )
            return Box(title=str(raw["box"]), items=boxed, id=str(raw.get("id", "")), loc=loc)
        if "insert" in raw:
            return Insert(what=str(raw["insert"]), loc=loc)
        if "table" in raw:
            return self.table(raw, loc)
        if "note" in raw:
            return Note(text=str(raw["note"]), loc=loc)
        return self.paragraph(raw, path)

    def paragraph(self, raw: Any, path: YamlPath) -> Paragraph:
        loc = self.at(path)
        if isinstance(raw, str):
            return Paragraph(text=str(raw), loc=loc)
        return Paragraph(
            text=str(raw.get("text", "")),
            lead=str(raw.get("lead", "")),
            todo=bool(raw.get("todo", False)),
            loc=loc,
        )

    def box_item(self, raw: Any, path: YamlPath) -> BoxItem:
        if isinstance(raw, str):
            return BoxItem(title=str(raw), loc=self.at(path))
        return BoxItem(title=str(raw["title"]), text=str(raw.get("text", "")), loc=self.at(path))

    def table(self, raw: Any, loc: Any) -> Table:
        rows = tuple(tuple(value_text(c) or "" for c in row) for row in raw.get("rows") or [])
        return Table(
            title=str(raw["table"]),
            header=tuple(str(h) for h in raw["header"]),
            rows=rows,
            notes=tuple(str(n) for n in raw.get("notes") or []),
            id=str(raw.get("id", "")),
            loc=loc,
        )

    # -- structure ------------------------------------------------------------------------

    def chapters(self, raw: Any) -> tuple[Chapter, ...]:
        return tuple(self.chapter(ch, ("chapters", i)) for i, ch in enumerate(raw or []))

    def chapter(self, raw: Any, path: YamlPath) -> Chapter:
        sections = tuple(
            self.section(s, (*path, "sections", i)) for i, s in enumerate(raw.get("sections") or [])
        )
        return Chapter(
            title=str(raw["title"]),
            intro=self.blocks(raw.get("intro"), (*path, "intro")),
            sections=sections,
            id=str(raw.get("id", "")),
            loc=self.at(path),
        )

    def section(self, raw: Any, path: YamlPath) -> Section:
        subs = tuple(
            Subsection(
                title=str(sub["title"]),
                blocks=self.blocks(sub.get("blocks"), (*path, "subsections", i, "blocks")),
                id=str(sub.get("id", "")),
                loc=self.at((*path, "subsections", i)),
            )
            for i, sub in enumerate(raw.get("subsections") or [])
        )
        return Section(
            title=str(raw["title"]),
            blocks=self.blocks(raw.get("blocks"), (*path, "blocks")),
            subsections=subs,
            id=str(raw.get("id", "")),
            loc=self.at(path),
        )

    # -- indicators -----------------------------------------------------------------------

    def year_values(self, raw: Any) -> tuple[tuple[int, str], ...]:
        items = ((int(k), value_text(v) or "") for k, v in (raw or {}).items())
        return tuple(sorted(items))

    def indicator(self, raw: Any, path: YamlPath, *, is_child: bool = False) -> Indicator:
        field_locs = {str(k): self.at((*path, str(k))) for k in raw}
        for year in raw.get("milestones") or {}:
            field_locs[f"milestones.{year}"] = self.at((*path, "milestones", str(year)))
        children = tuple(
            self.indicator(c, (*path, "children", i), is_child=True)
            for i, c in enumerate(raw.get("children") or [])
        )
        parts = tuple(
            self.part(p, (*path, "parts", i)) for i, p in enumerate(raw.get("parts") or [])
        )
        return Indicator(
            id=str(raw["id"]),
            name=str(raw["name"]),
            attribute=str(raw["attribute"]),
            unit=str(raw.get("unit", "") or ""),
            category=str(raw.get("category", "") or ""),
            baseline=value_text(raw.get("baseline")),
            target=value_text(raw.get("target")),
            milestones=self.year_values(raw.get("milestones")),
            actual=self.year_values(raw.get("actual")),
            direction=str(raw.get("direction", "higher")),
            kind=str(raw.get("kind", "")),
            basis=str(raw.get("basis", "annual")),
            parent=str(raw.get("parent", "") or ""),
            note=str(raw.get("note", "") or ""),
            todo=bool(raw.get("todo", False)),
            children=children,
            parts=parts,
            is_child=is_child,
            path=path,
            loc=self.at(path),
            field_locs=field_locs,
        )

    def part(self, raw: Any, path: YamlPath) -> Part:
        return Part(
            label=str(raw["label"]),
            baseline=value_text(raw.get("baseline")),
            target=value_text(raw.get("target")),
            milestones=self.year_values(raw.get("milestones")),
            actual=self.year_values(raw.get("actual")),
            loc=self.at(path),
        )

    def indicator_table(self, raw: Any) -> IndicatorTable:
        if not raw:
            return IndicatorTable()
        items = tuple(
            self.indicator(it, ("indicators", "items", i))
            for i, it in enumerate(raw.get("items") or [])
        )
        na = tuple(
            NotApplicable(
                str(n["parent"]), str(n["reason"]), self.at(("indicators", "not_applicable", i))
            )
            for i, n in enumerate(raw.get("not_applicable") or [])
        )
        notes = tuple(str(n) for n in raw.get("notes") or [])
        return IndicatorTable(
            title=str(raw.get("title", "") or ""), items=items, not_applicable=na, notes=notes
        )

    # -- top level ------------------------------------------------------------------------

    def goals(self, raw: Any) -> Goals:
        if not raw:
            return Goals()
        items = tuple(
            Goal(
                title=str(g["title"]),
                text=str(g.get("text", "") or ""),
                indicators=tuple(str(x) for x in g.get("indicators") or []),
                loc=self.at(("goals", "items", i)),
            )
            for i, g in enumerate(raw.get("items") or [])
        )
        return Goals(
            overall=str(raw.get("overall", "") or ""),
            items=items,
            vision=str(raw.get("vision", "") or ""),
        )

    def meta(self, raw: Any) -> Meta:
        period = raw["period"]
        return Meta(
            title=str(raw["title"]),
            region=str(raw["region"]),
            level=str(raw["level"]),
            period_start=int(period["start"]),
            period_end=int(period["end"]),
            short_title=_s(raw, "short_title"),
            office=_s(raw, "office"),
            date=_s(raw, "date"),
            doc_number=_s(raw, "doc_number"),
            baseline_year_explicit=_int_or_none(raw.get("baseline_year")),
            vision_year=_int_or_none(raw.get("vision_year")),
            parent=_s(raw, "parent"),
            children=tuple(str(c) for c in raw.get("children") or []),
            basis=tuple(str(b) for b in raw.get("basis") or []),
            notice=self.notice(raw.get("notice")),
            source=self.source_info(raw.get("source")),
        )

    def notice(self, raw: Any) -> Notice | None:
        if not raw:
            return None
        keys = (
            "doc_number",
            "title",
            "addressees",
            "signature",
            "date",
            "disclosure",
            "cc",
            "printed_by",
            "printed_date",
        )
        return Notice(
            issuer=str(raw["issuer"]),
            body=tuple(str(b) for b in raw.get("body") or []),
            **{k: _s(raw, k) for k in keys},
        )

    def source_info(self, raw: Any) -> SourceInfo:
        if not raw:
            return SourceInfo()
        toc = tuple(
            TocEntry(
                title=str(e["title"]),
                level=int(e.get("level", 1)),
                page=_s(e, "page"),
                line=int(e.get("line", 0) or 0),
                loc=self.at(("meta", "source", "toc", i)),
            )
            for i, e in enumerate(raw.get("toc") or [])
        )
        return SourceInfo(
            file=_s(raw, "file"),
            truncated=bool(raw.get("truncated", False)),
            note=_s(raw, "note"),
            toc=toc,
        )

    def presentation(self, raw: Any) -> Presentation:
        raw = raw or {}
        headers = tuple((str(k), str(v)) for k, v in (raw.get("indicator_headers") or {}).items())
        return Presentation(
            numbering=str(raw.get("numbering", "chapter")),
            indicator_table=str(raw.get("indicator_table", "box")),
            box_item_numbers=bool(raw.get("box_item_numbers", True)),
            goal_bullet=str(raw.get("goal_bullet", "") or ""),
            sub_row_numbers=bool(raw.get("sub_row_numbers", False)),
            indicator_headers=headers,
        )


def _s(raw: Any, key: str) -> str:
    value = raw.get(key)
    return "" if value is None else str(value)


def _int_or_none(value: Any) -> int | None:
    return None if value is None else int(value)


def build_plan(doc: SourceDoc) -> Plan:
    """Turn a schema-valid document into a Plan."""
    b = _Builder(doc)
    data = doc.data
    return Plan(
        path=doc.path,
        display=doc.display,
        meta=b.meta(data["meta"]),
        presentation=b.presentation(data.get("presentation")),
        preamble=b.blocks(data.get("preamble"), ("preamble",)),
        goals=b.goals(data.get("goals")),
        indicators=b.indicator_table(data.get("indicators")),
        chapters=b.chapters(data.get("chapters")),
        source=doc,
    )
