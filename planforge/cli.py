"""The planforge command line: the only module that imports click or decides exit codes.

Exit codes: 0 ok (warnings allowed), 1 problems in the plans (warnings too under --strict),
2 command-line usage error, 3 planforge could not run.
"""

from __future__ import annotations

import re
import sys
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar, NoReturn

import click

from planforge import __version__
from planforge.errors import PlanforgeError

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
            prog, args.replace("[OPTIONS]", "[选项]").replace("COMMAND", "命令"), "用法:"
        )

    @contextmanager
    def section(self, name: str) -> Iterator[None]:
        with super().section(self._HEADINGS.get(name, name)):
            yield


click.Context.formatter_class = ZhHelpFormatter
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


_help_option = click.help_option("-h", "--help", help="显示本帮助并退出。")


@click.group(
    context_settings=CONTEXT, help="planforge:民政事业发展规划的编制、校验、检查与排版工具。"
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


FORMAT_CHOICE = click.Choice(["text", "json", "github"])


@cli.command(
    "validate",
    context_settings=CONTEXT,
    help="校验规划文件(默认校验 plans/ 下全部规划)的格式、数值写法和基本规则。",
)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=FORMAT_CHOICE, default="text", show_default=True, help="输出格式。"
)
@click.option("--strict", is_flag=True, help="警告也视为不通过(退出码 1)。")
@_help_option
def validate_cmd(paths: tuple[Path, ...], fmt: str, strict: bool) -> None:
    from planforge.report import FORMATTERS
    from planforge.validate import validate

    report = validate(_default_paths(paths), strict=strict)
    click.echo(FORMATTERS[fmt](report), nl=False)
    sys.exit(EXIT_PROBLEMS if report.failed(strict=strict) else EXIT_OK)


@cli.command("rules", context_settings=CONTEXT, help="列出全部检查规则及其代码、级别和说明。")
@click.option("--verbose", "-v", is_flag=True, help="同时显示每条规则的通过与不通过示例。")
@_help_option
def rules_cmd(verbose: bool) -> None:
    from planforge.codes import iter_code_docs

    for code, severity, summary, doc in iter_code_docs():
        click.echo(f"{code}  {severity:<7}  {summary}")
        if verbose and doc:
            click.echo("\n".join("        " + line for line in doc.splitlines()))


@cli.command(
    "decompose",
    context_settings=CONTEXT,
    help="指标分解:列出上级规划的数量、金额类指标分解到各下级规划的情况(合计、占比、缺口、未分解的下级)。",
)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
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
    (r"No such command '([^']+)'", r"没有这个命令:\1"),
    (r"Missing argument '([^']+)'", r"缺少参数 \1"),
    (r"Missing option '([^']+)'", r"缺少选项 \1"),
    (r"Option '([^']+)' requires an argument", r"选项 \1 需要一个值"),
    (
        r"Invalid value for '([^']+)': '([^']*)' is not one of (.*)\.",
        r"选项 \1 的值“\2”无效,应为 \3 之一",
    ),
    (r"Invalid value for '([^']+)': (.*)", r"选项 \1 的值无效:\2"),
    (r"Got unexpected extra arguments? \((.*)\)", r"多余的参数:\1"),
)


def translate_usage(message: str) -> str:
    """Translate click's usage messages into Chinese."""
    for pattern, replacement in _USAGE_PATTERNS:
        if re.search(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


def _usage_error(exc: click.UsageError) -> NoReturn:
    command = exc.ctx.command_path if exc.ctx else "planforge"
    click.echo(f"用法错误:{translate_usage(exc.format_message())}", err=True)
    click.echo(f"运行 {command} --help 查看用法。", err=True)
    sys.exit(EXIT_USAGE)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the CLI, mapping every outcome to one of the documented exit codes."""
    args = list(sys.argv[1:] if argv is None else argv)
    show_traceback = "--traceback" in args
    try:
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
            traceback.print_exc()
        click.echo(
            f"planforge 内部错误:{type(exc).__name__}: {exc}(加 --traceback 查看详情)", err=True
        )
        sys.exit(EXIT_CRASH)
    sys.exit(code if isinstance(code, int) else EXIT_OK)
