"""Revision progress in a local SQLite file that survives crashes and never silently resets.

Each review is one transaction (the review row and the card's new state together) in WAL mode
with full sync, so a process killed mid-write leaves every completed review intact. A damaged
file is moved aside, never overwritten, and the caller is told where it went.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir

from ..core import scheduling

SCHEMA = """
CREATE TABLE IF NOT EXISTS cards (
    card_id TEXT PRIMARY KEY,
    state   TEXT NOT NULL,
    due     TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS reviews (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    card_id     TEXT NOT NULL,
    rating      TEXT NOT NULL,
    reviewed_at TEXT NOT NULL,
    due_after   TEXT NOT NULL
);
"""


class StoreCorrupted(RuntimeError):
    """The progress file could not be read; it has been moved aside (see the message)."""


def default_path() -> Path:
    return Path(user_data_dir("swcourse", appauthor=False)) / "revision.sqlite3"


def _move_aside(path: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.name}.corrupt-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        part = Path(f"{path}{suffix}")
        if part.exists():
            shutil.move(part, Path(f"{backup}{suffix}"))
    return backup


class ProgressStore:
    """Card states and the log of reviews, for one learner."""

    def __init__(self, path: Path | None = None):
        self.path = path or default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        try:
            db = sqlite3.connect(self.path, isolation_level=None, timeout=10)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("integrity check failed")
            db.executescript(SCHEMA)
            return db
        except sqlite3.DatabaseError as exc:
            try:
                db.close()
            except UnboundLocalError:
                pass
            backup = _move_aside(self.path)
            raise StoreCorrupted(
                f"Your revision progress file {self.path} is damaged ({exc}). It was moved to "
                f"{backup} so nothing is lost; the next session starts a new progress file. "
                "Keep the backup if you want to try to recover it.") from exc

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def states(self, card_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The scheduling state of each card (a new card's state where none is saved)."""
        saved = {row[0]: json.loads(row[1]) for row in self._db.execute("SELECT card_id, state FROM cards")}
        return {card_id: saved.get(card_id) or scheduling.new_state() for card_id in card_ids}

    def record(self, card_id: str, rating: str, when: datetime | None = None) -> dict[str, Any]:
        """Schedule the card after a review and save both, atomically; returns the new state."""
        when = when or scheduling.now()
        state = self.states([card_id])[card_id]
        after = scheduling.review(state, rating, when)
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.execute("INSERT INTO reviews (card_id, rating, reviewed_at, due_after) "
                             "VALUES (?, ?, ?, ?)", (card_id, rating, when.isoformat(), after["due"]))
            self._db.execute("INSERT INTO cards (card_id, state, due) VALUES (?, ?, ?) ON CONFLICT"
                             "(card_id) DO UPDATE SET state = excluded.state, due = excluded.due",
                             (card_id, json.dumps(after), after["due"]))
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        return after

    def review_count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM reviews").fetchone()[0])

    def reviews(self) -> list[tuple[str, str, str]]:
        """(card id, rating, reviewed at) for every saved review, oldest first."""
        return list(self._db.execute("SELECT card_id, rating, reviewed_at FROM reviews ORDER BY id"))

    def due(self, card_ids: Iterable[str], when: datetime | None = None) -> list[str]:
        """The given cards that are due, most overdue first (unseen cards count as due)."""
        return scheduling.due_order(self.states(card_ids), when)
