"""`swcourse roster import`: Canvas, Moodle and plain rosters into nbgrader's gradebook, refused
whole when malformed, and imported again without losing a grade."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner
from nbgrader.api import Gradebook

from swcourse.cli import main
from swcourse.lms.enrol import import_roster
from swcourse.lms.roster import RosterError, load_roster, parse_roster

FIXTURES = Path(__file__).parent / "fixtures"


def students(course: Path) -> dict[str, tuple[str | None, str | None, str | None, str | None]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="") as gradebook:
            return {
                s.id: (s.first_name, s.last_name, s.email, s.lms_user_id)
                for s in gradebook.students
            }


def test_canvas_export_gives_names_ids_and_sections() -> None:
    """Are the Points Possible and test-student rows skipped, and are "Last, First" names with
    commas, quotes and accents, the Canvas and SIS ids and the sections read as written?"""
    parsed = parse_roster(FIXTURES / "canvas-roster.csv")
    assert parsed.fmt == "canvas"
    got = [
        (m.id, m.first_name, m.last_name, m.canvas_id, m.sis_user_id, m.section)
        for m in parsed.members
    ]
    assert got == [
        ("ada", "Ada", "Lovelace", "1001", "S-0001", "Tuesday seminar"),
        ("sobrien", "Siobhán", "O'Brien", "1002", "S-0002", "Thursday seminar, room 2"),
        ("jsmith", "John", 'Smith "JJ"', "1003", "", "Tuesday seminar"),
    ]


def test_moodle_participants_give_username_idnumber_email_and_group() -> None:
    """Does a Moodle participants export give username (the default id), ID number, e-mail and
    group, and can the id come from the e-mail instead?"""
    parsed = parse_roster(FIXTURES / "moodle-participants.csv")
    assert parsed.fmt == "moodle"
    assert [(m.id, m.last_name, m.moodle_idnumber, m.email, m.section) for m in parsed.members] == [
        ("ada", "Lovelace", "S-0001", "ada@example.edu", "Tuesday seminar"),
        ("sobrien", "O'Brien", "S-0002", "siobhan.obrien@example.edu", "Thursday seminar, room 2"),
        ("znguyen", "Nguyen, Jr.", "", "zoe@example.edu", ""),
    ]
    by_email = parse_roster(FIXTURES / "moodle-participants.csv", "email")
    assert by_email.members[2].id == "zoe@example.edu"


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("name,mail\nAda,ada@x.org\n", 1, "not a Canvas gradebook export"),
        ("id,first_name,last_name\nada,Ada,Lovelace\nbob,Bob,Smith,extra\n", 3, "4 cells"),
        ("id,first_name,last_name\nada,Ada,Lovelace\nada,Ada,Again\n", 3, "already on line 2"),
        ("id,first_name,last_name\nada,Ada,Lovelace\n,Bob,Smith\n", 3, "no id"),
        ("id,first_name,last_name\n../etc,Ada,Lovelace\n", 2, "cannot be an nbgrader student id"),
        ("id,first_name,last_name,email\nada,Ada,Lovelace,not-an-address\n", 2, "not an e-mail"),
        ('id,first_name,last_name\nada,Ada,Lovelace\nbob,"Bob,Smith\n', 3, "broken CSV quoting"),
        ("", 1, "the file is empty"),
        ("id,first_name,last_name\n", 1, "no students"),
    ],
)
def test_malformed_files_are_refused_with_line_and_reason(
    tmp_path: Path, text: str, line: int, reason: str
) -> None:
    """Is each malformed or unknown roster refused naming the file, the line and the reason?"""
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RosterError) as caught:
        parse_roster(path)
    assert (caught.value.path, caught.value.line) == (path, line)
    assert reason in caught.value.reason


def test_non_utf8_is_refused(tmp_path: Path) -> None:
    """Is a Latin-1 file refused with the line of the first bad byte?"""
    path = tmp_path / "roster.csv"
    path.write_bytes(
        "id,first_name,last_name\nada,Ada,Lovelace\nzoe,Zoë,Nguyen\n".encode("latin-1")
    )
    with pytest.raises(RosterError, match="not UTF-8") as caught:
        parse_roster(path)
    assert caught.value.line == 3


def test_import_then_reimport_keeps_grades(tmp_path: Path) -> None:
    """Does a Canvas import add the students, does a Moodle import of the same people add its
    ids without losing the Canvas ones, and does a grade entered in between survive?"""
    course = tmp_path / "course"
    course.mkdir()
    first = import_roster(course, FIXTURES / "canvas-roster.csv")
    assert (sorted(first.added), first.updated) == (["ada", "jsmith", "sobrien"], [])
    assert students(course)["sobrien"] == ("Siobhán", "O'Brien", None, "1002")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="") as gradebook:
            gradebook.add_assignment("a1")
            gradebook.add_notebook("a1", "a1")
            gradebook.add_grade_cell("q1-x-grade", "a1", "a1", max_score=2, cell_type="code")
            gradebook.add_submission("a1", "ada")
            grade = gradebook.find_grade("q1-x-grade", "a1", "a1", "ada")
            grade.manual_score, grade.needs_manual_grade = 1.5, False
            gradebook.db.commit()
    second = import_roster(course, FIXTURES / "moodle-participants.csv")
    assert (sorted(second.added), sorted(second.updated)) == (["znguyen"], ["ada", "sobrien"])
    roster = load_roster(course)
    assert (roster["ada"].canvas_id, roster["ada"].moodle_idnumber, roster["ada"].email) == (
        "1001",
        "S-0001",
        "ada@example.edu",
    )
    assert roster["ada"].sources == ["canvas", "moodle"]
    assert students(course)["ada"] == ("Ada", "Lovelace", "ada@example.edu", "1001")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="") as gradebook:
            assert gradebook.find_grade("q1-x-grade", "a1", "a1", "ada").score == 1.5
    saved = json.loads((course / "roster.json").read_text(encoding="utf-8"))
    assert saved["format"] == "swcourse-roster" and "Siobhán" in json.dumps(
        saved, ensure_ascii=False
    )


def test_a_refused_file_changes_nothing(tmp_path: Path) -> None:
    """After a good import, does the command refuse a broken file with file:line, exit 1, and
    leave gradebook and roster.json byte for byte as they were?"""
    course = tmp_path / "course"
    course.mkdir()
    runner = CliRunner()
    good = runner.invoke(
        main, ["roster", "import", "--course", str(course), str(FIXTURES / "plain-roster.csv")]
    )
    assert good.exit_code == 0, good.output
    assert good.output.strip().splitlines()[-1].startswith("Plain roster: 2 added, 0 updated")
    before = ((course / "gradebook.db").read_bytes(), (course / "roster.json").read_bytes())
    broken = tmp_path / "broken.csv"
    broken.write_text('id,first_name,last_name\nnew,New,Person\nada,Ada"x,Lovelace,1\n')
    bad = runner.invoke(main, ["roster", "import", "--course", str(course), str(broken)])
    assert bad.exit_code == 1
    assert f"{broken}:3:" in bad.output and "Nothing was changed" in bad.output
    assert "Traceback" not in bad.output
    assert ((course / "gradebook.db").read_bytes(), (course / "roster.json").read_bytes()) == before
