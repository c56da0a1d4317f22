"""Browser fixtures: build the book once, serve it on loopback, drive Debian's Chromium.

The browser is Debian's `/usr/bin/chromium` (the README's test command installs it); Playwright
never downloads a browser of its own. The flags keep Chromium from calling any host of its own.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Playwright

from swcourse.build import build
from swcourse.core.course import require_course
from swcourse.serve import book_server

from . import assignment_driver
from .book_site import book_pages
from .chromium import CHROMIUM, CHROMIUM_FLAGS


@pytest.fixture(scope="session")
def site(course_root: Path) -> Path:
    """The book, built (incrementally) with warnings as errors and published to _build/site."""
    return build(course_root, quiet=True)


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    server = book_server(site, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def pages(site: Path) -> list[str]:
    """Every HTML page of the built book, as site-relative paths."""
    return book_pages(site)


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            "Debian's chromium is not installed at /usr/bin/chromium; run `make test`, "
            "which installs it with apt-get"
        )
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
    )
    yield browser
    browser.close()


@pytest.fixture()
def page(browser: Browser) -> Iterator[Page]:
    """A page in a fresh browser context: empty storage (no progress from another test), and
    downloads kept so a test can read an exported file."""
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


# An assignment test module names its assignment in ASSIGNMENT; these give it the assignment's
# items in order and a temporary course that has released it to one student.
@pytest.fixture(scope="module")
def items(course_root: Path, request: pytest.FixtureRequest) -> list[Any]:
    course = require_course(course_root)
    spec = course.assignment_by_id[request.module.ASSIGNMENT]
    return [course.items[i] for i in spec.items]


@pytest.fixture(scope="module")
def released(
    course_root: Path, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> assignment_driver.Released:
    assignment = request.module.ASSIGNMENT
    return assignment_driver.release(course_root, tmp_path_factory.mktemp(assignment), assignment)
