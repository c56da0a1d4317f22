"""The book build loads the course model once and reports every problem loading it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

ROOTS = Path(__file__).parent / "roots"


def _build(srcdir: Path) -> SphinxTestApp:
    app = SphinxTestApp("html", srcdir=srcdir)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def test_each_course_file_is_parsed_once_per_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Do two pages of directives (objectives, self-checks, scenario, glossary, flashcards,
    dashboard, assignments) parse each course file exactly once between them?"""
    srcdir = tmp_path / "test-course"
    shutil.copytree(ROOTS / "test-course", srcdir)
    log = tmp_path / "parses.log"
    monkeypatch.setenv("SWCOURSE_PARSE_LOG", str(log))
    app = _build(srcdir)
    assert app.warning.getvalue() == ""
    parsed = sorted(Path(p).relative_to(srcdir).as_posix() for p in log.read_text().splitlines())
    assert parsed == [
        "book/glossary/ch01.yaml",
        "book/objectives.yaml",
        "notebooks/scenarios/first-meeting.yaml",
        "quizzes/assignments.yaml",
        "quizzes/bank/ch01.yaml",
    ]


def test_a_load_problem_is_a_located_warning(tmp_path: Path) -> None:
    """Does a bank file that does not load show up in the build as a warning naming the file,
    the line and the field (an error under -W), rather than as silently missing questions?"""
    srcdir = tmp_path / "test-course"
    shutil.copytree(ROOTS / "test-course", srcdir)
    bank = srcdir / "quizzes" / "bank" / "ch01.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("use: practice", "use: homework", 1))
    warnings = _build(srcdir).warning.getvalue()
    assert (
        f"{bank}:5: WARNING: items.0.single.use: Input should be 'practice' or 'assessment'"
        in warnings
    )
    assert warnings.count("items.0.single.use") == 1  # reported once, not once per directive
