"""Browser fixtures: build the book once, serve it on loopback, drive Debian's Chromium.

The browser is Debian's `/usr/bin/chromium` (the README's test command installs it); Playwright
never downloads a browser of its own. The flags keep Chromium from calling any host of its own.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Playwright

from swcourse.build import build
from swcourse.serve import book_server

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
    skip = {"_static", "_sources", "_images"}
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if not skip & set(p.relative_to(site).parts)
    )


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
