"""pydantic models for the course's YAML content: learning objectives and glossary terms."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

OBJECTIVE_ID = re.compile(r"^LO-(\d+)\.(\d+)$")


def _objective_id(value: str) -> str:
    if not OBJECTIVE_ID.match(value):
        raise ValueError(f"objective id {value!r} is malformed; write it as LO-<chapter>.<n>")
    return value


def objective_anchor(objective_id: str) -> str:
    """The HTML id of an objective in its chapter's list ('LO-5.1' -> 'lo-5-1'); the book's
    pages link to it with this, received as data, so the rule is written once."""
    return objective_id.lower().replace(".", "-")


# Every reference to a learning objective (objectives file, scenarios, bank) is checked alike.
ObjectiveId = Annotated[str, AfterValidator(_objective_id)]


class Strict(BaseModel):
    """Unknown fields are errors: a typo in a field name must not be silently ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Objective(Strict):
    id: ObjectiveId = Field(
        description="Stable ID, LO-<chapter>.<n>; never renumbered once published."
    )
    text: str = Field(min_length=10, description="What the learner can do; starts with a verb.")


class Chapter(Strict):
    number: int = Field(ge=1, le=99)
    title: str = Field(min_length=3)
    file: str = Field(description="Path of the chapter's MyST file, relative to the course root.")
    facts: list[str] = Field(
        default_factory=list, description="FACTS.md item IDs the chapter cites."
    )
    objectives: list[Objective] = Field(min_length=1)


class ObjectivesFile(Strict):
    schema_version: Literal[1]
    chapters: list[Chapter] = Field(min_length=1)


class Term(Strict):
    term: str = Field(min_length=2)
    chapter: int = Field(ge=1, le=99)
    definition: str = Field(min_length=10)


class GlossaryFile(Strict):
    schema_version: Literal[1]
    terms: list[Term] = Field(min_length=1)


class TimelineEvent(Strict):
    year: int = Field(ge=1800, le=2100)
    strand: Literal["casework", "group work", "both"]
    label: str = Field(
        min_length=3, max_length=60, description="Short enough to sit on the figure."
    )
    cite: str = Field(description="references.bib key of the work that supports the date.")


class TimelineFile(Strict):
    schema_version: Literal[1]
    events: list[TimelineEvent] = Field(min_length=2)
