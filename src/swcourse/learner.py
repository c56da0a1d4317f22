"""Who is using the course in this Jupyter process, for seeding per-learner orders and draws.

One rule for the scenario and flashcard widgets and the answer boxes: JupyterHub's user name
(nbgrader's student id on a class hub), else the operating system's user name, else "learner".
The last case is real: a grading sandbox runs student code under a uid with no account, and an
answer box must still draw there rather than fail with a traceback in every cell.
"""

from __future__ import annotations

import getpass
import os


def learner_name() -> str:
    """The hub user, else the system user, else "learner" (never raises)."""
    user = os.environ.get("JUPYTERHUB_USER", "").strip()
    if user:
        return user
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name for this uid (a sandbox, some containers)
        return "learner"
