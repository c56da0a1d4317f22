"""The package's one write-then-rename: a reader sees the old file or the whole new one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from swcourse.core.atomic import atomic_path, write_text_atomic


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    """Does an error half-way through a write leave the previous file whole and no stray
    temporary file beside it?"""
    target = tmp_path / "report.html"
    target.write_text("old report", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_path(target) as temporary:
        temporary.write_text("half a rep", encoding="utf-8")
        raise RuntimeError("interrupted")
    assert target.read_text(encoding="utf-8") == "old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_a_finished_write_replaces_the_file_readable_by_others(tmp_path: Path) -> None:
    """Does a finished write replace the file, creating its folder, with the mode a plain
    open() gives (0644 under umask 022), as nbgrader's own files have?"""
    target = tmp_path / "new" / "grades.csv"
    old = os.umask(0o022)
    try:
        write_text_atomic(target, "id,score\nalice,3\n")
    finally:
        os.umask(old)
    assert target.read_text(encoding="utf-8") == "id,score\nalice,3\n"
    assert target.stat().st_mode & 0o777 == 0o644
