"""Hostile submissions for the grading tests, one per class of weakness (our own payloads).

Each payload: (code placed in an answer cell before its answer, or around @ANSWER@; the answer
number whose cell holds it; the answers it should cost; words the summary must say about it).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

PAYLOADS: dict[str, tuple[str, int, set[int], list[str]]] = {
    "looper": ("while True:\n    pass", 1, {1}, ["timed out", "ran past its time limit"]),
    "ignorer": (
        "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass",
        1,
        {1},
        ["timed out", "ignored an interrupt", "fresh kernel"],
    ),
    "closer": (
        "import os\nfor fd in range(3, 1024):\n    try:\n        os.close(fd)\n"
        "    except OSError:\n        pass",
        1,
        {1},
        ["fresh kernel"],
    ),
    "killer": (
        "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)",
        2,
        {2},
        ["kernel stopped", "fresh kernel"],
    ),
    "saboteur": (
        "import os, signal\n"
        "for name in ('gradebook.db', 'submission.ipynb', 'kernel.json',"
        " 'timestamp.txt'):\n"
        "    try:\n        os.remove(name)\n        os.symlink('@GRADEBOOK@', name)\n"
        "    except OSError:\n        pass\n"
        "os.makedirs('.local/share/jupyter/kernels/python3', exist_ok=True)\n"
        "open('.local/share/jupyter/kernels/python3/kernel.json', 'w').write("
        '\'{"argv": ["false"], "display_name": "x", "language": "python"}\')\n'
        "try:\n    os.kill(-1, signal.SIGKILL)  # the runner is out of reach\n"
        "except OSError:\n    print('NOTHING ELSE TO KILL')\n"
        "os.kill(os.getpid(), signal.SIGKILL)",
        2,
        {2},
        ["kernel stopped"],
    ),
    "forker": (
        "import os, signal, time\nwhile True:\n    if os.fork() == 0:\n"
        "        signal.signal(signal.SIGINT, signal.SIG_IGN)\n        time.sleep(120)\n"
        "        os._exit(0)",
        1,
        {1},
        ["process limit"],
    ),
    "talker": ("for i in range(10**8):\n    print('x' * 1000)", 1, {1}, ["output limit"]),
    "bigans": ("@ANSWER@\nanswer_1 = 'x' * 5_000_000", 1, {1}, ["answer limit"]),
    "shm": (
        "import ctypes\nlibc = ctypes.CDLL(None)\n"
        "ids = [libc.shmget(0x5100 + i, 32 << 20, 0o1600) for i in range(40)]",
        1,
        set(),
        ["shared-memory limit"],
    ),
    "disk": (
        "data = b'x' * (40 << 20)\nfor i in range(5):\n    open(f'fill{i}', 'wb').write(data)",
        1,
        {1},
        ["disk limit"],
    ),
    "files": (
        "for i in range(5000):\n    open(f'f{i}', 'w').close()",
        1,
        {1},
        ["file-count limit"],
    ),
    "surrogate": ("print('lone \\ud800 surrogate')", 1, set(), []),
    "quitter": ("import sys\nsys.exit(3)", 1, {1}, []),
    "patcher": (
        "import builtins, sys\nimport swcourse.grading.cells as cells\n"
        "cells.grade_answer = lambda *a, **k: 99.0\nbuiltins.AssertionError = Exception\n"
        "sys.displayhook = lambda value: print(99.0)\n"
        "get_ipython().display_formatter.formatters['text/plain'].for_type("
        "float, lambda obj, p, cycle: p.text('99.0'))",
        1,
        set(),
        [],
    ),
    "snooper": (
        "import os\nprint('FOUND', [p for p in ['@GRADEBOOK@', '@SOURCE@', '@PEER@'] "
        "if os.path.exists(p)], 'MOUNTS', open('/proc/self/mountinfo').read())",
        1,
        set(),
        [],
    ),
    "vandal": (
        "try:\n    open('@GRADEBOOK@', 'wb').write(b'')\n    print('WROTE')\n"
        "except OSError as exc:\n    print('REFUSED', type(exc).__name__)",
        1,
        set(),
        [],
    ),
}

# Payloads whose attack is on whoever runs next: graded twice, then a clean student, on one worker.
TWICE = {"killer", "saboteur", "forker", "shm", "files"}

REFUSED = {
    "linker": "is a symbolic link",
    "mirror": "is a symbolic link",
    "piper": "is a named pipe",
    "dangler": "is a symbolic link",
}


def plant_refused(course: Path, assignment: str) -> None:
    """Submissions holding a link to a peer's file, a notebook linked to the source notebook,
    a named pipe and a dangling link."""
    perfect = course / "submitted" / "perfect" / assignment
    folders = {}
    for name in REFUSED:
        folders[name] = course / "submitted" / name / assignment
        shutil.copytree(perfect, folders[name])
    os.symlink(
        course / "submitted" / "partial" / assignment / f"{assignment}.ipynb",
        folders["linker"] / "notes.ipynb.txt",
    )
    notebook = folders["mirror"] / f"{assignment}.ipynb"
    notebook.unlink()
    os.symlink(course / "source" / assignment / f"{assignment}.ipynb", notebook)
    os.mkfifo(folders["piper"] / "pipe")
    os.symlink(course / "nowhere", folders["dangler"] / "data.csv")
