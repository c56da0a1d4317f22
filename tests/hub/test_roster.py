"""The hub roster: a good file loads; each kind of bad file is refused naming the line and fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from swcourse.hub.roster import RosterError, load_roster

ROSTER = Path(__file__).resolve().parent / "roster.csv"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_test_roster_loads() -> None:
    """Does the hub test's roster give one instructor and three students?"""
    roster = load_roster(ROSTER)
    assert roster.instructors == ["hubtest-instructor"]
    assert roster.students == ["hubtest-amara", "hubtest-ben", "hubtest-chen"]


def test_roles_are_case_blind_and_blank_lines_skipped(tmp_path: Path) -> None:
    """Is 'Instructor' read as instructor, and are empty rows left out?"""
    roster = load_roster(write(tmp_path, "Username,Role\nrq,Instructor\n\n,\nam,student\n"))
    assert roster.instructors == ["rq"] and roster.students == ["am"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("username,name\nrq,Rosa\n", "roster.csv:1: the header row needs the column(s) role"),
        ("username,role\nrq,teacher\n", "roster.csv:2: role 'teacher' for rq must be 'student'"),
        ("username,role\nRosa Q,instructor\n", "roster.csv:2: username 'Rosa Q' cannot be a login"),
        (
            "username,role\nrq,instructor\nrq,student\n",
            "roster.csv:3: rq is already listed on line 2",
        ),
        ("username,role\nam,student\n", "no one has the role 'instructor'"),
    ],
)
def test_bad_rosters_are_refused_by_line(tmp_path: Path, text: str, message: str) -> None:
    """Does each mistake an instructor can make get a message naming the line and the fix?"""
    with pytest.raises(RosterError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_roster(write(tmp_path, text))


def test_an_unreadable_roster_is_refused(tmp_path: Path) -> None:
    """Is a missing or non-UTF-8 file refused in words, not a traceback?"""
    with pytest.raises(RosterError, match="cannot read the roster"):
        load_roster(tmp_path / "missing.csv")
    (tmp_path / "latin.csv").write_bytes("username,role\nj\xe9,student\n".encode("latin-1"))
    with pytest.raises(RosterError, match="UTF-8"):
        load_roster(tmp_path / "latin.csv")
