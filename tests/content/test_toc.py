"""The chapter list is written twice (_toc.yml, objectives.yaml); the checker holds them equal."""

from __future__ import annotations

from pathlib import Path

from swcourse.core.check import check_toc
from swcourse.core.course import load_course

OBJECTIVES = """\
schema_version: 1
chapters:
  - number: 2
    title: First chapter
    file: book/02-first.md
    objectives:
      - id: LO-2.1
        text: Explain the first idea of the course in plain words.
  - number: 3
    title: Second chapter
    file: book/03-second.md
    objectives:
      - id: LO-3.1
        text: Explain the second idea of the course in plain words.
"""


def _course(tmp_path: Path, toc: str) -> list[str]:
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "objectives.yaml").write_text(OBJECTIVES)
    (tmp_path / "_toc.yml").write_text(toc)
    course, _ = load_course(tmp_path)
    return [p.format().replace(f"{tmp_path}/", "") for p in check_toc(course)]


def test_listed_in_order_passes(tmp_path: Path) -> None:
    """Is a table of contents listing both chapters in number order accepted?"""
    toc = (
        "format: jb-book\nroot: book/index\nchapters:\n  - file: book/02-first\n"
        "  - file: book/03-second.md\n"
    )
    assert _course(tmp_path, toc) == []


def test_missing_chapter_is_named(tmp_path: Path) -> None:
    """Is a chapter missing from _toc.yml reported at its file line in objectives.yaml?"""
    toc = "format: jb-book\nroot: book/index\nchapters:\n  - file: book/02-first\n"
    assert _course(tmp_path, toc) == [
        "book/objectives.yaml:11: chapter 3's file book/03-second.md is not listed in _toc.yml"
    ]


def test_out_of_order_is_named(tmp_path: Path) -> None:
    """Is chapter 3 listed before chapter 2 reported, at the first chapter out of place?"""
    toc = (
        "format: jb-book\nroot: book/index\nparts:\n  - caption: All\n    chapters:\n"
        "      - file: book/03-second\n      - file: book/02-first\n"
    )
    assert _course(tmp_path, toc) == [
        "book/objectives.yaml:9: chapter 3 is out of order in _toc.yml (chapters must follow their"
        " numbers)"
    ]


def test_numbered_page_without_a_chapter_is_named(tmp_path: Path) -> None:
    """Is a numbered chapter page in _toc.yml that objectives.yaml does not know reported at its
    line in _toc.yml, while unnumbered pages (the hub, the glossary) are left alone?"""
    toc = (
        "format: jb-book\nroot: book/index\nchapters:\n  - file: book/02-first\n"
        "  - file: book/03-second\n  - file: book/04-third\n  - file: book/glossary\n"
    )
    assert _course(tmp_path, toc) == [
        "_toc.yml:6: book/04-third.md is listed as a numbered chapter but has no chapter in "
        "book/objectives.yaml; add its number, title and objectives there"
    ]
