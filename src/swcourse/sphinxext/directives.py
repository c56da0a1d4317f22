"""Directives that render course data (objectives, glossary) from YAML into the book.

The YAML is the single source: pages never restate objectives or definitions by hand, so the
book, the question bank and the flashcards cannot drift apart. Directives read no files: they
look things up in the build's one `Course` (`course.course_of`).
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.domains.std import make_glossary_term
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles

from sphinx import addnodes

from ..core.course import Course, CourseLayout, objective_anchor, objective_key
from ..core.models import Chapter
from ..core.problems import ContentError
from .course import course_of
from .tables import table


class _CourseDirective(SphinxDirective):
    """Shared plumbing: the course layout and turning content errors into located warnings."""

    @property
    def layout(self) -> CourseLayout:
        return CourseLayout(Path(self.env.srcdir))

    @property
    def course(self) -> Course:
        return course_of(self.env)

    def depend_on(self, *paths: Path) -> None:
        """Re-read this page when any of these course files changes."""
        for path in paths:
            self.env.note_dependency(str(path))

    def fail(self, message: str) -> list[nodes.Node]:
        raise self.error(message)

    def report(self, exc: ContentError) -> list[nodes.Node]:
        return self.fail("; ".join(p.format(self.layout.root) for p in exc.problems))

    def chapters(self) -> tuple[Chapter, ...]:
        """The course's chapters with their objectives; the page is rebuilt when they change."""
        if self.course.objectives_file is None:
            self.fail("book/objectives.yaml does not load (see the problems reported above)")
        self.depend_on(self.layout.objectives)
        return self.course.chapters


class ObjectivesDirective(_CourseDirective):
    """```{objectives}``` — the learning objectives of the chapter this page is."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        self.chapters()
        chapter = self.course.chapter_of_page(self.env.docname)
        if chapter is None:
            return self.fail(f"no chapter in book/objectives.yaml has file {self.env.docname}.md")
        box = nodes.admonition(classes=["objectives"])
        box += nodes.title(text="Learning objectives")
        box += nodes.paragraph(text="By the end of this chapter you will be able to:")
        items = nodes.bullet_list()
        for objective in chapter.objectives:
            anchor = objective_anchor(objective.id)
            para = nodes.paragraph()
            para += nodes.strong(text=objective.id)
            para += nodes.Text(f" {objective.text}")
            items += nodes.list_item("", para, ids=[anchor])
        box += items
        return [box]


class CourseGlossaryDirective(_CourseDirective):
    """```{course-glossary}``` — every term of book/glossary/*.yaml, sorted, with its chapter."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        glossaries = self.course.glossaries
        chapters = {c.number: c for c in self.chapters()}
        entries = sorted(
            (t for g in glossaries for t in g.model.terms), key=lambda t: t.term.lower()
        )
        self.depend_on(*self.layout.glossary_files())
        items = nodes.definition_list(classes=["glossary"])
        for entry in entries:
            term = make_glossary_term(
                self.env,
                [nodes.Text(entry.term)],
                None,
                self.env.docname,
                self.lineno,
                None,
                self.state.document,
            )
            definition = nodes.definition("", nodes.paragraph(text=entry.definition))
            chapter = chapters.get(entry.chapter)
            if chapter is not None:
                definition += self._chapter_link(
                    chapter.file, f"Chapter {chapter.number}: {chapter.title}"
                )
            items += nodes.definition_list_item("", term, definition)
        glossary = addnodes.glossary()
        glossary["sorted"] = True
        glossary += items
        return [glossary]

    def _chapter_link(self, file: str, title: str) -> nodes.paragraph:
        xref = addnodes.pending_xref(
            "",
            refdomain="std",
            reftype="doc",
            refexplicit=True,
            reftarget="/" + file.removesuffix(".md"),
            refwarn=True,
        )
        xref += nodes.inline(text=title)
        para = nodes.paragraph(classes=["glossary-chapter"])
        para += nodes.Text("Introduced in ")
        para += xref
        return para


class ObjectivesTableDirective(_CourseDirective):
    """```{objectives-table}``` — every learning objective of the course, by chapter."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        rows: list[list[nodes.Node | str]] = []
        for chapter in self.chapters():
            for objective in chapter.objectives:
                link = addnodes.pending_xref(
                    "",
                    refdomain="std",
                    reftype="doc",
                    refexplicit=True,
                    reftarget="/" + chapter.file.removesuffix(".md"),
                )
                link += nodes.inline(text=f"{chapter.number}. {chapter.title}")
                rows.append([objective.id, objective.text, nodes.paragraph("", "", link)])
        return [table(["ID", "Learning objective", "Chapter"], rows, [10, 60, 30])]


class ChapterSummariesDirective(_CourseDirective):
    """```{chapter-summaries}``` — each chapter's own Summary section, so the hub never drifts."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        lines: list[str] = []
        for chapter in self.chapters():
            source = self.layout.root / chapter.file
            self.env.note_dependency(str(source))
            page = Path(chapter.file).name
            lines += [f"### {chapter.number}. {chapter.title}", ""]
            lines += summary_section(source.read_text(encoding="utf-8"))
            lines += ["", f"[Read chapter {chapter.number} again]({page})", ""]
        container = nodes.container(classes=["chapter-summaries"])
        nested_parse_with_titles(self.state, StringList(lines, source=self.env.docname), container)
        return container.children


def summary_section(text: str) -> list[str]:
    """The lines under a chapter's `## Summary` heading, up to its next level-2 heading."""
    lines = text.splitlines()
    try:
        start = lines.index("## Summary") + 1
    except ValueError:
        return []
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))
    return lines[start:end]


class AssignmentsTableDirective(_CourseDirective):
    """```{assignments-table}``` — each graded assignment with its objectives and points."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        course = self.course
        if course.assignments_file is None:
            return self.fail("quizzes/assignments.yaml is missing or does not load")
        specs = course.assignments
        self.depend_on(self.layout.assignments, *self.layout.bank_files())
        items = course.items
        rows: list[list[nodes.Node | str]] = []
        for spec in specs:
            # a pool's slot counts once, as its first item (its items share points and type)
            chosen = [items[s.ids[0]] for s in spec.slots() if s.ids[0] in items]
            objectives = sorted(
                {o for item in chosen for o in item.objectives},
                key=objective_key,
            )
            auto = sum(i.points for i in chosen if not i.hand_graded)
            manual = sum(i.points for i in chosen if i.hand_graded)
            rows.append(
                [
                    nodes.paragraph("", "", nodes.literal(text=spec.id)),
                    spec.title,
                    ", ".join(objectives),
                    str(len(chosen)),
                    f"{auto:g} auto + {manual:g} by hand",
                ]
            )
        return [
            table(
                ["Assignment", "Title", "Objectives assessed", "Questions", "Points"],
                rows,
                [18, 28, 26, 10, 18],
            )
        ]
