"""Every built page loads cleanly and offline: no console error, no failed or off-host request."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import Browser, ConsoleMessage, Request


def test_site_has_every_chapter(pages: list[str]) -> None:
    """Did the build publish the landing page, every chapter, the glossary and references?"""
    expected = {
        "index.html",
        "book/index.html",
        "book/glossary.html",
        "book/references.html",
        "book/02-what-they-are.html",
        "book/09-settings.html",
        "book/revision-hub.html",
        "book/10-models-of-practice.html",
        "book/instructor-coverage.html",
    }
    assert expected <= set(pages)


def test_every_page_loads_without_errors_or_foreign_requests(
    browser: Browser, base_url: str, pages: list[str]
) -> None:
    """Does any page log a console error, fail a request, or ask a host other than 127.0.0.1?"""
    failures: list[str] = []
    context = browser.new_context()
    page = context.new_page()
    current = {"path": ""}

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            failures.append(f"{current['path']}: console error: {message.text}")

    def on_request(request: Request) -> None:
        host = urlparse(request.url).hostname
        if request.url.startswith(("http:", "https:")) and host != "127.0.0.1":
            failures.append(f"{current['path']}: request to another host: {request.url}")

    aborted: list[tuple[str, str]] = []

    def on_failed(request: Request) -> None:
        if request.failure == "net::ERR_ABORTED":
            # Chromium aborts a late request (the favicon, typically) when the next page is
            # opened; whether the file is really there is checked below, once the loop is done.
            aborted.append((current["path"], request.url))
            return
        failures.append(f"{current['path']}: failed request: {request.url} ({request.failure})")

    page.on("console", on_console)
    page.on("request", on_request)
    page.on("requestfailed", on_failed)
    page.on("pageerror", lambda error: failures.append(f"{current['path']}: page error: {error}"))
    for path in pages:
        current["path"] = path
        response = page.goto(f"{base_url}/{path}", wait_until="networkidle")
        if response is None or not response.ok:
            failures.append(f"{path}: HTTP {response.status if response else 'no response'}")
    for path, url in aborted:
        again = context.request.get(url)
        if not again.ok:
            failures.append(f"{path}: failed request: {url} (HTTP {again.status})")
    context.close()
    assert not failures, "\n".join(failures)


def test_no_asset_is_loaded_from_another_host(site: Path) -> None:
    """Does any built page name an http(s) URL as a script, stylesheet, icon, font or image?"""
    asset = re.compile(r"<(script|img|source|link)\b[^>]*?\b(src|href)=\"(https?://[^\"]+)\"", re.I)
    offenders = [
        f"{page.relative_to(site)}: <{tag}> {url}"
        for page in site.rglob("*.html")
        for tag, _, url in asset.findall(page.read_text(encoding="utf-8"))
    ]
    assert offenders == []
