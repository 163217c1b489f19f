"""build: render plans to Markdown, Word and (through LibreOffice) PDF. No printing here.

Every plan is checked first, as ``validate`` does; a plan with errors gets no output. All
documents are rendered in memory before the first file is written, and each file is written
atomically (temporary file, then rename), so a failed build never leaves half a document.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from planforge.errors import PlanforgeError, Problem, Severity
from planforge.loader import Loaded, Workspace, discover
from planforge.model import Plan
from planforge.render import (
    ROOT_TEMPLATE,
    build_view,
    make_environment,
    parse,
    render,
    render_gfm,
    template_set,
)
from planforge.render.docx import DocProps, write_docx
from planforge.render.profile import Profile, load_profile
from planforge.validate import Report, plan_problems

FORMATS = ("md", "docx", "pdf")
DEFAULT_FORMATS = ("md", "docx")


class BuildResult:
    """What a build did: the validation report, the files written and the plans left out."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.written: list[Path] = []
        self.skipped: list[str] = []

    def failed(self, *, strict: bool = False) -> bool:
        return self.report.failed(strict=strict)


class _Output(NamedTuple):
    path: Path
    data: bytes


def parse_formats(text: str | Sequence[str]) -> tuple[str, ...]:
    """Return the formats of ``md,docx,pdf`` in a fixed order; unknown names are an error."""
    names = text.split(",") if isinstance(text, str) else list(text)
    wanted = {n.strip().lower() for n in names if n.strip()}
    unknown = sorted(wanted - set(FORMATS))
    if unknown or not wanted:
        raise PlanforgeError(
            f"不支持的输出格式:{'、'.join(unknown) or '(空)'};可选 {','.join(FORMATS)}"
        )
    return tuple(f for f in FORMATS if f in wanted)


def build(
    paths: Iterable[Path],
    out_dir: Path,
    formats: Sequence[str] = DEFAULT_FORMATS,
    templates: Path | None = None,
    profile: str | None = None,
    *,
    strict: bool = False,
) -> BuildResult:
    """Check and render every plan under ``paths`` into ``out_dir``."""
    formats = parse_formats(formats)
    if "pdf" in formats:
        _require_office()
    roots = list(paths)
    files, problems = discover(roots)
    result = BuildResult(Report(problems=problems))
    renderer = _Renderer(templates, profile)
    ws = Workspace()
    outputs: list[_Output] = []
    targets: dict[Path, str] = {}
    for path in files:
        loaded = ws.load(path)
        result.report.files.append(loaded.display)
        found = plan_problems(ws, loaded, strict=strict)
        result.report.problems.extend(found)
        if loaded.plan is None or _blocks(found, strict):
            result.skipped.append(loaded.display)
            continue
        stem = out_dir / _relative_stem(path, roots)
        _claim(targets, stem, loaded.display)
        outputs.extend(renderer.render(loaded.plan, _parent(ws, loaded), stem, formats))
    result.report.finish()
    for output in outputs:
        write_atomic(output.path, output.data)
        result.written.append(output.path)
    if "pdf" in formats:
        result.written.extend(_convert_all(outputs))
    return result


def _blocks(problems: Sequence[Problem], strict: bool) -> bool:
    bad = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return any(p.severity in bad for p in problems)


def _parent(ws: Workspace, loaded: Loaded) -> Plan | None:
    parent, _problems = ws.parent_of(loaded)
    return parent.plan if parent else None


def _relative_stem(path: Path, roots: Sequence[Path]) -> Path:
    """Return where a plan's outputs go under out_dir: its path below the folder given, or its name."""
    resolved = path.resolve()
    for root in roots:
        if root.is_dir() and resolved.is_relative_to(root.resolve()):
            return resolved.relative_to(root.resolve()).with_suffix("")
    return Path(path.stem)


def _claim(targets: dict[Path, str], stem: Path, display: str) -> None:
    if stem in targets:
        raise PlanforgeError(
            f"规划 {targets[stem]} 和 {display} 会生成同名文件 {stem}.*;请分别构建或改名"
        )
    targets[stem] = display


class _Renderer:
    """Render plans with one template environment and cached layout profiles."""

    def __init__(self, templates: Path | None, profile: str | None) -> None:
        self.templates = template_set(templates)
        self.env = make_environment(self.templates)
        self.profile_name = profile
        self.profiles: dict[str, Profile] = {}

    def profile(self, scheme: str) -> Profile:
        if scheme not in self.profiles:
            self.profiles[scheme] = load_profile(self.profile_name, self.templates.dirs, scheme)
        return self.profiles[scheme]

    def render(
        self, plan: Plan, parent: Plan | None, stem: Path, formats: Sequence[str]
    ) -> list[_Output]:
        """Return the plan's documents: the template output is parsed once for both writers."""
        source = render(self.env, ROOT_TEMPLATE, plan=build_view(plan, parent))
        tokens = parse(source)
        out = []
        if "md" in formats:
            out.append(_Output(stem.with_suffix(".md"), render_gfm(tokens).encode("utf-8")))
        if "docx" in formats or "pdf" in formats:
            profile = self.profile(plan.presentation.numbering)
            out.append(
                _Output(stem.with_suffix(".docx"), write_docx(tokens, doc_props(plan), profile))
            )
        return out


def doc_props(plan: Plan) -> DocProps:
    """Return the Word document properties of a plan, dated by the plan (never by the clock)."""
    meta = plan.meta
    return DocProps(
        title=meta.title,
        creator=meta.office or meta.region,
        subject=f"{meta.region}民政事业发展规划({meta.period_start}—{meta.period_end}年)",
        keywords=f"民政;发展规划;{meta.region}",
        description=meta.doc_number,
        created=_w3c_date(meta.date, meta.period_start),
    )


def _w3c_date(date: str, fallback_year: int) -> str:
    parts = [int(p) for p in date.split("-") if p.isdigit()] if date else []
    year, month, day = [*parts, 1, 1][:3] if parts else (fallback_year, 1, 1)
    return f"{year:04d}-{month:02d}-{day:02d}T00:00:00Z"


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _require_office() -> None:
    from planforge.office import INSTALL_OFFICE_HINT, find_soffice

    if find_soffice() is None:
        raise PlanforgeError(f"生成 PDF 需要 LibreOffice,但没有找到 soffice。{INSTALL_OFFICE_HINT}")


def _convert_all(outputs: Sequence[_Output]) -> list[Path]:
    from planforge.office import convert_to_pdf

    return [convert_to_pdf(o.path, o.path.parent) for o in outputs if o.path.suffix == ".docx"]
