"""`swcourse hub`: a trial class on this computer, on the course's real JupyterHub configuration."""

from __future__ import annotations

import signal
from pathlib import Path

import click

from .cli_shared import course_root, file_option

DEFAULT_ROOT = Path("/srv/swcourse-trial")


@click.command()
@file_option(
    "--roster",
    "roster_file",
    "CSV with the columns username and role (student or instructor).",
    path_type=Path,
)
@click.option(
    "--root",
    "trial_root",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_ROOT,
    show_default=True,
    help="Folder for the trial: exchange, course copy, the trial users' homes.",
)
@click.option("--port", default=8000, show_default=True, help="Port of the hub on 127.0.0.1.")
@click.option(
    "--remove-users",
    is_flag=True,
    help="Stop nothing, start nothing: delete the trial users, their homes and --root.",
)
def hub(roster_file: Path | None, trial_root: Path, port: int, remove_users: bool) -> None:
    """Run a TRIAL class on 127.0.0.1: JupyterHub with nbgrader, users made from a roster.

    For trying the whole term on one computer only: everyone signs in with one shared password.
    Needs root (it creates a Unix account for each roster user). Press Ctrl-C to stop; run again
    with --remove-users to delete the trial accounts and everything the trial wrote.
    """
    from .hub.accounts import AccountError, require_root
    from .hub.roster import RosterError, load_roster
    from .hub.trial import (
        GRADER,
        Trial,
        free_port,
        new_password,
        prepare,
        private_python,
        remove,
        start,
        stop,
    )

    trial = Trial(trial_root.resolve(), course_root(None))
    try:
        require_root("swcourse hub")
        if remove_users:
            names = remove(trial)
            click.echo(
                f"Removed {len(names)} trial account(s): {', '.join(names) or 'none'}; "
                f"deleted {trial.root}"
            )
            return
        if roster_file is None:
            raise click.UsageError("give the class list with --roster FILE (or --remove-users)")
        roster = load_roster(roster_file)
        private = private_python()
        if private is not None:
            raise click.ClickException(
                f"every user's Jupyter server must run this Python, but {private} keeps other "
                "users out; keep the course in a folder all users can read (such as "
                "/srv/swcourse/course), build the shared environment there with `make hub-env` "
                "and run `.hub-env/bin/swcourse hub` (or `make hub`)"
            )
        if GRADER in roster.instructors + roster.students:
            raise RosterError(
                f"{roster_file}: {GRADER} is the course's grading account; do not list it"
            )
        click.echo(f"Preparing the trial in {trial.root} (accounts, exchange, course copy)...")
        prepare(trial, roster, roster_file)
    except (AccountError, RosterError) as exc:
        raise click.ClickException(str(exc)) from exc
    password = new_password()
    ports = {"public": port, "hub": free_port(), "proxy": free_port(), "service": free_port()}
    log = trial.root / "hub" / "jupyterhub.log"
    # `kill` stops the trial as Ctrl-C does, while it starts and while it runs.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        process = start(trial, password, ports, log)  # on failure it has stopped what it started
    except RuntimeError as exc:
        raise click.ClickException(str(exc)) from exc
    except KeyboardInterrupt:
        raise click.ClickException(
            "Stopped while the hub was starting; nothing of it is left running."
        ) from None
    address = f"http://127.0.0.1:{port}"
    click.echo(f"\nTRIAL hub running at {address}  (for trials only: one shared password)")
    click.echo(f"Formgrader for instructors: {address}/services/casework-groupwork/formgrader")
    click.echo(f"Sign in as any of these users with the password {password}")
    for name in roster.instructors:
        click.echo(f"  instructor  {name}")
    for name in roster.students:
        click.echo(f"  student     {name}")
    click.echo(f"Hub log: {log}.  Press Ctrl-C to stop the hub.", nl=True)
    try:
        process.wait()
        raise click.ClickException(f"JupyterHub stopped by itself; see {log}")
    except KeyboardInterrupt:
        click.echo("\nStopping the hub, the proxy and every user's server...")
    finally:
        stop(process, trial, ports)
    click.echo(
        "Stopped. The trial users and their work are kept; remove them with "
        f"`swcourse hub --remove-users --root {trial.root}`."
    )
