"""The built book's pages, as the browser tests and the page-weight benchmark both visit them."""

from __future__ import annotations

from pathlib import Path

NOT_PAGES = {"_static", "_sources", "_images"}  # Sphinx's asset and source folders


def book_pages(site: Path) -> list[str]:
    """Every HTML page of the built book, as site-relative paths, in order."""
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if not NOT_PAGES & set(p.relative_to(site).parts)
    )
