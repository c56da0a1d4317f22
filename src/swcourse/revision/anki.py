"""The revision deck as an Anki package (.apkg, written by genanki), for learners who use Anki.

One note type per card kind (term, single choice, true/false, ...), so each kind keeps its own
layout and can be restyled in Anki; one subdeck per chapter; tags per chapter, per learning
objective and per kind; each note names the works its chapter cites (book/references.bib).
Note ids come from the card ids, so importing a newer package updates notes instead of
duplicating them.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

import genanki
from pybtex.database import parse_file

from ..core.cards import KINDS, Flashcard
from ..core.course import Course
from ..core.items import item_types
from ..core.myst import scan_file

COURSE = "Casework and Group Work"
DECK_BASE_ID = 1_735_020_000  # stable ids: Anki matches decks and note types by id
MODEL_BASE_ID = 1_735_030_000
# A card kind is "term" or the item type it was made from; each item type names itself.
KIND_NAMES = {"term": "key term", **{name: cls.label for name, cls in item_types().items()}}
FIELDS = ["Ask", "Front", "Options", "Back", "Chapter", "Objectives", "Sources"]
CSS = (
    ".card { font-family: sans-serif; font-size: 20px; line-height: 1.45; color: #1d1d1f; "
    "background: #ffffff; text-align: left; max-width: 40em; margin: 0 auto; }\n"
    ".ask { font-size: 0.8em; text-transform: uppercase; letter-spacing: 0.05em; "
    "color: #3d3d45; }\n.sources, .where { font-size: 0.75em; color: #3d3d45; }\n"
)


def model_for(kind: str) -> genanki.Model:
    """The note type of one card kind."""
    question = (
        '<div class="ask">{{Ask}}</div><div class="front">{{Front}}</div>'
        '{{#Options}}<ul class="options">{{Options}}</ul>{{/Options}}'
    )
    answer = (
        '{{FrontSide}}<hr id="answer"><div class="back">{{Back}}</div>'
        '<p class="where">{{Chapter}} {{Objectives}}</p>'
        '<p class="sources">Sources: {{Sources}}</p>'
    )
    return genanki.Model(
        MODEL_BASE_ID + KINDS.index(kind),
        f"{COURSE}: {KIND_NAMES[kind]}",
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": KIND_NAMES[kind].capitalize(), "qfmt": question, "afmt": answer}],
        css=CSS,
    )


def _reference(entry: object) -> str:
    fields = entry.fields  # type: ignore[attr-defined]
    people = entry.persons.get("author") or entry.persons.get("editor") or []  # type: ignore[attr-defined]
    names = ", ".join(" ".join(p.last_names) for p in people) or fields.get("organization", "")
    text = f"{names} ({fields.get('year', 'n.d.')}). {fields.get('title', '')}."
    return re.sub(r"[{}]", "", text).replace("--", "\N{EN DASH}")


def chapter_sources(course: Course) -> dict[int, list[str]]:
    """Chapter number -> the works the chapter cites, formatted, in citation order."""
    bib = parse_file(str(course.layout.references)).entries
    found: dict[int, list[str]] = {}
    for chapter in course.chapters:
        keys = [use.target for use in scan_file(course.root / chapter.file).citations]
        found[chapter.number] = [_reference(bib[k]) for k in dict.fromkeys(keys) if k in bib]
    return found


def note_for(card: Flashcard, chapter_title: str, sources: list[str]) -> genanki.Note:
    options = "".join(f"<li>{escape(option)}</li>" for option in card.options)
    fields = [
        escape(card.ask),
        escape(card.front),
        options,
        escape(card.back),
        escape(f"Chapter {card.chapter}: {chapter_title}."),
        escape(", ".join(card.objectives)),
        escape(" ".join(sources) or f"see chapter {card.chapter} of {COURSE}"),
    ]
    tags = [f"chapter-{card.chapter:02d}", f"kind-{card.kind.replace('_', '-')}", *card.objectives]
    return genanki.Note(
        model=model_for(card.kind),
        fields=fields,
        tags=tags,
        guid=genanki.guid_for("swcourse", card.id),
    )


def write_apkg(course: Course, deck: list[Flashcard], target: Path) -> Path:
    """Write every card to `target` (.apkg): a subdeck per chapter, in course order."""
    chapters = course.chapter_titles
    sources = chapter_sources(course)
    decks: dict[int, genanki.Deck] = {}
    for card in deck:
        if card.chapter not in decks:
            decks[card.chapter] = genanki.Deck(
                DECK_BASE_ID + card.chapter,
                f"{COURSE}::Chapter {card.chapter:02d}: {chapters.get(card.chapter, '')}",
            )
        decks[card.chapter].add_note(
            note_for(card, chapters.get(card.chapter, ""), sources.get(card.chapter, []))
        )
    target = target if target.suffix == ".apkg" else target.with_suffix(".apkg")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    genanki.Package(list(decks.values())).write_to_file(str(partial))
    partial.replace(target)
    return target
