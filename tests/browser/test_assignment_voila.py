"""A released assignment answered in Voilà, as `swcourse serve --assignment` runs it: no code
on the page, answers saved as given, shown again on the next visit (a new kernel), accessible,
and graded by nbgrader as the student answered."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from swcourse.core.course import CourseLayout, require_course
from swcourse.serve import voila_command, voila_env

from . import assignment_driver as drive

ASSIGNMENT = "case-study-intake"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def items(course_root: Path) -> list[Any]:
    layout = CourseLayout(course_root)
    spec = next(a for a in require_course(layout.root).assignments if a.id == ASSIGNMENT)
    bank = dict(require_course(layout.root).items)
    return [bank[i] for i in spec.items]


@pytest.fixture(scope="module")
def released(course_root: Path, tmp_path_factory: pytest.TempPathFactory) -> drive.Released:
    return drive.release(course_root, tmp_path_factory.mktemp("voila-course"), ASSIGNMENT)


@pytest.fixture(scope="module")
def voila(released: drive.Released) -> Iterator[str]:
    port = drive.free_port()
    env = {
        **released.env,
        "JUPYTER_PATH": voila_env(released.student_home.parent / "build")["JUPYTER_PATH"],
    }
    url = f"http://127.0.0.1:{port}"
    with drive.server(voila_command(released.folder, port), released.folder, env, url, "voila"):
        yield f"{url}/voila/render/{ASSIGNMENT}.ipynb"


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

    axe = (course_root / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
    page.add_script_tag(content=axe)
    result = page.evaluate(
        "tags => axe.run({include: [['.swc-answer-box'], ['.swc-answer-progress']]},"
        " {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    violations = [
        f"{v['id']}: {' '.join(n['target'])}" for v in result["violations"] for n in v["nodes"]
    ]
    assert not violations, violations

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
