"""Running one submission's code in a sandbox: bubblewrap where available, limits always.

With bubblewrap (`bwrap`, Debian package `bubblewrap`) each submission runs in its own mount,
PID, IPC and network namespaces: the filesystem is read-only system directories plus the Python
environment, the course folder (gradebook, source and release notebooks, other submissions) is not
there at all, the only network is loopback (the kernel talks to its client over it, so both run
inside), and the code runs as an unprivileged user with limits on processes, memory, file size
and open files. Without bubblewrap the fallback still runs each submission in its own process
group on a private copy with the same resource limits and a wall-clock limit, but it cannot hide
files or the network: say so to the instructor, and install bubblewrap.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

RUNNER = "swcourse.grading.runner"
SANDBOX_HOME = "/home/student"


@dataclass(frozen=True)
class Limits:
    """Per-submission limits; defaults follow nbgrader's 30 s per cell."""

    cell_timeout: int = 30
    memory_mb: int = 2048
    output_chars: int = 100_000
    processes: int = 128
    file_mb: int = 50

    def wall_clock(self, cells: int) -> int:
        """Seconds before the whole submission is stopped, whatever its cells do."""
        return self.cell_timeout * max(cells, 1) + 60


def bubblewrap() -> str | None:
    return shutil.which("bwrap")


def _with_parents(path: Path) -> list[str]:
    """--dir entries (mode 0755) for every ancestor, so an unprivileged user can reach `path`."""
    args: list[str] = []
    for parent in reversed(path.parents):
        if str(parent) not in ("/", ""):
            args += ["--perms", "0755", "--dir", str(parent)]
    return args


def python_roots() -> list[Path]:
    """Folders the Python environment needs: the base install, the venv, this package's source."""
    package_src = Path(__file__).resolve().parents[2]
    roots = {Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve(), package_src}
    return sorted(roots)


def limit_prefix(limits: Limits, uid: int | None) -> list[str]:
    """setpriv (drop to `uid`) and prlimit: limits that hold inside and outside the sandbox."""
    prefix: list[str] = []
    if uid is not None:
        prefix += ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
                   "--inh-caps=-all", "--bounding-set=-all"]
    prefix += ["prlimit", f"--nproc={limits.processes}", f"--as={limits.memory_mb * 1024 * 1024}",
               f"--fsize={limits.file_mb * 1024 * 1024}", "--nofile=256", "--core=0", "--"]
    return prefix


def sandbox_command(workdir: Path, limits: Limits, uid: int, fds: tuple[int, int]) -> list[str]:
    """The command that runs a worker's notebook runner inside bubblewrap over `workdir`."""
    bwrap = bubblewrap()
    if bwrap is None:
        raise FileNotFoundError("bwrap is not installed")
    args = [bwrap, "--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts",
            "--die-with-parent", "--new-session", "--clearenv",
            "--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc",
            "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
            "--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin",
            "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
    for root in python_roots():
        args += _with_parents(root) + ["--ro-bind", str(root), str(root)]
    args += _with_parents(Path(SANDBOX_HOME)) + ["--bind", str(workdir), SANDBOX_HOME,
                                                 "--chdir", SANDBOX_HOME]
    env = {"HOME": SANDBOX_HOME, "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
           "LANG": "C.UTF-8", "JUPYTER_RUNTIME_DIR": "/tmp/jupyter", "IPYTHONDIR": "/tmp/ipython",
           "MPLCONFIGDIR": "/tmp/matplotlib", "PYTHONDONTWRITEBYTECODE": "1"}
    for key, value in env.items():
        args += ["--setenv", key, value]
    return args + limit_prefix(limits, uid) + runner_args(limits, fds) + ["--sandboxed"]


def fallback_command(limits: Limits, fds: tuple[int, int]) -> list[str]:
    """Without bubblewrap: resource limits and a private copy, nothing hidden (see module doc)."""
    return limit_prefix(limits, None) + runner_args(limits, fds)


def runner_args(limits: Limits, fds: tuple[int, int]) -> list[str]:
    commands, results = fds
    return [sys.executable, "-m", RUNNER, f"--command-fd={commands}", f"--result-fd={results}",
            f"--timeout={limits.cell_timeout}", f"--output-chars={limits.output_chars}"]
