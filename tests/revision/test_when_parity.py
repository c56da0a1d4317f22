"""The "next review" wording: Python (the terminal session) and the book's players.js agree."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, datetime, timedelta

import pytest

from swcourse.core.scheduling import when_text

from .node_core import STATIC

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
# Hand-written: how far ahead a card is due, and what a learner reads.
CASES = [
    (timedelta(seconds=-90), "now"),
    (timedelta(seconds=29), "now"),
    (timedelta(seconds=30), "in 1 minute"),
    (timedelta(minutes=1), "in 1 minute"),
    (timedelta(minutes=10), "in 10 minutes"),
    (timedelta(minutes=59, seconds=29), "in 59 minutes"),
    (timedelta(minutes=59, seconds=30), "in 1 hour"),
    (timedelta(minutes=90), "in 2 hours"),
    (timedelta(hours=35, minutes=29), "in 35 hours"),
    (timedelta(hours=35, minutes=30), "in 2 days"),
    (timedelta(days=1, hours=11), "in 35 hours"),
    (timedelta(days=3), "in 3 days"),
    (timedelta(days=2, hours=11), "in 2 days"),
    (timedelta(days=2, hours=12), "in 3 days"),
]

RUNNER = """
const players = await import(process.argv[1]);
const [now, dues] = JSON.parse(process.argv[2]);
process.stdout.write(JSON.stringify(dues.map((d) => players.whenText(d, new Date(now)))));
"""


def test_python_says_the_hand_written_words() -> None:
    """Does the core word each distance ahead as written by hand (plurals, rounding, 'now')?"""
    assert [when_text(NOW + ahead, NOW) for ahead, _ in CASES] == [text for _, text in CASES]


def test_the_book_says_what_python_says() -> None:
    """Does players.js's whenText give the same words as core.scheduling.when_text?"""
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is not installed; the README's test command installs it with npm")
    dues = [(NOW + ahead).isoformat().replace("+00:00", "Z") for ahead, _ in CASES]
    payload = json.dumps([NOW.isoformat().replace("+00:00", "Z"), dues])
    players = (STATIC / "players.js").as_uri()
    done = subprocess.run(
        [node, "--input-type=module", "-e", RUNNER, "--", players, payload],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout) == [when_text(NOW + ahead, NOW) for ahead, _ in CASES]
