"""A released assignment answered in real JupyterLab: every question type by mouse, some by
keyboard alone; the answers survive a kernel restart and a page reload; nbgrader's own submit,
collect and autograde then record exact scores, and the feedback tells the answers in words."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from swcourse.core.course import CourseLayout, require_course

from . import assignment_driver as drive

ASSIGNMENT = "ch03-history-casework"  # it has every question type
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def items(course_root: Path) -> list[Any]:
    layout = CourseLayout(course_root)
    spec = next(a for a in require_course(layout.root).assignments if a.id == ASSIGNMENT)
    bank = dict(require_course(layout.root).items)
    return [bank[i] for i in spec.items]


@pytest.fixture(scope="module")
def released(course_root: Path, tmp_path_factory: pytest.TempPathFactory) -> drive.Released:
    return drive.release(course_root, tmp_path_factory.mktemp("lab-course"), ASSIGNMENT)


@pytest.fixture(scope="module")
def lab(released: drive.Released) -> Iterator[str]:
    with drive.jupyter_lab(released) as base:
        yield base


def first_of_each_type(items: list[Any]) -> dict[str, int]:
    chosen: dict[str, int] = {}
    for number, item in enumerate(items, start=1):
        chosen.setdefault(item.type, number)
    return chosen


def later_of_type(items: list[Any], kind: str, skip: set[int]) -> int:
    return next(n for n, item in enumerate(items, 1) if item.type == kind and n not in skip)


def right_value(item: Any) -> Any:
    """The value the answer box saves for the right answer (written out per type)."""
    match item.type:
        case "classification":
            return {v.id: v.answer for v in item.vignettes}
        case "short_text":
            return item.accepted[0]
        case "reflection":
            return drive.REFLECTION
        case "multiple":
            return sorted(item.key)
        case _:
            return item.key


def saved_values(released: drive.Released, items: list[Any]) -> dict[int, Any]:
    data = json.loads((released.folder / f"{ASSIGNMENT}.answers.json").read_text())
    values = {int(k): v["value"] for k, v in data["answers"].items()}
    return {n: sorted(v) if items[n - 1].type == "multiple" else v for n, v in values.items()}


def until_saved(released: drive.Released, items: list[Any], expected: dict[int, Any]) -> None:
    """Typed answers save a moment after the last key: wait (up to 30 s) for the file."""
    deadline = time.monotonic() + 30
    while saved_values(released, items) != expected and time.monotonic() < deadline:
        time.sleep(0.25)
    assert saved_values(released, items) == expected


def axe_violations(page: Page, axe: str) -> list[str]:
    page.add_script_tag(content=axe)
    result = page.evaluate(
        "tags => axe.run({include: [['.swc-answer-box'], ['.swc-answer-progress']]},"
        " {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    return [
        f"{v['id']}: {' '.join(n['target'])} — {v['help']}"
        for v in result["violations"]
        for n in v["nodes"]
    ]


def test_a_student_answers_in_jupyterlab_and_is_graded(
    browser: Browser, lab: str, released: drive.Released, items: list[Any], course_root: Path
) -> None:
    """Mouse for one question of every type, keyboard alone for a single choice, a choose-all
    and an ordering; restart and reload keep every answer on screen; nbgrader then records
    exact scores and the feedback shows the chosen option's text, never a key."""
    mouse = first_of_each_type(items)
    keyboard = {
        kind: later_of_type(items, kind, set(mouse.values())) for kind in ("single", "multiple")
    }
    url = drive.lab_url(lab, f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb")
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    # JupyterLab itself reports the kernel messages a restart cancels; those are not ours.
    page.on(
        "pageerror",
        lambda exc: errors.append(str(exc)) if "Canceled future" not in str(exc) else None,
    )
    drive.open_and_run_all(page, url, boxes=len(items))
    cells_before = page.locator(".jp-Cell").count()

    by_mouse: dict[int, Any] = {}
    for number in mouse.values():
        before = drive.saves_of(page, number)
        if drive.answer_with_mouse(page, number, items[number - 1]) > 0:
            drive.wait_saved(page, number, before)
        else:
            expect(drive.box(page, number).locator(".swc-save-status")).to_have_text(
                "Answer saved.", timeout=30_000
            )
        by_mouse[number] = right_value(items[number - 1])
        until_saved(released, items, by_mouse)  # the final answer, however the clicks merged
    drive.answer_single_by_keyboard(page, keyboard["single"], items[keyboard["single"] - 1])
    drive.answer_multiple_by_keyboard(page, keyboard["multiple"], items[keyboard["multiple"] - 1])
    ordering = mouse["ordering"]
    for number in keyboard.values():
        expect(drive.box(page, number).locator(".swc-save-status")).to_have_text(
            "Answer saved.", timeout=30_000
        )
    assert page.locator(".jp-Cell").count() == cells_before, "a key press reached JupyterLab"

    answered = {*mouse.values(), *keyboard.values()}
    expected = {n: right_value(items[n - 1]) for n in sorted(answered)}
    expect(page.locator(".swc-progress-line")).to_contain_text(
        f"{len(answered)} of {len(items)} answered", timeout=30_000
    )
    until_saved(released, items, expected)

    axe = (course_root / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
    violations = axe_violations(page, axe)
    assert not violations, "\n".join(violations)

    # A kernel restart, then a reload of the page: every answer is shown again.
    drive.open_and_run_all(page, url, boxes=len(items), restart=True)
    page.reload()
    drive.open_and_run_all(page, url, boxes=len(items))
    for number in answered:
        item = items[number - 1]
        area = drive.box(page, number)
        match item.type:
            case "single":
                expect(area.get_by_label(drive.text_of(item, item.key), exact=True)).to_be_checked()
            case "multiple":
                for ident in item.key:
                    label = drive.text_of(item, ident)
                    expect(area.get_by_label(label, exact=True)).to_be_checked()
            case "true_false":
                expect(area.get_by_label(str(item.key), exact=True)).to_be_checked()
            case "ordering":
                assert drive.current_order(area) == list(item.key)
            case "matching":
                for left in item.left:
                    expect(area.get_by_label(left.text, exact=True)).to_have_value(
                        item.key[left.id]
                    )
            case "classification":
                for vignette in item.vignettes:
                    expect(area.get_by_label(vignette.text, exact=True)).to_have_value(
                        vignette.answer
                    )
            case "short_text":
                expect(area.get_by_label("Your answer")).to_have_value(item.accepted[0])
            case "reflection":
                expect(area.locator("textarea")).to_have_value(drive.REFLECTION)
                expect(area.locator(".swc-word-count")).to_have_text(
                    f"{len(drive.REFLECTION.split())} words"
                )
    assert not errors, errors
    assert ordering in answered
    context.close()

    # nbgrader's own cycle as a throwaway student.
    drive.submit_and_autograde(released, "labstudent")
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{released.course / 'gradebook.db'}") as gradebook:
        grades = {
            g.name: g
            for g in gradebook.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, "labstudent").grades
        }
    for number, item in enumerate(items, start=1):
        if item.type == "reflection":
            grade = grades[f"q{number}-{item.id}-answer"]
            assert grade.needs_manual_grade == (number in answered), number
            continue
        grade = grades[f"q{number}-{item.id}-grade"]
        assert grade.auto_score == (float(item.points) if number in answered else 0.0), number

    page_file = next((released.course / "feedback" / "labstudent" / ASSIGNMENT).glob("*.html"))
    html = page_file.read_text()
    html = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.S)
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
    single = items[mouse["single"] - 1]
    assert f"You chose: {drive.text_of(single, single.key)}" in text
    assert drive.REFLECTION in text
    assert "'key'" not in html and "&#39;key&#39;" not in html and "_saved_answer" not in html
    for option in single.options:
        if option.id != single.key:
            assert option.explanation not in text


def kernel_pids(released: drive.Released) -> list[int]:
    """The student's running kernels (ipykernel processes started by this test's server)."""
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
            env = (proc / "environ").read_bytes()
        except OSError:
            continue
        if b"ipykernel_launcher" in b" ".join(
            cmdline
        ) and f"HOME={released.env['HOME']}".encode() in env.split(b"\0"):
            pids.append(int(proc.name))
    return pids


def test_killing_the_kernel_after_a_click_loses_nothing(
    browser: Browser, lab: str, released: drive.Released, items: list[Any]
) -> None:
    """SIGKILL the kernel right after a click: every answer saved before the click is still in
    the file, and the file is whole (never half-written)."""
    import os
    import signal

    from swcourse.core.answers import read_answers

    path = released.folder / f"{ASSIGNMENT}.answers.json"
    before = read_answers(path)
    assert before.answers and not before.problems
    context = browser.new_context()
    page = context.new_page()
    drive.open_and_run_all(
        page, drive.lab_url(lab, f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"), boxes=len(items)
    )
    number = next(
        n
        for n, item in enumerate(items, 1)
        if item.type == "true_false" and n not in before.answers
    )
    drive.box(page, number).get_by_label("True", exact=True).click()
    for pid in kernel_pids(released):
        os.kill(pid, signal.SIGKILL)
    context.close()
    after = read_answers(path)
    assert not after.problems, after.problems
    for key, value in before.answers.items():
        assert after.answers[key] == value
    assert set(after.answers) - set(before.answers) <= {number}
    assert not list(released.folder.glob(".*.tmp"))  # no half-written temporary file left over
