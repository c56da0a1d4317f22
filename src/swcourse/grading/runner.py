"""Executes sanitized submissions (run inside a sandbox, one per worker, by `swcourse grade`).

It runs the notebook with nbclient as nbgrader's Execute preprocessor does (per-cell timeout,
interrupt on timeout, errors recorded and execution continued), caps output, survives a kernel
that kills itself. Grade cells arrive rewritten to report the answer they grade (see autograde.py);
those reports are never cut. The executed notebook goes back on a private pipe, never on stdout
(which the kernel shares).
The runner decides no score: scores are computed outside the sandbox.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import json
import os
import shutil
import signal
import sys
from typing import Any

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError

MARKER = "<<swcourse-answer>>"  # grade cells print it before the answer they report


class CappedClient(NotebookClient):
    """Drops output beyond a character budget instead of holding it all in memory."""

    def __init__(self, *args: Any, output_chars: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.budget = output_chars
        self.truncated = False

    def output(self, outs: list, msg: dict, display_id: str | None, cell_index: int) -> Any:
        if MARKER in str(msg.get("content", {}).get("text", "")):
            return super().output(outs, msg, display_id, cell_index)  # answer reports always pass
        size = len(json.dumps(msg.get("content", {})))
        if self.budget - size < 0:
            if not self.truncated:
                self.truncated = True
                outs.append(nbformat.v4.new_output(
                    "stream", name="stderr", text="[output stopped: the output limit was reached]\n"))
            return None
        self.budget -= size
        return super().output(outs, msg, display_id, cell_index)


def _not_dumpable() -> None:
    """Forbid ptrace of this process by the student's code (same uid inside the sandbox)."""
    try:
        ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 4
    except (OSError, AttributeError):
        pass


def run(path: str, timeout: int, output_chars: int) -> dict[str, Any]:
    nb = nbformat.read(path, as_version=4)
    client = CappedClient(nb, timeout=timeout, interrupt_on_timeout=True, allow_errors=True,
                          kernel_name="python3", output_chars=output_chars,
                          extra_arguments=["--HistoryManager.hist_file=:memory:"],
                          resources={"metadata": {"path": os.path.dirname(path)}})
    died_at: int | None = None
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            try:
                client.execute_cell(cell, index)
            except DeadKernelError:
                died_at = index
                break
    if died_at is not None:
        for cell in nb.cells[died_at:]:
            if cell.cell_type == "code":
                cell.outputs = [nbformat.v4.new_output(
                    "error", ename="DeadKernelError", evalue="the kernel stopped",
                    traceback=["The notebook's code stopped its own kernel."])]
    return {"notebook": nbformat.writes(nb), "kernel_died": died_at is not None,
            "output_truncated": client.truncated}


def _clean_up(workdir: str, sandboxed: bool) -> None:
    """After a submission: stop every process it left behind and remove every file it wrote.

    Only inside the sandbox, where this user and /tmp belong to this worker alone, may every
    process of the user be killed and /tmp be emptied; outside it only the work folder is.
    """
    folders = [workdir]
    if sandboxed:
        with contextlib.suppress(ProcessLookupError):
            os.kill(-1, signal.SIGKILL)  # every process of this sandbox-only user but this one
        folders.append("/tmp")
    for folder in folders:
        for entry in os.listdir(folder):
            path = os.path.join(folder, entry)
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    os.unlink(path)


def serve(commands: int, results: int, timeout: int, output_chars: int, sandboxed: bool) -> None:
    """Grade submissions one at a time, each in a forked child, until the command pipe closes.

    The imports happen once per worker instead of once per submission; each submission still
    gets a fresh process and kernel, and nothing it started or wrote survives it.
    """
    with os.fdopen(commands, "r", encoding="utf-8") as incoming, \
            os.fdopen(results, "w", encoding="utf-8") as outgoing:
        for line in incoming:
            path = json.loads(line)["path"]
            read, write = os.pipe()
            child = os.fork()
            if child == 0:
                os.close(read)
                try:
                    payload = json.dumps(run(path, timeout, output_chars))
                except Exception as exc:  # noqa: BLE001 - reported to the grader, never fatal
                    payload = json.dumps({"error": f"{exc.__class__.__name__}: {exc}"})
                with os.fdopen(write, "w", encoding="utf-8") as out:
                    out.write(payload)
                os._exit(0)
            os.close(write)
            with os.fdopen(read, "r", encoding="utf-8") as from_child:
                payload = from_child.read()
            os.waitpid(child, 0)
            _clean_up(os.path.dirname(path), sandboxed)
            outgoing.write((payload or json.dumps({"error": "the grading process ended early"})) + "\n")
            outgoing.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--command-fd", type=int, required=True)
    parser.add_argument("--result-fd", type=int, required=True)
    parser.add_argument("--timeout", type=int, default=30)
    parser.add_argument("--output-chars", type=int, default=100_000)
    parser.add_argument("--sandboxed", action="store_true",
                        help="Running inside bubblewrap as a worker-only user (enables full clean-up).")
    args = parser.parse_args()
    for fd in (args.command_fd, args.result_fd):
        os.set_inheritable(fd, False)  # kernels must not inherit the grader's pipes
    _not_dumpable()
    serve(args.command_fd, args.result_fd, args.timeout, args.output_chars, args.sandboxed)
    sys.exit(0)


if __name__ == "__main__":
    main()
