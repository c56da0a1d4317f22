"""A trial class on a real JupyterHub: started with `swcourse hub` from the guide, torn down always.

The hub runs from the shared environment `.hub-env` (`make hub-env`), because every user's server
runs as that user and must be able to run its Python. The trial folder (exchange, the grader's
course copy, every user's home) is a temporary folder; the accounts are removed even on failure.
"""

from __future__ import annotations

import contextlib
import os
import queue
import secrets
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from swcourse.hub.accounts import remove_account, trial_accounts
from swcourse.hub.roster import load_roster
from swcourse.hub.trial import GRADER, Trial, free_port

from .guide import guide_command
from .leftovers import kill_all, left_running

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
HUB_ENV = ROOT / ".hub-env" / "bin"
ROSTER = HERE / "roster.csv"


@dataclass(frozen=True)
class Hub(Trial):
    """The running trial (its folders are the Trial's) and how to reach and sign in to it."""

    url: str
    password: str
    token: str
    process: subprocess.Popen[str]
    output: list[str]


def _reader(stream: object, lines: queue.Queue[str | None], keep: list[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        keep.append(line)
        lines.put(line)
    lines.put(None)


def _wait_for(lines: queue.Queue[str | None], text: str, timeout: float) -> None:
    while True:
        try:
            line = lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"`swcourse hub` did not print {text!r} in {timeout} s") from None
        if line is None:
            raise AssertionError(f"`swcourse hub` ended before printing {text!r}")
        if text in line:
            return


@pytest.fixture(scope="module")
def hub() -> Iterator[Hub]:
    if os.geteuid() != 0:
        pytest.skip("the hub test creates Unix users and needs root (CI runs as root)")
    for name in [GRADER, *(m.username for m in load_roster(ROSTER).members)]:
        with contextlib.suppress(KeyError):
            import pwd

            pwd.getpwnam(name)
            pytest.fail(f"a Unix account {name!r} already exists; remove it before the hub test")
    base = Path(tempfile.mkdtemp(prefix="swcourse-hubtest-"))
    os.chmod(base, 0o755)
    root = base / "trial"
    process: subprocess.Popen[str] | None = None
    reader = threading.Thread()
    port = free_port()
    try:
        built = subprocess.run(
            guide_command("make hub-env"), cwd=ROOT, capture_output=True, text=True
        )
        assert built.returncode == 0, f"make hub-env failed:\n{built.stdout}{built.stderr}"
        argv = guide_command(
            ".hub-env/bin/swcourse hub --roster roster.csv", **{"roster.csv": str(ROSTER)}
        )
        token = secrets.token_hex(16)
        process = subprocess.Popen(
            [*argv, "--root", str(root), "--port", str(port)],
            cwd=ROOT,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env={**os.environ, "SWCOURSE_HUB_API_TOKEN": token},
            start_new_session=True,
        )
        lines: queue.Queue[str | None] = queue.Queue()
        output: list[str] = []
        reader = threading.Thread(target=_reader, args=(process.stdout, lines, output), daemon=True)
        reader.start()
        _wait_for(lines, "Press Ctrl-C", 240)
        password = "".join(output).split("with the password ", 1)[1].split()[0]
        yield Hub(root, ROOT, f"http://127.0.0.1:{port}", password, token, process, output)
    finally:
        _teardown(process, root, base, port)
        if process is not None and process.stdout is not None:
            reader.join(30)
            process.stdout.close()


def _teardown(process: subprocess.Popen[str] | None, root: Path, base: Path, port: int) -> None:
    """Ctrl-C the hub, then `swcourse hub --remove-users`; stop and remove by hand whatever is
    left (a proxy, a server), so a failed run never leaves one holding a port.

    Then fail (as a teardown error) if Ctrl-C left a process running or the removal left an account.
    """
    problems: list[str] = []
    try:
        if process is not None and process.poll() is None:
            os.kill(process.pid, signal.SIGINT)
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                problems.append("`swcourse hub` did not stop within 60 s of Ctrl-C")
        if process is not None and (left := left_running(root, port)):
            problems.append(f"still running after `swcourse hub` ended: {left}")
        kill_all(list(left_running(root, port)))
        argv = guide_command(".hub-env/bin/swcourse hub --remove-users")
        subprocess.run([*argv, "--root", str(root)], cwd=ROOT, capture_output=True, timeout=120)
        if trial_accounts(root / "home") or root.exists():
            problems.append("`swcourse hub --remove-users` left accounts or the trial folder")
    finally:
        kill_all(list(left_running(root, port)))
        for name in trial_accounts(root / "home"):
            remove_account(name, root / "home")
        shutil.rmtree(base, ignore_errors=True)
    assert not problems, "; ".join(problems)
