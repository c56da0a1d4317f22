"""pydantic models for the course's YAML content: learning objectives and glossary terms."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

OBJECTIVE_ID = re.compile(r"^LO-(\d+)\.(\d+)$")
# Lower-case words joined by hyphens: scenario and assignment ids (they become file names).
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def objective_chapter(objective: str) -> int | None:
    """The chapter number an objective id names (LO-5.2 -> 5); None when it is malformed."""
    found = OBJECTIVE_ID.match(objective)
    return int(found.group(1)) if found else None


def objective_key(objective: str) -> tuple[int, int] | tuple[int, int, str]:
    """Sort key putting LO-2.10 after LO-2.9 (and anything malformed last, by its text)."""
    found = OBJECTIVE_ID.match(objective)
    if found is None:
        return (10**6, 0, objective)
    return (int(found.group(1)), int(found.group(2)))


def objective_anchor(objective: str) -> str:
    """The HTML id of an objective on its chapter page (LO-5.2 -> lo-5-2); the book's pages
    receive it as data, so the rule is written once."""
    return objective.lower().replace(".", "-")


def _objective_id(value: str) -> str:
    if not OBJECTIVE_ID.match(value):
        raise ValueError(f"objective id {value!r} is malformed; write it as LO-<chapter>.<n>")
    return value


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
