"""``planforge build --watch``: rebuild on change, one rebuild per finished save, Ctrl+C exits 0."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from planforge.watch import Snapshot, watch, watched_files

PLANS = Path(__file__).resolve().parents[1] / "plans" / "重庆市"


Scripted = tuple[list[int], Callable[[], None], Callable[[], Snapshot], Callable[[float], None]]


def _scripted(states: list[Snapshot]) -> Scripted:
    """Return (rebuild log, rebuild, watched, sleep) that replay ``states``, one per poll."""
    log: list[int] = []
    polls = iter(states)
    current: list[Snapshot] = [states[0]]

    def watched() -> Snapshot:
        return current[0]

    def sleep(_: float) -> None:
        current[0] = next(polls, current[0])

    def rebuild() -> None:
        log.append(len(log))

    return log, rebuild, watched, sleep


def test_rebuilds_once_per_settled_change() -> None:
    a: Snapshot = {Path("p.yaml"): (1, 10)}
    half: Snapshot = {Path("p.yaml"): (2, 3)}  # the editor has written part of the file
    b: Snapshot = {Path("p.yaml"): (3, 12)}
    # initial state a; then half, b (still being written), b, b (settled), b
    log, rebuild, watched, sleep = _scripted([a, a, half, b, b, b, b])
    watch(rebuild, watched, sleep=sleep, polls=6)
    assert log == [0, 1]  # the first build, then one rebuild of the finished file


def test_no_change_no_rebuild() -> None:
    a: Snapshot = {Path("p.yaml"): (1, 10)}
    log, rebuild, watched, sleep = _scripted([a] * 5)
    watch(rebuild, watched, sleep=sleep, polls=4)
    assert log == [0]


def test_a_new_or_removed_plan_is_a_change() -> None:
    a: Snapshot = {Path("p.yaml"): (1, 10)}
    more: Snapshot = {**a, Path("q.yaml"): (1, 5)}
    log, rebuild, watched, sleep = _scripted([a, more, more, a, a])
    watch(rebuild, watched, sleep=sleep, polls=5)
    assert log == [0, 1, 2]


def test_watched_files_cover_plans_beside_a_file_templates_and_profile(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "区.yaml").write_text("format: 1\n", encoding="utf-8")
    (plans / "市.yaml").write_text("format: 1\n", encoding="utf-8")
    (plans / "说明.txt").write_text("不是规划\n", encoding="utf-8")
    templates = tmp_path / "my-templates"
    templates.mkdir()
    (templates / "cover.md.j2").write_text("{{ plan.title }}\n", encoding="utf-8")
    profile = tmp_path / "版式.yaml"
    profile.write_text("body_size: 16\n", encoding="utf-8")
    state = watched_files([plans / "区.yaml"], templates, str(profile))
    names = {p.name for p in state}
    assert {"区.yaml", "市.yaml", "cover.md.j2", "版式.yaml"} <= names
    assert "说明.txt" not in names
    assert any(p.name == "plan.md.j2" for p in state)  # the packaged templates too


def _wait_for(predicate: Callable[[], bool], timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process")
def test_build_watch_rebuilds_an_edited_plan_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    work = tmp_path / "plans"
    shutil.copytree(PLANS, work)
    plan = work / "巴南区.yaml"
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "planforge",
            "build",
            "--watch",
            "-j",
            "1",
            "-o",
            str(out),
            str(plan),
        ],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PLANFORGE_CACHE_DIR": str(tmp_path / "cache")},
    )
    try:
        md = out / "巴南区.md"
        assert _wait_for(md.exists), "the first build did not write the Markdown"
        first_docx = (out / "巴南区.docx").read_bytes()
        text = plan.read_text(encoding="utf-8")
        old = "title: 重庆市巴南区民政事业发展“十四五”规划"
        assert old in text
        plan.write_text(text.replace(old, old + "(征求意见稿)", 1), encoding="utf-8")
        assert _wait_for(lambda: "(征求意见稿)" in md.read_text(encoding="utf-8"))
        assert _wait_for(lambda: (out / "巴南区.docx").read_bytes() != first_docx)
        # A broken save is reported and the last good documents stay.
        plan.write_text(text + "meta: [\n", encoding="utf-8")
        time.sleep(1.5)
    finally:
        proc.send_signal(signal.SIGINT)
        output, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0, output
    assert "PF010" in output
    assert "已停止监视" in output
    assert "Traceback" not in output
    assert "(征求意见稿)" in md.read_text(encoding="utf-8")
