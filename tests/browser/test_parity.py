"""The book's JavaScript against the core, in Chromium: verdicts, feedback facts and orders.

The book checks answers and shuffles options in the browser (it is a static site), so the rules
exist twice. These tests hold the JavaScript equal to Python on a generated table (parity.py):
every item type with right, partial, wrong and malformed answers, and display orders for the
bank, the scenarios and random seeds.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from swcourse.core.course import CourseLayout, require_course
from swcourse.core.display import choice_order, item_orders
from swcourse.core.engine import InvalidChoice, replay
from swcourse.core.feedback import compile_item, feedback_facts, verdict_data
from swcourse.core.items.registry import item_types
from swcourse.core.scenarios import compile_scenario
from swcourse.core.scoring import fraction
from swcourse.core.shuffle import display_order

from .parity import FIXTURES, answers_for, parity_cases

CHAPTER = "book/05-principles-values.html"
HUB = "book/revision-hub.html"
PROGRESS = """const progress = await import('../_static/swcourse/progress.js');
              const CHECKED = '2026-12-01T09:00:00.000Z';"""
IMPORTS = """const verdicts = await import('../_static/swcourse/verdicts.js');
             const shuffle = await import('../_static/swcourse/shuffle.js');"""


@pytest.fixture(scope="module")
def page(browser: Browser, base_url: str) -> Page:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base_url}/{CHAPTER}")
    yield page
    context.close()


def checked_types() -> set[str]:
    """Every registered item type a self-check checks (all but those marked by hand): a new
    type is not covered until the parity table has cases for it."""
    return {name for name, kind in item_types().items() if not kind.hand_graded}


def mismatches(expected: list[Any], got: list[Any], labels: list[str]) -> list[str]:
    return [
        f"{label}: core {json.dumps(e)} != book {json.dumps(g)}"
        for label, e, g in zip(labels, expected, got, strict=True)
        if e != g
    ]


def test_book_verdicts_equal_the_graders_on_every_case(page: Page, course_root: Path) -> None:
    """On every parity case, does the book's self-check reach the grader's score, verdict and
    per-part facts (options chosen, pairs in order, matches, categories)?"""
    cases = parity_cases(list(require_course(course_root).all_items))
    assert {item.type for item in FIXTURES} == checked_types()
    assert {feedback_facts(i, a)["verdict"] for i, a in cases} == {"right", "partial", "wrong"}
    compiled = {item.id: compile_item(item) for item, _ in cases}
    got = page.evaluate(
        f"""async ([items, cases]) => {{ {IMPORTS}
        return cases.map(([id, answer]) => verdicts.feedbackFacts(items[id], answer)); }}""",
        [compiled, [[item.id, answer] for item, answer in cases]],
    )
    expected = [feedback_facts(item, answer) for item, answer in cases]
    labels = [f"{item.id} {json.dumps(answer)}" for item, answer in cases]
    wrong = mismatches(expected, got, labels)
    assert not wrong, f"{len(wrong)} of {len(cases)} cases differ:\n" + "\n".join(wrong[:20])


def test_hub_counts_an_answer_right_exactly_when_the_grader_gives_full_credit(
    page: Page, course_root: Path
) -> None:
    """On every parity case, does the revision hub (progress.js) count a saved self-check answer
    as right exactly when the grader gives it full credit, partial credit counting as not yet
    right, and say 'unknown' for a record with no answer or an item the book no longer has?"""
    cases = parity_cases(list(require_course(course_root).all_items))
    compiled = {item.id: verdict_data(item) for item, _ in cases}  # as the hub page has them
    got = page.evaluate(
        f"""async ([items, cases]) => {{ {PROGRESS}
        return cases.map(([id, answer]) =>
            progress.answeredRight({{ answer, checked: CHECKED }}, items[id])); }}""",
        [compiled, [[item.id, answer] for item, answer in cases]],
    )
    expected = [fraction(item, answer) == 1.0 for item, answer in cases]
    assert 0 < sum(expected) < len(expected)
    labels = [f"{item.id} {json.dumps(answer)}" for item, answer in cases]
    wrong = mismatches(expected, got, labels)
    assert not wrong, f"{len(wrong)} of {len(cases)} cases differ:\n" + "\n".join(wrong[:20])
    facts = page.evaluate(
        f"""async ([items, cases]) => {{ {IMPORTS}
        return cases.map(([id, answer]) => verdicts.feedbackFacts(items[id], answer)); }}""",
        [compiled, [[item.id, answer] for item, answer in cases]],
    )
    wrong = mismatches([feedback_facts(i, a) for i, a in cases], facts, labels)
    assert not wrong, "the hub's items lack what feedback needs:\n" + "\n".join(wrong[:20])

    single = verdict_data(next(i for i in FIXTURES if i.id == "q-05-p-single"))
    unknown = page.evaluate(
        f"""async (item) => {{ {PROGRESS}
        return [progress.answeredRight(undefined, item), progress.answeredRight({{}}, item),
                progress.answeredRight({{ answer: 'c' }}, undefined),
                progress.answeredRight({{ answer: ' C ' }}, item),
                progress.answeredRight({{ answer: null }}, item)]; }}""",
        single,
    )
    assert unknown == [None, None, None, True, False]


def test_hub_table_counts_what_the_grader_counts(
    page: Page, base_url: str, course_root: Path
) -> None:
    """With saved answers to every practice item (right, partly right, wrong, in any case and
    spacing), does the hub's table say, chapter by chapter, how many the grader counts right?"""
    items = [i for i in require_course(course_root).all_items if i.use == "practice"]
    rng = random.Random(14)
    saved: dict[str, Any] = {}
    for n, item in enumerate(items):
        if item.hand_graded:
            saved[item.id] = {"answer": "Some thoughts.", "checked": "2026-12-01T09:00:00.000Z"}
            continue
        answers = answers_for(item, rng)
        right = [a for a in answers if fraction(item, a) == 1.0]
        pick = right[-1] if n % 3 == 0 else rng.choice(answers)
        saved[item.id] = {"answer": pick, "checked": "2026-12-01T09:00:00.000Z"}
    page.goto(f"{base_url}/{HUB}")
    page.evaluate(
        "(saved) => localStorage.setItem('swcourse.selfcheck.v1', JSON.stringify(saved))", saved
    )
    page.reload()
    rows = page.locator(".swc-progress-table tbody tr")
    rows.first.wait_for()
    heads, cells = rows.locator("th").all_inner_texts(), rows.locator("td").all_inner_texts()
    shown = dict(zip(heads, cells, strict=True))
    data = json.loads(page.locator("#revision-dashboard script.swc-data").text_content() or "")
    by_id = {i.id: i for i in items}
    expected = {}
    for chapter in data["chapters"]:
        right = sum(
            not by_id[i].hand_graded and fraction(by_id[i], saved[i]["answer"]) == 1.0
            for i in chapter["items"]
        )
        expected[f"{chapter['number']}. {chapter['title']}"] = f"{right} of {len(chapter['items'])}"
    assert shown == expected
    assert any(not v.startswith("0 of") for v in expected.values())
    page.evaluate("() => localStorage.clear()")
    page.goto(f"{base_url}/{CHAPTER}")


def engine_walk(scenario: Any, path: list[int]) -> dict[str, Any]:
    """What the engine says of `path`, taken up to its first choice that is not open."""
    playthrough = replay(scenario, [])
    for index in path:
        try:
            playthrough = playthrough.choose(index)
        except InvalidChoice:
            break
    return {
        "taken": len(playthrough.choices),
        "score": playthrough.score,
        "step": playthrough.steps[-1],
        "finished": playthrough.finished,
    }


def test_book_scenario_walk_equals_the_engines(page: Page, course_root: Path) -> None:
    """On random paths through every scenario (choices that exist, and some that do not), does
    the book's player (players.js walk) reach the engine's score, step and finish?"""
    scenarios = [s.model for s in require_course(course_root).scenarios]
    rng = random.Random(1415)
    calls = [
        [n, [rng.randint(-1, 4) for _ in range(rng.randint(0, 12))]]
        for n in range(len(scenarios))
        for _ in range(60)
    ]
    got = page.evaluate(
        """async ([scenarios, calls]) => {
        const players = await import('../_static/swcourse/players.js');
        return calls.map(([n, path]) => {
            const state = players.walk(scenarios[n], path);
            return { taken: state.taken.length, score: state.score, step: state.step,
                     finished: state.finished };
        }); }""",
        [[compile_scenario(s) for s in scenarios], calls],
    )
    expected = [engine_walk(scenarios[n], path) for n, path in calls]
    assert {e["finished"] for e in expected} == {True, False}
    assert not mismatches(expected, got, [f"{scenarios[n].id} {path}" for n, path in calls])


def test_reflection_word_count_equals_pythons(page: Page) -> None:
    """Does the answer box count a reflection's words as Python's str.split() does, whatever
    spaces separate them (no-break, ideographic, tabs, line breaks, control separators)?"""
    rng = random.Random(1402)
    gaps = [" ", "  ", "\n", "\t", "\u00a0", "\u3000", "\x1c", "\x85", "\u2009", "\ufeff", "-"]
    words = ["mutual", "aid", "Richmond’s", "café", "1917", "", "—"]
    samples = ["", " ", "one", "  two words  ", "a\u00a0b", "a\ufeffb", "a\x1fb\x85c"]
    samples += [
        "".join(rng.choice(words) + rng.choice(gaps) for _ in range(rng.randint(0, 12)))
        for _ in range(300)
    ]
    got = page.evaluate(
        f"""async (samples) => {{ {IMPORTS}
        return samples.map((s) => verdicts.wordCount(s)); }}""",
        samples,
    )
    assert got[:7] == [0, 0, 1, 2, 2, 1, 3]
    assert got == [len(s.split()) for s in samples]


def test_the_ordering_case_the_issue_names(page: Page) -> None:
    """Is [b, c, d, a] for the key [a, b, c, d] partly right at 0.67 in the book, as in the
    grader (the book used to say '0 of 4 in the right place')?"""
    item = next(i for i in FIXTURES if i.id == "q-06-p-order")
    facts = page.evaluate(
        f"""async (item) => {{ {IMPORTS}
        return verdicts.feedbackFacts(item, ['b', 'c', 'd', 'a']); }}""",
        compile_item(item),
    )
    assert (facts["score"], facts["verdict"]) == (0.67, "partial")
    assert [p["right"] for p in facts["pairs"]] == [False, True, True]


def test_book_orders_equal_the_cores(page: Page, course_root: Path) -> None:
    """For bank items, every scenario node and random seeds, does the book show each learner the
    order the core computes, and do 30 learners see many different orders?"""
    layout = CourseLayout(course_root)
    items = [
        i for i in list(require_course(layout.root).all_items) if i.use == "practice"
    ] + FIXTURES
    learners = [f"learner-{n}" for n in range(30)]
    got = page.evaluate(
        f"""async ([items, learners]) => {{ {IMPORTS}
        return items.map((item) => learners.map((l) => shuffle.itemOrders(item, l))); }}""",
        [[i.model_dump(mode="json") for i in items], learners],
    )
    expected = [[item_orders(i, learner) for learner in learners] for i in items]
    assert not mismatches(expected, got, [i.id for i in items])

    scenarios = [s.model for s in require_course(layout.root).scenarios]
    pinned = scenarios[0].model_copy(
        update={
            "id": "pinned",
            "nodes": {
                k: v.model_copy(update={"fixed_order": True}) for k, v in scenarios[0].nodes.items()
            },
        }
    )
    scenarios.append(pinned)
    got = page.evaluate(
        f"""async ([scenarios, learners]) => {{ {IMPORTS}
        return scenarios.map((s) => Object.keys(s.nodes).map((node) =>
            learners.map((l) => shuffle.choiceOrder(s, node, l)))); }}""",
        [[s.model_dump(mode="json") for s in scenarios], learners[:10]],
    )
    expected = [
        [[choice_order(s, node, learner) for learner in learners[:10]] for node in s.nodes]
        for s in scenarios
    ]
    assert not mismatches(expected, got, [s.id for s in scenarios])
    assert all(order == sorted(order) for node in got[-1] for order in node)

    rng = random.Random(7)
    seeds = ["", "a", "é:q-05-x", "学生:q", "🙂 emoji", "x" * 300] + [
        "".join(rng.choice("abcXYZ019:-_ éß") for _ in range(rng.randint(1, 30)))
        for _ in range(200)
    ]
    cases = [([f"o{k}" for k in range(rng.randint(0, 10))], seed) for seed in seeds]
    calls = [
        [ids, seed, ids[::-1] if len(ids) > 1 and n % 3 == 0 else None]
        for n, (ids, seed) in enumerate(cases)
    ]
    got = page.evaluate(
        f"""async (calls) => {{ {IMPORTS}
        return calls.map(([ids, seed, avoid]) =>
            shuffle.displayOrder(ids, seed, {{ avoid }})); }}""",
        calls,
    )
    expected = [display_order(ids, seed, avoid=avoid) for ids, seed, avoid in calls]
    assert not mismatches(expected, got, [repr(seed) for _, seed, _ in calls])
    thirty = page.evaluate(
        f"""async (learners) => {{ {IMPORTS}
        return learners.map((l) =>
            shuffle.displayOrder(['a', 'b', 'c', 'd'], `${{l}}:q-05-x`)); }}""",
        learners,
    )
    assert len({tuple(order) for order in thirty}) >= 10
    assert len({order[0] for order in thirty}) == 4
