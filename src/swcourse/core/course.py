"""Where a course's files live, and loading the parts that other checks depend on."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .models import GlossaryFile, ObjectivesFile, TimelineFile
from .problems import ContentError, Problem
from .yamlio import Loaded, load_model


@dataclass(frozen=True)
class CourseLayout:
    """The conventional paths of a course checkout (see AUTHORING.md)."""

    root: Path

    @property
    def book(self) -> Path:
        return self.root / "book"

    @property
    def objectives(self) -> Path:
        return self.book / "objectives.yaml"

    @property
    def glossary_dir(self) -> Path:
        return self.book / "glossary"

    @property
    def references(self) -> Path:
        return self.book / "references.bib"

    @property
    def timeline(self) -> Path:
        return self.book / "data" / "timeline.yaml"

    @property
    def scenarios_dir(self) -> Path:
        return self.root / "notebooks" / "scenarios"

    @property
    def bank_dir(self) -> Path:
        return self.root / "quizzes" / "bank"

    def glossary_files(self) -> list[Path]:
        return sorted(self.glossary_dir.glob("*.yaml"))

    def chapter_sources(self) -> list[Path]:
        """Every MyST page of the book (chapters, hub, guides)."""
        return sorted(self.book.glob("*.md"))


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` holding `_config.yml` and `book/`."""
    for folder in [start, *start.parents]:
        if (folder / "_config.yml").is_file() and (folder / "book").is_dir():
            return folder
    raise ContentError(
        [Problem(start, 1, "not inside a course: no _config.yml with a book/ folder")]
    )


def load_objectives(layout: CourseLayout) -> Loaded[ObjectivesFile]:
    """The course's learning objectives (one file for the whole course)."""
    return load_model(layout.objectives, ObjectivesFile)


def load_glossaries(layout: CourseLayout) -> tuple[list[Loaded[GlossaryFile]], list[Problem]]:
    """Every glossary file that loads, plus the problems of those that do not."""
    loaded: list[Loaded[GlossaryFile]] = []
    problems: list[Problem] = []
    for path in layout.glossary_files():
        try:
            loaded.append(load_model(path, GlossaryFile))
        except ContentError as exc:
            problems.extend(exc.problems)
    return loaded, problems


def glossary_terms(glossaries: list[Loaded[GlossaryFile]]) -> dict[str, tuple[Path, int]]:
    """Lower-cased term -> where it is defined (Sphinx matches terms without regard to case)."""
    terms: dict[str, tuple[Path, int]] = {}
    for loaded in glossaries:
        for index, term in enumerate(loaded.model.terms):
            terms.setdefault(term.term.lower(), (loaded.path, loaded.line("terms", index, "term")))
    return terms


def load_timeline(layout: CourseLayout) -> Loaded[TimelineFile]:
    """The milestones drawn on the course timeline."""
    return load_model(layout.timeline, TimelineFile)
