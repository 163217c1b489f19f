"""build: render plans to Markdown, Word and (through LibreOffice) PDF. No printing here.

Every plan is checked first, as ``validate`` does; a plan with errors gets no output. All
documents are rendered in memory before the first file is written, and each file is written
atomically (temporary file, then rename), so a failed build never leaves half a document.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from planforge import __version__
from planforge.errors import PlanforgeError, Problem, Severity
from planforge.loader import Loaded, Workspace, discover, display_path, new_run_id, shared_workspace
from planforge.model import Plan
from planforge.parallel import group_by_parent, run_groups
from planforge.progress import Progress
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


MANIFEST = ".planforge-build.json"


class BuildResult:
    """What a build did: the validation report, files written, plans left out or unchanged."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.written: list[Path] = []
        self.skipped: list[str] = []
        self.unchanged: list[str] = []

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
    jobs: int = 1,
    progress: Progress | None = None,
    force: bool = False,
) -> BuildResult:
    """Check and render every plan under ``paths`` into ``out_dir``, in ``jobs`` processes.

    A plan whose inputs (its file, its parent's, the templates, the profile and the formats)
    hash the same as at the last build, and whose outputs are untouched, is not rendered
    again unless ``force``.
    """
    formats = parse_formats(formats)
    if "pdf" in formats:
        _require_office()
    roots = list(paths)
    files, problems = discover(roots)
    result = BuildResult(Report(problems=problems))
    stems = _stems(files, roots, out_dir)
    renderer = _Renderer(templates, profile)  # fails early on a broken template folder
    manifest = {} if force else _read_manifest(out_dir)
    run_id = new_run_id()
    staging = out_dir.parent / f".{out_dir.name}.staging-{run_id[:8]}"
    worker = _Builder(
        renderer.templates_arg,
        profile,
        formats,
        strict,
        renderer.fingerprint(),
        manifest,
        run_id,
        staging,
        out_dir,
    )
    groups = group_by_parent(
        [(path, stems[path]) for path in files], key=lambda item: item[0].parent
    )
    if progress:
        progress.total = len(files)
    try:
        for done in run_groups(groups, worker, jobs=jobs, progress=progress):
            _collect(result, done, manifest)
        _publish(result.written, staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    result.report.finish()
    _write_manifest(out_dir, manifest)
    return result


def _publish(written: Sequence[Path], staging: Path, out_dir: Path) -> None:
    """Move every staged output into place; only reached when every plan rendered."""
    for final in written:
        staged = staging / final.relative_to(out_dir)
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged, final)


class _Done(NamedTuple):
    """What building one plan gave back to the main process."""

    display: str
    problems: list[Problem]
    status: str  # written | unchanged | skipped
    written: list[Path]
    hashes: dict[str, str]


def _collect(result: BuildResult, done: _Done, manifest: dict[str, str]) -> None:
    result.report.files.append(done.display)
    result.report.problems.extend(done.problems)
    if done.status == "skipped":
        result.skipped.append(done.display)
    elif done.status == "unchanged":
        result.unchanged.append(done.display)
    result.written.extend(done.written)
    manifest.update(done.hashes)


def _stems(files: Sequence[Path], roots: Sequence[Path], out_dir: Path) -> dict[Path, Path]:
    targets: dict[Path, str] = {}
    stems: dict[Path, Path] = {}
    for path in files:
        stem = out_dir / _relative_stem(path, roots)
        _claim(targets, stem, display_path(path))
        stems[path] = stem
    return stems


class _Builder:
    """Builds groups of plans in one process; picklable, so a worker pool can run it."""

    def __init__(
        self,
        templates: Path | None,
        profile: str | None,
        formats: tuple[str, ...],
        strict: bool,
        fingerprint: str,
        manifest: dict[str, str],
        run_id: str,
        staging: Path,
        out_dir: Path,
    ) -> None:
        self.templates = templates
        self.profile = profile
        self.formats = formats
        self.strict = strict
        self.fingerprint = fingerprint
        self.manifest = manifest
        self.run_id = run_id
        self.staging = staging
        self.out_dir = out_dir
        self._renderer: _Renderer | None = None

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "_renderer": None}  # Jinja environments stay in their process

    def renderer(self) -> _Renderer:
        if self._renderer is None:
            self._renderer = _Renderer(self.templates, self.profile)
        return self._renderer

    def __call__(self, group: Sequence[tuple[Path, Path]]) -> list[_Done]:
        ws = shared_workspace(self.run_id)
        return [self.build_one(ws, path, stem) for path, stem in group]

    def build_one(self, ws: Workspace, path: Path, stem: Path) -> _Done:
        loaded = ws.load(path)
        found = plan_problems(ws, loaded, strict=self.strict)
        if loaded.plan is None or _blocks(found, self.strict):
            return _Done(loaded.display, found, "skipped", [], {})
        parent = _parent(ws, loaded)
        key = self.input_hash(loaded, parent)
        targets = _target_paths(stem, self.formats)
        if all(_unchanged(t, key, self.manifest) for t in targets):
            return _Done(loaded.display, found, "unchanged", [], {})
        # Outputs are staged beside out_dir and moved into place only when the whole build
        # succeeded, so a template error in one plan leaves no half-updated output folder.
        staged_stem = self.staging / stem.relative_to(self.out_dir)
        outputs = self.renderer().render(loaded.plan, parent, staged_stem, self.formats)
        pdf_stale = "pdf" in self.formats and not self.fresh(staged_stem.with_suffix(".pdf"), key)
        # The PDF is converted from the staged .docx, so a stale PDF restages its .docx.
        stale = [
            o
            for o in outputs
            if not self.fresh(o.path, key) or (pdf_stale and o.path.suffix == ".docx")
        ]
        staged = [_write(o) for o in stale]
        if pdf_stale:
            staged.extend(_convert_all(stale))
        finals = [self.final(p) for p in staged]
        hashes = {str(f): f"{key}:{_file_hash(p)}" for f, p in zip(finals, staged, strict=True)}
        return _Done(loaded.display, found, "written", finals, hashes)

    def fresh(self, staged: Path, key: str) -> bool:
        """Tell whether the output for ``staged`` is already in out_dir, built from ``key``."""
        return _unchanged(self.final(staged), key, self.manifest)

    def final(self, staged: Path) -> Path:
        """Return where a staged output goes in out_dir."""
        return self.out_dir / staged.relative_to(self.staging)

    def input_hash(self, loaded: Loaded, parent: Plan | None) -> str:
        digest = hashlib.sha256(self.fingerprint.encode())
        digest.update(loaded.doc.text.encode("utf-8"))
        if parent is not None:
            digest.update(parent.source.text.encode("utf-8"))
        return digest.hexdigest()[:32]


def _target_paths(stem: Path, formats: Sequence[str]) -> list[Path]:
    suffixes = {"md": [".md"], "docx": [".docx"], "pdf": [".docx", ".pdf"]}
    return [stem.with_suffix(s) for s in dict.fromkeys(x for f in formats for x in suffixes[f])]


def _unchanged(target: Path, key: str, manifest: dict[str, str]) -> bool:
    """Tell whether ``target`` was built from the same inputs and nobody changed it since."""
    recorded = manifest.get(str(target))
    if recorded is None or not recorded.startswith(f"{key}:"):
        return False
    return target.is_file() and recorded == f"{key}:{_file_hash(target)}"


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:32]


def _write(output: _Output) -> Path:
    write_atomic(output.path, output.data)
    return output.path


def _read_manifest(out_dir: Path) -> dict[str, str]:
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _write_manifest(out_dir: Path, manifest: dict[str, str]) -> None:
    if not manifest:
        return
    text = json.dumps(dict(sorted(manifest.items())), ensure_ascii=False, indent=1)
    write_atomic(out_dir / MANIFEST, text.encode("utf-8"))


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
        self.templates_arg = templates
        self.templates = template_set(templates)
        self.env = make_environment(self.templates)
        self.profile_name = profile
        self.profiles: dict[str, Profile] = {}

    def fingerprint(self) -> str:
        """Hash everything besides the plans that decides the output: templates, profile, code."""
        digest = hashlib.sha256(f"{__version__}|{self.profile_name}".encode())
        code = Path(__file__).parent / "render"
        files = [*sorted(code.rglob("*.py")), Path(__file__)]
        for folder in self.templates.dirs:
            files.extend(sorted(p for p in folder.rglob("*") if p.is_file()))
        if self.profile_name and Path(self.profile_name).is_file():
            files.append(Path(self.profile_name))
        for path in files:
            digest.update(str(path.name).encode())
            digest.update(path.read_bytes())
        return digest.hexdigest()[:32]

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
