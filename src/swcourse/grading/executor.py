"""Running one submission in the sandbox, cell by cell, for `swcourse grade` (phase 1).

Only notebooks the kernel-free path (fastpath.py) cannot fill come here. Their grade cells run
rewritten (submission.for_execution) to report the answer they grade, so keys never enter the
sandbox. A cell that outruns its deadline or stops its kernel costs that cell only: the rest
runs on a fresh sandbox after the setup cells, and the outcome says what happened in words.
"""

from __future__ import annotations

import time
from typing import Any

import nbformat
from nbformat import NotebookNode

from ..sandbox.sandbox import Limits, PythonStage, Session, SessionLost
from .outcome import Outcome
from .submission import for_execution, reported_answer


def _plain(value: Any) -> Any:
    """Outputs as text nbformat can always write: lone surrogates and the like replaced."""
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    return value


def _lost_output(reason: str) -> NotebookNode:
    return nbformat.v4.new_output(
        "error", ename="CellStopped", evalue=reason, traceback=[f"This cell was stopped: {reason}."]
    )


class Executor:
    """Runs one submission cell by cell in sandboxes, restarting after a cell that breaks one."""

    def __init__(self, stage: PythonStage, limits: Limits, slot: int):
        self.stage, self.limits, self.slot = stage, limits, slot

    def run(
        self, nb: NotebookNode, graded: dict[int, Any], files: dict[str, bytes], outcome: Outcome
    ) -> dict[int, Any]:
        run_nb = for_execution(nb, graded)
        code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()]
        setup = [
            i
            for i in code
            if i not in graded
            and "answer_" not in nb.cells[i].source
            and nb.cells[i].metadata.get("nbgrader", {}).get("locked")
        ]
        deadline = time.monotonic() + self.limits.submission_timeout
        session: Session | None = None
        try:
            for index in code:
                cell = nb.cells[index]
                if time.monotonic() > deadline:
                    cell.outputs = [_lost_output("the whole submission ran past its time limit")]
                    outcome.flag(
                        "timed out",
                        f"the whole notebook ran past its time limit "
                        f"({self.limits.submission_timeout} s)",
                    )
                    continue
                try:
                    if session is None:
                        session = Session(self.stage, self.limits, self.slot, files)
                        for earlier in (i for i in setup if i < index and outcome.kernel):
                            session.run(run_nb.cells[earlier].source)  # outputs kept already
                        outcome.kernel = True
                    result = session.run(run_nb.cells[index].source, answer=index in graded)
                except SessionLost as lost:
                    if session is not None:
                        self._breaches(session, outcome)
                        session.kill()
                    session = None
                    cell.outputs = [_lost_output(lost.reason)]
                    status = "timed out" if lost.kind == "wedged" else "stopped"
                    outcome.flag(
                        status,
                        f"cell {index + 1}: {lost.reason}; later cells ran on a fresh kernel",
                    )
                    continue
                cell.outputs = [nbformat.from_dict(o) for o in _plain(result["outputs"])]
                cell.execution_count = result["execution_count"]
                if result["status"] != "ok":
                    self._breaches(session, outcome)  # while what the cell started still runs
                if result["status"] == "interrupted":
                    outcome.flag(
                        "timed out",
                        f"cell {index + 1} ran past its time limit "
                        f"({self.limits.cell_timeout} s) and was interrupted",
                    )
                if result["truncated"]:
                    outcome.flag(
                        "limit",
                        f"output limit ({self.limits.output_chars:,} "
                        "characters): later output was cut",
                    )
                if result["answer_cut"]:
                    outcome.flag(
                        "limit",
                        f"answer limit: the answer graded in cell {index + 1} "
                        f"is longer than {self.limits.answer_chars:,} characters",
                    )
        finally:
            if session is not None:
                self._breaches(session, outcome)
                session.kill()
        return {i: reported_answer(nb.cells[i]) for i in graded}

    @staticmethod
    def _breaches(session: Session, outcome: Outcome) -> None:
        for breach in session.breaches():
            outcome.flag("limit", f"{breach} reached")
