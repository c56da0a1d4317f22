"""Shared fixtures and the one rule every test obeys: nothing is written outside temporary folders.

Before any test runs, every per-user folder that Jupyter, nbgrader, IPython, matplotlib and the
revision store would write to is pointed at a temporary folder, for this process and every
subprocess it starts (nbgrader's submission cache, for one, otherwise lands in the real user's
`~/.local/share/jupyter` and shows up in their Assignment List). At the end, the session fails if
the real home's Jupyter folders changed anyway.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
REAL_HOME = Path.home()
WATCHED = [
    REAL_HOME / ".local",
    REAL_HOME / ".jupyter",
    REAL_HOME / ".ipython",
    REAL_HOME / ".config",
]
USER_DIRS = {
    "JUPYTER_DATA_DIR": "jupyter-data",
    "JUPYTER_CONFIG_DIR": "jupyter-config",
    "JUPYTER_RUNTIME_DIR": "jupyter-runtime",
    "IPYTHONDIR": "ipython",
    "XDG_DATA_HOME": "xdg-data",
    "XDG_CONFIG_HOME": "xdg-config",
    "XDG_CACHE_HOME": "xdg-cache",
    "MPLCONFIGDIR": "matplotlib",
}


def _snapshot() -> set[tuple[str, int, int]]:
    found = set()
    for top in WATCHED:
        if top.exists():
            for path in [top, *top.rglob("*")]:
                with_stat = path.lstat()
                found.add((str(path), with_stat.st_size, int(with_stat.st_mtime)))
    return found


_USER_ROOT = Path(tempfile.mkdtemp(prefix="swcourse-test-home-"))
_BEFORE = _snapshot()
for _variable, _name in USER_DIRS.items():
    (_USER_ROOT / _name).mkdir()
    os.environ[_variable] = str(_USER_ROOT / _name)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    changed = sorted({entry[0] for entry in _snapshot() ^ _BEFORE})
    shutil.rmtree(_USER_ROOT, ignore_errors=True)
    if changed:
        session.config.get_terminal_writer().line(
            "A test wrote into the real home folder (it must use temporary folders): "
            + ", ".join(changed[:10]),
            red=True,
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


FOLDER_MARKERS = {"browser": "browser", "hub": "hub"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests by folder, so `-m "not browser"` runs the quick lanes on a machine without
    Chromium."""
    for item in items:
        folder = Path(str(item.fspath)).relative_to(ROOT / "tests").parts[0]
        if folder in FOLDER_MARKERS:
            item.add_marker(FOLDER_MARKERS[folder])


@pytest.fixture(scope="session")
def course_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def playwright() -> Iterator[Any]:
    """The session's one sync Playwright, shared by the browser and hub tests: Playwright's sync
    API refuses to start a second one in a thread where one is still open."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver
