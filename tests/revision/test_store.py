"""The SQLite progress store: crash safety, damaged files, and the CLI and widget over it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from swcourse.revision.store import ProgressStore, StoreCorrupted

from .cli import revise

WRITER = """
import sys
from pathlib import Path
from swcourse.revision.store import ProgressStore
store = ProgressStore(Path(sys.argv[1]))
n = 0
while True:
    store.record(f"term:card-{n % 50}", "good")
    n += 1
    print(n, flush=True)
"""


def test_killed_writer_leaves_every_completed_review(tmp_path: Path) -> None:
    """If a reviewing process is killed with SIGKILL mid-write, is the file readable and does it
    hold every review the process reported as done?"""
    path = tmp_path / "progress.sqlite3"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None
    reported = 0
    deadline = time.monotonic() + 60
    while reported < 200 and time.monotonic() < deadline:
        reported = int(writer.stdout.readline())
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    writer.stdout.close()
    assert reported >= 200
    with ProgressStore(path) as store:
        assert store.review_count() >= reported
        assert len(store.reviews()) == store.review_count()


def test_damaged_file_is_moved_aside_with_a_clear_error(tmp_path: Path) -> None:
    """Is a damaged file kept as a backup and reported, never silently replaced?"""
    path = tmp_path / "progress.sqlite3"
    path.write_bytes(b"this is not a database" * 50)
    with pytest.raises(StoreCorrupted) as caught:
        ProgressStore(path)
    backups = list(tmp_path.glob("progress.sqlite3.corrupt-*"))
    assert len(backups) == 1 and backups[0].read_bytes().startswith(b"this is not a database")
    assert str(path) in str(caught.value) and str(backups[0]) in str(caught.value)
    with ProgressStore(path) as store:  # the next session starts a fresh file
        assert store.review_count() == 0


def test_reviews_survive_reopening(tmp_path: Path) -> None:
    """Does progress saved in one session come back in the next?"""
    path = tmp_path / "progress.sqlite3"
    with ProgressStore(path) as store:
        store.record("term:mutual-aid", "good")
        due_before = store.states(["term:mutual-aid"])["term:mutual-aid"]["due"]
    with ProgressStore(path) as store:
        assert store.review_count() == 1
        assert store.states(["term:mutual-aid"])["term:mutual-aid"]["due"] == due_before
        assert "term:mutual-aid" not in store.due(["term:mutual-aid"])


def test_cli_session_saves_each_rating(tmp_path: Path, course_root: Path) -> None:
    """Does `swcourse revise` save each card rated, and stop cleanly on 'q'?"""
    path = tmp_path / "progress.sqlite3"
    result = revise(course_root, path, "--limit", "3", keys="\n3\n\nx\n1\nq\n")
    assert result.exit_code == 0, result.output
    assert "Type 1, 2, 3 or 4." in result.output
    assert "Session over: 2 card(s) reviewed" in result.output
    with ProgressStore(path) as store:
        assert [rating for _, rating, _ in store.reviews()] == ["good", "again"]


def test_cli_reports_a_damaged_store(tmp_path: Path, course_root: Path) -> None:
    """Does the CLI explain a damaged progress file and exit with an error?"""
    path = tmp_path / "progress.sqlite3"
    path.write_bytes(b"garbage" * 100)
    result = revise(course_root, path)
    assert result.exit_code == 1
    assert "is damaged" in result.output and "corrupt-" in result.output


def test_flashcard_widget_records_ratings(tmp_path: Path, course_root: Path) -> None:
    """Does a rating sent by the front end save a review and move the card off the queue?"""
    from swcourse.widgets import FlashcardWidget

    with ProgressStore(tmp_path / "p.sqlite3") as store:
        widget = FlashcardWidget(store, root=course_root)
        first = widget.queue[0]
        widget._on_message(widget, {"type": "rate", "id": first, "rating": "good"}, None)
        assert first not in widget.queue
        assert widget.last is not None and widget.last["id"] == first
        assert widget.stats["reviewed"] == store.review_count() == 1
