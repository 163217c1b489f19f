"""Gate for the tests that drive the real office suite (LibreOffice headless, poppler, CJK fonts).

Where the tools are absent the tests are skipped with a visible reason; under ``CI=true`` they
fail instead, because CI installs the tools (``.ci/setup``) and must really run these tests.
Every test in this folder gets the ``office`` marker (deselect with ``-m "not office"``); a test
that checks the behaviour *without* the tools opts out with ``@pytest.mark.office_not_required``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from planforge.office import find_soffice

HERE = Path(__file__).resolve().parent

SKIPPED = "跳过真实办公软件测试"
POPPLER_TOOLS = ("pdftotext", "pdfinfo", "pdftoppm", "pdffonts")
# The families planforge/fonts.conf maps the official font names to.
CJK_FAMILIES = {
    "Noto Serif CJK SC": "fonts-noto-cjk",
    "Noto Sans CJK SC": "fonts-noto-cjk",
    "AR PL UKai CN": "fonts-arphic-ukai",
}


def running_in_ci() -> bool:
    """Return True when the CI environment variable says so (CI=true, as most CI services set)."""
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def skip_or_fail(missing: str, skipped: str = SKIPPED) -> None:
    """Skip because ``missing``; under CI=true fail instead, since CI must run the office tests."""
    if running_in_ci():
        pytest.fail(
            f"CI=true 时必须真实运行办公软件测试,但{missing}。请检查 .ci/setup 的 apt 安装输出。",
            pytrace=False,
        )
    pytest.skip(f"{missing}:{skipped}")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "office: 需要真实的 LibreOffice、poppler 与中文字体(tests/office 下自动加上)"
    )
    config.addinivalue_line(
        "markers", "office_not_required: tests/office 下不需要办公软件的测试(例如缺少软件时的报错)"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.office)


@pytest.fixture(scope="session")
def soffice() -> str:
    """Return the path of soffice with poppler present; skip (or fail under CI) otherwise."""
    found = find_soffice()
    if found is None:
        skip_or_fail("未安装 LibreOffice(soffice)")
        raise AssertionError("unreachable")
    missing = [tool for tool in POPPLER_TOOLS if shutil.which(tool) is None]
    if missing:
        skip_or_fail(f"未安装 poppler-utils({'、'.join(missing)})")
    return found


@pytest.fixture(scope="session")
def cjk_fonts(soffice: str) -> None:
    """Skip (or fail under CI) when the CJK fonts that fonts.conf maps to are not installed."""
    try:
        listed = subprocess.run(
            ["fc-list", ":", "family"], capture_output=True, text=True, check=True, timeout=60
        ).stdout
    except (OSError, subprocess.SubprocessError):
        listed = ""
    families = {name.strip() for line in listed.splitlines() for name in line.split(",")}
    missing = sorted({pkg for family, pkg in CJK_FAMILIES.items() if family not in families})
    if missing:
        skip_or_fail(f"未安装中文字体({' '.join(missing)})", "跳过字体映射测试")


@pytest.fixture(autouse=True)
def _require_office(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("office_not_required") is None:
        request.getfixturevalue("soffice")
