"""What a person does in the browser on the class hub: sign in, use the Assignment List, answer.

Students answer inside ONE function, `answer_in_browser`: they run the notebook, then click,
choose and type words in its answer boxes, which save each answer as it is given.
"""

from __future__ import annotations

import json
from typing import Any

from playwright.sync_api import Page, expect

from swcourse.core.course import require_course

TIMEOUT = 120_000  # a first JupyterLab start on a loaded two-core machine is slow


def sign_in(page: Page, url: str, name: str, password: str) -> None:
    """Sign in at the hub's login page and wait for the user's JupyterLab."""
    page.goto(f"{url}/hub/login")
    page.fill("#username_input", name)
    page.fill("#password_input", password)
    page.click("#login_submit")
    page.wait_for_url(f"**/user/{name}/lab**", timeout=TIMEOUT)
    page.locator("#jp-main-dock-panel").wait_for(timeout=TIMEOUT)


def open_assignment_list(page: Page) -> None:
    """Nbgrader menu → Assignment List, then wait until its lists have loaded."""
    page.locator('div.lm-MenuBar-itemLabel:text-is("Nbgrader")').click()
    page.locator('li[data-command="nbgrader:open-assignment-list"]').click()
    page.locator("#released_assignments_list").wait_for(timeout=TIMEOUT)
    refresh_assignment_list(page)


def refresh_assignment_list(page: Page) -> None:
    page.locator("#refresh_assignments_list").click()
    for name in ("released", "fetched", "submitted"):
        expect(page.locator(f"#{name}_assignments_list_loading")).to_be_hidden(timeout=TIMEOUT)


def list_rows(page: Page, name: str, count: int) -> object:
    rows = page.locator(f"#{name}_assignments_list > .list_item")
    expect(rows).to_have_count(count, timeout=TIMEOUT)
    return rows


def nbgrader_menu(page: Page) -> list[str]:
    """The entries the Nbgrader menu shows this user (commands of disabled plugins are hidden)."""
    page.locator('div.lm-MenuBar-itemLabel:text-is("Nbgrader")').click()
    items = page.locator("#jp-mainmenu-nbgrader li.lm-Menu-item:visible .lm-Menu-itemLabel")
    items.first.wait_for()
    labels = [items.nth(i).inner_text().strip() for i in range(items.count())]
    page.keyboard.press("Escape")
    return labels


def _keep_every_cell_drawn(page: Page, url: str, user: str) -> None:
    """JupyterLab draws only the cells on screen by default; a student scrolls, the test saves
    the student's own JupyterLab setting to draw every cell, so each answer box is in the page
    (the JupyterLab test writes the same setting to its settings folder)."""
    from ..browser.assignment_driver import KEEP_WIDGETS

    xsrf = next(c["value"] for c in page.context.cookies() if c["name"] == "_xsrf")
    reply = page.request.put(
        f"{url}/user/{user}/lab/api/settings/@jupyterlab/notebook-extension:tracker",
        data=json.dumps({"raw": KEEP_WIDGETS}),
        headers={"X-XSRFToken": xsrf, "Content-Type": "application/json"},
    )
    assert reply.ok, f"JupyterLab refused the setting: HTTP {reply.status}"


def answer_in_browser(
    page: Page, url: str, user: str, notebook: str, answers: dict[int, Any]
) -> None:
    """Open the fetched notebook, choose Kernel > Restart Kernel and Run All Cells (what the
    notebook tells students to do), and answer in the answer boxes by clicking, choosing and
    typing words, with the JupyterLab test's driver.

    `answers` maps a question number to the answer as plain data, as the answers file keeps it
    (an option id, a list of ids, True/False, {situation: category}, the reflection's text).
    Each box saves as it is answered; the test waits until each box says so.
    """
    from ..browser import assignment_driver as drive

    items = assignment_items(notebook.split("/", 1)[0])
    _keep_every_cell_drawn(page, url, user)
    drive.open_and_run_all(
        page, f"{url}/user/{user}/lab/tree/{notebook}", len(items), restart=True, by_menu=True
    )
    for number, value in answers.items():
        # Under load the widget sends quick changes as one; the file is checked afterwards.
        drive.answer_with_mouse(page, number, items[number - 1], value)
        expect(drive.box(page, number).locator(".swc-save-status")).to_have_text(
            "Answer saved.", timeout=TIMEOUT
        )
    expect(page.locator(".swc-progress-line")).to_contain_text(
        f"{len(answers)} of {len(items)} answered", timeout=TIMEOUT
    )


def assignment_items(assignment: str) -> list[object]:
    """The assignment's questions in order, from the course's own bank."""
    from swcourse.core.course import CourseLayout

    from .conftest import ROOT

    layout = CourseLayout(ROOT)
    spec = next(a for a in require_course(layout.root).assignments if a.id == assignment)
    bank = dict(require_course(layout.root).items)
    return [bank[item_id] for item_id in spec.items]
