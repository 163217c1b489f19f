"""The ``planforge import`` command, kept here so the CLI module only has to register it.

Register with ``cli.add_command(import_cmd)``. Exit codes follow the CLI's table: 0 written
(warnings allowed), 3 the source could not be read (``PlanforgeError``, handled by ``main``).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import click

from planforge.errors import Problem
from planforge.importer.formats import FORMATS, SCHEMA_URL

if TYPE_CHECKING:
    from planforge.importer.api import ImportResult

_CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def schema_ref_for(output: Path | None) -> str:
    """The schema path for the first-line editor hint: relative to the output when possible."""
    from planforge.resources import schema_path

    schema = schema_path()
    if output is None or not schema.exists():
        return SCHEMA_URL
    try:
        return Path(os.path.relpath(schema.resolve(), output.resolve().parent)).as_posix()
    except ValueError:  # another drive on Windows
        return schema.resolve().as_uri()


def write_atomic(path: Path, text: str) -> None:
    """Write through a temporary file in the same folder, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def problem_line(p: Problem) -> str:
    """``file:line:col: warning IMP010 message`` (with the hint on its own line)."""
    text = f"{p.location}: {p.severity.value} {p.code} {p.message}"
    return text + (f"\n    提示:{p.hint}" if p.hint else "")


def report_json(result: ImportResult) -> str:
    """Problems and summary as JSON (stable keys)."""
    from planforge.report import problem_dict

    summary = asdict(result.summary)
    summary["share"] = round(result.summary.share, 6)
    return json.dumps(
        {"problems": [problem_dict(p) for p in result.problems], "summary": summary},
        ensure_ascii=False,
        indent=2,
    )


def run_import(
    source: Path,
    output: Path | None,
    *,
    simplified: bool = False,
    fmt: str | None = None,
    toc: Path | None = None,
    parent: str | None = None,
    report: str = "text",
) -> int:
    """Import ``source``; write YAML to ``output`` (stdout when None); report on stderr."""
    from planforge.importer.api import import_document
    from planforge.importer.summary import format_summary

    toc_text = toc.read_text(encoding="utf-8-sig") if toc is not None else None
    result = import_document(
        source,
        simplified=simplified,
        fmt=fmt,
        toc_text=toc_text,
        parent=parent,
        schema_ref=schema_ref_for(output),
    )
    if output is None:
        sys.stdout.write(result.yaml_text)
    else:
        write_atomic(output, result.yaml_text)
    if report == "json":
        click.echo(report_json(result), err=True)
    else:
        for p in sorted(result.problems, key=lambda p: p.sort_key()):
            click.echo(problem_line(p), err=True)
        click.echo(format_summary(result.summary), err=True, nl=False)
    return 0


@click.command(
    "import",
    context_settings=_CONTEXT,
    help="把已发布的规划(网页文本、Word .docx、Markdown)导入为规划 YAML;"
    "导入摘要和发现的问题输出到标准错误。",
)
@click.argument(
    "source", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="原文文件"
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="输出的 YAML 文件;省略时写到标准输出。",
)
@click.option(
    "--simplified",
    is_flag=True,
    help="把繁体字转换为简体字(OpenCC),并报告转换情况;默认保留原文用字。",
)
@click.option(
    "--input-format",
    "fmt",
    type=click.Choice(FORMATS),
    help="原文格式;默认按扩展名判断(.docx、.md,其余按文本)。",
)
@click.option(
    "--toc",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="另行提供的目录文本(原文缺少目录时用它补入章节标题)。",
)
@click.option("--parent", help="写入 meta.parent 的上级规划路径,如 重庆市.yaml。")
@click.option(
    "--format",
    "report",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="摘要和问题的输出格式。",
)
@click.help_option("-h", "--help", help="显示本帮助并退出。")
def import_cmd(
    source: Path,
    output: Path | None,
    simplified: bool,
    fmt: str | None,
    toc: Path | None,
    parent: str | None,
    report: str,
) -> None:
    """Import a published plan into plan YAML."""
    sys.exit(
        run_import(
            source, output, simplified=simplified, fmt=fmt, toc=toc, parent=parent, report=report
        )
    )
