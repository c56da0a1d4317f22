"""`swcourse hub` refusals: each is a plain sentence that says what to do, and nothing is made."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from swcourse.hub.trial import private_python

from .conftest import HUB_ENV, ROOT, ROSTER

pytestmark = pytest.mark.hub


def hub_command(
    *args: str, user: str | None = None, python_bin: Path = HUB_ENV
) -> subprocess.CompletedProcess[str]:
    command = [str(python_bin / "swcourse"), "hub", *args]
    if user:
        command = ["runuser", "-u", user, "--", *command]
    return subprocess.run(
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PATH": "/usr/sbin:/usr/bin:/bin"},
    )


@pytest.fixture(autouse=True)
def needs_root_and_hub_env() -> None:
    if os.geteuid() != 0:
        pytest.skip("these checks run `swcourse hub` as root and as another user")
    if not (HUB_ENV / "swcourse").exists():
        pytest.fail("the shared hub environment is missing; run `make hub-env` (make test does)")


def test_without_root_it_says_so(tmp_path: Path) -> None:
    """Does a user without root rights get told why root is needed and what to type?"""
    os.chmod(tmp_path, 0o777)
    done = hub_command("--roster", str(ROSTER), "--root", str(tmp_path / "trial"), user="nobody")
    assert done.returncode == 1
    assert "needs root" in done.stderr and "sudo" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "trial").exists()


def test_a_bad_roster_makes_nothing(tmp_path: Path) -> None:
    """Is a roster with an unknown role refused by line before any account is made?"""
    roster = tmp_path / "roster.csv"
    roster.write_text("username,role\nhubcli-rosa,instructor\nhubcli-amara,pupil\n")
    done = hub_command("--roster", str(roster), "--root", str(tmp_path / "trial"))
    assert done.returncode == 1
    assert f"{roster}:3: role 'pupil' for hubcli-amara" in done.stderr
    assert not (tmp_path / "trial").exists()
    assert subprocess.run(["id", "hubcli-rosa"], capture_output=True).returncode != 0


def test_a_python_other_users_cannot_run_is_refused(tmp_path: Path) -> None:
    """Started from a private Python (as under /root), is the shared environment suggested?"""
    if private_python() is None:
        pytest.skip(f"{sys.executable} is usable by every user here")
    done = hub_command(
        "--roster",
        str(ROSTER),
        "--root",
        str(tmp_path / "trial"),
        python_bin=Path(sys.executable).parent,
    )
    assert done.returncode == 1
    assert "make hub-env" in done.stderr and "Traceback" not in done.stderr
