"""A trial class on one computer: the course's real hub configuration, with trial accounts.

`prepare` lays out the trial folder as deploy/README.md asks of a real server (shared exchange,
the grader account's copy of the course, the roster) and makes the Unix accounts; `start` runs
JupyterHub with deploy/jupyterhub_config.py on 127.0.0.1 and the trial sign-in; `stop` stops the
hub, which stops the proxy and every server, then whatever of the run is still left
(hub/processes.py); `remove` deletes what `prepare` made.
"""

from __future__ import annotations

import contextlib
import csv
import os
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .accounts import make_account, remove_account, run_as, trial_accounts
from .processes import run_processes, stop_processes
from .roster import Roster

COURSE_ID = "casework-groupwork"
GRADER = f"grader-{COURSE_ID}"
# What the grader's copy of the course needs: the course data, never working or built files.
COURSE_PARTS = ("_config.yml", "_toc.yml", "book", "notebooks", "quizzes")
NOT_COPIED = shutil.ignore_patterns(
    "gradebook.db",
    "submitted",
    "autograded",
    "feedback",
    "release",
    "exports",
    "reports",
    "_build",
    "__pycache__",
    ".ipynb_checkpoints",
)


@dataclass(frozen=True)
class Trial:
    root: Path  # holds hub/, exchange/, course/, home/ and roster.csv
    course: Path  # the course checkout the trial copies from

    @property
    def homes(self) -> Path:
        return self.root / "home"

    @property
    def exchange(self) -> Path:
        return self.root / "exchange"

    @property
    def course_dir(self) -> Path:
        """nbgrader's course folder: quizzes/ of the grader account's copy of the course."""
        return self.root / "course" / "quizzes"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def private_python() -> Path | None:
    """The first folder that keeps other users out of this Python, or None if all may run it."""
    for path in (Path(os.path.realpath(sys.executable)), Path(sys.base_prefix), Path(sys.prefix)):
        for folder in [path, *path.parents]:
            if folder.exists() and not os.stat(folder).st_mode & stat.S_IXOTH:
                return folder
    return None


def _copy_course(trial: Trial) -> None:
    target = trial.root / "course"
    if target.exists():
        return  # a trial that is started again keeps its gradebook and submissions
    target.mkdir(mode=0o700)
    for part in COURSE_PARTS:
        source = trial.course / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=NOT_COPIED)
        else:
            shutil.copy2(source, target / part)
    subprocess.run(["chown", "-R", f"{GRADER}:{GRADER}", str(target)], check=True)


def hub_environment(trial: Trial, password: str, ports: dict[str, int]) -> dict[str, str]:
    """The settings deploy/jupyterhub_config.py reads (see deploy/README.md)."""
    proxy = trial.course / "node_modules" / ".bin" / "configurable-http-proxy"
    return {
        **os.environ,
        "SWCOURSE_HUB_ROOT": str(trial.root),
        "SWCOURSE_COURSE_ID": COURSE_ID,
        "SWCOURSE_HUB_AUTH": "trial",
        "SWCOURSE_TRIAL_PASSWORD": password,
        "SWCOURSE_HUB_URL": f"http://127.0.0.1:{ports['public']}",
        "SWCOURSE_HUB_API_PORT": str(ports["hub"]),
        "SWCOURSE_PROXY_API_PORT": str(ports["proxy"]),
        "SWCOURSE_SERVICE_PORT": str(ports["service"]),
        "SWCOURSE_PROXY": str(proxy) if proxy.exists() else "configurable-http-proxy",
    }


def grader_environment(trial: Trial, bin_dir: Path | None = None) -> dict[str, str]:
    """The environment the course service runs in, for commands run as the grader account."""
    deploy = trial.course / "deploy" / "jupyter"
    bin_dir = bin_dir or Path(sys.executable).parent
    return {
        "PATH": f"{bin_dir}{os.pathsep}/usr/local/bin:/usr/bin:/bin",
        "JUPYTER_CONFIG_PATH": f"{deploy / 'grader'}{os.pathsep}{deploy / 'common'}",
        "SWCOURSE_COURSE_ID": COURSE_ID,
        "SWCOURSE_EXCHANGE_ROOT": str(trial.exchange),
        "SWCOURSE_COURSE_DIR": str(trial.course_dir),
    }


def prepare(trial: Trial, roster: Roster, roster_file: Path) -> None:
    """Make the trial folder, the accounts and the grader's course; safe to run again."""
    trial.root.mkdir(parents=True, exist_ok=True)
    os.chmod(trial.root, 0o755)
    (trial.root / "hub").mkdir(mode=0o700, exist_ok=True)
    trial.exchange.mkdir(exist_ok=True)
    os.chmod(trial.exchange, 0o1777)  # every user writes; nobody removes another user's files
    shutil.copy(roster_file, trial.root / "roster.csv")
    os.chmod(trial.root / "roster.csv", 0o600)
    for name in [GRADER, *roster.instructors, *roster.students]:
        make_account(name, trial.homes)
    _copy_course(trial)
    students = trial.root / "hub" / "students.csv"
    with students.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "first_name", "last_name", "email"])
        for m in roster.members:
            if m.role == "student":
                writer.writerow([m.username, m.first_name, m.last_name, m.email])
    shutil.copy(students, trial.root / "course" / "students.csv")
    done = run_as(
        GRADER,
        [
            str(Path(sys.executable).parent / "nbgrader"),
            "db",
            "student",
            "import",
            "../students.csv",
        ],
        trial.course_dir,
        grader_environment(trial),
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"nbgrader could not add the roster's students to the gradebook:\n"
            f"{done.stdout}{done.stderr}"
        )


def start(trial: Trial, password: str, ports: dict[str, int], log: Path) -> subprocess.Popen[bytes]:
    """Start JupyterHub (and through it the proxy and the course service); wait until it answers.

    If it does not come up, or the wait is interrupted (Ctrl-C), everything it started is
    stopped before the error goes on: a failed start never leaves a proxy holding the port."""
    config = trial.course / "deploy" / "jupyterhub_config.py"
    with log.open("ab") as out:
        hub = subprocess.Popen(
            [str(Path(sys.executable).parent / "jupyterhub"), "-f", str(config)],
            cwd=trial.root / "hub",
            env=hub_environment(trial, password, ports),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{ports['public']}/hub/health"
    try:
        _wait_until_up(hub, url, log)
    except BaseException:
        stop(hub, trial, ports)
        raise
    return hub


def _wait_until_up(hub: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if hub.poll() is not None:
            raise RuntimeError(
                f"JupyterHub stopped while starting; its log is {log}:\n"
                + log.read_text(errors="replace")[-3000:]
            )
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as answer:
            if answer.status == 200:
                return
        time.sleep(0.5)
    raise RuntimeError(f"JupyterHub did not answer at {url} within 120 s; its log is {log}")


def stop(
    hub: subprocess.Popen[bytes], trial: Trial, ports: dict[str, int], timeout: float = 30
) -> None:
    """Stop the hub as Ctrl-C does (it stops the servers, the service and the proxy first),
    then whatever of this run is left: a hub that failed or was killed stops nothing itself.
    A second Ctrl-C (or kill) meanwhile is ignored, so the stopping is never cut short."""
    with _signals_held():
        _stop(hub, trial, ports, timeout)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = {s: signal.signal(s, signal.SIG_IGN) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in held.items():
            signal.signal(number, handler)


def _stop(
    hub: subprocess.Popen[bytes], trial: Trial, ports: dict[str, int], timeout: float
) -> None:
    if hub.poll() is None:
        hub.send_signal(signal.SIGINT)
        try:
            hub.wait(timeout)
        except subprocess.TimeoutExpired:
            hub.terminate()
            try:
                hub.wait(10)
            except subprocess.TimeoutExpired:
                hub.kill()
                hub.wait()
    with contextlib.suppress(ProcessLookupError):  # anything left in the hub's process group
        os.killpg(hub.pid, signal.SIGKILL)
    stop_processes(run_processes(trial.root, ports["hub"]))


def remove(trial: Trial) -> list[str]:
    """Delete every account this trial made and the trial folder; the names removed."""
    names = trial_accounts(trial.homes)
    for name in names:
        remove_account(name, trial.homes)
    shutil.rmtree(trial.root, ignore_errors=True)
    return names


def new_password() -> str:
    return secrets.token_urlsafe(9)
