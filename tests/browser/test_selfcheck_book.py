"""Self-checks in the book: feedback that teaches, shuffled options, answers kept per browser."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Locator, Page, expect

from swcourse.core.course import require_course
from swcourse.core.display import item_orders

from .test_accessibility import AXE_TAGS

LEARNER_KEY = "swcourse.learner.v1"


def practice(course_root: Path, kind: str, where: Any = None) -> Any:
    items = [
        i
        for i in list(require_course(course_root).all_items)
        if i.use == "practice" and i.type == kind and (where is None or where(i))
    ]
    return items[0]


@functools.cache
def _pages(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(site.glob("book/*.html"))
    }


def page_of(site: Path, item_id: str) -> str:
    """The built page whose self-check holds this item."""
    return next(path for path, html in _pages(site).items() if f'"id": "{item_id}"' in html)


def question(page: Page, item_id: str) -> Locator:
    return page.locator(f'.swc-question[data-item="{item_id}"]')


def open_question(page: Page, base_url: str, site: Path, item_id: str) -> Locator:
    """Open the page whose self-check holds the item; that question's block."""
    page.goto(f"{base_url}/{page_of(site, item_id)}")
    return question(page, item_id)


def check(block: Locator) -> Locator:
    block.get_by_role("button", name="Check answer").click()
    return block.locator(".swc-check-feedback")


def test_multiple_choice_feedback_says_what_was_chosen_and_what_applies(
    page: Page, base_url: str, site: Path, course_root: Path
) -> None:
    """Ticking one right and one wrong option: is each option marked chosen or not, and right
    or not, with no option the student left unticked called 'Correct'?"""
    item = practice(
        course_root, "multiple", lambda i: len(i.key) >= 2 and len(i.options) > len(i.key)
    )
    right, missed = [o for o in item.options if o.id in item.key][:2]
    wrong = next(o for o in item.options if o.id not in item.key)
    block = open_question(page, base_url, site, item.id)
    block.get_by_label(right.text, exact=True).check()
    block.get_by_label(wrong.text, exact=True).check()
    feedback = check(block)
    expect(feedback.locator(".swc-verdict")).to_have_text("Not quite.")  # (1 right - 1 wrong) / k
    marks = feedback.locator(".swc-marks li")
    expect(marks).to_have_count(len(item.options))
    expect(marks.filter(has_text=right.text)).to_contain_text("You chose this: correct.")
    expect(marks.filter(has_text=wrong.text)).to_contain_text(
        "You chose this, but it does not apply."
    )
    expect(marks.filter(has_text=missed.text)).to_contain_text(
        "You did not choose this, but it applies."
    )


def test_ordering_feedback_agrees_with_the_grader(
    page: Page, base_url: str, site: Path, course_root: Path
) -> None:
    """Moving the first step to the end: does the book say 'Partly right', name the pair out of
    order and give the grader's points, (n-2)/(n-1) of the item's?"""
    item = practice(course_root, "ordering")
    text = {i.id: i.text for i in item.items}
    target = [*item.key[1:], item.key[0]]
    block = open_question(page, base_url, site, item.id)
    for position, wanted in enumerate(target):
        while block.locator(".swc-order li").nth(position).get_attribute("data-id") != wanted:
            block.get_by_role("button", name=f"Move up: {text[wanted]}").click()
    feedback = check(block)
    n = len(item.key)
    points = round((n - 2) / (n - 1) * item.points, 2)
    expect(feedback.locator(".swc-verdict")).to_have_text("Partly right.")
    expect(feedback).to_contain_text(f"{n - 2} of the {n - 1} pairs of neighbouring steps")
    expect(feedback).to_contain_text(
        f"“{text[item.key[0]]}” should come before “{text[item.key[1]]}”."
    )
    unit = "point" if item.points == 1 else "points"
    expect(feedback.locator(".swc-points")).to_have_text(
        f"In a graded assignment this answer would earn {points:g} of {item.points} {unit}."
    )


def test_matching_feedback_names_each_wrong_pair(
    page: Page, base_url: str, site: Path, course_root: Path
) -> None:
    """Matching every item one place off: is each wrong pair named with its right partner?"""
    item = practice(course_root, "matching")
    left = {p.id: p.text for p in item.left}
    right = {p.id: p.text for p in item.right}
    lefts = list(item.key)
    block = open_question(page, base_url, site, item.id)
    for n, left_id in enumerate(lefts):
        given = item.key[lefts[(n + 1) % len(lefts)]]
        block.get_by_label(left[left_id], exact=True).select_option(given)
    feedback = check(block)
    for n, left_id in enumerate(lefts):
        given = item.key[lefts[(n + 1) % len(lefts)]]
        if given != item.key[left_id]:
            expect(feedback).to_contain_text(
                f"You matched “{left[left_id]}” with “{right[given]}”; "
                f"it goes with “{right[item.key[left_id]]}”."
            )


def test_short_answer_feedback_does_not_repeat_itself(
    page: Page, base_url: str, site: Path, course_root: Path
) -> None:
    """A wrong short answer: is the answer given once, and no sentence shown twice?"""
    item = practice(course_root, "short_text")
    block = open_question(page, base_url, site, item.id)
    block.get_by_label("Your answer").fill("a different word entirely")
    feedback = check(block)
    expect(feedback).to_contain_text(
        f"You wrote “a different word entirely”. The answer: {item.accepted[0]}"
    )
    text = feedback.inner_text()
    sentences = [s.strip().lower() for s in re.split(r"[.!?]\s", text) if s.strip()]
    assert len(sentences) == len(set(sentences)), sentences


def test_options_are_shown_in_the_learners_order(
    browser: Browser, base_url: str, site: Path, course_root: Path
) -> None:
    """Does each browser see a single-choice item's options in the order the core gives its
    learner id, the same after a reload, and do learners differ?"""
    item = practice(course_root, "single", lambda i: not i.fixed_order and len(i.options) >= 4)
    path = page_of(site, item.id)
    seen = set()
    for n in range(6):
        context = browser.new_context()
        context.add_init_script(f"localStorage.setItem('{LEARNER_KEY}', 'reader-{n:04d}')")
        page = context.new_page()
        shown = []
        for _ in range(2):  # first visit, then a reload
            page.goto(f"{base_url}/{path}")
            shown.append(
                question(page, item.id)
                .locator("input[type=radio]")
                .evaluate_all("inputs => inputs.map(i => i.value)")
            )
        assert shown[0] == shown[1] == item_orders(item, f"reader-{n:04d}")["options"]
        seen.add(tuple(shown[0]))
        context.close()
    assert len(seen) >= 3


def test_checked_answers_and_verdicts_survive_a_reload(
    page: Page, base_url: str, site: Path, course_root: Path
) -> None:
    """After checking two answers and reloading, are the answers and verdicts back; and does
    clearing them ask first, then leave fresh questions that stay fresh after a reload?"""
    shorts = {
        page_of(site, i.id): i
        for i in reversed(list(require_course(course_root).all_items))
        if i.use == "practice" and i.type == "short_text"
    }
    single = practice(course_root, "single", lambda i: page_of(site, i.id) in shorts)
    path = page_of(site, single.id)
    short = shorts[path]
    wrong = next(o for o in single.options if o.id != single.key)
    page.goto(f"{base_url}/{path}")
    question(page, single.id).get_by_label(wrong.text, exact=True).check()
    check(question(page, single.id))
    question(page, short.id).get_by_label("Your answer").fill(f"  {short.accepted[0].upper()} ")
    check(question(page, short.id))
    page.reload()
    block = question(page, single.id)
    expect(block.get_by_label(wrong.text, exact=True)).to_be_checked()
    expect(block.locator(".swc-verdict")).to_have_text("Not quite.")
    expect(block.get_by_role("button", name="Try again")).to_be_visible()
    expect(question(page, short.id).get_by_label("Your answer")).to_have_value(
        f"  {short.accepted[0].upper()} "
    )
    expect(question(page, short.id).locator(".swc-verdict")).to_have_text("Correct.")
    saved = page.evaluate("() => JSON.parse(localStorage.getItem('swcourse.selfcheck.v1'))")
    assert saved[single.id]["answer"] == wrong.id and saved[short.id]["checked"]

    selfcheck = block.locator("xpath=ancestor::section[contains(@class, 'swc-selfcheck')]")
    selfcheck.get_by_role("button", name="Clear my answers…").click()
    expect(selfcheck.get_by_role("button", name="Keep my answers")).to_be_focused()
    selfcheck.get_by_role("button", name="Keep my answers").click()
    expect(block.locator(".swc-verdict")).to_have_text("Not quite.")
    selfcheck.get_by_role("button", name="Clear my answers…").click()
    selfcheck.get_by_role("button", name="Yes, clear my answers").click()
    expect(question(page, single.id).get_by_role("button", name="Check answer")).to_be_visible()
    expect(question(page, single.id).get_by_label(wrong.text, exact=True)).not_to_be_checked()
    page.reload()
    expect(question(page, single.id).get_by_role("button", name="Check answer")).to_be_visible()
    saved = page.evaluate("() => JSON.parse(localStorage.getItem('swcourse.selfcheck.v1'))")
    assert single.id not in saved and short.id not in saved


def test_a_damaged_answer_store_is_ignored(
    page: Page, base_url: str, site: Path, course_root: Path
) -> None:
    """With unreadable or outdated saved answers, do the questions still load fresh?"""
    single = practice(course_root, "single")
    page.goto(f"{base_url}/{page_of(site, single.id)}")
    page.evaluate("() => localStorage.setItem('swcourse.selfcheck.v1', '{not json')")
    page.reload()
    expect(question(page, single.id).get_by_role("button", name="Check answer")).to_be_visible()
    page.evaluate(f"""() => localStorage.setItem('swcourse.selfcheck.v1',
        JSON.stringify({{'{single.id}': {{answer: 'no-such-option', checked: 'x'}}}}))""")
    page.reload()
    expect(question(page, single.id).get_by_role("button", name="Check answer")).to_be_visible()


def test_checked_selfcheck_feedback_passes_axe(
    page: Page, base_url: str, site: Path, course_root: Path
) -> None:
    """With option-by-option feedback showing, and the clear prompt open, is the page clean?"""
    item = practice(course_root, "multiple")
    block = open_question(page, base_url, site, item.id)
    block.get_by_label(item.options[0].text, exact=True).check()
    check(block)
    selfcheck = block.locator("xpath=ancestor::section[contains(@class, 'swc-selfcheck')]")
    selfcheck.get_by_role("button", name="Clear my answers…").click()
    axe = (course_root / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
    page.add_script_tag(content=axe)
    found = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in found["violations"]] == []
