"""Golden-file options: ``pytest tests/golden --update-goldens`` rewrites the expected files.

Review the rewritten files in the diff before committing them: they are the specification.
"""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="重新生成 tests/golden 下的期望文件(提交前请在 diff 中逐项审阅)",
    )


@pytest.fixture()
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture(autouse=True)
def _no_template_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANFORGE_CACHE_DIR", "")
