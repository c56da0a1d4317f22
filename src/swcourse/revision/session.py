"""`swcourse revise`: a flashcard session in the terminal over the same progress store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from ..core.cards import Deck, Flashcard
from ..core.scheduling import counts_text, when_text
from .store import ProgressStore

KEYS = {"1": "again", "2": "hard", "3": "good", "4": "easy"}


def _front(card: Flashcard) -> Text:
    options = "".join(f"\n  • {option}" for option in card.options)
    return Text.assemble((card.ask, "bold"), "\n", card.front, options)


def run_session(
    deck: list[Flashcard],
    store: ProgressStore,
    console: Console,
    ask: Callable[[str], str],
    limit: int,
    chosen: Deck | None = None,
) -> int:
    """Review up to `limit` cards of the chosen deck, due before new (at most the day's new-card
    limit unless the deck is a filtered one); returns how many were reviewed. 'q' stops."""
    cards = {card.id: card for card in deck}
    ids = list(chosen.cards) if chosen else list(cards)
    queue = store.queue(ids, limited=chosen.limited if chosen else True)
    title = chosen.title if chosen else "All cards"
    console.print(f"{title}. Today: {counts_text(queue.counts)}.")
    todo = queue.cards[:limit]
    if not todo:
        console.print(
            "No cards to study now. New cards are limited to "
            f"{store.new_per_day} a day (change it with --new-per-day). Come back later."
        )
        return 0
    console.print(f"{len(todo)} card(s) to review. Answer in your head, then rate yourself.")
    done = 0
    for number, card_id in enumerate(todo, start=1):
        card = cards[card_id]
        console.print(
            Panel(_front(card), title=f"Card {number} of {len(todo)}", title_align="left")
        )
        if ask("Press Enter to show the answer (q to stop)").strip().lower() == "q":
            break
        console.print(
            Panel(Text(card.back), title="Answer", title_align="left", border_style="green")
        )
        while True:
            answer = ask(
                "How well did you remember it? 1 Again, 2 Hard, 3 Good, 4 Easy (q to stop)"
            )
            answer = answer.strip().lower()
            if answer == "q" or answer in KEYS:
                break
            console.print("Type 1, 2, 3 or 4.")
        if answer == "q":
            break
        state = store.record(card_id, KEYS[answer])
        done += 1
        console.print(f"Saved. Next review {when_text(datetime.fromisoformat(state['due']))}.")
    console.print(f"Session over: {done} card(s) reviewed, all saved in {store.path}.")
    return done
