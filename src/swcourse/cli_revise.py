"""`swcourse revise`: flashcards in the terminal, and moving progress between the book,
Jupyter/Voilà and here (one progress file format), or out to Anki."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .cli import console
from .cli_shared import course_root, file_option, load_or_fail, root_option
from .core.atomic import write_text_atomic


def _read_progress_file(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        reason = "it is not a JSON file" if not isinstance(exc, OSError) else exc.strerror
        raise click.ClickException(
            f"{path} was not imported: {reason}. Nothing was changed."
        ) from exc


@click.command()
@root_option
@file_option(
    "--store", "store_path", "Progress file (default: revision.sqlite3 in your user data folder)."
)
@click.option("--limit", default=20, show_default=True, help="Most cards in one session.")
@click.option(
    "--deck",
    "deck_name",
    default="all",
    show_default=True,
    help="What to study: all, a chapter number (5), or a learning objective (LO-5.1).",
)
@click.option(
    "--new-per-day",
    type=click.IntRange(0, 9999),
    default=None,
    help="Change the daily limit on new cards (kept for the book and Jupyter too).",
)
@file_option(
    "--import",
    "import_path",
    "Merge a progress file exported from the book or from here, then stop.",
    exists=True,
)
@file_option(
    "--export", "export_path", "Write all your progress to a file the book can import, then stop."
)
@file_option("--anki", "anki_path", "Write the deck as an Anki package (.apkg), then stop.")
def revise(
    root: str | None,
    store_path: str | None,
    limit: int,
    deck_name: str,
    new_per_day: int | None,
    import_path: str | None,
    export_path: str | None,
    anki_path: str | None,
) -> None:
    """Review flashcards in the terminal; progress is shared with the notebook and the book."""
    from .core.progress import ProgressFileError
    from .core.scheduling import counts_text
    from .revision.session import run_session
    from .revision.store import ProgressStore, StoreCorrupted

    course = load_or_fail(course_root(root))
    deck = list(course.deck)
    if anki_path:
        from .revision.anki import write_apkg

        written = write_apkg(course, deck, Path(anki_path))
        click.echo(f"Wrote {len(deck)} cards to {written}; open it with Anki (File > Import).")
        return
    try:
        chosen = course.find_deck(deck_name)
    except LookupError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        store = ProgressStore(Path(store_path) if store_path else None)
    except StoreCorrupted as exc:
        raise click.ClickException(str(exc)) from exc
    with store:
        if new_per_day is not None:
            store.new_per_day = new_per_day
            console.print(f"New cards per day: {new_per_day}.")
        if import_path:
            path = Path(import_path)
            data = _read_progress_file(path)
            try:
                added, known = store.import_document(data)
            except ProgressFileError as exc:
                raise click.ClickException(
                    f"{path} was not imported: {exc}. Nothing was changed."
                ) from exc
            ids = [card.id for card in deck]
            click.echo(
                f"Imported {path}: {added} new review(s), {known} already here. "
                f"Today: {counts_text(store.queue(ids).counts)}."
            )
            return
        if export_path:
            path = Path(export_path)
            write_text_atomic(path, json.dumps(store.export_document(), indent=2))
            click.echo(
                f"Wrote your progress ({store.review_count()} reviews) to {path}. "
                "Import it on the book's revision hub, or with swcourse revise --import."
            )
            return
        run_session(
            deck,
            store,
            console,
            lambda text: click.prompt(text, default="", show_default=False),
            limit,
            chosen,
        )
