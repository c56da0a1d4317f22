"""`swcourse build` keeps the published site when no input changed, and rebuilds when one did.

Each real build publishes a new `_build/site` folder (a rename), so the folder's inode tells
whether Jupyter Book ran: the same inode means the site was kept.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from swcourse.build import SITE, SITE_INPUTS, BuildFailed, build

from .test_plain_build import ROOT, _book


@pytest.fixture
def book(tmp_path: Path) -> Path:
    folder = _book(tmp_path)
    (folder / "node_modules").symlink_to(ROOT / "node_modules")
    build(folder, quiet=True)
    return folder


def _site_id(book: Path) -> int:
    return (book / SITE).stat().st_ino


def test_an_unchanged_course_keeps_its_site_and_an_edited_page_is_rebuilt(book: Path) -> None:
    """Does a second build with nothing changed keep the site, and does editing a chapter's
    text put the new text into a newly published site?"""
    first = _site_id(book)
    assert build(book, quiet=True) == book / SITE
    assert _site_id(book) == first
    chapter = book / "book" / "01-chapter.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nA sentence added later.\n")
    build(book, quiet=True)
    assert _site_id(book) != first
    page = (book / SITE / "book" / "01-chapter.html").read_text(encoding="utf-8")
    assert "A sentence added later." in page


def test_fresh_builds_and_a_damaged_site_is_rebuilt(book: Path) -> None:
    """Does --fresh always run Jupyter Book, and is a site missing its front page rebuilt
    even though no source changed?"""
    first = _site_id(book)
    build(book, fresh=True, quiet=True)
    second = _site_id(book)
    assert second != first
    (book / SITE / "index.html").unlink()
    build(book, quiet=True)
    assert (book / SITE / "index.html").is_file()
    assert _site_id(book) != second


def test_a_failed_build_keeps_the_old_site_and_its_record(book: Path) -> None:
    """After a build that fails, are the last good site and the record of its inputs both
    untouched, so the next build (once the page is fixed) runs again?"""
    first, record = _site_id(book), (book / SITE_INPUTS).read_text(encoding="utf-8")
    chapter = book / "book" / "01-chapter.md"
    good = chapter.read_text(encoding="utf-8")
    chapter.write_text(good + "\n{doc}`a-page-that-does-not-exist`\n", encoding="utf-8")
    with pytest.raises(BuildFailed):
        build(book, quiet=True)
    assert _site_id(book) == first
    assert (book / SITE_INPUTS).read_text(encoding="utf-8") == record
    chapter.write_text(good, encoding="utf-8")
    build(book, quiet=True)
    assert _site_id(book) != first
