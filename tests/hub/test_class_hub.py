"""A whole assignment on the class hub, with one instructor and three students as Unix users.

Through the hub's REST API and the browser: the instructor releases from formgrader; each student
fetches, answers and submits from the Assignment List; students are refused formgrader, the
course folder and each other's files; the instructor collects, grades with `swcourse grade`,
hand-grades a reflection in formgrader and releases feedback; each student fetches only their own.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect

from swcourse.hub.accounts import run_as
from swcourse.hub.trial import COURSE_ID, GRADER, grader_environment

from ..browser.chromium import CHROMIUM, CHROMIUM_FLAGS
from .browser import (
    TIMEOUT,
    answer_in_browser,
    list_rows,
    nbgrader_menu,
    open_assignment_list,
    sign_in,
)
from .conftest import HUB_ENV, Hub
from .guide import guide_command

pytestmark = pytest.mark.hub

ASSIGNMENT = "case-study-intake"
NOTEBOOK = f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
INSTRUCTOR = "hubtest-instructor"
# What each student gives (question number -> the answer as plain data, as the answers file
# keeps it); hand-written against the bank's keys: q1 classification 3 points (1 per situation),
# q2 single 1, q3 multiple 2, q4 true/false 1, q5 the reflection (hand graded, 6).
WORK: dict[str, dict[int, Any]] = {
    "hubtest-amara": {
        1: {"helen": "both", "arjun": "casework", "kemi": "casework"},
        2: "b",
        3: ["a", "b", "c"],
        4: False,
        5: "Amara recommends casework for Arjun: his crisis needs privacy first.",
    },
    "hubtest-ben": {
        1: {"helen": "casework", "arjun": "casework", "kemi": "both"},
        2: "a",
        4: True,
        5: "Ben would offer Kemi the group once the housing emergency has settled.",
    },
    "hubtest-chen": {2: "b"},
}
REFLECTION = 5
AUTO_SCORE = {"hubtest-amara": 7.0, "hubtest-ben": 1.0, "hubtest-chen": 1.0}
HAND_GRADE = ("hubtest-amara", 5)  # the reflection hand-graded in formgrader (of 6 points)


def api(hub: Hub, method: str, path: str) -> Any:
    request = urllib.request.Request(
        f"{hub.url}/hub/api{path}", method=method, headers={"Authorization": f"token {hub.token}"}
    )
    with urllib.request.urlopen(request, timeout=60) as answer:
        body = answer.read()
    return json.loads(body) if body else None


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Chromium from the session's one Playwright (tests/conftest.py): a second sync Playwright
    in the same thread fails while the first is open."""
    chromium = playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
    )
    yield chromium
    chromium.close()


def start_server(hub: Hub, name: str) -> None:
    try:
        api(hub, "POST", f"/users/{name}/server")
    except urllib.error.HTTPError as exc:
        assert exc.code == 400, exc  # already running


def user_page(browser: Browser, hub: Hub, name: str) -> tuple[BrowserContext, Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(TIMEOUT)
    page = context.new_page()
    sign_in(page, hub.url, name, hub.password)
    return context, page


def formgrader_action(page: Page, icon: str) -> None:
    """Click one of formgrader's buttons in the assignment's row and wait for its answer."""
    row = page.locator("tr", has=page.locator(f'td a:text-is("{ASSIGNMENT}")'))
    row.locator(f".glyphicon-{icon}").click()
    done = page.locator("#success-modal, #error-modal")
    done.wait_for(state="visible", timeout=TIMEOUT)
    if page.locator("#error-modal").is_visible():
        pytest.fail(f"formgrader refused ({icon}): {page.locator('#error-modal').inner_text()}")
    page.locator('#success-modal button:text-is("OK")').click()
    expect(page.locator("#success-modal")).to_be_hidden()


def status(page: Page, path: str) -> int:
    """The HTTP status this signed-in user gets for `path` (following the hub's redirects)."""
    return page.request.get(path, max_redirects=10).status


def as_user(name: str, *args: str) -> tuple[int, str]:
    """Run a command as a Unix user, as their terminal would."""
    done = run_as(name, args, cwd=Path("/"), env={"PATH": "/usr/bin:/bin"})
    return done.returncode, done.stdout + done.stderr


def grader(hub: Hub, *args: str) -> str:
    """Run a command in the course folder as the grader account (the service's terminal)."""
    env = grader_environment(hub, HUB_ENV)
    done = run_as(GRADER, [str(HUB_ENV / args[0]), *args[1:]], hub.course_dir, env)
    assert done.returncode == 0, f"{' '.join(args)} failed as {GRADER}:\n{done.stdout}{done.stderr}"
    return done.stdout + done.stderr


def test_the_hub_knows_the_class(hub: Hub) -> None:
    """Are the roster's people in nbgrader's groups, and is the course a hub service?"""
    groups = {g["name"]: sorted(g["users"]) for g in api(hub, "GET", "/groups")}
    assert groups[f"formgrade-{COURSE_ID}"] == [INSTRUCTOR]
    assert groups[f"nbgrader-{COURSE_ID}"] == sorted(WORK)
    services = api(hub, "GET", "/services")
    assert services[COURSE_ID]["url"].startswith("http://127.0.0.1:")  # the grader's server
    with ThreadPoolExecutor(4) as pool:  # start every server at once; the browser finds them
        list(pool.map(start_server, [hub] * 4, [INSTRUCTOR, *WORK]))
    assert os.stat(hub.exchange).st_mode & 0o7777 == 0o1777


def test_a_term_on_the_hub(hub: Hub, browser: Browser) -> None:
    """Release, fetch, answer, submit, collect, grade, hand-grade, feedback: each as its user."""
    teacher_context, teacher = user_page(browser, hub, INSTRUCTOR)
    assert nbgrader_menu(teacher) == ["Assignment List", "Course List"]  # formgrader: the service
    formgrader = f"{hub.url}/services/{COURSE_ID}/formgrader"
    teacher.goto(f"{formgrader}/manage_assignments")
    formgrader_action(teacher, "education")  # generate the student version
    formgrader_action(teacher, "cloud-upload")  # release it to the exchange
    assert (hub.exchange / COURSE_ID / "outbound" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file()

    students = {name: user_page(browser, hub, name) for name in WORK}
    for name, (_, page) in students.items():
        others = [o for o in WORK if o != name]
        # Refusals: formgrader (a service for its group only), other people's servers and files.
        assert nbgrader_menu(page) == ["Assignment List"]  # no formgrader, course list, creating
        assert status(page, f"{formgrader}/manage_assignments") == 403
        assert status(page, f"{hub.url}/user/{name}/formgrader") == 404
        assert status(page, f"{hub.url}/user/{INSTRUCTOR}/lab") == 403
        assert status(page, f"{hub.url}/user/{INSTRUCTOR}/api/contents") == 403
        assert status(page, f"{hub.url}/user/{others[0]}/api/contents") == 403
        code, said = as_user(name, "ls", str(hub.course_dir))
        assert code != 0 and "Permission denied" in said
        code, said = as_user(name, "ls", str(hub.homes / others[0]))
        assert code != 0 and "Permission denied" in said

        open_assignment_list(page)
        list_rows(page, "released", 1).first.locator(".item_status button").click()
        list_rows(page, "fetched", 1)
        answer_in_browser(page, hub.url, name, NOTEBOOK, WORK[name])
        until_saved(hub, name)
        open_assignment_list(page)
        list_rows(page, "fetched", 1).first.locator('.item_status button:text("Submit")').click()
        list_rows(page, "submitted", 1)
    code, said = as_user(next(iter(WORK)), "ls", str(hub.exchange / COURSE_ID / "inbound"))
    assert code != 0 and "Permission denied" in said  # nobody can list the others' submissions

    teacher.goto(f"{formgrader}/manage_assignments")
    formgrader_action(teacher, "cloud-download")  # collect
    graded = grader(hub, *guide_command(f"swcourse grade {ASSIGNMENT}"))
    summary = graded.strip().splitlines()
    assert any(line.startswith("3 notebooks: 3 graded,") for line in summary), graded
    assert " 0 timed out" in graded and " 0 failed" in graded, graded

    hand_grade(teacher, formgrader)
    teacher.goto(f"{formgrader}/manage_assignments")
    formgrader_action(teacher, "comment")  # generate feedback
    formgrader_action(teacher, "envelope")  # release feedback

    for name, (_, page) in students.items():
        open_assignment_list(page)
        row = list_rows(page, "submitted", 1).first
        row.locator('.item_status button:text("Fetch Feedback")').click()
        expect(row.locator('.item_status button:text("Fetch Feedback")')).to_be_hidden()
        feedback = own_feedback(page, hub, name)
        score = AUTO_SCORE[name] + (HAND_GRADE[1] if name == HAND_GRADE[0] else 0)
        assert f"(Score: {score:.1f} / 13.0)" in feedback, feedback[:2000]
        for other, work in WORK.items():
            if REFLECTION in work:
                assert (work[REFLECTION] in feedback) == (other == name)
    code, said = as_user(next(iter(WORK)), "ls", str(hub.exchange / COURSE_ID / "feedback"))
    assert code != 0 and "Permission denied" in said  # feedback is fetched by its hash only
    reported = grader(hub, *guide_command(f"swcourse report {ASSIGNMENT}"))
    assert f"reports/{ASSIGNMENT}.html" in reported
    exported = grader(hub, *guide_command("swcourse export"))
    exports = hub.course_dir / "exports"
    assert str(exports) in exported, exported
    assert (exports / "canvas-grades.csv").is_file(), sorted(p.name for p in exports.iterdir())
    nbgrader_grades = (exports / "grades.csv").read_text(encoding="utf-8")
    assert all(name in nbgrader_grades for name in WORK), nbgrader_grades
    teacher_context.close()
    for context, _ in students.values():
        context.close()


def until_saved(hub: Hub, name: str) -> None:
    """Wait (up to 2 minutes) until the student's answers file holds exactly their answers."""
    expected = {n: sorted(v) if isinstance(v, list) else v for n, v in WORK[name].items()}
    deadline = time.monotonic() + TIMEOUT / 1000
    while saved_answers(hub, name) != expected and time.monotonic() < deadline:
        time.sleep(1)
    assert saved_answers(hub, name) == expected


def saved_answers(hub: Hub, name: str) -> dict[int, Any]:
    """The student's answers file, read as the student (lists of ids sorted)."""
    path = hub.homes / name / ASSIGNMENT / f"{ASSIGNMENT}.answers.json"
    code, said = as_user(name, "cat", str(path))
    assert code == 0, said
    saved = json.loads(said)["answers"]
    return {
        int(n): sorted(a["value"]) if isinstance(a["value"], list) else a["value"]
        for n, a in saved.items()
    }


def hand_grade(page: Page, formgrader: str) -> None:
    """Give the reflection of HAND_GRADE's student its points in formgrader's Manual Grading."""
    listing = page.request.get(f"{formgrader}/api/submitted_notebooks/{ASSIGNMENT}/{ASSIGNMENT}")
    assert listing.ok, listing.text()
    submission = next(s for s in listing.json() if s["student"] == HAND_GRADE[0])
    assert submission["needs_manual_grade"]
    page.goto(f"{formgrader}/submissions/{submission['id']}")
    score = page.locator("input.score.needs_manual_grade").first
    score.fill(str(HAND_GRADE[1]))
    score.press("Tab")  # formgrader saves a score when the box loses focus
    for _ in range(120):
        again = page.request.get(f"{formgrader}/api/submitted_notebooks/{ASSIGNMENT}/{ASSIGNMENT}")
        if not next(s for s in again.json() if s["student"] == HAND_GRADE[0])["needs_manual_grade"]:
            return
        page.wait_for_timeout(1000)
    pytest.fail("formgrader did not record the hand grade within 2 minutes")


def own_feedback(page: Page, hub: Hub, name: str) -> str:
    """The feedback report the student fetched, read through their own Jupyter server."""
    base = f"{hub.url}/user/{name}/api/contents/{ASSIGNMENT}/feedback"
    runs = page.request.get(base).json()["content"]
    assert len(runs) == 1, runs
    report = page.request.get(f"{base}/{runs[0]['name']}/{ASSIGNMENT}.html?content=1&type=file")
    assert report.ok, report.text()
    return str(report.json()["content"])
