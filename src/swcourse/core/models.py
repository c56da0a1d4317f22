"""pydantic models for the course's YAML content: learning objectives and glossary terms."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

OBJECTIVE_ID = re.compile(r"^LO-(\d+)\.(\d+)$")


class Strict(BaseModel):
    """Unknown fields are errors: a typo in a field name must not be silently ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Objective(Strict):
    id: str = Field(description="Stable ID, LO-<chapter>.<n>; never renumbered once published.")
    text: str = Field(min_length=10, description="What the learner can do; starts with a verb.")

    @field_validator("id")
    @classmethod
    def _well_formed(cls, value: str) -> str:
        if not OBJECTIVE_ID.match(value):
            raise ValueError(f"objective id {value!r} is malformed; write it as LO-<chapter>.<n>")
        return value


class Chapter(Strict):
    number: int = Field(ge=1, le=99)
    title: str = Field(min_length=3)
    file: str = Field(description="Path of the chapter's MyST file, relative to the course root.")
    facts: list[str] = Field(default_factory=list, description="FACTS.md item IDs the chapter cites.")
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
    label: str = Field(min_length=3, max_length=60, description="Short enough to sit on the figure.")
    cite: str = Field(description="references.bib key of the work that supports the date.")


class TimelineFile(Strict):
    schema_version: Literal[1]
    events: list[TimelineEvent] = Field(min_length=2)
