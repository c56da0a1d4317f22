"""The course's LMS settings, `lms.yaml` in the nbgrader course folder (quizzes/lms.yaml).

Everything in it is optional; without the file the exports still work, creating new columns
in the LMS. Example::

    schema_version: 1
    canvas:
      assignment_ids:            # Canvas assignment id: the number in the assignment's address
        ch02-what-they-are: 48213  # .../courses/1234/assignments/48213
    moodle:
      identity: username          # username | idnumber | email: what Moodle matches on
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..core.yamlio import load_model

CONFIG_FILE = "lms.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CanvasSettings(_Strict):
    assignment_ids: dict[str, int] = Field(
        default_factory=dict,
        description=(
            "nbgrader assignment id -> Canvas assignment id; a column with this id updates that "
            "Canvas assignment instead of creating a new one."
        ),
    )


class MoodleSettings(_Strict):
    identity: Literal["username", "idnumber", "email"] = Field(
        default="username",
        description=(
            "The user field the Moodle file's first column holds; map it to the same field when "
            "importing."
        ),
    )


class LmsConfig(_Strict):
    schema_version: Literal[1] = 1
    canvas: CanvasSettings = Field(default_factory=CanvasSettings)
    moodle: MoodleSettings = Field(default_factory=MoodleSettings)


def load_lms_config(course_dir: Path) -> LmsConfig:
    """The settings in `course_dir/lms.yaml`, or the defaults; a bad file raises ContentError."""
    path = course_dir / CONFIG_FILE
    if not path.is_file():
        return LmsConfig()
    return load_model(path, LmsConfig).model
