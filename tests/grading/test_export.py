"""Grade exports for nbgrader, Canvas and Moodle, from a real nbgrader gradebook."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from swcourse.core.course import require_course
from swcourse.grading.gradebook import atomic_path
from swcourse.lms.export import (
    CANVAS_IDENTITY,
    NBGRADER_COLUMNS,
    Column,
    GradeTable,
    Person,
    canvas_rows,
    export_grades,
    moodle_rows,
    number,
)
from swcourse.lms.roster import Member

from .conftest import Cycle
from .lms_formats import read_canvas, read_moodle

STUDENTS = {"perfect", "partial", "empty", "wrongtypes", "deleted"}


def read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def gradebook_score(course: Path, assignment: str, student: str) -> float:
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="") as gradebook:
        submission = gradebook.find_submission(assignment, student)
        return max(0.0, submission.score - (submission.late_submission_penalty or 0.0))


@pytest.fixture(scope="module")
def exported(
    cycle: Cycle, course_root: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("export")
    paths = export_grades(require_course(course_root), cycle.course, out).paths
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in paths)  # no temp files
    return {p.name: p for p in paths}


def test_nbgrader_csv_is_what_nbgrader_export_writes(
    exported: dict[str, Path], cycle: Cycle
) -> None:
    """Is grades.csv identical to `nbgrader export`'s output, with its documented columns?"""
    text = exported["grades.csv"].read_text()
    assert text == cycle.grades_csv
    columns, rows = read(exported["grades.csv"])
    assert columns == NBGRADER_COLUMNS
    assert {r["student_id"] for r in rows} == STUDENTS


def test_canvas_csv_has_points_possible_and_one_row_per_student(
    exported: dict[str, Path], cycle: Cycle, course_root: Path
) -> None:
    """Without a roster or Canvas ids, does the Canvas file have the identity columns, a column
    named by the title alone (Canvas matches it by name or creates it), a Points Possible row
    with the assignment's maximum, and each student's nbgrader score?"""
    columns, rows = read(exported["canvas-grades.csv"])
    title = require_course(course_root).assignment_titles[cycle.assignment]
    header = title
    assert columns == [*CANVAS_IDENTITY, header]
    points, students = rows[0], rows[1:]
    assert points["Student"] == "Points Possible"
    assert float(points[header]) == sum(item.points for item in cycle.items)
    assert sorted(r["SIS Login ID"] for r in students) == sorted(STUDENTS)
    perfect = next(r for r in students if r["SIS Login ID"] == "perfect")
    assert float(perfect[header]) == pytest.approx(
        gradebook_score(cycle.course, cycle.assignment, "perfect")
    )
    assert float(perfect[header]) == sum(i.points for i in cycle.items if i.type != "reflection")


def test_moodle_csv_has_username_and_plain_numbers(
    exported: dict[str, Path], cycle: Cycle, course_root: Path
) -> None:
    """Does the assignment's Moodle file have "username" and the assignment title as columns,
    one row per student, and plain-number scores equal to the gradebook's?"""
    columns, rows = read(exported[f"moodle-{cycle.assignment}.csv"])
    title = require_course(course_root).assignment_titles[cycle.assignment]
    assert columns == ["username", title]
    assert sorted(r["username"] for r in rows) == sorted(STUDENTS)
    for row in rows:
        assert row[title] == number(
            gradebook_score(cycle.course, cycle.assignment, row["username"])
        )
    assert next(r for r in rows if r["username"] == "empty")[title] == "0"


def second_assignment(cycle: Cycle, tmp_path: Path) -> tuple[Path, str]:
    """A copy of the cycle's course with a chapter 3 assignment only 'partial' submitted."""
    course = tmp_path / "course"
    course.mkdir()
    shutil.copy(cycle.course / "gradebook.db", course / "gradebook.db")
    second = "ch03-history-casework"
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="") as gradebook:
        gradebook.add_assignment(second)
        gradebook.add_notebook(second, second)
        gradebook.add_grade_cell(
            "q1-q-03-paid-agents-shift-grade", second, second, max_score=2, cell_type="code"
        )
        with gradebook.db.no_autoflush:  # else SQLAlchemy 2 warns inside nbgrader's method
            gradebook.add_submission(second, "partial")
        grade = gradebook.find_grade("q1-q-03-paid-agents-shift-grade", second, second, "partial")
        grade.auto_score, grade.needs_manual_grade = 1.5, False
        gradebook.db.commit()
    return course, second


def test_a_missing_submission_is_left_out_of_moodle_and_empty_in_canvas(
    cycle: Cycle, course_root: Path, tmp_path: Path
) -> None:
    """With a second assignment only one student submitted, is everyone else left out of its
    Moodle file (an empty cell would clear a Moodle grade), empty in Canvas, and 0 in nbgrader's
    own CSV; and does the grade-items file give each maximum?"""
    course, second = second_assignment(cycle, tmp_path)
    paths = {
        p.name: p
        for p in export_grades(require_course(course_root), course, tmp_path / "out").paths
    }
    title = require_course(course_root).assignment_titles[second]
    assert read_moodle(paths[f"moodle-{second}.csv"]) == ("username", title, {"partial": 1.5})
    columns, canvas = read(paths["canvas-grades.csv"])
    assert columns[-1] == title  # assignments.yaml order: chapter 2, then 3
    assert canvas[0][columns[-1]] == "2"
    assert {r["SIS Login ID"]: r[columns[-1]] for r in canvas[1:]}["empty"] == ""
    _, native = read(paths["grades.csv"])
    assert {r["student_id"]: r["score"] for r in native if r["assignment"] == second}[
        "empty"
    ] == "0.0"
    _, items = read(paths["moodle-grade-items.csv"])
    assert [(r["Grade item"], r["Maximum grade"], r["ID number"]) for r in items][-1] == (
        title,
        "2",
        second,
    )


ROSTER = """id,first_name,last_name,email,section,lms_user_id
perfect,Zoë,"Nguyen, Jr.",zoe@example.edu,"Tuesday, room 2",2001
partial,Siobhán,O'Brien,sob@example.edu,Thursday,2002
empty,"Jean ""JJ"" Paul",Smith,jj@example.edu,Tuesday,2003
"""
CANVAS_ROSTER = """Student,ID,SIS User ID,SIS Login ID,Section
"Nguyen, Jr., Zoë",2001,S-1,perfect,"Tuesday, room 2"
"O'Brien, Siobhán",2002,S-2,partial,Thursday
"""


def test_canvas_file_carries_roster_ids_and_configured_assignment_ids(
    cycle: Cycle, course_root: Path, tmp_path: Path
) -> None:
    """With a Canvas roster and Canvas assignment ids in lms.yaml, does Canvas's reading of the
    file find each student by Canvas ID with the SIS ids and section from the roster, match the
    configured assignment by id, take the unconfigured one by name, keep names with commas,
    quotes and accents whole, and leave the student Canvas does not know with --lms-only?"""
    from swcourse.lms.enrol import import_roster

    course, second = second_assignment(cycle, tmp_path)
    (tmp_path / "canvas.csv").write_text(CANVAS_ROSTER, encoding="utf-8")
    import_roster(course, tmp_path / "canvas.csv")
    (tmp_path / "plain.csv").write_text(ROSTER, encoding="utf-8")
    import_roster(course, tmp_path / "plain.csv")
    (course / "lms.yaml").write_text(
        f"schema_version: 1\ncanvas:\n  assignment_ids:\n    {cycle.assignment}: 48213\n"
    )
    titles = require_course(course_root).assignment_titles
    result = export_grades(require_course(course_root), course, tmp_path / "out")
    canvas = read_canvas(tmp_path / "out" / "canvas-grades.csv")
    assert canvas.assignments == [(titles[cycle.assignment], 48213), (titles[second], None)]
    assert canvas.points == {
        f"{titles[cycle.assignment]} (48213)": sum(i.points for i in cycle.items),
        titles[second]: 2.0,
    }
    identity = {
        k: (r["Student"], r["SIS User ID"], r["SIS Login ID"], r["Section"])
        for k, r in canvas.students.items()
    }
    assert identity["2001"] == ("Nguyen, Jr., Zoë", "S-1", "perfect", "Tuesday, room 2")
    assert identity["2002"] == ("O'Brien, Siobhán", "S-2", "partial", "Thursday")
    assert identity["2003"] == ('Smith, Jean "JJ" Paul', "", "empty", "Tuesday")
    assert identity["wrongtypes"] == ("wrongtypes", "", "wrongtypes", "")  # not in any roster
    assert canvas.students["2002"][titles[second]] == "1.5"
    assert result.left_out == {}
    strict = export_grades(require_course(course_root), course, tmp_path / "strict", lms_only=True)
    assert strict.left_out == {
        "canvas": ["deleted", "wrongtypes"],
        "moodle": ["deleted", "wrongtypes"],
    }
    assert set(read_canvas(tmp_path / "strict" / "canvas-grades.csv").students) == {
        "2001",
        "2002",
        "2003",
    }


def test_moodle_identity_from_lms_yaml_and_unknown_students(
    cycle: Cycle, course_root: Path, tmp_path: Path
) -> None:
    """With a Moodle roster and `identity: idnumber`, does the Moodle file key grades by ID
    number, and does --lms-only leave out (and name on stderr) the students Moodle lacks?"""
    from click.testing import CliRunner

    from swcourse.cli import main
    from swcourse.lms.enrol import import_roster

    course, _ = second_assignment(cycle, tmp_path)
    (tmp_path / "moodle.csv").write_text(
        "First name,Last name,Username,ID number,Email address\n"
        'Pat,Perfect,perfect,M-1,pat@example.edu\nPam,"Partial, Jr.",partial,M-2,'
        "pam@example.edu\n",
        encoding="utf-8",
    )
    import_roster(course, tmp_path / "moodle.csv")
    (course / "lms.yaml").write_text("schema_version: 1\nmoodle:\n  identity: idnumber\n")
    result = CliRunner().invoke(
        main,
        [
            "export",
            "--root",
            str(course_root),
            "--course",
            str(course),
            "--out",
            str(tmp_path / "out"),
            "--lms-only",
        ],
    )
    assert result.exit_code == 0, result.output
    _, _, grades = read_moodle(tmp_path / "out" / f"moodle-{cycle.assignment}.csv")
    assert set(grades) == {"M-1", "M-2"}
    assert grades["M-1"] == sum(i.points for i in cycle.items if i.type != "reflection")
    assert (
        "Left out of the Moodle file(s), not in its roster: deleted, empty, wrongtypes"
        in result.stderr
    )
    assert result.stdout.strip().splitlines()[-1].startswith("Wrote ")
    assert "Warning" not in result.output


def test_exports_are_readable_like_nbgraders(exported: dict[str, Path]) -> None:
    """Are the exported files mode 0644 under a 022 umask, as nbgrader's own export is?"""
    for path in exported.values():
        assert path.stat().st_mode & 0o777 == 0o644, path


def test_nbgrader_export_plugin_writes_the_same_canvas_file(
    cycle: Cycle, course_root: Path, exported: dict[str, Path], tmp_path: Path
) -> None:
    """Does `nbgrader export --exporter=swcourse.lms.plugins.CanvasExportPlugin` write exactly
    the Canvas file `swcourse export` writes, and the Moodle plugin the same Moodle files?"""
    from .conftest import run

    run(
        [
            "export",
            "--exporter=swcourse.lms.plugins.CanvasExportPlugin",
            f"--to={tmp_path / 'canvas.csv'}",
            f"--CanvasExportPlugin.course_root={course_root}",
        ],
        cycle.course,
        cycle.exchange,
    )
    assert (tmp_path / "canvas.csv").read_bytes() == exported["canvas-grades.csv"].read_bytes()
    run(
        [
            "export",
            "--exporter=swcourse.lms.plugins.MoodleExportPlugin",
            f"--to={tmp_path / 'moodle'}",
            f"--MoodleExportPlugin.course_root={course_root}",
        ],
        cycle.course,
        cycle.exchange,
    )
    name = f"moodle-{cycle.assignment}.csv"
    assert (tmp_path / "moodle" / name).read_bytes() == exported[name].read_bytes()


def test_lms_rows_from_a_hand_made_table() -> None:
    """Do the Canvas and Moodle rows put names, ids, points and scores where the formats expect
    them, with plain numbers, an empty Canvas cell and no Moodle row for missing work?"""
    ada = Member(
        "ada",
        "Ada",
        "Lovelace",
        section="Tue",
        canvas_id="7",
        sis_user_id="S7",
        sis_login_id="ada.l",
        sources=["canvas"],
    )
    table = GradeTable(
        [Column("a1", "First", 10.0, 555), Column("a2", "Second", 2.5)],
        [Person("ada", "Ada", "Lovelace", member=ada), Person("bob", "", "")],
        {("ada", "a1"): 7.25, ("bob", "a2"): 1 / 3},
    )
    assert canvas_rows(table) == [
        [*CANVAS_IDENTITY, "First (555)", "Second"],
        ["Points Possible", "", "", "", "", "10", "2.5"],
        ["Lovelace, Ada", "7", "S7", "ada.l", "Tue", "7.25", ""],
        ["bob", "", "", "bob", "", "", "0.3333"],
    ]
    assert moodle_rows(table, table.columns[0]) == [["username", "First"], ["ada", "7.25"]]
    assert moodle_rows(table, table.columns[1]) == [["username", "Second"], ["bob", "0.3333"]]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(moodle_rows(table, table.columns[1]))
    assert "e-" not in buffer.getvalue() and "e+" not in buffer.getvalue()


def test_a_failed_write_keeps_the_previous_file(tmp_path: Path) -> None:
    """If writing fails part-way, is the previous file left intact and no temporary file left?"""
    target = tmp_path / "grades.csv"
    target.write_text("previous\n")
    with pytest.raises(RuntimeError), atomic_path(target) as temporary:
        temporary.write_text("half")
        raise RuntimeError("disk full")
    assert target.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["grades.csv"]
