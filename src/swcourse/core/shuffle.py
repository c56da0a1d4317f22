"""Display order for options: shuffled per learner and item, the same on every reload.

Grading uses option ids, never positions, so the order only changes what a learner sees. The
seed is text such as ``"<student id>:<item id>"`` (nbgrader's student id in assignments, a random
id kept per browser in the book), so one student always sees one order and two students
usually see different ones. An item may pin its written order (``fixed_order: true`` in the bank,
for an option such as "all of the above").

The rule is small enough to have an exact twin in the book's JavaScript (shuffle.js), which a
browser test holds equal to this one: the seed's UTF-8 bytes are hashed with 32-bit FNV-1a, the
hash seeds the mulberry32 generator, and a Fisher-Yates shuffle draws index ``(r * (i + 1)) >> 32``
for each position ``i`` from the last down to 1. Every step is 32-bit integer arithmetic, so
Python and JavaScript give the same order for the same seed. Changing any step reshuffles what
every learner sees, so the tests pin a few orders.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

MASK = 0xFFFFFFFF


def fnv1a(text: str) -> int:
    """32-bit FNV-1a hash of the text's UTF-8 bytes."""
    value = 0x811C9DC5
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & MASK
    return value


def mulberry32(state: int) -> Iterator[int]:
    """Tommy Ettinger's mulberry32: a tiny 32-bit generator that JavaScript can repeat exactly."""
    while True:
        state = (state + 0x6D2B79F5) & MASK
        value = ((state ^ (state >> 15)) * (state | 1)) & MASK
        value = ((value + (((value ^ (value >> 7)) * (value | 61)) & MASK)) & MASK) ^ value
        yield (value ^ (value >> 14)) & MASK


def display_order(
    ids: Sequence[str], seed: str, *, fixed: bool = False, avoid: Sequence[str] | None = None
) -> list[str]:
    """`ids` in the order this seed shows them; never exactly `avoid` (e.g. an ordering key)."""
    order = list(ids)
    if fixed or len(order) < 2:
        return order
    draws = mulberry32(fnv1a(seed))
    for i in range(len(order) - 1, 0, -1):
        j = (next(draws) * (i + 1)) >> 32
        order[i], order[j] = order[j], order[i]
    if avoid is not None and order == list(avoid):
        order = order[1:] + order[:1]  # a starting order that is already the answer gives it away
    return order
