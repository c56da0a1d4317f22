"""The parity table: items and answers on which the book's JavaScript must agree with the core.

For every item type: right, partial, wrong and malformed answers (each a value JSON can carry,
since that is all a browser can hold). Fixture items cover the edges (eight keys, ids that are
JavaScript property names); the real bank's practice items cover what students meet.
"""

from __future__ import annotations

import itertools
import random
from typing import Any

from ..fixture_items import item as make_item
from ..fixture_items import opts, pairs

MALFORMED: list[Any] = [
    None,
    0,
    1,
    2.5,
    True,
    False,
    "",
    "   ",
    [],
    {},
    [1, 2],
    ["a", None],
    {"a": None},
    {"x": ["p"]},
    [["a"]],
    "a,b",
    {"": ""},
]
SPACES = ["\u00a0", "\u3000", "\x1c", "\ufeff", "\t", "\u2009"]

FIXTURES = [
    make_item(**fields)
    for fields in [
        {"id": "q-05-p-single", "type": "single", "options": opts("a", "b", "c", "d"), "key": "c"},
        {
            "id": "q-05-p-pinned",
            "type": "single",
            "options": opts("a", "b", "c", "d"),
            "key": "d",
            "fixed_order": True,
        },
        {
            "id": "q-05-p-multi",
            "type": "multiple",
            "options": opts("a", "b", "c", "d", "e"),
            "key": ["a", "c", "d"],
            "points": 3,
        },
        {
            "id": "q-05-p-eight",
            "type": "multiple",
            "options": opts(*"abcdefgh"),
            "key": [*"abcdefgh"],
        },
        {
            "id": "q-05-p-seven",
            "type": "multiple",
            "options": opts(*"abcdefg"),
            "key": [*"abcdefg"],
            "points": 7,
        },
        {
            "id": "q-05-p-tf",
            "type": "true_false",
            "key": False,
            "explanation_true": "Not so, because of this.",
            "explanation_false": "Right, because of this.",
        },
        {
            "id": "q-06-p-order",
            "type": "ordering",
            "explanation": "The phases run in this order.",
            "items": pairs("c", "a", "d", "b"),
            "key": ["a", "b", "c", "d"],
        },
        {
            "id": "q-06-p-order7",
            "type": "ordering",
            "explanation": "The phases run in this order.",
            "items": pairs(*"gfedcba"),
            "key": [*"abcdefg"],
            "points": 3,
        },
        {
            "id": "q-05-p-match",
            "type": "matching",
            "explanation": "Each principle answers a need.",
            "left": pairs("x", "y", "constructor"),
            "right": pairs("p", "q", "r", "tostring"),
            "key": {"x": "p", "y": "q", "constructor": "r"},
        },
        {
            "id": "q-08-p-class",
            "type": "classification",
            "vignettes": [
                {
                    "id": v,
                    "text": f"A situation described for vignette {v}.",
                    "answer": a,
                    "explanation": "Because of who needs what.",
                }
                for v, a in (("v1", "casework"), ("v2", "group work"), ("v3", "both"))
            ],
        },
        {
            "id": "q-04-p-short",
            "type": "short_text",
            "accepted": ["Toynbee Hall", "the settlement"],
            "explanation": "The first settlement house.",
        },
    ]
]


def answers_for(item: Any, rng: random.Random) -> list[Any]:
    """Right, partial, wrong and malformed answers for one item."""
    found: list[Any] = list(MALFORMED)
    match item.type:
        case "single":
            ids = [o.id for o in item.options]
            found += ids + [i.upper() for i in ids] + [f" {item.key} ", "zz", ids]
            found += [f"{space}{item.key}{space}" for space in SPACES]
        case "multiple":
            ids = [o.id for o in item.options]
            subsets = [list(c) for r in range(len(ids) + 1) for c in itertools.combinations(ids, r)]
            found += subsets if len(subsets) <= 64 else rng.sample(subsets, 64)
            found += [
                [i.upper() for i in item.key],
                [*item.key, *item.key],
                [*item.key, "zz"],
                item.key[0],
                [f" {k}\u00a0" for k in item.key],
            ]
        case "true_false":
            found += [True, False, "True", "false", 1, 0, [True]]
        case "ordering":
            ids = [i.id for i in item.items]
            perms = [list(p) for p in itertools.permutations(ids)]
            found += perms if len(perms) <= 120 else rng.sample(perms, 120)
            found += [
                ids[:-1],
                [*ids, ids[0]],
                [ids[0]] * len(ids),
                [i.upper() for i in item.key],
                [*item.key[1:], item.key[0]],
                list(reversed(item.key)),
                [*ids, "zz"],
            ]
        case "matching":
            lefts, rights = list(item.key), [p.id for p in item.right]
            for _ in range(60):
                found.append({k: rng.choice([*rights, "zz"]) for k in lefts if rng.random() < 0.9})
            found += [
                dict(item.key),
                {k.upper(): v.upper() for k, v in item.key.items()},
                {**item.key, "extra": rights[0]},
                {f" {k} ": f" {v} " for k, v in item.key.items()},
                {k: 1 for k in lefts},
                {k: [v] for k, v in item.key.items()},
            ]
        case "classification":
            labels = [
                "casework",
                "group work",
                "both",
                "Group work",
                "group_work",
                "GROUPWORK",
                "Both ",
                "case work",
                "Casework!",
                "neither",
                "",
                "grouP-Work",
            ]
            ids = [v.id for v in item.vignettes]
            for _ in range(60):
                found.append({i: rng.choice(labels) for i in ids if rng.random() < 0.9})
            found += [
                {v.id: v.answer for v in item.vignettes},
                {i: 3 for i in ids},
                {i.upper(): v.answer for i, v in zip(ids, item.vignettes, strict=True)},
            ]
        case "short_text":
            first = item.accepted[0]
            found += [
                *item.accepted,
                first.upper(),
                f"The {first}!",
                f"  {first}. ",
                f"an {first}",
                first.replace(" ", "-"),
                "Hull House",
                f"{first}s",
                "é" + first,
                "the",
                "—",
            ]
    return found


def parity_cases(bank: list[Any], seed: int = 20261201) -> list[tuple[Any, Any]]:
    """(item, answer) pairs: every fixture in full, and a sample for each real practice item."""
    rng = random.Random(seed)
    cases = [(item, answer) for item in FIXTURES for answer in answers_for(item, rng)]
    for item in bank:
        if item.use == "practice" and item.type != "reflection":
            answers = answers_for(item, rng)
            cases += [(item, a) for a in rng.sample(answers, min(len(answers), 40))]
    return cases
