"""Hand-written bank items for tests: the one validator, the builders and the few items that the
scoring, feedback and parity tests share, so each test file writes only the items it is about.

Expected values stay in the tests themselves; this module only spares every file the same
boilerplate (an item's common fields, options with explanations, id/text pairs) and the same
matching item and classification situations written out twice.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from swcourse.core.bank_schema import Item

ITEM: TypeAdapter[Any] = TypeAdapter(Item)
BASE = {
    "objectives": ["LO-5.1"],
    "use": "practice",
    "difficulty": "easy",
    "prompt": "A question written for the tests.",
}

# Two situations for classification items: one casework, one group work.
TWO_SITUATIONS = [
    {
        "id": "v1",
        "text": "A widow wants help with her own pension forms.",
        "answer": "casework",
        "explanation": "One person, private matter.",
    },
    {
        "id": "v2",
        "text": "Six carers want to share what helps them cope.",
        "answer": "group work",
        "explanation": "A shared concern and mutual aid.",
    },
]


def item(**fields: Any) -> Any:
    """A validated practice item of LO-5.1 with `fields` on top of the common ones."""
    return ITEM.validate_python({**BASE, **fields})


def opts(*ids: str, why: str = "Why option {} is as it is.") -> list[dict[str, str]]:
    """Options with these ids; `why` is each explanation, with `{}` for the id."""
    return [{"id": i, "text": f"Option {i}", "explanation": why.format(i)} for i in ids]


def pairs(*ids: str) -> list[dict[str, str]]:
    """Id/text pairs for ordering items and the two sides of a matching item."""
    return [{"id": i, "text": f"Text {i}"} for i in ids]


# Three left entries, each with one right entry: x-p, y-q, z-r.
MATCH = item(
    id="q-05-match",
    type="matching",
    explanation="Each principle answers a need.",
    left=[{"id": i, "text": i} for i in ("x", "y", "z")],
    right=[{"id": i, "text": i} for i in ("p", "q", "r")],
    key={"x": "p", "y": "q", "z": "r"},
)
