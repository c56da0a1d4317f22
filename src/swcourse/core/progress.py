"""One progress file for the book, Voilà and `swcourse revise`: its format, checks and merge.

A progress file is JSON:

    {"format": "swcourse-progress", "version": 2, "exported": "<ISO time>",
     "sections": {"swcourse.flashcards.v1": {"reviews": [{"card", "rating", "at"}, ...],
                                             "settings": {"new_per_day": 20}},
                  "swcourse.selfcheck.v1": {...}, "swcourse.scenarios.v1": {...}, ...}}

Each section is exactly what the book keeps under that localStorage key. Flashcard progress is
the log of reviews, not card states: states are replayed from the log by FSRS, so merging two
files is a union of reviews keyed by (card, time), which can neither lose nor double a review.
Other sections map ids to entries; on a clash the entry with the later time wins. The rules are
mirrored in `frontend/static/swcourse/revision-core.js` and held equal by a parity test.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

FORMAT = "swcourse-progress"
VERSION = 2
FLASHCARDS = "swcourse.flashcards.v1"
SECTION = re.compile(r"^swcourse\.[a-z0-9-]+\.v[0-9]+$")
RATINGS = ("again", "hard", "good", "easy")
TIME_FIELDS = ("checked", "ended", "at", "saved")


class ProgressFileError(ValueError):
    """A progress file is damaged or is not one; the message says why, in the learner's words."""


def canonical_time(value: datetime | str) -> str:
    """UTC, milliseconds, trailing Z: how browsers write times (`Date.toISOString`)."""
    moment = (
        datetime.fromisoformat(value.replace("Z", "+00:00")) if isinstance(value, str) else value
    )
    if moment.tzinfo is None:
        raise ValueError("time has no time zone")
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def review_key(review: dict[str, str]) -> tuple[str, str]:
    return review["card"], review["at"]


def _check_reviews(value: Any) -> list[dict[str, str]]:
    if not isinstance(value, list):
        raise ProgressFileError("its flashcard reviews are not a list")
    reviews = []
    for number, entry in enumerate(value, start=1):
        where = f"flashcard review {number}"
        if not isinstance(entry, dict) or not isinstance(entry.get("card"), str):
            raise ProgressFileError(f"{where} has no card id")
        if entry.get("rating") not in RATINGS:
            rating = json.dumps(entry.get("rating"))
            raise ProgressFileError(
                f"{where} has the rating {rating}, not one of again, hard, good, easy"
            )
        try:
            at = canonical_time(str(entry.get("at")))
        except ValueError:
            raise ProgressFileError(
                f"{where} has no valid time ({json.dumps(entry.get('at'))})"
            ) from None
        reviews.append({"card": entry["card"], "rating": entry["rating"], "at": at})
    return reviews


def check_document(data: Any) -> dict[str, Any]:
    """The sections of a progress file, checked; raises ProgressFileError saying what is wrong."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        if isinstance(data, dict) and data.get("version") == 1 and "cards" in data:
            raise ProgressFileError(
                "it was exported by an earlier version of the book; open the "
                "book's revision hub in the browser that made it, which "
                "updates your progress, and export it again"
            )
        raise ProgressFileError("it is not a Casework and Group Work progress file")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version > VERSION:
        raise ProgressFileError(
            "it was made by a newer version of the course (format version "
            f"{json.dumps(version)}); update swcourse and try again"
        )
    sections = data.get("sections")
    if not isinstance(sections, dict):
        raise ProgressFileError('its "sections" part is missing or damaged')
    checked: dict[str, Any] = {}
    for name, value in sections.items():
        if not SECTION.match(name) or not isinstance(value, dict):
            raise ProgressFileError(f'its section "{name}" is not one this course writes')
        checked[name] = value
    if FLASHCARDS in checked:
        cards = checked[FLASHCARDS]
        settings = cards.get("settings", {})
        limit = settings.get("new_per_day") if isinstance(settings, dict) else None
        if not isinstance(settings, dict) or (
            limit is not None
            and not (isinstance(limit, int) and not isinstance(limit, bool) and 0 <= limit <= 9999)
        ):
            raise ProgressFileError("its flashcard settings are damaged")
        checked[FLASHCARDS] = {**cards, "reviews": _check_reviews(cards.get("reviews", []))}
    return checked


def merge_reviews(ours: list[dict[str, str]], theirs: list[dict[str, str]]) -> list[dict[str, str]]:
    """Every review of both, once each, oldest first."""
    merged = {review_key(r): r for r in [*ours, *theirs]}
    return sorted(merged.values(), key=lambda r: (r["at"], r["card"]))


def _entry_time(entry: Any) -> str:
    if isinstance(entry, dict):
        for field in TIME_FIELDS:
            if isinstance(entry.get(field), str):
                return str(entry[field])
    return ""


def merge_section(name: str, ours: dict[str, Any], theirs: dict[str, Any]) -> dict[str, Any]:
    """One section of both files, merged (see the module docstring for the rules)."""
    if name == FLASHCARDS:
        return {
            **theirs,
            **ours,
            "settings": {**theirs.get("settings", {}), **ours.get("settings", {})},
            "reviews": merge_reviews(ours.get("reviews", []), theirs.get("reviews", [])),
        }
    merged = dict(ours)
    for key, entry in theirs.items():
        if key not in merged or _entry_time(entry) > _entry_time(merged[key]):
            merged[key] = entry
    return merged


def merge_sections(ours: dict[str, Any], theirs: dict[str, Any]) -> dict[str, Any]:
    names = sorted(set(ours) | set(theirs))
    return {name: merge_section(name, ours.get(name, {}), theirs.get(name, {})) for name in names}


def document(sections: dict[str, Any], exported: datetime) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported": canonical_time(exported),
        "sections": sections,
    }
