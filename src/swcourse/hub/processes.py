"""Every process one trial hub run started, found by its marks, so every way out can stop them.

JupyterHub starts the proxy, the services and each user's server in sessions of their own, so
that Ctrl-C in a terminal reaches the hub alone; the hub stops them when it shuts down cleanly,
but a hub that fails while starting (a port already taken, a service that does not come up) or
is killed leaves them running, the proxy holding the class's port. A run's processes carry
marks in their environment: the proxy inherits the hub's own environment (SWCOURSE_HUB_ROOT,
the trial folder), and every server, service and kernel is given the hub's API address
(JUPYTERHUB_API_URL, on a port this run chose). Linux only, as the trial is.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path

PROC = Path("/proc")


def run_marks(root: Path, hub_api_port: int) -> tuple[bytes, bytes]:
    """The two environment entries that mark this run's processes (see the module docstring)."""
    return (
        f"SWCOURSE_HUB_ROOT={root}".encode(),
        f"JUPYTERHUB_API_URL=http://127.0.0.1:{hub_api_port}/".encode(),
    )


def _environment(pid: int) -> list[bytes]:
    try:
        return (PROC / str(pid) / "environ").read_bytes().split(b"\0")
    except OSError:  # gone meanwhile, or a kernel thread
        return []


def _alive(pid: int) -> bool:
    """Running (a zombie only waits for its parent to read its exit status)."""
    try:
        status = (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return status not in ("Z", "X")


def run_processes(root: Path, hub_api_port: int) -> list[int]:
    """The live processes of the hub run on `root` whose hub API was on `hub_api_port`."""
    own, marks = os.getpid(), run_marks(root, hub_api_port)
    found = []
    for entry in PROC.iterdir():
        if not entry.name.isdigit() or int(entry.name) == own:
            continue
        environment = _environment(int(entry.name))
        if marks[0] in environment or any(e.startswith(marks[1]) for e in environment):
            found.append(int(entry.name))
    return [pid for pid in found if _alive(pid)]


def stop_processes(pids: list[int], grace: float = 10) -> None:
    """SIGTERM each process, then SIGKILL whatever still runs after `grace` seconds."""
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    for pid in pids:
        if _alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
