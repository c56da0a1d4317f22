"""The class roster from an LMS: parse its CSV export, keep it beside the gradebook.

Three inputs are recognised by their header row, never by the file name:

Canvas gradebook export (Grades > Export > Export Entire Gradebook)
    "Student" ("Last, First"), "ID" (Canvas user id), "SIS User ID", "SIS Login ID", "Section",
    then one column per assignment. The "Points Possible" row (Canvas writes it with leading
    spaces), read-only/muted marker rows and the "Student, Test" row of Student View are skipped.
Moodle participants export (Participants > Select all > Download table data as CSV)
    "First name", "Last name" (or "Surname"), and whichever identity fields the site shows:
    "Username", "ID number", "Email address"; "Groups" becomes the section.
Plain CSV
    "id" (or "student_id"), "first_name", "last_name", optional "email", "section",
    "lms_user_id": the columns of nbgrader's own student list.

nbgrader's Student has id, first_name, last_name, email and lms_user_id; everything else an
LMS export needs back (SIS ids, Moodle username and id number, section) is kept in
`roster.json` in the nbgrader course folder, keyed by the nbgrader student id.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from ..grading.gradebook import atomic_path

ROSTER_FILE = "roster.json"
ROSTER_FORMAT = "swcourse-roster"
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
NBGRADER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]*$")  # safe as a folder name
CANVAS_SKIP = {"points possible", "student, test", "test student"}
ID_SOURCES = {
    "canvas": ("sis_login_id", "sis_user_id", "canvas_id", "email"),
    "moodle": ("username", "idnumber", "email"),
    "plain": ("id",),
}


class RosterError(ValueError):
    """A roster file that cannot be imported: names the file, the line and the reason."""

    def __init__(self, path: Path, line: int, reason: str):
        self.path, self.line, self.reason = path, line, reason
        super().__init__(f"{path}:{line}: {reason}")


@dataclass
class Member:
    """One student as the LMS knows them; empty strings where the LMS gave nothing."""

    id: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    section: str = ""
    canvas_id: str = ""
    sis_user_id: str = ""
    sis_login_id: str = ""
    moodle_username: str = ""
    moodle_idnumber: str = ""
    sources: list[str] = field(default_factory=list)

    def merged(self, newer: Member) -> Member:
        """This member updated by a newer import: fields the newer one left empty are kept."""
        values = {
            f.name: getattr(newer, f.name) or getattr(self, f.name)
            for f in fields(self)
            if f.name != "sources"
        }
        return Member(**values, sources=sorted(set(self.sources) | set(newer.sources)))


@dataclass(frozen=True)
class Parsed:
    fmt: str
    members: list[Member]


def _find(header: list[str], *names: str) -> int | None:
    folded = [h.strip().lower() for h in header]
    for name in names:
        if name in folded:
            return folded.index(name)
    return None


def detect(header: list[str]) -> str | None:
    """'canvas', 'moodle' or 'plain' from the header row; None when it is none of them."""
    if _find(header, "student") == 0 and _find(header, "sis login id") is not None:
        return "canvas"
    if (
        _find(header, "first name") is not None
        and _find(header, "last name", "surname") is not None
        and _find(header, "username", "email address", "id number") is not None
    ):
        return "moodle"
    if _find(header, "id", "student_id") is not None and _find(header, "first_name") is not None:
        return "plain"
    return None


def _split_name(student: str) -> tuple[str, str]:
    """Canvas's "Last, First" (sortable name) into (first, last)."""
    if "," in student:
        last, first = student.split(",", 1)
        return first.strip(), last.strip()
    first, _, last = student.strip().rpartition(" ")
    return (first, last) if first else ("", last)


def _member(fmt: str, header: list[str], row: list[str], id_from: str) -> Member:
    def get(*names: str) -> str:
        index = _find(header, *names)
        return row[index].strip() if index is not None and index < len(row) else ""

    if fmt == "canvas":
        first, last = _split_name(get("student"))
        member = Member(
            "",
            first,
            last,
            "",
            get("section"),
            get("id"),
            get("sis user id"),
            get("sis login id"),
            sources=["canvas"],
        )
        ids = {
            "sis_login_id": member.sis_login_id,
            "sis_user_id": member.sis_user_id,
            "canvas_id": member.canvas_id,
            "email": "",
        }
    elif fmt == "moodle":
        member = Member(
            "",
            get("first name"),
            get("last name", "surname"),
            get("email address"),
            get("groups"),
            moodle_username=get("username"),
            moodle_idnumber=get("id number"),
            sources=["moodle"],
        )
        ids = {
            "username": member.moodle_username,
            "idnumber": member.moodle_idnumber,
            "email": member.email,
        }
    else:
        member = Member(
            "",
            get("first_name"),
            get("last_name"),
            get("email"),
            get("section"),
            canvas_id=get("lms_user_id"),
            sources=["plain"],
        )
        ids = {"id": get("id", "student_id")}
    member.id = ids.get(id_from, "")
    return member


def _check(member: Member, id_from: str) -> str | None:
    """The reason a row cannot be imported, or None."""
    if not member.id:
        return f"no {id_from.replace('_', ' ')} for this student (the nbgrader id comes from it)"
    if not NBGRADER_ID.match(member.id):
        return (
            f"{member.id!r} cannot be an nbgrader student id (letters, digits and . _ @ + - only)"
        )
    if member.email and not EMAIL.match(member.email):
        return f"{member.email!r} is not an e-mail address"
    if not (member.first_name or member.last_name):
        return "the student has no name"
    return None


def _rows(path: Path, text: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) of every record; a broken quote names its line."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:
            rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise RosterError(path, start, f"broken CSV quoting ({exc})") from exc
    return rows


def parse_roster(path: Path, id_from: str | None = None) -> Parsed:
    """Every student in an LMS export; the first problem found raises RosterError.

    `id_from` names the field that becomes the nbgrader student id (the JupyterHub login):
    for Canvas sis_login_id (default), sis_user_id, canvas_id; for Moodle username (default),
    idnumber, email; a plain CSV always uses its id column.
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise RosterError(path, 1, f"cannot read the file: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise RosterError(
            path, line, "not UTF-8 text; export the file again as CSV (UTF-8)"
        ) from exc
    rows = _rows(path, text)
    if not rows:
        raise RosterError(path, 1, "the file is empty")
    header = rows[0][1]
    fmt = detect(header)
    if fmt is None:
        raise RosterError(
            path,
            1,
            "not a Canvas gradebook export, a Moodle participants export "
            "or a plain roster (id, first_name, last_name): the header row is "
            + ", ".join(header[:6]),
        )
    chosen = id_from or ID_SOURCES[fmt][0]
    if chosen not in ID_SOURCES[fmt]:
        raise RosterError(
            path,
            1,
            f"a {fmt} roster cannot take student ids from {chosen!r}; "
            f"choose one of {', '.join(ID_SOURCES[fmt])}",
        )
    members: list[Member] = []
    seen: dict[str, int] = {}
    for line, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        if fmt == "canvas" and (row[0].strip().lower() in CANVAS_SKIP or not row[0].strip()):
            continue
        if len(row) > len(header):
            raise RosterError(
                path,
                line,
                f"{len(row)} cells but the header has {len(header)} "
                "columns (a name with a comma must be in double quotes)",
            )
        member = _member(fmt, header, row, chosen)
        reason = _check(member, chosen)
        if reason:
            raise RosterError(path, line, reason)
        if member.id in seen:
            raise RosterError(
                path, line, f"student id {member.id!r} is already on line {seen[member.id]}"
            )
        seen[member.id] = line
        members.append(member)
    if not members:
        raise RosterError(path, len(rows), "no students in the file")
    return Parsed(fmt, members)


def roster_path(course_dir: Path) -> Path:
    return course_dir / ROSTER_FILE


def load_roster(course_dir: Path) -> dict[str, Member]:
    """The saved roster (nbgrader id -> member); empty when no roster was imported."""
    path = roster_path(course_dir)
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != ROSTER_FORMAT:
            raise ValueError("not a swcourse roster")
        return {key: Member(**value) for key, value in data["students"].items()}
    except (ValueError, TypeError, KeyError) as exc:
        raise RosterError(
            path, 1, f"the saved roster is damaged ({exc}); import the LMS roster again"
        ) from exc


def save_roster(course_dir: Path, members: dict[str, Member]) -> Path:
    """Write roster.json atomically, readable like nbgrader's own files (0644)."""
    path = roster_path(course_dir)
    data = {
        "format": ROSTER_FORMAT,
        "version": 1,
        "students": {key: asdict(members[key]) for key in sorted(members)},
    }
    with atomic_path(path) as temporary:
        temporary.write_text(
            json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return path
