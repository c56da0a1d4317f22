"""Directives that render course data (objectives, glossary) from YAML into the book.

The YAML is the single source: pages never restate objectives or definitions by hand, so the
book, the question bank and the flashcards cannot drift apart.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.domains.std import make_glossary_term
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles

from sphinx import addnodes

from ..core.course import CourseLayout, load_glossaries, load_objectives
from ..core.models import Chapter, objective_anchor
from ..core.problems import ContentError
from .tables import table


class _CourseDirective(SphinxDirective):
    """Shared plumbing: the course layout and turning content errors into located warnings."""

    @property
    def layout(self) -> CourseLayout:
        return CourseLayout(Path(self.env.srcdir))

    def fail(self, message: str) -> list[nodes.Node]:
        raise self.error(message)

    def report(self, exc: ContentError) -> list[nodes.Node]:
        return self.fail("; ".join(p.format(self.layout.root) for p in exc.problems))

    def chapters(self) -> list[Chapter]:
        """The course's chapters with their objectives; the page is rebuilt when they change."""
        try:
            objectives = load_objectives(self.layout)
        except ContentError as exc:
            self.report(exc)
        self.env.note_dependency(str(self.layout.objectives))
        return objectives.model.chapters


class ObjectivesDirective(_CourseDirective):
    """```{objectives}``` — the learning objectives of the chapter this page is."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        chapter = next(
            (c for c in self.chapters() if c.file.removesuffix(".md") == self.env.docname), None
        )
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
        glossaries, problems = load_glossaries(self.layout)
        if problems:
            return self.report(ContentError(problems))
        try:
            chapters = {c.number: c for c in load_objectives(self.layout).model.chapters}
        except ContentError as exc:
            return self.report(exc)
        entries = sorted(
            (t for g in glossaries for t in g.model.terms), key=lambda t: t.term.lower()
        )
        for loaded in glossaries:
            self.env.note_dependency(str(loaded.path))
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
        try:
            chapters = load_objectives(self.layout).model.chapters
        except ContentError as exc:
            return self.report(exc)
        lines: list[str] = []
        for chapter in chapters:
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
        from ..core.assignments import assignments_path, load_assignments
        from ..core.banks import bank_items

        try:
            specs = load_assignments(self.layout).model.assignments
            bank = bank_items(self.layout)
        except ContentError as exc:
            return self.report(exc)
        self.env.note_dependency(str(assignments_path(self.layout)))
        for path in sorted(self.layout.bank_dir.glob("*.yaml")):
            self.env.note_dependency(str(path))
        items = {item.id: item for item in bank}
        rows: list[list[nodes.Node | str]] = []
        for spec in specs:
            # a pool's slot counts once, as its first item (its items share points and type)
            chosen = [items[s.ids[0]] for s in spec.slots() if s.ids[0] in items]
            objectives = sorted(
                {o for item in chosen for o in item.objectives},
                key=lambda o: tuple(int(x) for x in o[3:].split(".")),
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
