"""What `swcourse grade` shows: a progress bar counting notebooks as each student is recorded,
then a short summary that names every student whose grading failed, timed out, reached a limit
or stopped its kernel, with the reason, and the counts last. Exit status 1 when any notebook
could not be graded (failed)."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

import click
from rich.console import Console

LABELS = {
    "graded": "graded",
    "stopped": "stopped their kernel",
    "limit": "reached a limit",
    "timed out": "timed out",
    "failed": "failed",
}


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{counter[status]} {label}" for status, label in LABELS.items())


def run_grade(
    console: Console,
    folder: Path,
    assignment: str,
    workers: int | None,
    check_only: bool,
    always_run: bool,
    **limits: Any,
) -> None:
    """Grade (or only pre-check) ASSIGNMENT in `folder`; exit 1 if any submission failed."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from .grading.autograde import grade, submissions
    from .grading.intake import check
    from .sandbox.sandbox import Limits, available

    if check_only:
        refused = check(folder, assignment)
        for student, reason in refused:
            click.echo(f"{student}: refused: {reason}")
        click.echo(
            f"{len(refused)} submission(s) refused"
            if refused
            else "No links or special files: the submissions are safe to grade."
        )
        if refused:
            raise SystemExit(1)
        return
    found = submissions(folder, assignment)
    if not found:
        raise click.ClickException(
            f"no collected submissions for {assignment!r} in "
            f"{folder / 'submitted'}; run nbgrader collect first"
        )
    if why := available():
        click.echo(
            f"Warning: {why}. Submissions whose code must run are not graded; those "
            "that only hold answers are.",
            err=True,
        )
    told: dict[int, str] = {}  # each outcome's last status, by identity
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[counts]}"),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(f"Grading {assignment}", total=len(found), counts=_counts(Counter()))

        def advance(outcome: Any) -> None:
            """One more notebook recorded, or (told again) one whose batch then failed."""
            told[id(outcome)] = outcome.status
            counts = _counts(Counter(told.values()))
            bar.update(task, completed=len(told), counts=counts)

        outcomes = grade(
            folder,
            assignment,
            workers or os.cpu_count() or 1,
            Limits(**limits),
            progress=advance,
            fast=not always_run,
        )
    problems = [o for o in outcomes if o.status != "graded" or o.notes]
    for outcome in problems:
        click.echo(f"{outcome.student}/{outcome.notebook}: {outcome.status}: {outcome.detail}")
    totals = Counter(o.status for o in outcomes)
    click.echo(
        f"{len(outcomes)} notebooks: {_counts(totals)} "
        f"({sum(not o.kernel and o.status != 'failed' for o in outcomes)} without a kernel)"
    )
    if totals["failed"]:
        raise SystemExit(1)
