"""Item types of the question bank: one class per type, owning everything about that type.

A type's class (a pydantic model) holds its schema and its rules: scoring (`fraction`), the
feedback facts the book words (`part_facts`), the format check of an old-style answer
(`format_problem`), the check of a saved answer (`clean_answer`), the answer in words
(`answer_lines`), and what the front ends receive (`compiled`, `box_data`).
Everything else (scoring, graders, widgets, exporters) dispatches through `registry`.

To add a type: write one module here whose class subclasses `ItemBase` and is decorated with
`@register`, import it below, add its type name to `registry.ORDER` (the order bank errors and
listings use), and give it tests. Exporters (lms/) name what they do per type in
their own tables and say clearly when a type has no export.
"""

from __future__ import annotations

from .base import ItemBase, Option, Pair, RubricLevel
from .classification import Classification, Vignette
from .matching import Matching
from .multiple import MultipleSelect
from .ordering import Ordering, order_digest
from .reflection import Reflection
from .registry import (
    LiveAdapter,
    item_adapter,
    item_class,
    item_types,
    item_union,
    register,
    registered,
    type_heading,
    unregister,
)
from .short_text import ShortText
from .single import SingleChoice
from .text import CATEGORIES, CATEGORY_LABELS, category_choices
from .true_false import TrueFalse

__all__ = [
    "CATEGORIES",
    "CATEGORY_LABELS",
    "Classification",
    "ItemBase",
    "LiveAdapter",
    "Matching",
    "MultipleSelect",
    "Option",
    "Ordering",
    "Pair",
    "Reflection",
    "RubricLevel",
    "ShortText",
    "SingleChoice",
    "TrueFalse",
    "Vignette",
    "category_choices",
    "item_adapter",
    "item_class",
    "item_types",
    "item_union",
    "order_digest",
    "register",
    "registered",
    "type_heading",
    "unregister",
]
