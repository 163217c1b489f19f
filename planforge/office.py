"""The real office toolchain: LibreOffice (Word → PDF) and poppler (PDF → text, pages, images).

Each conversion runs ``soffice`` with its own throw-away user profile, because two LibreOffice
processes sharing one profile silently lose output. ``FONTCONFIG_FILE`` points at the packaged
``fonts.conf``, which maps the GB/T 9704 font names (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312,
宋体) to the free CJK fonts Debian ships.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from planforge.errors import PlanforgeError

FONTS_CONF = Path(__file__).with_name("fonts.conf")

SOFFICE_ENV = "PLANFORGE_SOFFICE"
INSTALL_OFFICE_HINT = (
    "请先安装 LibreOffice 和中文字体:sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk"
    " fonts-arphic-ukai poppler-utils(或运行 bash .ci/setup)"
)
INSTALL_POPPLER_HINT = "请先安装 poppler-utils:sudo apt-get install poppler-utils"

_MACOS_SOFFICE = "/Applications/LibreOffice.app/Contents/MacOS/soffice"
_OUTPUT_TAIL = 2000  # characters of a tool's output quoted in an error message
_POPPLER_TIMEOUT = 120.0


def find_soffice() -> str | None:
    """Return the path of LibreOffice's ``soffice``, or None when it is not installed."""
    override = os.environ.get(SOFFICE_ENV)
    if override:
        return shutil.which(override)
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return _MACOS_SOFFICE if os.access(_MACOS_SOFFICE, os.X_OK) else None


def convert_to_pdf(docx: Path, out_dir: Path, *, timeout: float = 120) -> Path:
    """Convert a Word document to ``out_dir/<stem>.pdf`` with headless LibreOffice."""
    soffice = find_soffice()
    if soffice is None:
        raise PlanforgeError(
            f"未找到 LibreOffice(soffice),无法把 Word 转为 PDF。{INSTALL_OFFICE_HINT}"
        )
    docx = Path(docx)
    if not docx.is_file():
        raise PlanforgeError(f"要转换的 Word 文件不存在:{docx}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(
        prefix="planforge-office-", ignore_cleanup_errors=True
    ) as work:
        pdf = _run_soffice(soffice, docx, Path(work), timeout)
        return _install_file(pdf, out_dir / f"{docx.stem}.pdf")


def pdf_to_text(pdf: Path) -> str:
    """Return the text of a PDF, laid out as on the page (``pdftotext -layout``)."""
    _require_file(pdf, "PDF")
    result = _run_tool(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], what=f"读取 {pdf}")
    return result.stdout.decode("utf-8", errors="replace")


def pdf_page_count(pdf: Path) -> int:
    """Return the number of pages of a PDF (``pdfinfo``)."""
    _require_file(pdf, "PDF")
    result = _run_tool(["pdfinfo", str(pdf)], what=f"读取 {pdf} 的页数")
    info = result.stdout.decode("utf-8", errors="replace")
    match = re.search(r"^Pages:\s*(\d+)\s*$", info, flags=re.MULTILINE)
    if match is None:
        raise PlanforgeError(f"pdfinfo 没有给出 {pdf} 的页数,输出为:{_tail(info)}")
    return int(match.group(1))


def pdf_fonts(pdf: Path) -> list[str]:
    """Return the names of the fonts a PDF uses, subset prefixes removed (``pdffonts``)."""
    _require_file(pdf, "PDF")
    result = _run_tool(["pdffonts", str(pdf)], what=f"读取 {pdf} 的字体")
    lines = result.stdout.decode("utf-8", errors="replace").splitlines()[2:]  # skip the header
    names = (line.split()[0] for line in lines if line.strip())
    return sorted({re.sub(r"^[A-Z]{6}\+", "", name) for name in names})


def pdf_to_pngs(pdf: Path, out_dir: Path, dpi: int = 60) -> list[Path]:
    """Render every page of a PDF to ``out_dir/<stem>-<page>.png`` and return them in page order."""
    _require_file(pdf, "PDF")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".planforge-png-", dir=out_dir) as work:
        _run_tool(
            ["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(Path(work) / "page")],
            what=f"把 {pdf} 渲染为图片",
        )
        pages = sorted(Path(work).glob("page-*.png"), key=_page_number)
        if not pages:
            raise PlanforgeError(f"pdftoppm 没有从 {pdf} 生成任何图片")
        width = len(str(len(pages)))
        return [
            _move(page, out_dir / f"{Path(pdf).stem}-{number:0{width}d}.png")
            for number, page in enumerate(pages, start=1)
        ]


# --- LibreOffice ---------------------------------------------------------------------------


def _run_soffice(soffice: str, docx: Path, work: Path, timeout: float) -> Path:
    """Convert ``docx`` inside ``work`` (profile, input copy, output) and return the PDF there."""
    profile, source, output = work / "profile", work / "in" / "document.docx", work / "out"
    # An ASCII copy of the input: soffice decodes its arguments by the locale, which is often C.
    source.parent.mkdir()
    shutil.copyfile(docx, source)
    command = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nologo",
        "--nodefault",
        "--nolockcheck",
        "--convert-to",
        "pdf",
        "--outdir",
        str(output),
        str(source),
    ]
    result = _run(command, env=_soffice_env(), timeout=timeout, what=f"LibreOffice 转换 {docx}")
    pdf = output / "document.pdf"
    if result.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        detail = _tail(_decode(result.stdout) + _decode(result.stderr))
        raise PlanforgeError(
            f"LibreOffice 未能把 {docx} 转为 PDF(退出码 {result.returncode})。"
            f"文件可能已损坏或不是 Word 文档。soffice 输出:{detail or '(无)'}"
        )
    return pdf


def _soffice_env() -> dict[str, str]:
    """Return the environment for soffice: packaged fonts.conf, no inherited session hooks."""
    env = dict(os.environ)
    if FONTS_CONF.is_file():
        env["FONTCONFIG_FILE"] = str(FONTS_CONF)
    # Keep soffice off any desktop session or accessibility bus it might find.
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "SESSION_MANAGER"):
        env.pop(name, None)
    env["SAL_USE_VCLPLUGIN"] = "svp"
    return env


# --- running tools -------------------------------------------------------------------------


def _run_tool(command: Sequence[str], *, what: str) -> subprocess.CompletedProcess[bytes]:
    """Run a poppler tool; raise PlanforgeError when it is missing or fails."""
    executable = shutil.which(command[0])
    if executable is None:
        raise PlanforgeError(f"未找到 {command[0]},无法{what}。{INSTALL_POPPLER_HINT}")
    result = _run([executable, *command[1:]], env=None, timeout=_POPPLER_TIMEOUT, what=what)
    if result.returncode != 0:
        detail = _tail(_decode(result.stderr) or _decode(result.stdout))
        raise PlanforgeError(
            f"{command[0]} 运行失败(退出码 {result.returncode}),无法{what}:{detail}"
        )
    return result


def _run(
    command: Sequence[str], *, env: Mapping[str, str] | None, timeout: float, what: str
) -> subprocess.CompletedProcess[bytes]:
    """Run a command in its own process group, killing the whole group on timeout."""
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,  # soffice is a wrapper script: its children must die too
        )
    except OSError as exc:
        raise PlanforgeError(f"无法启动 {command[0]}({what}):{exc}") from exc
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise PlanforgeError(f"{what} 超过 {timeout:g} 秒仍未完成,已终止。") from None
    except BaseException:
        _kill_group(process)
        raise
    return subprocess.CompletedProcess(list(command), process.returncode, stdout, stderr)


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill a process and everything it started, then reap it."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()
    process.communicate()


# --- files ---------------------------------------------------------------------------------


def _require_file(path: Path, kind: str) -> None:
    if not Path(path).is_file():
        raise PlanforgeError(f"{kind} 文件不存在:{path}")


def _install_file(source: Path, dest: Path) -> Path:
    """Copy ``source`` to ``dest`` atomically (temporary file in dest's folder, then rename)."""
    handle, temporary = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    os.close(handle)
    try:
        shutil.copyfile(source, temporary)
        os.replace(temporary, dest)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return dest


def _move(source: Path, dest: Path) -> Path:
    os.replace(source, dest)
    return dest


def _page_number(png: Path) -> int:
    return int(png.stem.rsplit("-", 1)[1])


def _decode(data: bytes) -> str:
    return data.decode("utf-8", errors="replace").strip()


def _tail(text: str) -> str:
    text = text.strip()
    return text if len(text) <= _OUTPUT_TAIL else "…" + text[-_OUTPUT_TAIL:]
