"""One kernel session in bubblewrap: what student code can reach, and what it can never touch.

Each session is a fresh bwrap sandbox (own mount, PID, IPC, UTS and network namespaces) whose
work folder is a size- and inode-capped tmpfs that exists only inside it: the host never has a
work folder that student code could plant a symlink in, and nothing survives the session. The
submission's files go in as copies (bwrap reads them from memory); results come out only on the
runner's pipe. The kernel runs as a kernel-only uid; the runner that talks to it (runner.py) runs
outside the sandbox's PID and mount namespaces under another uid and only joins its loopback
network, so student code can neither see, signal, trace nor replace it. Python is bound from a
hard-linked staging copy at neutral paths (/opt/...), so /proc/self/mountinfo names no course,
submission or checkout folder. Sysctls of the private IPC namespace cap SysV shared memory and
message queues; the tmpfs caps disk bytes and file count; prlimit caps processes, memory, file
size and open files. Without bubblewrap or root, grading refuses to run student code (see
autograde.py), because none of these promises would hold.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HOME = "/home/student"
KERNEL_DIR = "/run/kernel"  # IPython/Jupyter state: not in the student's folder, fresh per session
PORTS = {
    "shell_port": 50001,
    "iopub_port": 50002,
    "stdin_port": 50003,
    "control_port": 50004,
    "hb_port": 50005,
}
UID_BASE = 61000


@dataclass(frozen=True)
class Limits:
    """Per-submission limits; the cell timeout follows nbgrader's 30 s."""

    cell_timeout: int = 30
    grace: int = 3  # after an interrupt, before the kernel is killed and restarted
    submission_timeout: int = 600
    memory_mb: int = 2048
    output_chars: int = 100_000
    answer_chars: int = 20_000  # per graded answer report, on its own channel
    processes: int = 128
    file_mb: int = 50
    disk_mb: int = 256
    files: int = 2_000
    shm_mb: int = 64


def available() -> str | None:
    """Why sandboxed grading cannot run here, or None when it can."""
    if shutil.which("bwrap") is None:
        return "bubblewrap (bwrap) is not installed; install the Debian package bubblewrap"
    if os.geteuid() != 0:
        return "grading must run as root so that student code runs under its own user id"
    if shutil.which("nsenter") is None or shutil.which("setpriv") is None:
        return "util-linux's nsenter and setpriv are needed"
    return None


class PythonStage:
    """A hard-linked copy of this Python (interpreter, stdlib, site-packages) laid out as the
    sandbox sees it under /opt, plus a fresh copy of swcourse. One bind at a neutral path then
    serves the kernel and the runner (which runs it on the host side under an unprivileged uid).
    The Python part is kept between runs (keyed by interpreter and environment), since linking
    thousands of files costs seconds; it is rebuilt if anyone but root could have changed it."""

    def __init__(self) -> None:
        base = Path(sys.base_prefix).resolve()
        version = f"python{sys.version_info.major}.{sys.version_info.minor}"
        site = next(
            Path(p)
            for p in sys.path
            if p.endswith("site-packages")
            and Path(p).resolve().is_relative_to(Path(sys.prefix).resolve())
        )
        key = hashlib.sha256(f"{base}|{site}|{site.stat().st_mtime_ns}|{sys.version}".encode())
        cached = Path(tempfile.gettempdir()) / f"swc-env-{key.hexdigest()[:16]}"
        if not self._trusted(cached):
            self._build(cached, base, version, site)
        self.opt, self.python = cached / "opt", f"/opt/python/bin/{version}"
        self.package = Path(tempfile.mkdtemp(prefix="swc-pkg-"))
        os.chmod(self.package, 0o755)
        shutil.copytree(
            Path(__file__).resolve().parents[1],
            self.package / "swcourse",
            ignore=shutil.ignore_patterns("__pycache__"),
        )

    @staticmethod
    def _trusted(folder: Path) -> bool:
        try:
            return all(
                (s := os.lstat(p)).st_uid == 0 and not s.st_mode & 0o022 and not os.path.islink(p)
                for p in (folder, folder / "opt", folder / "opt/swcourse")
            )
        except OSError:
            return False

    @staticmethod
    def _build(final: Path, base: Path, version: str, site: Path) -> None:
        build = Path(tempfile.mkdtemp(prefix="swc-env-build-"))
        opt = build / "opt"
        stdlib = [
            p
            for p in (base / "lib" / version).iterdir()
            if p.name not in ("site-packages", "test", "idlelib")
        ]
        parts = [
            ([base / "bin" / version], "python/bin"),
            (stdlib, f"python/lib/{version}"),
            (list(base.glob("lib/libpython*.so*")), "python/lib"),
            ([site], "."),
        ]
        (opt / "swcourse").mkdir(parents=True)  # mount point for the per-run package copy
        for sources, folder in parts:
            (opt / folder).mkdir(parents=True, exist_ok=True)
            subprocess.run(
                ["cp", "-al", *map(str, sources), str(opt / folder)],
                check=True,
                capture_output=True,
            )
        for directory in (build, *(p for p in opt.rglob("*") if p.is_dir() and not p.is_symlink())):
            directory.chmod(0o755)
        opt.chmod(0o755)
        if final.exists():
            subprocess.run(["rm", "-rf", str(final)], check=False)
        with contextlib.suppress(OSError):  # another grader built it meanwhile: keep theirs
            build.rename(final)
        subprocess.run(["rm", "-rf", str(build)], check=False)

    def host_env(self) -> dict[str, str]:
        """Environment for running the staged Python on the host side (the runner)."""
        return {
            "PATH": "/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "HOME": "/",
            "PYTHONPATH": f"{self.package}:{self.opt}/site-packages",
            "LD_LIBRARY_PATH": f"{self.opt}/python/lib",
            "PYTHONNOUSERSITE": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
        }

    def close(self) -> None:
        shutil.rmtree(self.package, ignore_errors=True)


class SessionLost(Exception):
    """The session ended mid-cell; `reason` says how, in words."""

    def __init__(self, kind: str, reason: str):
        super().__init__(reason)
        self.kind, self.reason = kind, reason


def _memfd(data: bytes) -> int:
    fd = os.memfd_create("swc", 0)
    os.write(fd, data)
    os.lseek(fd, 0, os.SEEK_SET)
    return fd


def _drop(uid: int) -> list[str]:
    return [
        "setpriv",
        f"--reuid={uid}",
        f"--regid={uid}",
        "--clear-groups",
        "--inh-caps=-all",
        "--bounding-set=-all",
        "--no-new-privs",
    ]


class Session:
    """One sandboxed kernel and its runner; `run` executes one cell, `close` reports breaches."""

    def __init__(
        self, stage: PythonStage, limits: Limits, slot: int, files: dict[str, bytes]
    ) -> None:
        self.limits, self.stage, self.kernel_uid = limits, stage, UID_BASE + 2 * slot + 1
        runner_uid = UID_BASE + 2 * slot
        info = {
            **PORTS,
            "ip": "127.0.0.1",
            "transport": "tcp",
            "signature_scheme": "hmac-sha256",
            "key": secrets.token_hex(32),
            "kernel_name": "python3",
        }
        fds: list[int] = []
        args = [
            "bwrap",
            "--unshare-net",
            "--unshare-pid",
            "--unshare-ipc",
            "--unshare-uts",
            "--unshare-cgroup-try",
            "--die-with-parent",
            "--new-session",
            "--clearenv",
            "--ro-bind",
            "/usr",
            "/usr",
            "--ro-bind",
            "/etc",
            "/etc",
            "--symlink",
            "usr/lib",
            "/lib",
            "--symlink",
            "usr/lib64",
            "/lib64",
            "--symlink",
            "usr/bin",
            "/bin",
            "--symlink",
            "usr/sbin",
            "/sbin",
            "--proc",
            "/proc",
            "--dev",
            "/dev",
            "--perms",
            "1777",
            "--size",
            str(limits.shm_mb << 20),
            "--tmpfs",
            "/dev/shm",
            "--perms",
            "1777",
            "--size",
            str(limits.disk_mb << 20),
            "--tmpfs",
            HOME,
            "--perms",
            "1777",
            "--size",
            str(16 << 20),
            "--tmpfs",
            KERNEL_DIR,
            "--perms",
            "1777",
            "--dir",
            f"{HOME}/.tmp",
            "--symlink",
            f"{HOME}/.tmp",
            "/tmp",
        ]
        args += [
            "--ro-bind",
            str(stage.opt),
            "/opt",
            "--ro-bind",
            str(stage.package),
            "/opt/swcourse",
        ]
        for relative, data in sorted(files.items()):
            for parent in reversed(Path(relative).parents[:-1]):
                args += ["--perms", "0755", "--dir", f"{HOME}/{parent}"]
            fds.append(_memfd(data))
            args += ["--perms", "0644", "--file", str(fds[-1]), f"{HOME}/{relative}"]
        fds.append(_memfd(json.dumps(info).encode()))
        args += ["--perms", "0444", "--ro-bind-data", str(fds[-1]), "/run/kernel.json"]
        info_read, info_write = os.pipe()
        args += ["--info-fd", str(info_write), "--chdir", HOME]
        env = {
            "HOME": HOME,
            "PATH": "/opt/python/bin:/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "PYTHONPATH": "/opt/swcourse:/opt/site-packages",
            "LD_LIBRARY_PATH": "/opt/python/lib",
            "PYTHONNOUSERSITE": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
            "IPYTHONDIR": f"{KERNEL_DIR}/ipython",
            "JUPYTER_RUNTIME_DIR": f"{KERNEL_DIR}/rt",
            "JUPYTER_CONFIG_DIR": f"{KERNEL_DIR}/cfg",
            "JUPYTER_DATA_DIR": f"{KERNEL_DIR}/data",
            "MPLCONFIGDIR": f"{KERNEL_DIR}/mpl",
            "MPLBACKEND": "agg",
        }
        for key, value in env.items():
            args += ["--setenv", key, value]
        args += [
            *_drop(self.kernel_uid),
            "prlimit",
            f"--nproc={limits.processes}",
            f"--as={limits.memory_mb << 20}",
            f"--fsize={limits.file_mb << 20}",
            "--nofile=256",
            "--core=0",
            "--msgqueue=65536",
            "--",
            stage.python,
            "-P",
            "-s",
            "-m",
            "ipykernel_launcher",
            "-f",
            "/run/kernel.json",
            "--HistoryManager.hist_file=:memory:",
        ]
        self.runner: subprocess.Popen[bytes] | None = None
        self.bwrap = subprocess.Popen(
            args,
            pass_fds=[*fds, info_write],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for fd in (*fds, info_write):
            os.close(fd)
        self.pidfd = os.pidfd_open(self.bwrap.pid)
        try:
            self.child = self._child_pid(info_read)
            self._start_runner(runner_uid, info)  # ready = the sandbox is set up, no cell has run
            self._cap_namespaces()
        except BaseException:
            self.kill()
            raise

    def _child_pid(self, fd: int) -> int:
        data = b""
        with os.fdopen(fd, "rb") as info:
            while b"}" not in data:
                ready, _, _ = select.select([info], [], [], 30)
                chunk = os.read(fd, 4096) if ready else b""
                if not chunk:
                    raise SessionLost("start", "the sandbox did not start")
                data += chunk
        return int(json.loads(data[: data.index(b"}") + 1])["child-pid"])

    def _cap_namespaces(self) -> None:
        """Inode caps on the tmpfs folders and SysV IPC caps, set from outside as root."""
        limits, target = self.limits, str(self.child)
        shm_pages = (limits.shm_mb << 20) // 4096
        sysctl = (
            f"echo {limits.shm_mb << 20} > /proc/sys/kernel/shmmax && "
            f"echo {shm_pages} > /proc/sys/kernel/shmall && echo 16 > /proc/sys/kernel/shmmni"
            " && echo 16 > /proc/sys/kernel/msgmni"
        )
        remount = " && ".join(
            f"mount -o remount,nosuid,nodev,nr_inodes={n} {path}"
            for path, n in ((HOME, limits.files), ("/dev/shm", 256), (KERNEL_DIR, 2_000))
        )
        for flags, script in ((["--ipc"], sysctl), (["--mount", "--root", "--wd"], remount)):
            subprocess.run(
                ["nsenter", f"--target={target}", *flags, "--", "/bin/sh", "-c", script],
                check=True,
                capture_output=True,
                timeout=30,
            )

    def _start_runner(self, uid: int, info: dict[str, Any]) -> None:
        command_read, self.command = os.pipe()
        result_read, result_write = os.pipe()
        runner = [
            "nsenter",
            f"--target={self.child}",
            "--net",
            "--",
            *_drop(uid),
            "prlimit",
            "--as=2147483648",
            "--nofile=256",
            "--core=0",
            "--",
            f"{self.stage.opt}{self.stage.python.removeprefix('/opt')}",
            "-P",
            "-m",
            "swcourse.sandbox.runner",
            f"--command-fd={command_read}",
            f"--result-fd={result_write}",
        ]
        self.runner = subprocess.Popen(
            runner,
            pass_fds=[command_read, result_write],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            cwd="/",
            env=self.stage.host_env(),
        )
        os.close(command_read)
        os.close(result_write)
        self.results = result_read
        self._buffer = b""
        self._send(
            {
                "op": "connect",
                "info": info,
                "output_chars": self.limits.output_chars,
                "answer_chars": self.limits.answer_chars,
            }
        )
        self._receive(60, "start")

    def _send(self, message: dict[str, Any]) -> None:
        try:
            os.write(self.command, (json.dumps(message) + "\n").encode())
        except OSError as exc:
            raise SessionLost("runner", "the grading runner stopped") from exc

    def _receive(self, seconds: float, kind: str) -> dict[str, Any]:
        deadline = time.monotonic() + seconds
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self.results, self.pidfd], [], [], max(left, 0))
            if self.results in ready:
                chunk = os.read(self.results, 1 << 20)
                if not chunk:
                    raise SessionLost("runner", "the grading runner stopped")
                self._buffer += chunk
            elif self.pidfd in ready:
                raise SessionLost("died", "the kernel stopped (killed or crashed)")
            elif left <= 0:
                raise SessionLost(
                    "wedged" if kind == "cell" else "start",
                    "the kernel stopped answering"
                    if kind == "cell"
                    else "the kernel did not start",
                )
        line, self._buffer = self._buffer.split(b"\n", 1)
        reply = json.loads(line)
        if reply.get("status") == "lost":
            raise SessionLost(reply.get("kind", "died"), reply.get("reason", "the kernel stopped"))
        return reply

    def run(self, code: str, answer: bool = False) -> dict[str, Any]:
        """Execute one cell: outputs, execution count, status ('ok', 'error', 'interrupted')."""
        limits = self.limits
        self._send(
            {
                "op": "run",
                "code": code,
                "answer": answer,
                "timeout": limits.cell_timeout,
                "grace": limits.grace,
            }
        )
        return self._receive(limits.cell_timeout + limits.grace + 10, "cell")

    def breaches(self) -> list[str]:
        """Limits this session ran into that only the host can see (disk, files, processes)."""
        found: list[str] = []
        with contextlib.suppress(subprocess.SubprocessError, OSError, ValueError):
            stat = subprocess.run(
                [
                    "nsenter",
                    f"--target={self.child}",
                    "--mount",
                    "--root",
                    "--",
                    "stat",
                    "-f",
                    "-c",
                    "%a %f %d",
                    HOME,
                    "/dev/shm",
                ],
                capture_output=True,
                text=True,
                timeout=10,
                check=True,
            ).stdout.split()
            if "0" in (stat[0], stat[3]):
                found.append(
                    f"disk limit ({self.limits.disk_mb} MB in the work folder, "
                    f"{self.limits.shm_mb} MB in /dev/shm)"
                )
            if "0" in (stat[2], stat[5]):
                found.append(f"file-count limit ({self.limits.files} files)")
        with contextlib.suppress(subprocess.SubprocessError, OSError, ValueError, IndexError):
            table = subprocess.run(
                ["nsenter", f"--target={self.child}", "--ipc", "--", "cat", "/proc/sysvipc/shm"],
                capture_output=True,
                text=True,
                timeout=10,
                check=True,
            ).stdout.splitlines()[1:]
            total = sum(int(row.split()[3]) for row in table if row.strip())
            if len(table) >= 16 or total >= (self.limits.shm_mb - 1) << 20:
                found.append(f"shared-memory limit ({self.limits.shm_mb} MB of SysV segments)")
        if self._processes() >= self.limits.processes - 2:
            found.append(f"process limit ({self.limits.processes} processes)")
        return found

    def _processes(self) -> int:
        """Live tasks (the process limit counts threads) of the kernel uid, read from status:
        /proc/<pid> of a process that dropped privileges belongs to root."""
        count, wanted = 0, f"Uid:\t{self.kernel_uid}\t"
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                with (
                    contextlib.suppress(OSError, ValueError),
                    open(f"{entry.path}/status") as status,
                ):
                    text = status.read()
                    if wanted in text:
                        count += int(text.split("Threads:", 1)[1].split()[0])
        return count

    def kill(self) -> None:
        """Stop everything: the sandbox's init takes every student process with it."""
        for process in (self.runner, self.bwrap):
            if process is not None and process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError, AttributeError):
            os.kill(self.child, signal.SIGKILL)
        for process in (self.runner, self.bwrap):
            if process is not None:
                process.wait()
        with contextlib.suppress(AttributeError, OSError):
            child = os.pidfd_open(self.child)
            select.select([child], [], [], 10)  # init gone = every process of the sandbox gone
            os.close(child)
        for fd in ("command", "results", "pidfd"):
            with contextlib.suppress(AttributeError, OSError):
                os.close(getattr(self, fd))
