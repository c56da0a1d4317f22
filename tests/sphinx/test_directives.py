"""Each course directive, rendered by a real Sphinx build of a tiny course, against golden HTML.

The goldens live beside this file (`test_directives/*.html`); when a directive's output changes
on purpose, rerun with `--force-regen` and read the diff before committing it.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

BODY = re.compile(r'<div class="body" role="main">(.*?)\n\s*</div>\s*</div>\s*</div>', re.S)


def body(html: str) -> str:
    """The page body, with what varies between builds (hashes, absolute paths) normalised."""
    found = BODY.search(html)
    assert found, "the page has no main body"
    text = found.group(1)
    text = re.sub(r"\?v=[0-9a-f]+", "?v=HASH", text)
    return "\n".join(line.rstrip() for line in text.strip().splitlines()) + "\n"


@pytest.mark.parametrize("page", ["book/01-chapter", "book/hub"])
def test_directive_pages_match_golden_html(built: Any, page: str, file_regression: Any) -> None:
    """Does each directive still render exactly the reviewed HTML?"""
    html = (built.outdir / f"{page}.html").read_text(encoding="utf-8")
    file_regression.check(body(html), basename=page.replace("/", "-"), extension=".html")


def test_chapter_page_loads_the_player_and_only_there(built: Any) -> None:
    """Do pages with a player (and only those) load the player module?"""
    chapter = (built.outdir / "book/01-chapter.html").read_text(encoding="utf-8")
    index = (built.outdir / "index.html").read_text(encoding="utf-8")
    assert "swcourse/mount.js" in chapter
    assert "swcourse/mount.js" not in index


def test_no_warnings(built: Any) -> None:
    """Does the tiny course build without a single warning?"""
    assert built.warning.getvalue() == ""
