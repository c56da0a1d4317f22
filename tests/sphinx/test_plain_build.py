"""A plain `jupyter-book build` (no `swcourse build` around it) gives the same working site.

The flashcards import `_static/vendor/ts-fsrs.mjs`; the extension vendors it in its own build
hook, so a build that skips `swcourse build` still ships it, and a build that cannot vendor it
stops with the reason instead of exiting 0 with broken flashcards.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COURSE = Path(__file__).parent / "roots" / "test-course"
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"

CONFIG = """\
title: Plain build test
only_build_toc_files: true
exclude_patterns: [".*", "**/.*", "_build", "build", "node_modules", "quizzes", "notebooks"]
execute:
  execute_notebooks: "off"
sphinx:
  extra_extensions:
    - swcourse.sphinxext
"""
TOC = """\
format: jb-book
root: index
chapters:
  - file: book/01-chapter
  - file: book/hub
"""


def _book(tmp_path: Path) -> Path:
    """The test course as a Jupyter Book of its own (its conf.py is what `jupyter-book` writes)."""
    book = tmp_path / "book-root"
    shutil.copytree(COURSE, book, ignore=shutil.ignore_patterns("conf.py"))
    (book / "_config.yml").write_text(CONFIG, encoding="utf-8")
    (book / "_toc.yml").write_text(TOC, encoding="utf-8")
    # Jupyter Book writes the toctree from _toc.yml; the Sphinx root's own toctree must go.
    (book / "index.md").write_text("# Plain build test\n\nA tiny course.\n", encoding="utf-8")
    return book


def _build(book: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(JUPYTER_BOOK), "build", str(book), "--builder", "html", "-W"],
        cwd=book,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_plain_jupyter_book_build_ships_the_flashcards_scheduler(tmp_path: Path) -> None:
    """Does `jupyter-book build` alone put the ts-fsrs module the flashcards import into the
    site, byte for byte as npm installed it, beside the page that imports it?"""
    book = _book(tmp_path)
    (book / "node_modules").symlink_to(ROOT / "node_modules")
    result = _build(book)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    html = book / "_build" / "html"
    shipped = html / "_static" / "vendor" / "ts-fsrs.mjs"
    source = ROOT / "node_modules" / "ts-fsrs" / "dist" / "index.mjs"
    assert shipped.read_bytes() == source.read_bytes()
    assert (html / "_static" / "swcourse" / "mount.js").is_file()
    assert 'data-kind="flashcards"' in (html / "book" / "hub.html").read_text(encoding="utf-8")


def test_plain_build_without_the_assets_fails_and_says_why(tmp_path: Path) -> None:
    """With npm's packages missing, does the build fail (not exit 0 with broken flashcards)
    and name the missing file and the command that fixes it?"""
    book = _book(tmp_path)
    (book / "node_modules").mkdir()
    (book / "node_modules" / ".package-lock.json").write_text("{}", encoding="utf-8")
    result = _build(book)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "cannot vendor the front-end assets" in output
    assert "vendored asset is missing; run `npm ci` in the course root" in output
