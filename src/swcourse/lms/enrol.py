"""Bring an LMS roster into nbgrader: students into the gradebook, LMS ids into roster.json.

The whole file is parsed and checked before anything is written, so a refused file changes
nothing. Students are only added or updated, never removed, and nbgrader keeps every grade
keyed by the student id, so importing again (a late enrolment, a corrected name) loses no grade.
"""

from __future__ import annotations

import os
import shutil
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

from .roster import Member, load_roster, parse_roster, save_roster


@dataclass(frozen=True)
class ImportResult:
    fmt: str
    added: list[str]
    updated: list[str]
    roster: Path


def _alembic_on_path() -> None:
    """nbgrader creates a new gradebook by running `alembic`, found on PATH; an instructor who
    runs `.venv/bin/swcourse` without activating the environment has it only beside Python."""
    if shutil.which("alembic") is None:
        here = Path(sys.executable).parent
        os.environ["PATH"] = f"{here}{os.pathsep}{os.environ.get('PATH', '')}"


def import_roster(course_dir: Path, source: Path, id_from: str | None = None) -> ImportResult:
    """Add or update every student of `source` in the course's gradebook and roster.json."""
    from nbgrader.api import Gradebook

    parsed = parse_roster(source, id_from)
    saved = load_roster(course_dir)
    merged: dict[str, Member] = dict(saved)
    for member in parsed.members:
        merged[member.id] = saved[member.id].merged(member) if member.id in saved else member
    added: list[str] = []
    updated: list[str] = []
    _alembic_on_path()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SQLAlchemy's notes on nbgrader's queries
        with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}", course_id="") as gradebook:
            known = {student.id for student in gradebook.students}
            for member in parsed.members:
                person = merged[member.id]
                gradebook.update_or_create_student(
                    member.id,
                    first_name=person.first_name or None,
                    last_name=person.last_name or None,
                    email=person.email or None,
                    lms_user_id=person.canvas_id or person.moodle_idnumber or None,
                )
                (updated if member.id in known else added).append(member.id)
    return ImportResult(parsed.fmt, added, updated, save_roster(course_dir, merged))
