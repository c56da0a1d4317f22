"""The hub roster: who may sign in to the course's JupyterHub, and as what.

One CSV file with a header row: `username` and `role` (student or instructor) are required,
`first_name`, `last_name` and `email` are optional. Both the hub's configuration and
`swcourse hub` read it through this module, so a roster is checked one way only. It imports
nothing from JupyterHub: the trial command reads rosters without the hub being installed.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

ROLES = ("student", "instructor")
# A Unix login (useradd's default rule, lower case so JupyterHub's normalised name is the same).
USERNAME = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")
COLUMNS = ("username", "role", "first_name", "last_name", "email")


class RosterError(ValueError):
    """A roster that cannot be used; the message names the file, the line and the fix."""


@dataclass(frozen=True)
class Member:
    username: str
    role: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""


@dataclass(frozen=True)
class Roster:
    members: tuple[Member, ...]

    @property
    def students(self) -> list[str]:
        return [m.username for m in self.members if m.role == "student"]

    @property
    def instructors(self) -> list[str]:
        return [m.username for m in self.members if m.role == "instructor"]


def _member(path: Path, line: int, row: dict[str, str | None]) -> Member:
    values = {key: (row.get(key) or "").strip() for key in COLUMNS}
    name, role = values["username"], values["role"].lower()
    if not USERNAME.match(name):
        raise RosterError(
            f"{path}:{line}: username {name!r} cannot be a login name; use "
            "lower-case letters, digits, '-' or '_', starting with a letter "
            "(at most 32)"
        )
    if role not in ROLES:
        raise RosterError(
            f"{path}:{line}: role {values['role']!r} for {name} must be 'student' or 'instructor'"
        )
    return Member(**{**values, "role": role})


def load_roster(path: Path) -> Roster:
    """Read and check a roster CSV; raise RosterError naming the line of the first problem."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RosterError(f"{path}: cannot read the roster ({exc}); give a UTF-8 CSV file") from exc
    reader = csv.DictReader(text.splitlines())
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [col for col in ("username", "role") if col not in header]
    if missing:
        raise RosterError(
            f"{path}:1: the header row needs the column(s) {', '.join(missing)} "
            f"(found: {', '.join(header) or 'nothing'})"
        )
    reader.fieldnames = header
    members: list[Member] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(reader, start=2):
        if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
            continue
        member = _member(path, line, row)
        if member.username in seen:
            raise RosterError(
                f"{path}:{line}: {member.username} is already listed on line "
                f"{seen[member.username]}; list each person once"
            )
        seen[member.username] = line
        members.append(member)
    roster = Roster(tuple(members))
    if not roster.instructors:
        raise RosterError(
            f"{path}: no one has the role 'instructor'; the course needs at least one"
        )
    return roster
