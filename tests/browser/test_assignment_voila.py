"""A released assignment answered in Voilà, as `swcourse serve --assignment` runs it: no code
on the page, answers saved as given, shown again on the next visit (a new kernel), accessible,
and graded by nbgrader as the student answered."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from swcourse.core.course import require_course
from swcourse.serve import voila_command, voila_env

from . import assignment_driver as drive

ASSIGNMENT = "case-study-intake"


@contextmanager
def voila_server(released: drive.Released, **env: str) -> Iterator[str]:
    """Voilà over the student's folder, as `swcourse serve --assignment` runs it; yields the
    notebook's address. `env` adds to the server's (and so the kernel's) environment."""
    port = drive.free_port()
    env = {
        **released.env,
        "JUPYTER_PATH": voila_env(released.student_home.parent / "build")["JUPYTER_PATH"],
        **env,
    }
    url = f"http://127.0.0.1:{port}"
    with drive.server(voila_command(released.folder, port), released.folder, env, url, "voila"):
        yield f"{url}/voila/render/{released.assignment}.ipynb"


@pytest.fixture(scope="module")
def voila(released: drive.Released) -> Iterator[str]:
    with voila_server(released) as url:
        yield url


def test_a_student_answers_in_voila(
    browser: Browser, voila: str, released: drive.Released, items: list[Any], course_root: Path
) -> None:
    """Every question answered (single by keyboard alone), answers shown again on a new visit,
    axe-clean answer boxes, no code on the page, and nbgrader's exact scores afterwards."""
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(voila, timeout=180_000)
    expect(page.locator(".swc-answer-box")).to_have_count(len(items), timeout=180_000)
    assert page.locator(".cm-editor, .CodeMirror, .jp-InputPrompt").count() == 0  # no code
    assert "answer_box" not in page.inner_text("body")
    for number, item in enumerate(items, start=1):
        if item.type == "single":
            drive.answer_single_by_keyboard(page, number, item)
        else:
            drive.answer_with_mouse(page, number, item)
        expect(drive.box(page, number).locator(".swc-save-status")).to_have_text(
            "Answer saved.", timeout=30_000
        )
    expect(page.locator(".swc-progress-line")).to_contain_text(
        f"{len(items)} of {len(items)} answered", timeout=30_000
    )

    violations = drive.axe_violations(page, course_root)
    assert not violations, "\n".join(violations)

    page.goto(voila, timeout=180_000)  # a new visit is a new kernel
    expect(page.locator(".swc-answer-box")).to_have_count(len(items), timeout=180_000)
    expect(page.locator(".swc-progress-line")).to_contain_text(
        f"{len(items)} of {len(items)} answered", timeout=30_000
    )
    single = next(n for n, item in enumerate(items, 1) if item.type == "single")
    key = items[single - 1]
    expect(
        drive.box(page, single).get_by_label(drive.text_of(key, key.key), exact=True)
    ).to_be_checked()
    assert not errors, errors
    context.close()

    drive.submit_and_autograde(released, "voilastudent")
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{released.course / 'gradebook.db'}") as gradebook:
        grades = {
            g.name: g
            for g in gradebook.find_submission_notebook(
                ASSIGNMENT, ASSIGNMENT, "voilastudent"
            ).grades
        }
    for number, item in enumerate(items, start=1):
        if item.type == "reflection":
            assert grades[f"q{number}-{item.id}-answer"].needs_manual_grade
        else:
            assert grades[f"q{number}-{item.id}-grade"].auto_score == float(item.points), number
    html = next((released.course / "feedback" / "voilastudent" / ASSIGNMENT).glob("*.html"))
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", html.read_text())).split())
    assert f"You chose: {drive.text_of(key, key.key)}" in text


# Chapter 5 draws 2 of 4 items per student for LO-5.1 (questions 1 and 2) and for LO-5.5
# (questions 24 and 25); which ones each student gets is the hand-written table of the grading
# tests, so the box and the grade cell are held to the same draw.
DRAWN_ASSIGNMENT = "ch05-principles-values"


@pytest.fixture(scope="module")
def drawn_release(course_root: Path, tmp_path_factory: pytest.TempPathFactory) -> drive.Released:
    return drive.release(course_root, tmp_path_factory.mktemp("voila-drawn"), DRAWN_ASSIGNMENT)


def opening(prompt: str) -> str:
    """The prompt's first words up to any quote or Markdown mark, as the page shows them."""
    return " ".join(re.split(r"['\"*_`]", prompt, maxsplit=1)[0].split())


@pytest.mark.parametrize("student", ["perfect", "partial"])
def test_a_student_sees_and_answers_the_questions_drawn_for_them(
    browser: Browser, drawn_release: drive.Released, course_root: Path, student: str
) -> None:
    """Does the student see, above each drawn box, the prompt of the item the table says they
    drew (and no other item of the pool), and does a click save that item's answer under the
    question's number?"""
    from tests.grading.test_cycle import DRAWN, SLOTS

    released = drive.fetch(drawn_release, student)
    course = require_course(course_root)
    spec = course.assignment_by_id[DRAWN_ASSIGNMENT]
    bank = course.items
    drawn = dict(zip(sorted(SLOTS), DRAWN[student], strict=True))  # question number -> item id
    pools = {i for entry in spec.items if not isinstance(entry, str) for i in entry.from_}
    assert set(drawn.values()) < pools
    questions = sum(1 if isinstance(entry, str) else entry.draw for entry in spec.items)
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    with voila_server(released, SWCOURSE_STUDENT=student) as url:
        page.goto(url, timeout=180_000)
        expect(page.locator(".swc-answer-box")).to_have_count(questions, timeout=180_000)
        shown = " ".join(page.inner_text("body").split())
        for number, item_id in drawn.items():
            cell = page.locator(".jp-Cell").filter(has=drive.box(page, number))
            expect(cell).to_contain_text(opening(bank[item_id].prompt))
        for item_id in pools - set(drawn.values()):
            assert opening(bank[item_id].prompt) not in shown, (student, item_id)
        chosen = {}
        for number, item_id in drawn.items():
            item = bank[item_id]
            wrong = next(o.id for o in item.options if o.id != item.key)
            chosen[number] = item.key if number in (1, 24) else wrong  # two right, two wrong
            drive.answer_with_mouse(page, number, item, chosen[number])
            expect(drive.box(page, number).locator(".swc-save-status")).to_have_text(
                "Answer saved.", timeout=30_000
            )
    context.close()
    saved = json.loads((released.folder / f"{DRAWN_ASSIGNMENT}.answers.json").read_text())
    assert {int(k): v["value"] for k, v in saved["answers"].items()} == chosen
    assert not errors, errors
