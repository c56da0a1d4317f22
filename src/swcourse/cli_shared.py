"""What every `swcourse` command shares: finding the course, loading it once, saying what is wrong.

A command that needs course content calls `load_or_fail` once, at the edge, and hands the one
`Course` down: nothing below it reads a course file again. Load problems are printed the way
`swcourse check` prints them (`file:line: problem`, one per line, none left out), and the
command stops with a plain message instead of a traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from .core.course import Course, find_root, load_course
from .core.problems import ContentError, Problem

F = TypeVar("F", bound=Callable[..., Any])

root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, exists=True),
    default=None,
    help="Course root (the folder with _config.yml); default: found from here.",
)
course_option = click.option(
    "--course",
    type=click.Path(file_okay=False, exists=True),
    default=None,
    help="nbgrader course folder (default: quizzes/ of the course root).",
)


def file_option(flag: str, dest: str, help: str, **path: Any) -> Callable[[F], F]:
    """An option naming one file (never a folder), unset unless given; `path` goes to
    click.Path (exists=True, path_type=Path, ...)."""
    return click.option(
        flag, dest, type=click.Path(dir_okay=False, **path), default=None, help=help
    )


def course_root(path: str | None) -> Path:
    """The course folder at or above `path` (default: here), or a plain error saying so."""
    try:
        return find_root(Path(path or ".").resolve())
    except ContentError as exc:
        raise click.ClickException(str(exc)) from exc


def echo_problems(problems: Iterable[Problem], root: Path) -> int:
    """Print each problem as `file:line: problem` on stderr; how many there were."""
    count = 0
    for problem in problems:
        click.echo(problem.format(root), err=True)
        count += 1
    return count


def load_or_fail(root: Path) -> Course:
    """The course, read once; if any file does not load, every problem printed and a stop."""
    course, problems = load_course(root)
    if problems:
        count = echo_problems(problems, root)
        raise click.ClickException(
            f"the course does not load: {count} problem(s) above; fix them first "
            "(`swcourse check` lists them too)"
        )
    return course
