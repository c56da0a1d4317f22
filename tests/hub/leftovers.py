"""What a trial hub run left running, found independently of the code that should stop it.

The proxy is found by its command line (configurable-http-proxy with the run's public port);
the hub, the proxy and everything else started with the hub's environment carry the run's
trial folder in SWCOURSE_HUB_ROOT; each user's server and the course service run as a trial
account.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import time
from pathlib import Path

from swcourse.hub.accounts import trial_accounts


def _read(pid: str) -> tuple[list[bytes], list[bytes], int] | None:
    proc = Path("/proc") / pid
    try:
        cmdline = (proc / "cmdline").read_bytes().split(b"\0")
        environ = (proc / "environ").read_bytes().split(b"\0")
        state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
        uid = proc.stat().st_uid
    except (OSError, IndexError):
        return None
    return None if state in ("Z", "X") else (cmdline, environ, uid)


def _proxy_on(cmdline: list[bytes], port: int) -> bool:
    if not any(b"configurable-http-proxy" in part for part in cmdline) or b"--port" not in cmdline:
        return False
    return cmdline[cmdline.index(b"--port") + 1 :][:1] == [str(port).encode()]


def left_running(root: Path, port: int) -> dict[int, str]:
    """pid -> command line of every live process of the hub run on `root` and public `port`."""
    mark = f"SWCOURSE_HUB_ROOT={root}".encode()
    uids = set()
    for name in trial_accounts(root / "home"):
        with contextlib.suppress(KeyError):
            import pwd

            uids.add(pwd.getpwnam(name).pw_uid)
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        read = _read(entry.name)
        if read is None:
            continue
        cmdline, environ, uid = read
        if _proxy_on(cmdline, port) or mark in environ or uid in uids:
            found[int(entry.name)] = b" ".join(cmdline).decode(errors="replace").strip()
    return found


def port_answers(port: int) -> bool:
    """Does anything accept connections on 127.0.0.1:`port`?"""
    with socket.socket() as sock:
        sock.settimeout(2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def kill_all(pids: list[int]) -> None:
    """The tests' own last resort, so a failing run never leaves a proxy for the next one."""
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    time.sleep(0.5)
