"""What happened to one submitted notebook in `swcourse grade`: its status and the reasons.

Its own module because every stage adds to it (the worker pool in autograde.py, the sandbox run
in executor.py, the recording in record.py) and the command prints it (cli_grade.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

STATUSES = ("graded", "stopped", "limit", "timed out", "failed")  # failed = not recorded


@dataclass
class Outcome:
    student: str
    notebook: str
    status: str = "graded"
    reason: str = ""
    notes: list[str] = field(default_factory=list)
    kernel: bool = False  # whether it needed the sandbox
    seconds: dict[str, float] = field(default_factory=dict)  # per phase, for the benchmark

    def flag(self, status: str, note: str) -> None:
        """Note a problem; the worst status wins (failed > timed out > limit > stopped)."""
        if STATUSES.index(status) > STATUSES.index(self.status):
            self.status = status
        if note not in self.notes:
            self.notes.append(note)

    @property
    def detail(self) -> str:
        return self.reason or "; ".join(self.notes)
