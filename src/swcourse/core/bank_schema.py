"""The question bank file: a list of items, each validated by its type's class (core/items/).

Practice items feed the book's self-checks and the flashcards; assessment items feed the graded
nbgrader assignments and never appear in the book. The item classes are re-exported here under
the names other modules have always imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field

from . import items
from .items import *  # noqa: F403 - the item classes, re-exported under their old address
from .items import ItemBase, item_union
from .items.base import ITEM_ID
from .items.registry import follow
from .models import Strict

if TYPE_CHECKING:  # to a type checker an item is its common base; isinstance narrows it
    Item = ItemBase
else:  # to pydantic, the union of every type registered now (core/items/registry.py)
    Item = item_union()


class BankFile(Strict):
    schema_version: Literal[1]
    items: list[Item] = Field(min_length=1)


def _follow_registry() -> None:
    """Validate bank files over the types registered now, so a type added later loads too."""
    BankFile.model_fields["items"].annotation = list[item_union()]  # type: ignore[assignment,misc]
    BankFile.model_rebuild(force=True)


follow(_follow_registry)


__all__ = ["ITEM_ID", "BankFile", "Item"]
__all__ += items.__all__
