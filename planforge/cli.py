"""The planforge command line: the only module that imports click or decides exit codes.

Exit codes: 0 ok (warnings allowed), 1 problems in the plans (warnings too under --strict),
2 command-line usage error, 3 planforge could not run.
"""

from __future__ import annotations

import gc
import importlib
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, NoReturn

import click

from planforge import __version__
from planforge.errors import PlanforgeError
from planforge.errors import Problem as PlanforgeProblem
from planforge.zhtext import reword, width, wrap_display

if TYPE_CHECKING:
    from planforge.build import BuildResult
    from planforge.progress import Progress

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_CRASH = 0, 1, 2, 3
DEFAULT_PLANS = Path("plans")


class ZhHelpFormatter(click.HelpFormatter):
    """Help output with Chinese headings, since our users read Chinese."""

    _HEADINGS: ClassVar[dict[str, str]] = {
        "Options": "选项",
        "Commands": "命令",
        "Arguments": "参数",
    }

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(
            prog,
            args.replace("[OPTIONS]", "[选项]")
            .replace("COMMAND", "命令")
            .replace("[ARGS]", "[参数]"),
            "用法:",
        )

    @contextmanager
    def section(self, name: str) -> Iterator[None]:
        with super().section(self._HEADINGS.get(name, name)):
            yield

    # click names an option's value by its type (FILE, TEXT, …) and appends "[default: …]"
    # and ranges ("[x>=1]") in English; one translation here covers every command.
    _METAVARS: ClassVar[dict[str, str]] = {
        "DIRECTORY": "文件夹",
        "FILE": "文件",
        "PATH": "路径",
        "TEXT": "文字",
        "INTEGER RANGE": "整数",
        "INTEGER": "整数",
        "FLOAT RANGE": "数值",
        "FLOAT": "数值",
    }
    _METAVAR_RE = re.compile(
        r" (DIRECTORY|FILE|PATH|TEXT|INTEGER RANGE|INTEGER|FLOAT RANGE|FLOAT)$"
    )
    _EXTRA_RE = re.compile(r"\[(?:default: )?([^\]]*)\]$")

    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        """Write the option table, aligned and wrapped by display width.

        click measures by characters; a Chinese character takes two columns, so its own
        layout misaligns Chinese value names and runs Chinese help past the line's end.
        """
        table = [(self._zh_term(term), self._zh_extra(text)) for term, text in rows]
        first = min(max((width(term) for term, _ in table), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        wrap_at = max(self.width - self.current_indent - first, 20)
        for term, text in table:
            self.write(f"{indent}{term}")
            if not text:
                self.write("\n")
                continue
            if width(term) + col_spacing <= first:
                self.write(" " * (first - width(term)))
            else:
                self.write(f"\n{indent}{' ' * first}")
            lines = wrap_display(text, wrap_at)
            self.write(f"{lines[0]}\n")
            for line in lines[1:]:
                self.write(f"{indent}{' ' * first}{line}\n")

    def write_text(self, text: str) -> None:
        """Write a paragraph of help, wrapped by display width (see write_dl)."""
        indent = " " * self.current_indent
        for i, paragraph in enumerate(p for p in text.split("\n\n") if p.strip()):
            if i:
                self.write("\n")
            for line in wrap_display(" ".join(paragraph.split()), self.width - len(indent)):
                self.write(f"{indent}{line}\n")

    def _zh_term(self, term: str) -> str:
        return self._METAVAR_RE.sub(lambda m: " " + self._METAVARS[m.group(1)], term)

    def _zh_extra(self, text: str) -> str:
        found = self._EXTRA_RE.search(text)
        if found is None:
            return text
        parts = []
        for part in found.group(1).split("; "):
            part = re.sub(r"^x>=(\S+)$", r"至少 \1", part)
            part = re.sub(r"^(\S+)<=x<=(\S+)$", r"\1 到 \2 之间", part)
            parts.append("必填" if part == "required" else part)
        label = "默认 " if found.group(0).startswith("[default: ") else ""
        return f"{text[: found.start()]}[{label}{';'.join(parts)}]"


click.Context.formatter_class = ZhHelpFormatter
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


_help_option = click.help_option("-h", "--help", help="显示本帮助并退出。")


class _Commands(click.Group):
    """The command group; commands living in other modules are imported only when used.

    Why: ``import`` brings the importer's modules (and tempfile, json, dataclasses'
    helpers) into every run, ``build`` included, though most runs never import a plan.
    """

    LAZY: ClassVar[dict[str, tuple[str, str]]] = {
        "import": ("planforge.importer.command", "import_cmd"),
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.LAZY})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.LAZY and cmd_name not in self.commands:
            module_name, attribute = self.LAZY[cmd_name]
            module = importlib.import_module(module_name)
            self.add_command(getattr(module, attribute), cmd_name)
        command = super().get_command(ctx, cmd_name)
        if command is not None and not command.short_help:
            # click shortens help at spaces, which Chinese text has none of.
            command.short_help = _SHORT_HELP.get(cmd_name)
        return command


@click.group(
    cls=_Commands,
    context_settings=CONTEXT,
    help="planforge:民政事业发展规划的编制、校验、检查与排版工具。",
)
@click.version_option(
    __version__, "-V", "--version", message="planforge %(version)s", help="显示版本号并退出。"
)
@click.option(
    "--traceback",
    "show_traceback",
    is_flag=True,
    help="出现内部错误时显示完整的调用栈(供开发人员排查)。",
)
@_help_option
@click.pass_context
def cli(ctx: click.Context, show_traceback: bool) -> None:
    ctx.obj = {"traceback": show_traceback}


PATHS_ARGUMENT = click.argument(
    "paths", nargs=-1, type=click.Path(path_type=Path), metavar="[路径]..."
)
FORMAT_CHOICE = click.Choice(["text", "json", "github"])
JOBS_OPTION = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="并行进程数(默认:全部 CPU 核心)。",
)


def _jobs(jobs: int | None) -> int:
    from planforge.parallel import default_jobs

    return jobs or default_jobs()


def _progress(label: str) -> Progress:
    from planforge.progress import Progress

    return Progress(0, label)


@cli.command(
    "validate",
    context_settings=CONTEXT,
    help="校验规划文件(默认校验 plans/ 下全部规划)的格式、数值写法和基本规则。",
)
@PATHS_ARGUMENT
@click.option(
    "--format", "fmt", type=FORMAT_CHOICE, default="text", show_default=True, help="输出格式。"
)
@click.option("--strict", is_flag=True, help="警告也视为不通过(退出码 1)。")
@JOBS_OPTION
@_help_option
def validate_cmd(paths: tuple[Path, ...], fmt: str, strict: bool, jobs: int | None) -> None:
    from planforge.report import FORMATTERS
    from planforge.validate import validate

    report = validate(
        _default_paths(paths), strict=strict, jobs=_jobs(jobs), progress=_progress("校验")
    )
    click.echo(FORMATTERS[fmt](report), nl=False)
    sys.exit(EXIT_PROBLEMS if report.failed(strict=strict) else EXIT_OK)


@cli.command(
    "check",
    context_settings=CONTEXT,
    help="检查下级规划与上级规划是否一致(期限、约束性指标承接、目标不低于上级、单位换算、基期值),"
    "以及规划自身的正文数字、目录与指标表是否一致;并列出逐项指标对照。",
)
@PATHS_ARGUMENT
@click.option(
    "--parent",
    "parent",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="用这个文件作为上级规划(代替 meta.parent)。",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github", "markdown"]),
    default="text",
    show_default=True,
    help="输出格式;markdown 为可附在审查意见后的对照表。",
)
@click.option(
    "--strict", is_flag=True, help="警告也视为不通过(退出码 1),预期性指标弱于上级按错误处理。"
)
@JOBS_OPTION
@_help_option
def check_cmd(
    paths: tuple[Path, ...], parent: Path | None, fmt: str, strict: bool, jobs: int | None
) -> None:
    from planforge.check import check
    from planforge.check_report import FORMATTERS as CHECK_FORMATTERS

    report = check(
        _default_paths(paths),
        parent=parent,
        strict=strict,
        jobs=_jobs(jobs),
        progress=_progress("检查"),
    )
    click.echo(CHECK_FORMATTERS[fmt](report), nl=False)
    sys.exit(EXIT_PROBLEMS if report.failed(strict=strict) else EXIT_OK)


@cli.command(
    "link",
    context_settings=CONTEXT,
    help="为下级规划中没有链接上级的指标推荐上级指标(按规范化后的名称相似度打分);"
    "加 --write 把达到阈值的链接(parent: …)写入文件,保留注释和格式。",
)
@click.argument(
    "child", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="下级规划"
)
@click.option(
    "--parent",
    "parent",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="用这个文件作为上级规划(代替 meta.parent)。",
)
@click.option(
    "--min-score",
    type=click.FloatRange(0, 1),
    default=0.8,
    show_default=True,
    help="相似度达到该值的建议才写入。",
)
@click.option("--only", multiple=True, metavar="ID", help="只写入这些本级指标的链接(可重复)。")
@click.option("--write", is_flag=True, help="把采纳的链接写入文件(默认只显示将要做的修改)。")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="输出格式。",
)
@_help_option
def link_cmd(
    child: Path, parent: Path | None, min_score: float, only: tuple[str, ...], write: bool, fmt: str
) -> None:
    from planforge.link import propose_links, write_links
    from planforge.link_report import format_link

    edit = propose_links(child, parent=parent, min_score=min_score, only=only)
    if edit.problems and any(p.is_error for p in edit.problems):
        from planforge.report import format_text
        from planforge.validate import Report

        click.echo(format_text(Report([edit.display], edit.problems)), nl=False)
        sys.exit(EXIT_PROBLEMS)
    if write:
        write_links(edit)
    click.echo(format_link(edit, written=write, fmt=fmt), nl=False)
    sys.exit(EXIT_OK)


@cli.command(
    "build",
    context_settings=CONTEXT,
    help="生成规划文档(默认生成 plans/ 下全部规划):公文格式 Word、Markdown,以及(需 LibreOffice)PDF。"
    "有错误的规划不生成。",
)
@PATHS_ARGUMENT
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build"),
    show_default=True,
    help="输出文件夹。",
)
@click.option(
    "--format",
    "formats",
    default="md,docx",
    show_default=True,
    help="输出格式,逗号分隔:md、docx、pdf。",
)
@click.option(
    "--templates",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="模板文件夹(逐个文件覆盖默认模板)。",
)
@click.option(
    "--profile", help="版式配置:名称(templates/profiles/ 下)或 YAML 文件路径;默认 GB/T 9704。"
)
@click.option("--strict", is_flag=True, help="有警告的规划也不生成(退出码 1)。")
@click.option(
    "--force", is_flag=True, help="全部重新生成(默认跳过输入、模板和版式都没有变化的规划)。"
)
@click.option(
    "--watch",
    is_flag=True,
    help="生成后继续运行:规划文件、模板或版式配置一有修改就重新生成,按 Ctrl+C 停止。",
)
@JOBS_OPTION
@_help_option
def build_cmd(
    paths: tuple[Path, ...],
    out_dir: Path,
    formats: str,
    templates: Path | None,
    profile: str | None,
    strict: bool,
    force: bool,
    watch: bool,
    jobs: int | None,
) -> None:
    from planforge.build import build, parse_formats

    try:
        wanted = parse_formats(formats)
    except PlanforgeError as exc:  # a bad --format is a usage error (exit 2), not a crash
        raise click.BadParameter(exc.message, param_hint="'--format'") from exc
    roots = _default_paths(paths)

    def run(*, force: bool, progress: Progress | None) -> BuildResult:
        return build(
            roots,
            out_dir,
            wanted,
            templates,
            profile,
            strict=strict,
            jobs=_jobs(jobs),
            progress=progress,
            force=force,
        )

    if watch:
        _watch_builds(run, roots, templates, profile, force=force)
    result = run(force=force, progress=_progress("生成"))
    _echo_build(result)
    sys.exit(EXIT_PROBLEMS if result.failed(strict=strict) else EXIT_OK)


def _echo_build(result: BuildResult) -> None:
    from planforge.report import format_text

    click.echo(format_text(result.report), nl=False)
    for path in result.written:
        click.echo(f"已生成 {path}")
    if result.unchanged:
        click.echo(f"未变化,跳过 {len(result.unchanged)} 个规划(加 --force 全部重新生成)")
    for display in result.skipped:
        click.echo(f"未生成 {display}:请先修正上面列出的问题")


def _watch_builds(
    run: Callable[..., BuildResult],
    roots: list[Path],
    templates: Path | None,
    profile: str | None,
    *,
    force: bool,
) -> NoReturn:
    """Build, then rebuild on every change until Ctrl+C (exit 0); errors do not stop it."""
    import time

    from planforge.watch import watch, watched_files

    first = [force]

    def rebuild() -> None:
        started = time.perf_counter()
        click.echo(f"[{time.strftime('%H:%M:%S')}] 开始生成")
        try:
            _echo_build(run(force=first[0], progress=None))
        except PlanforgeError as exc:  # e.g. a template with an error: fix it, we keep watching
            click.echo(f"planforge:{exc}", err=True)
        first[0] = False
        elapsed = time.perf_counter() - started
        click.echo(f"用时 {elapsed:.2f} 秒;正在监视修改(按 Ctrl+C 停止)")

    try:
        watch(rebuild, lambda: watched_files(roots, templates, profile))
    except KeyboardInterrupt:
        click.echo("已停止监视。")
    sys.exit(EXIT_OK)


@cli.command("rules", context_settings=CONTEXT, help="列出全部检查规则及其代码、级别和说明。")
@click.option("--verbose", "-v", is_flag=True, help="同时显示每条规则的通过与不通过示例。")
@_help_option
def rules_cmd(verbose: bool) -> None:
    from planforge.codes import iter_code_docs
    from planforge.errors import Severity
    from planforge.report import SEVERITY_ZH

    for code, severity, summary, doc in iter_code_docs():
        click.echo(f"{code}  {SEVERITY_ZH[Severity(severity)]}  {summary}")
        if verbose and doc:
            for paragraph in doc.splitlines():
                for line in wrap_display(paragraph, 90):
                    click.echo(f"             {line}")


@cli.command(
    "decompose",
    context_settings=CONTEXT,
    help="指标分解:列出上级规划的数量、金额类指标分解到各下级规划的情况(合计、占比、缺口、未分解的下级)。",
)
@PATHS_ARGUMENT
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="输出格式。",
)
@_help_option
def decompose_cmd(paths: tuple[Path, ...], fmt: str) -> None:
    from planforge.decompose_report import FORMATTERS
    from planforge.hierarchy import decompose_tree

    tables, report = decompose_tree(_default_paths(paths))
    if report.problems and any(
        p.is_error and not p.code.startswith("PF6") for p in report.problems
    ):
        from planforge.report import format_text

        click.echo(format_text(report), nl=False, err=True)
        sys.exit(EXIT_PROBLEMS)
    click.echo(FORMATTERS[fmt](tables), nl=False)
    sys.exit(EXIT_PROBLEMS if report.failed() else EXIT_OK)


_PLAN_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@cli.command(
    "new",
    context_settings=CONTEXT,
    help="起草新规划。--from:根据上级规划生成下级规划初稿(沿用提纲、链接全部上级指标、"
    "在注释中附上级原文);--next:根据本级上一期规划生成下一期(如“十五五”)初稿。",
)
@click.option("--from", "parent", type=_PLAN_FILE, help="上级规划文件。")
@click.option("--next", "previous", type=_PLAN_FILE, help="本级上一期规划文件。")
@click.option("--region", help="本级地区名称,如 巴南区(用于 --from)。")
@click.option(
    "--level",
    type=click.Choice(["province", "city", "district"]),
    help="本级层级(用于 --from;默认为上级的下一级)。",
)
@click.option("--office", help="编制单位(用于 --from;默认为“地区全称+民政局”)。")
@click.option(
    "--words",
    "words_file",
    type=_PLAN_FILE,
    help="用语替换表 YAML(用于 --from;其中的层级取代内置表的同名层级)。",
)
@click.option("--period", help="新的规划期,如 2026-2030(用于 --next;默认为下一个五年)。")
@click.option(
    "--parent",
    "new_parent",
    type=_PLAN_FILE,
    help="上级的新一期规划(用于 --next):链接它并同步指标和上级原文。",
)
@click.option(
    "-o",
    "--output",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="输出文件。默认:--from 为上级规划所在文件夹下的“地区名.yaml”,--next 为“原文件名-十五五.yaml”。",
)
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖它。")
@_help_option
def new_cmd(
    parent: Path | None,
    previous: Path | None,
    region: str | None,
    level: str | None,
    office: str | None,
    words_file: Path | None,
    period: str | None,
    new_parent: Path | None,
    out_path: Path | None,
    force: bool,
) -> None:
    from planforge.yamlwrite import write_new_file

    if (parent is None) == (previous is None):
        raise click.UsageError("请指定 --from 上级规划 或 --next 上一期规划(二者选一)")
    if parent is not None:
        if not region:
            raise click.UsageError("--from 需要同时用 --region 指定本级地区名称,如 --region 巴南区")
        if period or new_parent:
            raise click.UsageError("--period 和 --parent 只用于 --next;--from 的规划期与上级相同")
        from planforge.draft import new_from_parent

        draft = new_from_parent(
            parent, region, out_path, level=level, office=office, words_file=words_file
        )
    else:
        if region or level or office or words_file:
            raise click.UsageError("--region、--level、--office、--words 只用于 --from")
        from planforge.successor import next_plan, parse_period

        assert previous is not None
        span = parse_period(period) if period else None
        draft = next_plan(previous, out_path, period=span, parent_path=new_parent)
    if draft.problems:
        _echo_problems(draft.problems)
    write_new_file(draft.path, draft.text, force=force)
    click.echo(f"已生成 {draft.path}")
    for note in draft.notes:
        click.echo(f"  {note}")
    click.echo(
        f"下一步:填写【待填写】处,再运行 planforge validate {draft.path} 和 planforge check {draft.path}"
    )
    sys.exit(EXIT_OK)


@cli.command(
    "sync",
    context_settings=CONTEXT,
    help="上级规划修改后同步下级规划草稿:加入上级新增的指标,标记上级已删除的指标,"
    "刷新“# 上级原文”注释;不改动起草者写的内容。先显示修改(diff),再写入文件。",
)
@click.argument("child", type=_PLAN_FILE, metavar="下级规划")
@click.option("--parent", type=_PLAN_FILE, help="用这个文件作为上级规划,并把 meta.parent 改为它。")
@click.option("--words", "words_file", type=_PLAN_FILE, help="新增指标所用的用语替换表 YAML。")
@click.option("--dry-run", is_flag=True, help="只显示将要做的修改,不写入文件。")
@click.option(
    "--check", "check_only", is_flag=True, help="不写入;有待同步的修改时退出码为 1(用于持续集成)。"
)
@_help_option
def sync_cmd(
    child: Path, parent: Path | None, words_file: Path | None, dry_run: bool, check_only: bool
) -> None:
    from planforge.sync import describe, sync_plan, write_sync

    result = sync_plan(child, parent, words_file=words_file)
    if result.problems:
        _echo_problems(result.problems)
    click.echo(result.diff(), nl=False)
    for line in describe(result):
        click.echo(line)
    if result.changed and not (dry_run or check_only):
        write_sync(result)
        click.echo(f"已写入 {result.display}")
    elif result.changed:
        click.echo("未写入(--dry-run/--check)")
    sys.exit(EXIT_PROBLEMS if check_only and result.changed else EXIT_OK)


def _echo_problems(problems: Sequence[PlanforgeProblem]) -> NoReturn:
    """Print the problems that stop new/sync (a broken plan) and exit 1."""
    from planforge.report import format_text
    from planforge.validate import Report

    files = sorted({p.location.file for p in problems})
    click.echo(format_text(Report(files, list(problems)).finish()), nl=False)
    sys.exit(EXIT_PROBLEMS)


def _default_paths(paths: Sequence[Path]) -> list[Path]:
    if paths:
        return list(paths)
    if not DEFAULT_PLANS.exists():
        raise PlanforgeError(
            "没有指定规划文件,当前目录下也没有 plans/ 文件夹;请写明文件或文件夹,如 planforge validate plans/",
            code="PF000",
        )
    return [DEFAULT_PLANS]


# -- running the CLI: usage errors in Chinese, no traceback for users ----------------------

_USAGE_PATTERNS = (
    (r"No such option:? '?([^'\s]+)'?\.?", r"没有这个选项:\1"),
    (r"No such command '([^']+)'\.?", r"没有这个命令:\1"),
    (r"Missing argument '([^']+)'\.?", r"缺少参数:\1"),
    (r"Missing option '([^']+)'\.?", r"缺少选项:\1"),
    (r"Option '([^']+)' requires an argument\.?", r"选项 \1 需要一个值"),
    (r"Got unexpected extra arguments? \((.*)\)\.?", r"多余的参数:\1"),
)
# "Invalid value for '-j' / '--jobs': <why>" — the option, then why, translated below.
_INVALID_VALUE = re.compile(r"Invalid value for ((?:'[^']+'(?: / )?)+): (.*)", re.DOTALL)
_VALUE_PATTERNS = (
    (r"'([^']*)' is not one of (.*?)\.?$", r"“\1”无效,应为 \2 之一"),
    (r"(\S+) is not in the range x>=(\S+?)\.?$", r"\1 太小,至少为 \2"),
    (r"(\S+) is not in the range x<=(\S+?)\.?$", r"\1 太大,至多为 \2"),
    (r"(\S+) is not in the range (\S+)<=x<=(\S+?)\.?$", r"\1 不在 \2 到 \3 之间"),
    (r"'([^']*)' is not a valid integer(?: range)?\.?$", r"“\1”不是整数"),
    (r"'([^']*)' is not a valid float(?: range)?\.?$", r"“\1”不是数值"),
    (r"(?:File|Directory|Path) '([^']*)' does not exist\.?$", r"“\1”不存在"),
    (r"File '([^']*)' is a directory\.?$", r"“\1”是文件夹,这里需要文件"),
    (r"Directory '([^']*)' is a file\.?$", r"“\1”是文件,这里需要文件夹"),
)


def translate_usage(message: str) -> str:
    """Translate click's usage messages into Chinese."""
    message = re.sub(
        r"\s*\(?(?:Did you mean(?: one of)?:?|Possible options:) (.+?)\??\)?$",
        lambda m: f"(是否想用 {m.group(1).replace(chr(39), '')}?)",
        message,
    )
    invalid = _INVALID_VALUE.match(message.strip())
    if invalid:
        names = re.findall(r"'([^']+)'", invalid.group(1))
        kind = "选项" if names[0].startswith("-") else "参数"
        why = reword(invalid.group(2).strip(), _VALUE_PATTERNS)
        return f"{kind} {' / '.join(names)} 的值无效:{why}"
    return reword(message, _USAGE_PATTERNS)


def _usage_error(exc: click.UsageError) -> NoReturn:
    command = exc.ctx.command_path if exc.ctx else "planforge"
    click.echo(f"用法错误:{translate_usage(exc.format_message())}", err=True)
    click.echo(f"运行 {command} --help 查看用法。", err=True)
    sys.exit(EXIT_USAGE)


_SHORT_HELP = {
    "build": "生成公文格式 Word 和 Markdown(默认 plans/ 下全部规划)",
    "check": "检查下级规划与上级规划、正文与指标表是否一致",
    "decompose": "指标分解:上级数量、金额类指标分解到各下级的情况",
    "import": "把已发布的规划(网页文本、Word、Markdown)导入为 YAML",
    "link": "为未链接上级的指标推荐上级指标,可写入文件",
    "new": "起草新规划:下级规划初稿,或下一期规划初稿",
    "rules": "列出全部问题代码、级别和说明",
    "sync": "上级规划修改后同步下级规划草稿",
    "validate": "校验规划文件的格式、数值写法和基本规则",
}


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run the garbage collector every 50,000 allocations instead of every 700.

    Why: a command imports and builds a few hundred thousand long-lived objects, and the
    default threshold has the collector rescan them dozens of times (about 20 ms of a
    0.4 s build). Cycles are still collected; the old threshold comes back afterwards.
    """
    old = gc.get_threshold()
    gc.set_threshold(50_000, *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the CLI, mapping every outcome to one of the documented exit codes."""
    args = list(sys.argv[1:] if argv is None else argv)
    show_traceback = "--traceback" in args
    try:
        with _fewer_collections():
            code = cli.main(args=args, prog_name="planforge", standalone_mode=False)
    except click.UsageError as exc:
        _usage_error(exc)
    except click.exceptions.Abort:
        click.echo("已取消。", err=True)
        sys.exit(EXIT_CRASH)
    except PlanforgeError as exc:
        click.echo(f"planforge:{exc}", err=True)
        sys.exit(EXIT_CRASH)
    except (BrokenPipeError, KeyboardInterrupt):
        sys.exit(EXIT_CRASH)
    except Exception as exc:  # the one place that turns crashes into exit 3
        if show_traceback:
            import traceback  # only for --traceback: it imports linecache, tokenize

            traceback.print_exc()
        click.echo(
            f"planforge 内部错误:{type(exc).__name__}: {exc}(加 --traceback 查看详情)", err=True
        )
        sys.exit(EXIT_CRASH)
    sys.exit(code if isinstance(code, int) else EXIT_OK)
