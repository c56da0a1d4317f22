"""`swcourse roster` and `swcourse export`: the class roster in from the LMS, grades out to it."""

from __future__ import annotations

import warnings
from pathlib import Path

import click

from .cli_shared import (
    course_option,
    course_root,
    file_option,
    load_or_fail,
    root_option,
)
from .core.course import CourseLayout
from .core.problems import ContentError


@click.group()
def roster() -> None:
    """The class roster: students, their LMS ids and sections."""


@roster.command("import")
@root_option
@course_option
@click.argument("file", type=click.Path(dir_okay=False, exists=True))
@click.option(
    "--id-from",
    type=click.Choice(
        ["sis_login_id", "sis_user_id", "canvas_id", "username", "idnumber", "email"]
    ),
    default=None,
    help="Roster field that becomes the nbgrader student id (the hub login). Default: "
    "SIS Login ID for Canvas, username for Moodle; a plain CSV uses its id column.",
)
def roster_import(root: str | None, course: str | None, file: str, id_from: str | None) -> None:
    """Add or update the students of FILE: a Canvas gradebook export, a Moodle participants
    export or a plain CSV (id, first_name, last_name, email, section). Grades are kept."""
    from .lms.enrol import import_roster
    from .lms.roster import RosterError

    folder = Path(course) if course else CourseLayout(course_root(root)).quizzes
    try:
        result = import_roster(folder, Path(file), id_from)
    except RosterError as exc:
        raise click.ClickException(f"{exc}\nNothing was changed.") from exc
    click.echo(
        f"{result.fmt.capitalize()} roster: {len(result.added)} added, "
        f"{len(result.updated)} updated; LMS ids in {result.roster}"
    )


@click.command()
@root_option
@course_option
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder for the CSV files (default: exports/ in the course folder).",
)
@click.option(
    "--lms-only",
    is_flag=True,
    help="Leave out students the imported roster does not "
    "place in Canvas or Moodle (listed on stderr), so the LMS import does not stop.",
)
def export(root: str | None, course: str | None, out_dir: str | None, lms_only: bool) -> None:
    """Write grade files: nbgrader's CSV, a Canvas import CSV and Moodle import CSVs."""
    from .lms.export import export_grades
    from .lms.roster import RosterError

    loaded = load_or_fail(course_root(root))
    folder = Path(course) if course else loaded.layout.quizzes
    if not (folder / "gradebook.db").is_file():
        raise click.ClickException(
            f"{folder} has no gradebook.db; run nbgrader autograde there first, or pass --course"
        )
    target = Path(out_dir) if out_dir else folder / "exports"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exported = export_grades(loaded, folder, target, lms_only)
    except (ContentError, LookupError, ValueError, RosterError) as exc:
        raise click.ClickException(str(exc)) from exc
    for lms, students in exported.left_out.items():
        click.echo(
            f"Left out of the {lms.capitalize()} file(s), not in its roster: {', '.join(students)}",
            err=True,
        )
    click.echo(f"Wrote {len(exported.paths)} files to {target}")


def write_grading_notebook(course_dir: Path, root: Path, assignment: str) -> Path:
    """hand-grading/<assignment>.ipynb in the course folder: one cell that opens the screen."""
    import nbformat

    from .grading.gradebook import atomic_path

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3",
        "language": "python",
        "name": "python3",
    }
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            f"# Hand grading by question: {assignment}\n\nRun the cell below (or open "
            "this notebook in Voilà). Pick a question, then type each student's score; "
            "it is saved to the gradebook when you press Enter or leave the field."
        ),
        nbformat.v4.new_code_cell(
            "from swcourse.grading.handgrade_app import HandGrading\n"
            f"HandGrading({assignment!r}, course_dir={str(course_dir)!r}, "
            f"root={str(root)!r})"
        ),
    ]
    for cell in nb.cells:
        cell.id = "hand-grading" if cell.cell_type == "code" else "title"
    target = course_dir / "hand-grading" / f"{assignment}.ipynb"
    with atomic_path(target) as temporary:
        nbformat.write(nb, str(temporary))
    return target


@click.command()
@root_option
@course_option
@click.argument("assignment")
@click.option("--port", default=8867, show_default=True, help="Port for Voilà on 127.0.0.1.")
@click.option("--no-serve", is_flag=True, help="Only write the notebook (open it in JupyterLab).")
def handgrade(
    root: str | None, course: str | None, assignment: str, port: int, no_serve: bool
) -> None:
    """Grade reflections by question: every student's answer to one question on one screen."""
    import subprocess

    from .serve import HOST, voila_command, voila_env

    # The screen reads the course in its own kernel: say here, first, if it does not load.
    root_folder = load_or_fail(course_root(root)).root
    folder = (Path(course) if course else root_folder / "quizzes").resolve()
    if not (folder / "gradebook.db").is_file():
        raise click.ClickException(f"{folder} has no gradebook.db; collect and autograde first")
    notebook = write_grading_notebook(folder, root_folder, assignment)
    if no_serve:
        click.echo(f"Open {notebook} in JupyterLab and run its cell")
        return
    voila = subprocess.Popen(
        voila_command(notebook.parent, port),
        env=voila_env(root_folder / "build"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    click.echo(f"Hand grading: http://{HOST}:{port}/voila/render/{notebook.name} (Ctrl+C to stop)")
    try:
        voila.wait()
    except KeyboardInterrupt:
        voila.terminate()
        voila.wait(timeout=10)


@click.group()
def bank() -> None:
    """The question bank in your LMS's own quiz engine."""


@bank.command("export")
@root_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["moodle", "qti"]),
    required=True,
    help="moodle: Moodle XML (Question bank > Import); qti: a QTI 1.2 zip for Canvas "
    "(Settings > Import course content > QTI .zip file).",
)
@file_option("--out", "out", "File to write (default: question-bank.xml or question-bank-qti.zip).")
@click.option(
    "--use",
    type=click.Choice(["all", "assessment", "practice"]),
    default="all",
    show_default=True,
    help="Which items to export, by their `use` in the bank.",
)
def bank_export(root: str | None, fmt: str, out: str | None, use: str) -> None:
    """Export the question bank for Moodle or Canvas quizzes, with per-option feedback."""
    from .grading.gradebook import atomic_path
    from .lms.moodle_xml import moodle_xml
    from .lms.qti import qti_zip

    loaded = load_or_fail(course_root(root))
    banks = {b.path.stem: [i for i in b.model.items if use in ("all", i.use)] for b in loaded.banks}
    banks = {stem: items for stem, items in banks.items() if items}
    data = moodle_xml(banks) if fmt == "moodle" else qti_zip(banks)
    target = Path(out or ("question-bank.xml" if fmt == "moodle" else "question-bank-qti.zip"))
    with atomic_path(target) as temporary:
        temporary.write_bytes(data)
    if use != "practice":
        click.echo(
            "Note: this bank is public, so its assessment keys are too; keep the "
            "exported questions hidden from students until you use them.",
            err=True,
        )
    click.echo(f"Wrote {sum(len(v) for v in banks.values())} questions to {target}")
