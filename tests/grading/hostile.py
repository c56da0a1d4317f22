"""Hostile submissions for the grading tests, one per class of weakness (our own payloads).

Students answer in answer boxes, which save to `<notebook>.answers.json`; the notebook's own
cells are locked, and nbgrader restores them. So a hostile student has two ways in: a code cell
they add to the notebook (nbgrader lets students add cells), and a saved-answers file they make
by hand. Each payload is a `Payload`: the code of the added cell (placed after question `at`'s
answer box, with the student's ordinary cell `AFTER` right behind it), or a hand-made answers
file, plus the answers it should cost and the words the summary must say about it.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

# A harmless cell of the student's own, right after the payload: it must still run (on a fresh
# kernel where the payload broke one), so a payload costs only its own cell.
AFTER = "print('AFTER', 6 * 7)"
AFTER_SHOWS = "AFTER 42"


@dataclass(frozen=True)
class Payload:
    code: str = ""  # an added code cell; "" for none
    at: int = 1  # the question whose answer box the added cell follows
    lost: frozenset[int] = frozenset()  # the answers it should cost
    said: tuple[str, ...] = ()  # words the summary line must say about it
    partial: bool = False  # the student's saved answers are the partial student's, not perfect
    answers_file: str = ""  # a hand-made answers file (a name in ANSWERS_FILES), "" for none
    after_runs: bool = True  # the student's AFTER cell still shows its output


PAYLOADS: dict[str, Payload] = {
    "looper": Payload("while True:\n    pass", said=("timed out", "ran past its time limit")),
    "ignorer": Payload(
        "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass",
        said=("timed out", "ignored an interrupt", "fresh kernel"),
    ),
    "closer": Payload(
        "import os\nfor fd in range(3, 1024):\n    try:\n        os.close(fd)\n"
        "    except OSError:\n        pass",
        said=("fresh kernel",),
    ),
    "killer": Payload(
        "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)",
        at=2,
        said=("kernel stopped", "fresh kernel"),
    ),
    "saboteur": Payload(
        "import os, signal\n"
        "for name in ('gradebook.db', 'submission.ipynb', 'kernel.json',"
        " 'timestamp.txt', '@ANSWERS@'):\n"
        "    try:\n        os.remove(name)\n        os.symlink('@GRADEBOOK@', name)\n"
        "    except OSError:\n        pass\n"
        "os.makedirs('.local/share/jupyter/kernels/python3', exist_ok=True)\n"
        "open('.local/share/jupyter/kernels/python3/kernel.json', 'w').write("
        '\'{"argv": ["false"], "display_name": "x", "language": "python"}\')\n'
        "try:\n    os.kill(-1, signal.SIGKILL)  # the runner is out of reach\n"
        "except OSError:\n    print('NOTHING ELSE TO KILL')\n"
        "os.kill(os.getpid(), signal.SIGKILL)",
        at=2,
        said=("kernel stopped",),
    ),
    "forker": Payload(
        "import os, signal, time\nwhile True:\n    if os.fork() == 0:\n"
        "        signal.signal(signal.SIGINT, signal.SIG_IGN)\n        time.sleep(120)\n"
        "        os._exit(0)",
        said=("process limit",),
    ),
    # Its flood spends the output budget, so the AFTER cell's output is cut too (its own cost).
    "talker": Payload(
        "for i in range(10**8):\n    print('x' * 1000)", said=("output limit",), after_runs=False
    ),
    "shm": Payload(
        "import ctypes\nlibc = ctypes.CDLL(None)\n"
        "ids = [libc.shmget(0x5100 + i, 32 << 20, 0o1600) for i in range(40)]",
        said=("shared-memory limit",),
    ),
    "disk": Payload(
        "data = b'x' * (40 << 20)\nfor i in range(5):\n    open(f'fill{i}', 'wb').write(data)",
        said=("disk limit",),
    ),
    "files": Payload(
        "for i in range(5000):\n    open(f'f{i}', 'w').close()", said=("file-count limit",)
    ),
    "surrogate": Payload("print('lone \\ud800 surrogate')"),
    "quitter": Payload("import sys\nsys.exit(3)"),
    "patcher": Payload(
        "import builtins, sys\nimport swcourse.grading.cells as cells\n"
        "cells.grade_answer = lambda *a, **k: 99.0\nbuiltins.AssertionError = Exception\n"
        "sys.displayhook = lambda value: print(99.0)\n"
        "get_ipython().display_formatter.formatters['text/plain'].for_type("
        "float, lambda obj, p, cycle: p.text('99.0'))",
        partial=True,
    ),
    "rewriter": Payload(  # changes its answers file while graded: the submitted one counts
        "import json\nanswers = json.load(open('@ANSWERS@'))\n"
        "answers['answers'] = {n: {'value': 'a'} for n in map(str, range(1, 30))}\n"
        "json.dump(answers, open('@ANSWERS@', 'w'))",
        partial=True,
    ),
    "snooper": Payload(
        "import os\nprint('FOUND', [p for p in ['@GRADEBOOK@', '@SOURCE@', '@PEER@'] "
        "if os.path.exists(p)], 'MOUNTS', open('/proc/self/mountinfo').read())"
    ),
    "vandal": Payload(
        "try:\n    open('@GRADEBOOK@', 'wb').write(b'')\n    print('WROTE')\n"
        "except OSError as exc:\n    print('REFUSED', type(exc).__name__)"
    ),
    # Hand-made answers files (no code: graded without a kernel).
    "bigans": Payload(lost=frozenset({1}), said=("answer limit",), answers_file="bigans"),
    "bigfile": Payload(
        lost=frozenset(range(1, 100)), said=("larger than 2,000,000 bytes",), answers_file="bigfile"
    ),
    "deepfile": Payload(
        lost=frozenset(range(1, 100)), said=("damaged or incomplete",), answers_file="deepfile"
    ),
    "oddfile": Payload(
        lost=frozenset({2, 4}),
        said=("entry '2' is not an answer", "entry 'x' is not an answer"),
        answers_file="oddfile",
    ),
}

# Payloads whose attack is on whoever runs next: graded twice, then a clean student, on one worker.
TWICE = {"killer", "saboteur", "forker", "shm", "files"}


def hostile_file(path: Path, kind: str) -> None:
    """Rewrite the (perfect) answers file at `path` the way payload `kind` needs."""
    data = json.loads(path.read_text(encoding="utf-8"))
    answers = data["answers"]
    if kind == "bigans":  # question 1 (choose all that apply): its key, repeated ~1.4 MB long
        answers["1"]["value"] = answers["1"]["value"] * 60_000
    elif kind == "bigfile":  # a padding entry past the 2 MB cap on the whole file
        answers["99"] = {"value": "x" * 2_100_000}
    elif kind == "deepfile":  # nesting deeper than any JSON reader can follow
        text = json.dumps(data)
        path.write_text(
            text.replace(
                '"answers": {',
                '"deep": ' + "[" * 200_000 + "1" + "]" * 200_000 + ', "answers": {',
                1,
            ),
            encoding="utf-8",
        )
        return
    elif kind == "oddfile":  # entries of the wrong shape beside good ones
        answers["2"] = answers["2"]["value"]  # a bare value, not {"value": ...}
        answers["4"] = {"value": {"true": True}}  # a true/false answer that is a dict
        answers["x"] = {"value": "a"}
    else:
        raise ValueError(kind)
    path.write_text(json.dumps(data), encoding="utf-8")


REFUSED = {
    "linker": "is a symbolic link",
    "mirror": "is a symbolic link",
    "borrower": "is a symbolic link",
    "piper": "is a named pipe",
    "dangler": "is a symbolic link",
}


def plant_refused(course: Path, assignment: str) -> None:
    """Submissions holding a link to a peer's file, a notebook linked to the source notebook,
    an answers file linked to a peer's, an answers file that is a named pipe (a reader would
    wait on it forever) and a dangling link."""
    perfect = course / "submitted" / "perfect" / assignment
    folders = {}
    for name in REFUSED:
        folders[name] = course / "submitted" / name / assignment
        shutil.copytree(perfect, folders[name])
    answers = f"{assignment}.answers.json"
    os.symlink(
        course / "submitted" / "partial" / assignment / f"{assignment}.ipynb",
        folders["linker"] / "notes.ipynb.txt",
    )
    notebook = folders["mirror"] / f"{assignment}.ipynb"
    notebook.unlink()
    os.symlink(course / "source" / assignment / f"{assignment}.ipynb", notebook)
    (folders["borrower"] / answers).unlink()
    os.symlink(
        course / "submitted" / "partial" / assignment / answers, folders["borrower"] / answers
    )
    (folders["piper"] / answers).unlink()
    os.mkfifo(folders["piper"] / answers)
    os.symlink(course / "nowhere", folders["dangler"] / "data.csv")
