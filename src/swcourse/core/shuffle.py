"""Display order for options: shuffled per learner and item, the same on every reload.

Grading uses option ids, never positions, so the order only changes what a learner sees. The
seed is text such as ``"<student id>:<item id>"`` (nbgrader's student id in assignments, a random
id kept per browser in the book), so one student always sees one order and two students
usually see different ones. An item may pin its written order (``fixed_order: true`` in the bank,
for an option such as "all of the above").
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence


def display_order(ids: Sequence[str], seed: str, *, fixed: bool = False,
                  avoid: Sequence[str] | None = None) -> list[str]:
    """`ids` in the order this seed shows them; never exactly `avoid` (e.g. an ordering key)."""
    order = list(ids)
    if fixed or len(order) < 2:
        return order
    rng = random.Random(hashlib.sha256(seed.encode("utf-8")).digest())
    rng.shuffle(order)
    if avoid is not None and order == list(avoid):
        order = order[1:] + order[:1]  # a starting order that is already the answer gives it away
    return order
