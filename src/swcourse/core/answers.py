"""The saved-answers file: what a student chose in an assignment, kept as data beside the notebook.

Answer widgets write it on every change; both graders (`swcourse grade` and plain `nbgrader
autograde`) read it. It lives in the assignment folder, so nbgrader's submit and collect carry it
with the notebook. Writes are atomic (write a temporary file, fsync, rename) so a killed kernel
leaves either the previous file or the new one, never half of one. Reading never raises on a
student's file: problems come back in words, with what could be kept.

Format (version 1), for `<notebook stem>.answers.json`::

    {"format": "swcourse-answers", "version": 1, "notebook": "<stem>",
     "answers": {"3": {"value": <answer>, "saved": "2026-12-01T10:00:00+00:00"}, ...}}

Keys are question numbers as strings; values are the plain data `core.scoring.score` accepts
(an option id, a list of ids, true/false, a dict of matches, a string; a reflection's text).
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .atomic import write_text_atomic

FORMAT = "swcourse-answers"
VERSION = 1
SUFFIX = ".answers.json"
MAX_BYTES = 2_000_000  # far above any honest assignment; refuses a planted giant file


def answers_path(folder: Path | str, notebook: str) -> Path:
    """Where the answers of `notebook` (its stem, e.g. the assignment id) are kept."""
    return Path(folder) / f"{notebook}{SUFFIX}"


@dataclass
class SavedAnswers:
    """The answers that could be read, and what was wrong with the file (in words)."""

    path: Path
    answers: dict[int, Any] = field(default_factory=dict)
    saved_at: dict[int, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def get(self, number: int) -> Any:
        return self.answers.get(number)


def _empty(notebook: str) -> dict[str, Any]:
    return {"format": FORMAT, "version": VERSION, "notebook": notebook, "answers": {}}


def read_answers(path: Path | str) -> SavedAnswers:
    """Every well-formed answer in the file; a missing, damaged or foreign file is reported."""
    path = Path(path)
    saved = SavedAnswers(path)
    try:
        # Non-blocking, so a named pipe planted in its place cannot make the reader wait forever.
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        return saved  # nothing answered yet: not a problem
    except OSError as exc:
        saved.problems.append(f"{path.name}: cannot be read ({exc.strerror}); no answers were kept")
        return saved
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        saved.problems.append(f"{path.name}: is not an ordinary file; no answers were kept")
        return saved
    with os.fdopen(fd, "rb") as handle:
        raw = handle.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        saved.problems.append(f"{path.name}: larger than {MAX_BYTES:,} bytes; no answers were kept")
        return saved
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        saved.problems.append(f"{path.name}: damaged or incomplete ({exc}); no answers were kept")
        return saved
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        saved.problems.append(f"{path.name}: not a saved-answers file; no answers were kept")
        return saved
    if data.get("version") != VERSION:
        saved.problems.append(
            f"{path.name}: version {data.get('version')!r} is not known; no answers were kept"
        )
        return saved
    answers = data.get("answers")
    if not isinstance(answers, dict):
        saved.problems.append(f"{path.name}: has no answers section; no answers were kept")
        return saved
    for key, entry in answers.items():
        if (
            not (isinstance(key, str) and key.isdigit())
            or not isinstance(entry, dict)
            or "value" not in entry
        ):
            saved.problems.append(f"{path.name}: entry {key!r} is not an answer; it was left out")
            continue
        saved.answers[int(key)] = entry["value"]
        saved.saved_at[int(key)] = str(entry.get("saved", ""))
    return saved


def write_answer(
    path: Path | str, notebook: str, number: int, value: Any, when: datetime | None = None
) -> None:
    """Record one answer, keeping every other one, atomically. `value=None` clears it."""
    path = Path(path)
    current = read_answers(path)
    if current.problems and path.exists():
        # Never overwrite a file we could not read: keep it beside the new one for the instructor.
        path.replace(path.with_name(path.name + f".damaged-{datetime.now(UTC):%Y%m%dT%H%M%S}"))
    data = _empty(notebook)
    stamp = (when or datetime.now(UTC)).isoformat(timespec="seconds")
    data["answers"] = {
        str(n): {"value": v, "saved": current.saved_at.get(n, stamp)}
        for n, v in current.answers.items()
    }
    if value is None:
        data["answers"].pop(str(number), None)
    else:
        data["answers"][str(number)] = {"value": value, "saved": stamp}
    data["answers"] = dict(sorted(data["answers"].items(), key=lambda kv: int(kv[0])))
    write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
