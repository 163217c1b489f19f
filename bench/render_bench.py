"""Benchmark: ``planforge build --format docx`` against pandoc's plain Markdown → Word conversion.

For each input (the largest bundled plan and a synthetic plan of about 60,000 Chinese
characters with three 20-row tables, see ``synth.py``) it:

1. writes the Markdown planforge itself emits (``planforge build --format md``);
2. times, alternately and the same number of times, the whole command
   ``planforge build --force --format docx PLAN`` (``--force``: render and write every time,
   never the incremental "unchanged" shortcut) and ``pandoc -f markdown -t docx PLAN.md``,
   each a fresh process, recording wall time and the process's peak memory (ru_maxrss);
3. reports medians and the ratio planforge / pandoc, plus where planforge's time goes
   (measured in-process: imports, reading and checking the plan, rendering, writing Word);
4. repeats the timing for a plan edited before every run (a comment line appended, so its
   cached reading no longer applies while compiled templates and patterns still do), and
   with planforge's cache turned off (``PLANFORGE_CACHE_DIR=``, nothing compiled before);
5. times the same edits under ``planforge build --watch`` (one process that stays running):
   the rebuild time it reports for each saved edit, from noticing the change to the document
   written (the polling delay before it notices is not work and is not counted).

planforge runs with Python bytecode, as an installed package has it (pip compiles it at
install time): the bytecode goes to a temporary ``PYTHONPYCACHEPREFIX``, and a
``PYTHONDONTWRITEBYTECODE`` in the environment is ignored for these runs.

Usage: python bench/render_bench.py [--runs 7] [--write docs/performance.md]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
PLANFORGE = [sys.executable, "-m", "planforge"]
STAGES = r"""
import gc, sys, time, json
gc.set_threshold(50_000, *gc.get_threshold()[1:])  # as the CLI runs
t0 = time.perf_counter()
from pathlib import Path
from planforge.loader import Workspace
from planforge.validate import plan_problems
from planforge.render import ROOT_TEMPLATE, build_view, make_environment, parse, render, template_set
from planforge.render.docx import write_docx
from planforge.render.profile import load_profile
from planforge.build import doc_props
t1 = time.perf_counter()
ws = Workspace(); loaded = ws.load(Path(sys.argv[1])); problems = plan_problems(ws, loaded)
t2 = time.perf_counter()
templates = template_set(); env = make_environment(templates)
source = render(env, ROOT_TEMPLATE, plan=build_view(loaded.plan)); tokens = parse(source)
t3 = time.perf_counter()
profile = load_profile(None, templates.dirs, loaded.plan.presentation.numbering)
data = write_docx(tokens, doc_props(loaded.plan), profile)
t4 = time.perf_counter()
print(json.dumps({"imports": t1 - t0, "load and check": t2 - t1, "templates and parsing": t3 - t2, "Word writer": t4 - t3}))
"""


class Run(NamedTuple):
    seconds: float
    cpu_seconds: float
    max_rss_kb: int


def python_env(work: Path, cache: bool = True) -> dict[str, str]:
    """Return the environment for planforge's runs: bytecode kept, cache on or off."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    if not cache:
        env["PLANFORGE_CACHE_DIR"] = ""
    return env


def timed(command: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run a command to completion; return its wall time and its own peak memory."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(
            f"failed: {' '.join(command)}\n{process.stderr.read().decode() if process.stderr else ''}"
        )
    return Run(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)


class Result(NamedTuple):
    name: str
    chars: int
    planforge: list[Run]
    pandoc: list[Run]
    stages: dict[str, float]
    edited: list[Run]
    edited_pandoc: list[Run]
    uncached: list[Run]
    uncached_pandoc: list[Run]
    watched: list[Run]


def chinese_chars(path: Path) -> int:
    return sum(1 for c in path.read_text(encoding="utf-8") if "\u4e00" <= c <= "\u9fff")


def bench(plan: Path, runs: int, work: Path) -> Result:
    out = work / plan.stem
    env = python_env(work)
    subprocess.run(
        [*PLANFORGE, "build", "--format", "md", str(plan), "-o", str(out)],
        check=True,
        capture_output=True,
        env=env,
    )
    markdown = out / f"{plan.stem}.md"
    # --force: every run renders and writes the document; without it the second build of an
    # unchanged plan only checks it and skips rendering (incremental builds).
    build = [*PLANFORGE, "build", "--force", "--format", "docx", str(plan), "-o", str(out)]
    pandoc = [
        "pandoc",
        "-f",
        "markdown",
        "-t",
        "docx",
        str(markdown),
        "-o",
        str(out / "pandoc.docx"),
    ]
    # Warm-up: writes the bytecode and fills planforge's cache and the OS file cache.
    timed(build, ROOT, env)
    timed(pandoc, ROOT)
    ours, theirs = [], []
    for _ in range(runs):  # alternate, so a busy moment on the machine hits both
        ours.append(timed(build, ROOT, env))
        theirs.append(timed(pandoc, ROOT))
    stages = subprocess.run(
        [sys.executable, "-c", STAGES, str(plan)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    edited, edited_pandoc = [], []
    copy = _editable_copy(plan, work / "edited")
    text = copy.read_text(encoding="utf-8")
    for _ in range(runs):  # a new comment every time: never seen by any earlier run
        copy.write_text(f"{text}\n# bench edit {time.time_ns()}\n", encoding="utf-8")
        edited.append(timed([*build[:-3], str(copy), *build[-2:]], ROOT, env))
        edited_pandoc.append(timed(pandoc, ROOT))
    cold, cold_pandoc = [], []
    for _ in range(runs):
        cold.append(timed(build, ROOT, python_env(work, cache=False)))
        cold_pandoc.append(timed(pandoc, ROOT))
    watched = watch_rebuilds(copy, out / "watched", runs, env)
    return Result(
        plan.name,
        chinese_chars(markdown),
        ours,
        theirs,
        json.loads(stages.stdout),
        edited,
        edited_pandoc,
        cold,
        cold_pandoc,
        watched,
    )


def watch_rebuilds(plan: Path, out: Path, runs: int, env: dict[str, str]) -> list[Run]:
    """Edit ``plan`` ``runs`` times under ``build --watch``; return each reported rebuild time."""
    command = [
        *PLANFORGE,
        "build",
        "--watch",
        "--format",
        "docx",
        "-j",
        "1",
        str(plan),
        "-o",
        str(out),
    ]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    assert process.stdout is not None
    text = plan.read_text(encoding="utf-8")
    seconds: list[float] = []

    def next_rebuild() -> float:
        for line in process.stdout:  # type: ignore[union-attr]
            found = re.match(r"用时 ([0-9.]+) 秒", line)
            if found:
                return float(found.group(1))
        raise SystemExit(f"planforge build --watch stopped: {' '.join(command)}")

    next_rebuild()  # the first build
    for _ in range(runs):
        time.sleep(0.5)  # a drafter does not save twice within the same poll
        plan.write_text(f"{text}\n# bench edit {time.time_ns()}\n", encoding="utf-8")
        seconds.append(next_rebuild())
    process.send_signal(signal.SIGINT)
    _pid, _status, usage = os.wait4(process.pid, 0)
    return [Run(s, math.nan, usage.ru_maxrss) for s in seconds]


def _editable_copy(plan: Path, folder: Path) -> Path:
    """Copy the plan with the other plans of its folder (its parent may be one of them)."""
    folder.mkdir(parents=True, exist_ok=True)
    for sibling in plan.parent.glob("*.yaml"):
        shutil.copyfile(sibling, folder / sibling.name)
    return folder / plan.name


def median(runs: list[Run]) -> float:
    return statistics.median(r.seconds for r in runs)


def median_cpu(runs: list[Run]) -> float:
    return statistics.median(r.cpu_seconds for r in runs)


def peak(runs: list[Run]) -> float:
    return max(r.max_rss_kb for r in runs) / 1024


def report(results: list[Result], runs: int) -> str:
    lines = [
        "| 输入 | 中文字数 | planforge build --force --format docx | pandoc -f markdown -t docx | 比值(时间) | 比值(CPU) | planforge 峰值内存 | pandoc 峰值内存 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    rows = [(r.name, r.planforge, r.pandoc) for r in results]
    rows += [(f"{r.name}(刚修改)", r.edited, r.edited_pandoc) for r in results]
    rows += [(f"{r.name}(无缓存)", r.uncached, r.uncached_pandoc) for r in results]
    rows += [(f"{r.name}(--watch 下保存修改)", r.watched, r.edited_pandoc) for r in results]
    chars = {r.name: r.chars for r in results}
    for name, ours, theirs in rows:
        ratio = median(ours) / median(theirs)
        cpu = median_cpu(ours) / median_cpu(theirs)
        ours_cpu = "" if math.isnan(cpu) else f"(CPU {median_cpu(ours):.3f} s)"
        lines.append(
            f"| {name} | {chars[name.split('(')[0]]:,}"
            f" | {median(ours):.3f} s{ours_cpu}"
            f" | {median(theirs):.3f} s(CPU {median_cpu(theirs):.3f} s) | {ratio:.2f}"
            f" | {'—' if math.isnan(cpu) else f'{cpu:.2f}'}"
            f" | {peak(ours):.0f} MB | {peak(theirs):.0f} MB |"
        )
    lines += ["", "planforge 的时间分布(同一台机器,单次进程内测量):", ""]
    lines += [
        "| 输入 | " + " | ".join(results[0].stages) + " |",
        "|---|" + "---:|" * len(results[0].stages),
    ]
    for r in results:
        lines.append(
            f"| {r.name} | " + " | ".join(f"{v * 1000:.0f} ms" for v in r.stages.values()) + " |"
        )
    lines += [
        "",
        f"每项取 {runs} 次运行的中位数(planforge 与 pandoc 交替运行);峰值内存为各进程 ru_maxrss 的最大值。"
        "“刚修改”行每次运行前修改规划文件(末尾加一行注释):规划要重新读取和校验,编译过的模板、"
        "正则表达式等仍可复用;“无缓存”行关闭 planforge 的缓存(PLANFORGE_CACHE_DIR=),什么都不复用;"
        "“--watch 下保存修改”行是 `planforge build --watch` 常驻时每次保存修改后的重新生成时间(由它自己报告,"
        "从发现修改到写出文件;与“刚修改”行的 pandoc 对比),峰值内存为常驻进程的 ru_maxrss。"
        "planforge 使用 Python 字节码(与安装后的包相同)。",
        f"机器:{platform.machine()},{os.cpu_count()} 核,Python {platform.python_version()},"
        f"{_pandoc_version()}。",
    ]
    return "\n".join(lines) + "\n"


def _pandoc_version() -> str:
    out = subprocess.run(["pandoc", "--version"], capture_output=True, text=True).stdout
    return out.splitlines()[0] if out else "pandoc"


def largest_plan() -> Path:
    plans = sorted((ROOT / "plans").rglob("*.yaml"), key=lambda p: p.stat().st_size)
    if not plans:
        raise SystemExit("plans/ 下没有规划文件")
    return plans[-1]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--write", type=Path, help="replace the results block of this Markdown file"
    )
    args = parser.parse_args()
    if shutil.which("pandoc") is None:
        raise SystemExit("pandoc is not installed (apt-get install pandoc)")
    sys.path.insert(0, str(ROOT / "bench"))
    from synth import synth

    with tempfile.TemporaryDirectory(prefix="planforge-bench-") as tmp:
        work = Path(tmp)
        synthetic = work / "synthetic-60k.yaml"
        synthetic.write_text(synth(60_000), encoding="utf-8")
        results = [bench(largest_plan(), args.runs, work), bench(synthetic, args.runs, work)]
    text = report(results, args.runs)
    print(text)
    if args.write:
        _replace_block(args.write, text)


BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def _replace_block(path: Path, text: str) -> None:
    doc = path.read_text(encoding="utf-8")
    head, _, rest = doc.partition(BEGIN)
    _, _, tail = rest.partition(END)
    path.write_text(f"{head}{BEGIN}\n{text}{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    main()
