"""Self-checks, flashcards and the revision hub in the static book."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from playwright.sync_api import Page, expect

from swcourse.core.course import CourseLayout, require_course
from swcourse.core.scoring import normalise_text

from .test_accessibility import AXE_TAGS

HUB = "book/revision-hub.html"  # the one place the browser tests name the hub page
CHAPTER = "book/05-principles-values.html"


def first_of(course_root: Path, objective: str, kind: str):
    return next(i for i in require_course(course_root).practice_items(objective) if i.type == kind)


def question(page: Page, item_id: str):
    return page.locator(f'.swc-question[data-item="{item_id}"]')


def test_selfcheck_gives_feedback_and_allows_retry(
    page: Page, base_url: str, course_root: Path
) -> None:
    """Does a wrong choice get 'Not quite' with that option's explanation, and does Try again
    let the student answer again and get 'Correct'?"""
    item = next(
        i
        for o in ("LO-5.1", "LO-5.2", "LO-5.3", "LO-5.4", "LO-5.5")
        for i in require_course(course_root).practice_items(o)
        if i.type == "single"
    )
    wrong = next(o for o in item.options if o.id != item.key)
    right = next(o for o in item.options if o.id == item.key)
    page.goto(f"{base_url}/{CHAPTER}")
    block = question(page, item.id)
    block.get_by_label(wrong.text, exact=True).check()
    block.get_by_role("button", name="Check answer").click()
    feedback = block.locator(".swc-check-feedback")
    expect(feedback).to_contain_text("Not quite.")
    expect(feedback).to_contain_text(wrong.explanation)
    expect(block.get_by_role("button", name="Try again")).to_be_focused()
    block.get_by_role("button", name="Try again").click()
    block = question(page, item.id)
    block.get_by_label(right.text, exact=True).check()
    block.get_by_role("button", name="Check answer").click()
    expect(block.locator(".swc-check-feedback")).to_contain_text("Correct.")


def test_selfcheck_works_by_keyboard(page: Page, base_url: str, course_root: Path) -> None:
    """With the keyboard alone, can a true/false question be answered and checked?"""
    item = next(
        i
        for o in ("LO-5.1", "LO-5.2", "LO-5.3", "LO-5.4", "LO-5.5")
        for i in require_course(course_root).practice_items(o)
        if i.type == "true_false"
    )
    page.goto(f"{base_url}/{CHAPTER}")
    block = question(page, item.id)
    block.locator("input[value=true]").focus()
    page.keyboard.press("Space" if item.key else "ArrowDown")
    page.keyboard.press("Tab")
    expect(block.get_by_role("button", name="Check answer")).to_be_focused()
    page.keyboard.press("Enter")
    expect(block.locator(".swc-check-feedback")).to_contain_text("Correct.")


def test_ordering_can_be_solved_with_move_buttons(
    page: Page, base_url: str, course_root: Path
) -> None:
    """Can an ordering question be put right with the Move up buttons alone?"""
    layout = CourseLayout(course_root)
    item = next(
        i
        for i in require_course(layout.root).all_items
        if i.use == "practice" and i.type == "ordering" and i.id.startswith("q-06-")
    )
    text = {i.id: i.text for i in item.items}
    page.goto(f"{base_url}/book/06-casework-process.html")
    block = question(page, item.id)
    for target, wanted in enumerate(item.key):
        while True:
            current = block.locator(".swc-order li").nth(target).get_attribute("data-id")
            if current == wanted:
                break
            block.get_by_role("button", name=f"Move up: {text[wanted]}").click()
    block.get_by_role("button", name="Check answer").click()
    expect(block.locator(".swc-check-feedback")).to_contain_text("Correct.")


def test_results_and_flashcards_survive_reload(
    page: Page, base_url: str, course_root: Path
) -> None:
    """After answering a self-check and reviewing a card, does a reload keep both?"""
    item = first_of(course_root, "LO-5.1", "true_false")
    page.goto(f"{base_url}/{CHAPTER}")
    block = question(page, item.id)
    block.locator(f"input[value={'true' if item.key else 'false'}]").check()
    block.get_by_role("button", name="Check answer").click()
    page.goto(f"{base_url}/{HUB}")
    row = page.locator(".swc-progress-table tr", has_text="5. Principles and values")
    expect(row.locator("td")).to_have_text(re.compile(r"^1 of \d+$"))
    cards = page.locator(".swc-flashcards")
    first_front = cards.locator(".swc-card-front").inner_text()
    cards.get_by_role("button", name="Show answer").click()
    expect(cards.locator(".swc-card-back")).to_be_focused()
    cards.get_by_role("button", name="Good").click()
    expect(cards.locator(".swc-last")).to_contain_text("next review in")
    page.reload()
    expect(page.locator(".swc-flashcards .swc-card-stats")).to_contain_text("1 reviewed so far")
    expect(page.locator(".swc-flashcards .swc-card-front")).not_to_have_text(first_front)
    saved = page.evaluate("() => JSON.parse(localStorage.getItem('swcourse.flashcards.v1'))")
    [review] = saved["reviews"]
    assert review["rating"] == "good" and review["at"] < saved_time(page)
    answers = page.evaluate("() => JSON.parse(localStorage.getItem('swcourse.selfcheck.v1'))")
    assert set(answers[item.id]) == {"answer", "checked"}  # one record shape
    assert answers[item.id]["answer"] is item.key and answers[item.id]["checked"] < saved_time(page)


def saved_time(page: Page) -> str:
    return page.evaluate("() => new Date().toISOString()")


def test_export_then_import_restores_progress(page: Page, base_url: str, tmp_path: Path) -> None:
    """Does exporting, erasing and importing bring the same progress back?"""
    page.goto(f"{base_url}/{HUB}")
    cards = page.locator(".swc-flashcards")
    for rating in ("Good", "Again"):
        cards.get_by_role("button", name="Show answer").click()
        cards.get_by_role("button", name=rating).click()
    expect(cards.locator(".swc-card-stats")).to_contain_text("2 reviewed so far")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export progress").click()
    exported = tmp_path / "progress.json"
    download.value.save_as(exported)
    sections = json.loads(exported.read_text())["sections"]
    assert len(sections["swcourse.flashcards.v1"]["reviews"]) == 2
    page.get_by_role("button", name="Reset progress…").click()
    page.get_by_role("button", name="Yes, erase my progress").click()
    expect(page.locator(".swc-dashboard")).to_contain_text("0 flashcard reviews so far")
    page.get_by_label("Import progress from a file").set_input_files(str(exported))
    expect(page.locator(".swc-dashboard")).to_contain_text("2 flashcard reviews so far")
    expect(cards.locator(".swc-card-stats")).to_contain_text("2 reviewed so far")


def test_import_refuses_a_file_that_is_not_an_export(
    page: Page, base_url: str, tmp_path: Path
) -> None:
    """Is a wrong file refused with a message, leaving progress as it was?"""
    page.goto(f"{base_url}/{HUB}")
    bad = tmp_path / "notes.json"
    bad.write_text(json.dumps({"hello": "world"}))
    page.get_by_label("Import progress from a file").set_input_files(str(bad))
    expect(page.locator(".swc-dashboard [role=status]")).to_contain_text(
        "notes.json was not imported: it is not a Casework and Group Work progress file. "
        "Nothing was changed."
    )
    expect(page.locator(".swc-dashboard")).to_contain_text("0 flashcard reviews so far")


def test_browser_normalises_short_answers_like_python(page: Page, base_url: str) -> None:
    """Does the book's short-answer rule match core.scoring.normalise_text on varied input?"""
    rng = random.Random(20261122)
    alphabet = "abcXYZ éñüÇ-'.,!?  \t01the an A’"
    samples = [
        "The Toynbee-Hall!",
        "  mutual   aid ",
        "Élan vital",
        "an apple a day",
        "A-B-C",
        "group_work",
        "naïve café",
        "THE",
        "Richmond's definition",
    ]
    samples += [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24))) for _ in range(300)
    ]
    page.goto(f"{base_url}/{CHAPTER}")
    results = page.evaluate(
        """async (samples) => {
        const verdicts = await import('../_static/swcourse/verdicts.js');
        return samples.map((s) => verdicts.normaliseText(s));
    }""",
        samples,
    )
    assert results == [normalise_text(s) for s in samples]


def test_no_assessment_item_reaches_the_book(site: Path, course_root: Path) -> None:
    """Is every assessment item (answer keys for graded work) absent from every built page?"""
    items = require_course(course_root).all_items
    assessment = [i.id for i in items if i.use == "assessment"]
    practice = [i.id for i in items if i.use == "practice"]
    html = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert [i for i in assessment if f'"{i}"' in html] == []
    assert sum(f'"{i}"' in html for i in practice) == len(practice)


def test_hub_and_answered_selfcheck_pass_axe(page: Page, base_url: str, course_root: Path) -> None:
    """Do the hub (dashboard, flashcard answer) and a checked self-check pass WCAG 2.1 A/AA?"""
    axe = (course_root / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
    page.goto(f"{base_url}/{HUB}")
    page.locator(".swc-flashcards").get_by_role("button", name="Show answer").click()
    page.add_script_tag(content=axe)
    tags = AXE_TAGS
    found = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", tags
    )
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in found["violations"]] == []
    item = first_of(course_root, "LO-5.1", "true_false")
    page.goto(f"{base_url}/{CHAPTER}")
    block = question(page, item.id)
    block.locator("input[value=true]").check()
    block.get_by_role("button", name="Check answer").click()
    page.add_script_tag(content=axe)
    found = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", tags
    )
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in found["violations"]] == []
