"""Reading a submission folder without trusting it: no symbolic link or special file is followed.

A symlinked notebook could point at the source notebook (keys) or at a peer's work, and a link
or a named pipe elsewhere in the folder would be copied into autograded/ and the feedback. Both
`swcourse grade` and plain nbgrader refuse such a submission with a reason the instructor can act
on: `swcourse grade` through `read_submission`, nbgrader through the `RefuseLinks` preprocessor
(add it first to `Autograde.sanitize_preprocessors` and `GenerateFeedback.preprocessors`), and
`swcourse grade --check-only` lists every refused submission before either grader runs.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

MAX_FILE_BYTES = 20_000_000
MAX_FILES = 200
MAX_DEPTH = 6


class Refused(Exception):
    """The submission cannot be graded safely; the message says which file and why."""


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
    ):
        if test(mode):
            return name
    return "a special file"


def _read(path: Path, label: str) -> bytes:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        if os.path.islink(path):
            raise Refused(f"{label} is a symbolic link; remove it and collect again") from exc
        raise Refused(f"{label} cannot be read ({exc.strerror})") from exc
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise Refused(f"{label} is {_kind(info.st_mode)}, not a file; remove it")
        if info.st_size > MAX_FILE_BYTES:
            raise Refused(f"{label} is larger than {MAX_FILE_BYTES:,} bytes")
        return handle.read(MAX_FILE_BYTES + 1)


def read_submission(folder: Path, label: str = "") -> dict[str, bytes]:
    """Every file of a submission folder (relative path -> bytes); Refused on a link or special."""
    label = label or folder.name
    found: dict[str, bytes] = {}

    def walk(current: Path, prefix: str, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise Refused(f"{label}/{prefix}: folders nested deeper than {MAX_DEPTH} levels")
        with os.scandir(current) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                relative = f"{prefix}{entry.name}"
                if entry.is_symlink():
                    raise Refused(
                        f"{label}/{relative} is a symbolic link; remove it and collect "
                        "again (links could point at keys or another student's work)"
                    )
                if entry.is_dir(follow_symlinks=False):
                    walk(Path(entry.path), f"{relative}/", depth + 1)
                elif entry.is_file(follow_symlinks=False):
                    if len(found) >= MAX_FILES:
                        raise Refused(f"{label}: more than {MAX_FILES} files")
                    found[relative] = _read(Path(entry.path), f"{label}/{relative}")
                else:
                    mode = entry.stat(follow_symlinks=False).st_mode
                    raise Refused(f"{label}/{relative} is {_kind(mode)}, not a file; remove it")

    if folder.is_symlink() or folder.parent.is_symlink():
        raise Refused(f"{label} is a symbolic link to another folder; collect it again")
    walk(folder, "", 0)
    return found


def check(course: Path, assignment: str) -> list[tuple[str, str]]:
    """(student, reason) for every collected submission of `assignment` that would be refused."""
    refused = []
    submitted = course / "submitted"
    for entry in sorted(os.scandir(submitted), key=lambda e: e.name) if submitted.is_dir() else []:
        folder = Path(entry.path) / assignment
        if entry.is_symlink():
            refused.append((entry.name, f"{entry.name} is a symbolic link; collect it again"))
        elif folder.exists() or folder.is_symlink():
            try:
                read_submission(folder, f"{entry.name}/{assignment}")
            except Refused as exc:
                refused.append((entry.name, str(exc)))
    return refused


def _preprocessor_base() -> Any:
    from nbgrader.preprocessors import NbGraderPreprocessor

    return NbGraderPreprocessor


class RefuseLinks(_preprocessor_base()):  # type: ignore[misc]
    """nbgrader preprocessor: fail this student's notebook if its folder holds a link or special
    file (nbgrader then removes the half-made output and goes on with the next student)."""

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        folder = Path(resources.get("metadata", {}).get("path") or ".")
        try:
            read_submission(folder, f"{folder.parent.name}/{folder.name}")
        except Refused as exc:
            raise ValueError(f"refused: {exc}") from exc
        return nb, resources
