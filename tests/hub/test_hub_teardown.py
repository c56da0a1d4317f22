"""A trial hub that fails to start, or is stopped while starting, leaves nothing running.

JupyterHub starts its proxy in a session of its own before anything else; a hub that then
fails (here: the real hub, told by a documented setting to run users' servers from a folder
that does not exist, cannot start the course service and exits) never stops that proxy itself.
`swcourse hub` must, and must also when Ctrl-C comes while the hub is still starting.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from swcourse.hub.accounts import remove_account, trial_accounts
from swcourse.hub.trial import free_port

from .conftest import HUB_ENV, ROOT
from .leftovers import kill_all, left_running, port_answers

pytestmark = pytest.mark.hub

ROSTER = "username,role\nhubstop-rosa,instructor\nhubstop-amara,student\n"


@pytest.fixture(scope="module")
def trial_root() -> Iterator[Path]:
    """A trial folder for this module's runs; its accounts and folder are removed afterwards."""
    if os.geteuid() != 0:
        pytest.skip("these runs create Unix users and need root (CI runs as root)")
    if not (HUB_ENV / "swcourse").exists():
        pytest.fail("the shared hub environment is missing; run `make hub-env` (make test does)")
    base = Path(tempfile.mkdtemp(prefix="swcourse-hubstop-"))
    os.chmod(base, 0o755)
    (base / "roster.csv").write_text(ROSTER)
    try:
        yield base / "trial"
    finally:
        subprocess.run(
            [str(HUB_ENV / "swcourse"), "hub", "--remove-users", "--root", str(base / "trial")],
            cwd=ROOT,
            capture_output=True,
            timeout=120,
        )
        for name in trial_accounts(base / "trial" / "home"):
            remove_account(name, base / "trial" / "home")
        shutil.rmtree(base, ignore_errors=True)


def start_hub(root: Path, port: int, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            str(HUB_ENV / "swcourse"),
            "hub",
            "--roster",
            str(root.parent / "roster.csv"),
            "--root",
            str(root),
            "--port",
            str(port),
        ],
        cwd=ROOT,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PATH": "/usr/sbin:/usr/bin:/bin", **env},
        start_new_session=True,
    )


def finish(
    process: subprocess.Popen[str], root: Path, port: int
) -> tuple[int, str, dict[int, str]]:
    """Wait for `swcourse hub` to end; then what it left running (killed here, so the next
    test starts clean, but reported)."""
    try:
        output, _ = process.communicate(timeout=300)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
        pytest.fail(f"`swcourse hub` did not end within 300 s:\n{output}")
    time.sleep(1)  # a process being stopped as the command ends is given a moment
    left = left_running(root, port)
    kill_all(list(left))
    return process.returncode, output, left


def test_a_hub_that_fails_to_start_leaves_no_proxy(trial_root: Path) -> None:
    """With SWCOURSE_USER_BIN naming a folder that does not exist, the course service cannot
    start and JupyterHub exits after starting its proxy: does `swcourse hub` say so in words,
    exit 1, and leave no proxy (nor anything else of the run) running or holding the port?"""
    port = free_port()
    missing = trial_root.parent / "no-such-environment" / "bin"
    code, output, left = finish(
        start_hub(trial_root, port, SWCOURSE_USER_BIN=str(missing)), trial_root, port
    )
    assert code == 1, output
    assert "JupyterHub stopped while starting" in output, output
    assert "Failed to start service" in output  # the hub's own log tail: the failure was real
    assert "Traceback (most recent call last)" not in output.split("its log is")[0]
    assert not left, f"left running after a failed start: {left}"
    assert not port_answers(port)


def test_ctrl_c_while_the_hub_starts_leaves_nothing(trial_root: Path) -> None:
    """Ctrl-C as soon as the proxy is up, before the hub answers: does `swcourse hub` stop the
    hub, its proxy and its services, and say that nothing is left running?"""
    port = free_port()
    process = start_hub(trial_root, port)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and process.poll() is None:
        if any("configurable-http-proxy" in c for c in left_running(trial_root, port).values()):
            break
        time.sleep(0.2)
    assert process.poll() is None, "`swcourse hub` ended before its proxy started"
    os.kill(process.pid, signal.SIGINT)
    code, output, left = finish(process, trial_root, port)
    assert not left, f"left running after Ctrl-C while starting: {left}"
    assert not port_answers(port)
    assert code == 1, output
    assert "Stopped while the hub was starting; nothing of it is left running." in output
    assert "Traceback" not in output
