"""The wheel carries the default schema and templates and works outside the checkout."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "tests" / "cases" / "valid" / "hierarchy"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    return next(out.glob("planforge-*.whl"))


def test_wheel_contains_schema_and_templates(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "planforge/_data/schema/plan.schema.json" in names
    assert any(n.startswith("planforge/_data/templates/") for n in names)


@pytest.mark.slow
def test_wheel_installs_and_validates_outside_repo(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    install = subprocess.run(
        [str(py), "-m", "pip", "install", "-q", str(wheel)], capture_output=True, text=True
    )
    assert install.returncode == 0, install.stderr[-2000:]
    work = tmp_path / "office"
    shutil.copytree(PLAN, work / "plans")
    run = subprocess.run(
        [str(env_dir / "bin" / "planforge"), "validate"], cwd=work, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "没有发现问题" in run.stdout
