"""Revision progress in a local SQLite file that survives crashes and never silently resets.

Each review is one transaction (the review row and the card's new state together) in WAL mode
with full sync, so a process killed mid-write leaves every completed review intact. A damaged
file is moved aside, never overwritten, and the caller is told where it went.

The review log is the record; card states are a cache replayed from it. The book's other
progress (self-check answers, scenario endings, settings) is kept as the book's sections, so a
progress file exported here and imported in the book (or back) carries everything
(see core/progress.py for the format and the merge).
"""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir

from ..core import progress, scheduling

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
CREATE INDEX IF NOT EXISTS reviews_by_card ON reviews (card_id, reviewed_at);
CREATE TABLE IF NOT EXISTS sections (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
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
            with contextlib.suppress(UnboundLocalError):
                db.close()
            backup = _move_aside(self.path)
            raise StoreCorrupted(
                f"Your revision progress file {self.path} is damaged ({exc}). It was moved to "
                f"{backup} so nothing is lost; the next session starts a new progress file. "
                "Keep the backup if you want to try to recover it."
            ) from exc

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def states(self, card_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The scheduling state of each card (a new card's state where none is saved)."""
        saved = self.reviewed_states()
        return {card_id: saved.get(card_id) or scheduling.new_state() for card_id in card_ids}

    def record(self, card_id: str, rating: str, when: datetime | None = None) -> dict[str, Any]:
        """Schedule the card after a review and save both, atomically; returns the new state."""
        at = progress.canonical_time(when or scheduling.now())
        state = self.states([card_id])[card_id]
        after = scheduling.review(state, rating, datetime.fromisoformat(at.replace("Z", "+00:00")))
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.execute(
                "INSERT INTO reviews (card_id, rating, reviewed_at, due_after) VALUES (?, ?, ?, ?)",
                (card_id, rating, at, after["due"]),
            )
            self._db.execute(
                "INSERT INTO cards (card_id, state, due) VALUES (?, ?, ?) ON CONFLICT"
                "(card_id) DO UPDATE SET state = excluded.state, due = excluded.due",
                (card_id, json.dumps(after), after["due"]),
            )
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        return after

    def review_count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM reviews").fetchone()[0])

    def reviews(self) -> list[tuple[str, str, str]]:
        """(card id, rating, reviewed at) for every saved review, oldest first."""
        return list(
            self._db.execute("SELECT card_id, rating, reviewed_at FROM reviews ORDER BY id")
        )

    def due(self, card_ids: Iterable[str], when: datetime | None = None) -> list[str]:
        """The given cards that are due, most overdue first (unseen cards count as due)."""
        return scheduling.due_order(self.states(card_ids), when)

    def reviewed_states(self) -> dict[str, dict[str, Any]]:
        """The state of every card reviewed at least once."""
        rows = self._db.execute("SELECT card_id, state FROM cards")
        return {row[0]: json.loads(row[1]) for row in rows}

    def new_today(self, day_start: datetime) -> int:
        """How many cards were reviewed for the first time since `day_start`."""
        firsts = self._db.execute("SELECT card_id, MIN(reviewed_at) FROM reviews GROUP BY card_id")
        start = progress.canonical_time(day_start)
        return sum(progress.canonical_time(first) >= start for _, first in firsts)

    def queue(
        self, deck: list[str], when: datetime | None = None, limited: bool = True
    ) -> scheduling.Queue:
        """What to study now in `deck` (see core.scheduling.study_queue); today is local time."""
        moment = when or scheduling.now()
        day_start = moment.astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
        limit = self.new_per_day if limited else None
        return scheduling.study_queue(
            deck, self.reviewed_states(), moment, self.new_today(day_start), limit
        )

    def section(self, name: str) -> dict[str, Any]:
        row = self._db.execute("SELECT value FROM sections WHERE name = ?", (name,)).fetchone()
        return json.loads(row[0]) if row else {}

    @property
    def new_per_day(self) -> int:
        """The daily limit on new cards (Anki's default, 20, until the learner changes it)."""
        limit = self.section(progress.FLASHCARDS).get("settings", {}).get("new_per_day")
        return scheduling.DEFAULT_NEW_PER_DAY if limit is None else int(limit)

    @new_per_day.setter
    def new_per_day(self, limit: int) -> None:
        if not 0 <= limit <= 9999:
            raise ValueError("the daily limit on new cards must be between 0 and 9999")
        cards = self.section(progress.FLASHCARDS)
        cards["settings"] = {**cards.get("settings", {}), "new_per_day": limit}
        self._db.execute(
            "INSERT INTO sections (name, value) VALUES (?, ?) ON CONFLICT(name) "
            "DO UPDATE SET value = excluded.value",
            (progress.FLASHCARDS, json.dumps(cards)),
        )

    def export_document(self, when: datetime | None = None) -> dict[str, Any]:
        """Everything in this store as a progress file (see core/progress.py)."""
        sections = {
            name: json.loads(value)
            for name, value in self._db.execute("SELECT name, value FROM sections")
        }
        cards = sections.get(progress.FLASHCARDS, {})
        cards["reviews"] = [
            {"card": c, "rating": r, "at": progress.canonical_time(at)}
            for c, r, at in self.reviews()
        ]
        sections[progress.FLASHCARDS] = cards
        return progress.document(sections, when or scheduling.now())

    def import_document(self, data: Any) -> tuple[int, int]:
        """Merge a progress file in; returns (reviews added, reviews already here).

        The file is checked in full first (ProgressFileError says why it is refused), then
        merged in one transaction, so a refused or failed import changes nothing.
        """
        sections = progress.check_document(data)
        incoming = sections.pop(progress.FLASHCARDS, {})
        self._db.execute("BEGIN IMMEDIATE")
        try:
            have = {(c, progress.canonical_time(at)) for c, _, at in self.reviews()}
            fresh = [
                r
                for r in progress.merge_reviews([], incoming.get("reviews", []))
                if progress.review_key(r) not in have
            ]
            for r in fresh:
                self._db.execute(
                    "INSERT INTO reviews (card_id, rating, reviewed_at, due_after) "
                    "VALUES (?, ?, ?, '')",
                    (r["card"], r["rating"], r["at"]),
                )
            for card_id in sorted({r["card"] for r in fresh}):
                self._replay(card_id)
            own = self.section(progress.FLASHCARDS)
            sections[progress.FLASHCARDS] = {
                "settings": {**incoming.get("settings", {}), **own.get("settings", {})}
            }
            for name, value in sections.items():
                merged = (
                    value
                    if name == progress.FLASHCARDS
                    else progress.merge_section(name, self.section(name), value)
                )
                self._db.execute(
                    "INSERT INTO sections (name, value) VALUES (?, ?) ON CONFLICT"
                    "(name) DO UPDATE SET value = excluded.value",
                    (name, json.dumps(merged)),
                )
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        return len(fresh), len(incoming.get("reviews", [])) - len(fresh)

    def _replay(self, card_id: str) -> None:
        """Recompute a card's state from its whole review log (inside a transaction)."""
        rows = self._db.execute(
            "SELECT rating, reviewed_at FROM reviews WHERE card_id = ?", (card_id,)
        ).fetchall()
        history = [
            (r, datetime.fromisoformat(progress.canonical_time(at).replace("Z", "+00:00")))
            for r, at in rows
        ]
        state = scheduling.replay(history)
        self._db.execute(
            "INSERT INTO cards (card_id, state, due) VALUES (?, ?, ?) ON CONFLICT"
            "(card_id) DO UPDATE SET state = excluded.state, due = excluded.due",
            (card_id, json.dumps(state), state["due"]),
        )
