"""`swcourse roster` and `swcourse export`: the class roster in from the LMS, grades out to it."""

from __future__ import annotations

import warnings
from pathlib import Path

import click

from .core.problems import ContentError

course_option = click.option("--course", type=click.Path(file_okay=False, exists=True),
                             default=None, help="nbgrader course folder (default: quizzes/ of "
                             "the course root).")
root_option = click.option("--root", type=click.Path(file_okay=False, exists=True), default=None,
                           help="Course root (the folder with _config.yml); default: found "
                           "from here.")


def _root(path: str | None) -> Path:
    from .core.course import find_root

    try:
        return find_root(Path(path or ".").resolve())
    except ContentError as exc:
        raise click.ClickException(str(exc)) from exc


@click.group()
def roster() -> None:
    """The class roster: students, their LMS ids and sections."""


@roster.command("import")
@root_option
@course_option
@click.argument("file", type=click.Path(dir_okay=False, exists=True))
@click.option("--id-from", type=click.Choice(["sis_login_id", "sis_user_id", "canvas_id",
                                             "username", "idnumber", "email"]), default=None,
              help="Roster field that becomes the nbgrader student id (the hub login). Default: "
              "SIS Login ID for Canvas, username for Moodle; a plain CSV uses its id column.")
def roster_import(root: str | None, course: str | None, file: str, id_from: str | None) -> None:
    """Add or update the students of FILE: a Canvas gradebook export, a Moodle participants
    export or a plain CSV (id, first_name, last_name, email, section). Grades are kept."""
    from .lms.enrol import import_roster
    from .lms.roster import RosterError

    folder = Path(course) if course else _root(root) / "quizzes"
    try:
        result = import_roster(folder, Path(file), id_from)
    except RosterError as exc:
        raise click.ClickException(f"{exc}\nNothing was changed.") from exc
    click.echo(f"{result.fmt.capitalize()} roster: {len(result.added)} added, "
               f"{len(result.updated)} updated; LMS ids in {result.roster}")


@click.command()
@root_option
@course_option
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Folder for the CSV files (default: exports/ in the course folder).")
@click.option("--lms-only", is_flag=True, help="Leave out students the imported roster does not "
              "place in Canvas or Moodle (listed on stderr), so the LMS import does not stop.")
def export(root: str | None, course: str | None, out_dir: str | None, lms_only: bool) -> None:
    """Write grade files: nbgrader's CSV, a Canvas import CSV and Moodle import CSVs."""
    from .grading.export import export_grades
    from .lms.roster import RosterError

    course_root = _root(root)
    folder = Path(course) if course else course_root / "quizzes"
    if not (folder / "gradebook.db").is_file():
        raise click.ClickException(f"{folder} has no gradebook.db; run nbgrader autograde there "
                                   "first, or pass --course")
    target = Path(out_dir) if out_dir else folder / "exports"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exported = export_grades(course_root, folder, target, lms_only)
    except (ContentError, LookupError, ValueError, RosterError) as exc:
        raise click.ClickException(str(exc)) from exc
    for lms, students in exported.left_out.items():
        click.echo(f"Left out of the {lms.capitalize()} file(s), not in its roster: "
                   f"{', '.join(students)}", err=True)
    click.echo(f"Wrote {len(exported.paths)} files to {target}")
