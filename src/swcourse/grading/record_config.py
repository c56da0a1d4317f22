"""Phase 2 of `swcourse grade`, set up: nbgrader's configuration for recording, and the slow
but general way to record a student, through nbgrader's own Autograde converter.

Apart from record.py's batch because a course can configure what the batch cannot take (steps
it does not know, which might open the gradebook themselves, or convert hooks): `batch_config`
says so, and such a course is recorded here, one student and one converter run at a time.
"""

from __future__ import annotations

import time
import warnings
from pathlib import Path
from typing import Any

from .outcome import Outcome

# The steps the batch knows: none of them opens the gradebook except the two replaced here.
KNOWN_STEPS = {
    "Execute",
    "ReplayExecution",
    "IgnorePattern",
    "ClearMetadataPreprocessor",
    "LimitOutput",
    "QuietAnswerBoxes",
    "SavedReflections",
    "SaveAutoGrades",
    "AssignLatePenalties",
    "CheckCellMetadata",
}


def _name(step: Any) -> str:
    return (step if isinstance(step, str) else step.__name__).rsplit(".", 1)[-1]


def replay_config(course: Path, results: Path) -> Any:
    """nbgrader configuration: the course's own, with Execute replaced by the replay step."""
    from nbconvert.preprocessors import ClearMetadataPreprocessor
    from nbgrader.preprocessors import (
        AssignLatePenalties,
        CheckCellMetadata,
        IgnorePattern,
        LimitOutput,
        SaveAutoGrades,
    )
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    from .replay import ReplayExecution

    config = Config()
    if (course / "nbgrader_config.py").is_file():
        config.merge(PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config())
    config.CourseDirectory.root = str(course)
    config.ReplayExecution.results_dir = str(results)
    default = [
        ReplayExecution,
        IgnorePattern,
        ClearMetadataPreprocessor,
        LimitOutput,
        SaveAutoGrades,
        AssignLatePenalties,
        CheckCellMetadata,
    ]
    # The course's own steps (e.g. copying saved reflections into their cells) run here too, so
    # both graders write the same autograded notebooks; only Execute becomes the replay.
    configured = (
        config.Autograde.autograde_preprocessors
        if "autograde_preprocessors" in config.Autograde
        else None
    )
    config.Autograde.autograde_preprocessors = (
        [ReplayExecution if _is_execute(step) else step for step in configured]
        if configured
        else default
    )
    return config


def _is_execute(step: Any) -> bool:
    name = step if isinstance(step, str) else f"{step.__module__}.{step.__name__}"
    return name.rsplit(".", 1)[-1] == "Execute"


class Recorder:
    """Phase 2: nbgrader writes the gradebook and autograded/ from the replayed results.

    It has BatchRecorder's interface (`record`, `commit`, `uncommitted`); nbgrader commits as
    it goes, so there is never anything left to commit."""

    uncommitted = 0

    def __init__(self, course: Path, assignment: str, results: Path):
        from nbgrader.apps import NbGraderAPI
        from nbgrader.coursedir import CourseDirectory

        config = replay_config(course, results)
        self.api = NbGraderAPI(CourseDirectory(config=config), config=config)
        self.assignment = assignment

    def record(self, student: str, outcomes: list[Outcome]) -> None:
        """Autograde one student whose notebooks have all been executed."""
        if any(o.status == "failed" for o in outcomes):
            return  # nbgrader would stop on this student too; the reason is already reported
        start = time.perf_counter()
        with warnings.catch_warnings():
            # nbgrader's SQLAlchemy use warns when it adds a new student: noise for the
            # instructor, and under pytest's error filter it must not fail the submission.
            warnings.simplefilter("ignore")
            try:
                reply = self.api.autograde(self.assignment, student, force=True, create=True)
            except Exception as exc:
                reply = {"success": False, "error": f"{exc.__class__.__name__}: {exc}"}
        for outcome in outcomes:
            outcome.seconds["record"] = (time.perf_counter() - start) / len(outcomes)
        if not reply.get("success"):
            reason = (reply.get("error") or "nbgrader refused the submission").strip().splitlines()
            for outcome in outcomes:
                outcome.status = "failed"
                outcome.reason = reason[-1] if reason else "nbgrader failed"

    def commit(self) -> list[Outcome]:
        return []


def batch_config(course: Path, results: Path) -> tuple[Any, bool]:
    """(configuration with Execute replaced by the replay, whether the batch can record it)."""
    config = replay_config(course, results)
    steps = config.Autograde.autograde_preprocessors
    hooks = any(
        name in config[section]
        for section in ("BaseConverter", "Autograde")
        for name in ("pre_convert_hook", "post_convert_hook")
    )
    known = all(_name(step) in KNOWN_STEPS for step in steps)
    return config, known and not hooks
