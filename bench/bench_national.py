"""Benchmark: check and build a synthetic national hierarchy at 10%, 50% and 100% of its size.

For each fraction it generates the tree (``gen_national.py``: 1 national, 31 provincial, 333
prefecture and 2,844 county plans at 100%), then times, as separate processes:

- ``planforge check -j N TREE`` with an empty cache (cold) and again (warm: unchanged files are
  not parsed again, see planforge/loader.py);
- ``planforge build -j N TREE --format md,docx`` into an empty folder, and again (incremental:
  nothing changed, so nothing is rendered).

Wall time and the peak memory of the whole process tree (the command and its workers, summed,
sampled every 50 ms) are recorded. It also profiles building a sample of plans in one process
to name the stage that limits build throughput. Results go to docs/performance.md between the
``<!-- national:begin -->`` and ``<!-- national:end -->`` markers.

Usage: python bench/bench_national.py [--root /tmp/planforge-national] [--jobs 2]
       [--fractions 0.1,0.5,1.0] [--write docs/performance.md]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLANFORGE = [sys.executable, "-m", "planforge"]
BEGIN, END = "<!-- national:begin -->", "<!-- national:end -->"


@dataclass
class Run:
    seconds: float
    peak_mb: float
    exit_code: int


def tree_rss_kb(pid: int) -> int:
    """Return the summed resident memory of a process and all its descendants."""
    total = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status", encoding="ascii") as fh:
                total += next((int(line.split()[1]) for line in fh if line.startswith("VmRSS:")), 0)
            with open(f"/proc/{current}/task/{current}/children", encoding="ascii") as fh:
                stack.extend(int(child) for child in fh.read().split())
        except (OSError, ValueError):
            continue
    return total


def timed(cmd: list[str], env: dict[str, str], log: Path) -> Run:
    """Run a command, sampling the memory of its process tree; return time and peak."""
    peak = 0
    with log.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, tree_rss_kb(proc.pid))
                done.wait(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        code = proc.wait()
        seconds = time.perf_counter() - start
        done.set()
        sampler.join()
    return Run(seconds, peak / 1024, code)


def generate(root: Path, fraction: float) -> tuple[Path, int, int]:
    """Generate (or reuse) the tree for ``fraction``; return its folder, plan and character counts."""
    folder = root / f"tree-{int(fraction * 100):03d}"
    stamp = folder / ".complete"
    if not stamp.exists():
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "gen_national.py"),
                str(folder),
                "--fraction",
                str(fraction),
            ],
            check=True,
        )
        stamp.write_text("ok")
    plans = sorted(folder.rglob("*.yaml"))
    chars = sum(len(p.read_text(encoding="utf-8")) for p in plans)
    return folder, len(plans), chars


def measure(folder: Path, jobs: int, work: Path) -> dict[str, Run]:
    """Time check (cold, warm) and build (full, incremental) on one tree."""
    cache = work / "cache"
    out = work / "out"
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "PLANFORGE_CACHE_DIR": str(cache)}
    check = [*PLANFORGE, "check", "-j", str(jobs), str(folder)]
    build = [
        *PLANFORGE,
        "build",
        "-j",
        str(jobs),
        "--format",
        "md,docx",
        "-o",
        str(out),
        str(folder),
    ]
    return {
        "check_cold": timed(check, env, work / "check-cold.log"),
        "check_warm": timed(check, env, work / "check-warm.log"),
        "build_full": timed(build, env, work / "build-full.log"),
        "build_incremental": timed(build, env, work / "build-incr.log"),
    }


def stage_profile(folder: Path, sample: int = 30) -> dict[str, float]:
    """Build ``sample`` plans in this process and return seconds spent per stage."""
    sys.path.insert(0, str(ROOT))
    from planforge.build import _Renderer, doc_props
    from planforge.loader import Workspace
    from planforge.render import ROOT_TEMPLATE, build_view, parse, render, render_gfm
    from planforge.render.docx import write_docx
    from planforge.validate import plan_problems

    plans = sorted(folder.rglob("*.yaml"))[-sample:]
    renderer = _Renderer(None, None)
    stages = dict.fromkeys(
        ("load and check", "templates", "markdown parse", "markdown writer", "word writer"), 0.0
    )
    for path in plans:
        ws = Workspace()
        t0 = time.perf_counter()
        loaded = ws.load(path)
        plan_problems(ws, loaded)
        parent, _ = ws.parent_of(loaded)
        t1 = time.perf_counter()
        assert loaded.plan is not None
        source = render(
            renderer.env,
            ROOT_TEMPLATE,
            plan=build_view(loaded.plan, parent.plan if parent else None),
        )
        t2 = time.perf_counter()
        tokens = parse(source)
        t3 = time.perf_counter()
        render_gfm(tokens)
        t4 = time.perf_counter()
        write_docx(
            tokens, doc_props(loaded.plan), renderer.profile(loaded.plan.presentation.numbering)
        )
        t5 = time.perf_counter()
        for name, spent in zip(stages, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4), strict=True):
            stages[name] += spent
    return {name: spent / len(plans) for name, spent in stages.items()}


def table(rows: list[tuple[float, int, int, dict[str, Run]]], jobs: int) -> list[str]:
    lines = [
        "| 规模 | 规划数 | 字符数 | check(冷) | check(热) | build md+docx | 生成吞吐(个/秒/核) | build(无变化) | 峰值内存(check 冷 / build) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for fraction, plans, chars, runs in rows:
        full = runs["build_full"].seconds
        lines.append(
            f"| {fraction:.0%} | {plans:,} | {chars / 1e6:.1f} M | {runs['check_cold'].seconds:.1f} s"
            f" | {runs['check_warm'].seconds:.1f} s | {full:.1f} s | {plans / full / jobs:.1f}"
            f" | {runs['build_incremental'].seconds:.1f} s"
            f" | {runs['check_cold'].peak_mb:,.0f} MB / {runs['build_full'].peak_mb:,.0f} MB |"
        )
    return lines


def linearity(rows: list[tuple[float, int, int, dict[str, Run]]]) -> list[str]:
    out = []
    for key, label in (
        ("check_cold", "check(冷)"),
        ("check_warm", "check(热)"),
        ("build_full", "build"),
    ):
        per = [f"{runs[key].seconds / plans * 1000:.1f}" for _, plans, _, runs in rows]
        out.append(f"- {label}每个规划耗时(毫秒,依次为各规模):{' / '.join(per)}")
    return out


def report(
    rows: list[tuple[float, int, int, dict[str, Run]]], stages: dict[str, float], jobs: int
) -> str:
    total = sum(stages.values())
    limiting = max(stages, key=lambda k: stages[k])
    lines = [
        BEGIN,
        *table(rows, jobs),
        "",
        *linearity(rows),
        "",
        f"生成一个规划各阶段的平均耗时(单进程,最大一级的 {30} 个规划):"
        + ";".join(f"{k} {v * 1000:.0f} ms({v / total:.0%})" for k, v in stages.items())
        + f"。限制生成吞吐的是“{limiting}”。",
        "",
        f"机器:{platform.machine()},{os.cpu_count()} 核,Python {platform.python_version()};"
        f"`-j {jobs}`;每项为一次运行(独立进程,含 Python 启动)。",
        END,
    ]
    return "\n".join(lines)


def write_section(doc: Path, text: str) -> None:
    current = doc.read_text(encoding="utf-8") if doc.exists() else ""
    if BEGIN in current and END in current:
        head, rest = current.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        current = head + text + tail
    else:
        current = current.rstrip("\n") + "\n\n## 全国规模的层级检查与生成\n\n" + text + "\n"
    doc.write_text(current, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--root", type=Path, default=Path(tempfile.gettempdir()) / "planforge-national"
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--fractions", default="0.1,0.5,1.0")
    parser.add_argument("--write", type=Path)
    args = parser.parse_args(argv)
    rows = []
    for fraction in (float(f) for f in args.fractions.split(",")):
        folder, plans, chars = generate(args.root, fraction)
        work = args.root / f"work-{int(fraction * 100):03d}"
        work.mkdir(parents=True, exist_ok=True)
        runs = measure(folder, args.jobs, work)
        rows.append((fraction, plans, chars, runs))
        summary = ", ".join(
            f"{k} {r.seconds:.1f}s {r.peak_mb:.0f}MB exit {r.exit_code}" for k, r in runs.items()
        )
        print(f"{fraction:.0%} ({plans} plans): {summary}", file=sys.stderr)
    stages = stage_profile(
        args.root / f"tree-{int(max(float(f) for f in args.fractions.split(',')) * 100):03d}"
    )
    text = report(rows, stages, args.jobs)
    print(text)
    if args.write:
        write_section(args.write, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
