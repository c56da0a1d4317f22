"""`swcourse`: the command line. It parses arguments and calls the package; nothing more."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from rich.console import Console

from .cli_hub import hub as hub_command
from .cli_shared import (
    course_option,
    course_root,
    echo_problems,
    file_option,
    load_or_fail,
    root_option,
)
from .core.check import check_course, checked
from .core.course import CourseLayout, load_course
from .core.problems import ContentError
from .sandbox.sandbox import Limits

console = Console(highlight=False)
LIMITS = Limits()  # the grader's defaults live once, in sandbox/sandbox.py


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="swcourse")
def main() -> None:
    """Casework and Group Work: check, build and serve the course."""


@main.command()
@root_option
@click.option(
    "--bias",
    is_flag=True,
    help="Also print where keys sit and how often they are "
    "the longest option, per bank file and scenario.",
)
def check(root: str | None, bias: bool) -> None:
    """Validate all course content; print `file:line: problem` for each thing to fix."""
    loaded, problems = checked(*load_course(course_root(root)))
    if bias:
        from .bias_report import bias_report

        click.echo("\n".join(bias_report(loaded)))
    if echo_problems(problems, loaded.root):
        raise click.ClickException(f"{len(problems)} problem(s) found")
    console.print("Course content is valid.")


@main.command()
@root_option
@click.option("--fresh", is_flag=True, help="Rebuild every page, not only those that changed.")
def build(root: str | None, fresh: bool) -> None:
    """Check the content, then build the book (warnings are errors) into _build/site."""
    from .build import BuildFailed, book_is_current
    from .build import build as build_book

    course = course_root(root)
    problems = check_course(course)
    if echo_problems(problems, course):
        raise click.ClickException(f"{len(problems)} problem(s) found; the book was not built")
    current = not fresh and book_is_current(course)
    try:
        site = build_book(course, fresh=fresh)
    except (BuildFailed, ContentError) as exc:
        raise click.ClickException(str(exc)) from exc
    if current:
        console.print(f"No file of the course changed since the last build; {site} is current.")
    else:
        console.print(f"Built the book into {site}")


@main.command()
@root_option
@click.option("--book-port", default=8000, show_default=True, help="Port for the static book.")
@click.option("--voila-port", default=8866, show_default=True, help="Port for Voilà (scenarios).")
@click.option("--no-build", is_flag=True, help="Serve the last build without rebuilding.")
@click.option(
    "--assignment",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A fetched assignment folder to answer in Voilà (on the next port).",
)
def serve(
    root: str | None,
    book_port: int,
    voila_port: int,
    no_build: bool,
    assignment: Path | None = None,
) -> None:
    """Build (unless --no-build) and serve the book and the live scenarios on 127.0.0.1."""
    from .build import SITE
    from .serve import serve as serve_course

    course = course_root(root)
    if not no_build:
        click.get_current_context().invoke(build, root=str(course))
    site = course / SITE
    if not (site / "index.html").is_file():
        raise click.ClickException(f"no built book in {site}; run `swcourse build` first")
    serve_course(
        site,
        course / "notebooks",
        course / "build",
        book_port,
        voila_port,
        echo=click.echo,
        assignment=assignment,
    )


@main.group()
def assignments() -> None:
    """Graded nbgrader assignments generated from the question bank."""


@assignments.command("generate")
@root_option
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Write nothing; fail if any committed notebook differs from the bank.",
)
def assignments_generate(root: str | None, check_only: bool) -> None:
    """Write quizzes/source/<assignment>/<assignment>.ipynb for every assignment spec."""
    from .grading.generate import generate, render_all

    course = load_or_fail(course_root(root))
    try:
        rendered = render_all(course) if check_only else generate(course)
    except ContentError as exc:
        echo_problems(exc.problems, course.root)
        raise click.ClickException("the assignments could not be generated") from exc
    stale = [g for g in rendered if not g.current]
    for notebook in rendered:
        state = "up to date" if notebook.current else ("stale" if check_only else "written")
        click.echo(f"{notebook.path.relative_to(course.root)}: {state}")
    if check_only and stale:
        raise click.ClickException(
            f"{len(stale)} notebook(s) are stale; run `swcourse assignments generate`"
        )


def _course_dir(root: str | None, course: str | None) -> Path:
    """The nbgrader course folder: --course, or quizzes/ of the course root."""
    folder = Path(course) if course else CourseLayout(course_root(root)).quizzes
    if not (folder / "gradebook.db").is_file():
        raise click.ClickException(
            f"{folder} has no gradebook.db; run nbgrader generate_assignment "
            "and collect there first, or pass --course"
        )
    return folder


def limit_option(name: str, help: str) -> Any:
    """An option for one of the sandbox's limits, defaulting to the grader's own default."""
    return click.option(
        f"--{name.replace('_', '-')}", default=getattr(LIMITS, name), show_default=True, help=help
    )


@main.command()
@root_option
@course_option
@click.argument("assignment")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Parallel grading workers (default: the number of cores).",
)
@limit_option("cell_timeout", "Seconds each cell may run.")
@limit_option("submission_timeout", "Seconds one submission may run in all.")
@limit_option("memory_mb", "Memory limit per submission.")
@limit_option("output_chars", "Output a submission may print before it is cut.")
@limit_option("disk_mb", "Work-folder size per submission.")
@click.option(
    "--always-run",
    is_flag=True,
    help="Run every notebook in the sandbox, even one that only holds answers.",
)
@click.option(
    "--check-only",
    is_flag=True,
    help="Only list submissions that hold links or special files (run before nbgrader).",
)
def grade(
    root: str | None,
    course: str | None,
    assignment: str,
    workers: int | None,
    cell_timeout: int,
    submission_timeout: int,
    memory_mb: int,
    output_chars: int,
    disk_mb: int,
    always_run: bool,
    check_only: bool,
) -> None:
    """Autograde every collected submission of ASSIGNMENT in parallel, student code sandboxed."""
    from .cli_grade import run_grade

    run_grade(
        console,
        _course_dir(root, course),
        assignment,
        workers,
        check_only,
        always_run,
        cell_timeout=cell_timeout,
        submission_timeout=submission_timeout,
        memory_mb=memory_mb,
        output_chars=output_chars,
        disk_mb=disk_mb,
    )


@main.command()
@root_option
@course_option
@click.argument("assignment")
@file_option(
    "--out", "out", "Report file (default: reports/<assignment>.html in the course folder)."
)
def report(root: str | None, course: str | None, assignment: str, out: str | None) -> None:
    """Write a class report for ASSIGNMENT: score distribution, item analysis, mastery."""
    from .classreport.report import write_report

    loaded = load_or_fail(course_root(root))
    folder = _course_dir(root, course)
    target = Path(out) if out else folder / "reports" / f"{assignment}.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        written = write_report(loaded, folder, assignment, target)
    except (ContentError, LookupError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Report written to {written}")


def _register_revise() -> None:
    from .cli_revise import revise

    main.add_command(revise)


_register_revise()


from .cli_lms import bank, export, handgrade, roster  # noqa: E402 - LMS commands, own module

for _command in (roster, export, handgrade, bank):
    main.add_command(_command)

main.add_command(hub_command)

if __name__ == "__main__":
    main()
