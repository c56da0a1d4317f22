"""Who is learning: the seed of every per-learner order, which must never fail to be found."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from swcourse.learner import learner_name

# Debian's Python in the hub environment: any uid may run it (the test venv's may sit in /root).
HUB_PYTHON = Path(__file__).resolve().parents[2] / ".hub-env" / "bin" / "python"
PLAIN_ENV = {"PATH": os.environ.get("PATH", ""), "HOME": "/nonexistent"}  # no USER, no LOGNAME


def test_the_hub_user_comes_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a class hub the seed is the hub user name, which is nbgrader's student id there."""
    monkeypatch.setenv("JUPYTERHUB_USER", "amara")
    monkeypatch.setenv("USER", "jovyan")
    assert learner_name() == "amara"


@pytest.mark.skipif(os.geteuid() != 0, reason="running as a uid with no account needs root")
@pytest.mark.skipif(not HUB_PYTHON.exists(), reason="needs the hub environment: make hub-env")
def test_a_uid_with_no_account_is_still_a_learner() -> None:
    """A grading sandbox runs answer boxes under a uid with no passwd entry: the name lookup
    must give a name, not the KeyError that once filled every answer-box cell's output."""
    code = "from swcourse.learner import learner_name; print(learner_name())"
    ran = subprocess.run(
        [str(HUB_PYTHON), "-c", code],
        env=PLAIN_ENV,
        user=61999,
        capture_output=True,
        text=True,
        cwd="/",
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "learner"
