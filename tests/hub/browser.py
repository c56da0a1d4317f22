"""What a person does in the browser on the class hub: sign in, use the Assignment List, answer.

Students answer inside ONE function, `answer_in_browser`: they run the notebook, then click,
choose and type words in its answer boxes, which save each answer as it is given.
"""

from __future__ import annotations

import contextlib

from playwright.sync_api import Page, expect

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
    the student's own JupyterLab setting to draw every cell, so each answer box is in the page."""
    import json

    xsrf = next(c["value"] for c in page.context.cookies() if c["name"] == "_xsrf")
    reply = page.request.put(
        f"{url}/user/{user}/lab/api/settings/@jupyterlab/notebook-extension:tracker",
        data=json.dumps({"raw": json.dumps({"windowingMode": "none"})}),
        headers={"X-XSRFToken": xsrf, "Content-Type": "application/json"},
    )
    assert reply.ok, f"JupyterLab refused the setting: HTTP {reply.status}"


def _run_all(page: Page, url: str, user: str, notebook: str, boxes: int) -> None:
    """Open the notebook and choose Run > Run All Cells, the one instruction about code."""
    page.goto(f"{url}/user/{user}/lab/tree/{notebook}", timeout=TIMEOUT)
    expect(page.locator(".jp-Notebook")).to_be_visible(timeout=TIMEOUT)
    idle = page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")
    for _ in range(3):
        accept = page.locator(".jp-Dialog .jp-mod-accept")
        if accept.count():
            accept.first.click()
        expect(idle).to_have_count(1, timeout=TIMEOUT)
        page.locator('div.lm-MenuBar-itemLabel:text-is("Run")').click()
        page.locator(
            '.lm-Menu-content li:has(.lm-Menu-itemLabel:text-is("Run All Cells"))'
        ).first.click()
        with contextlib.suppress(AssertionError):
            expect(page.locator(".swc-answer-box")).to_have_count(boxes, timeout=TIMEOUT)
            return
    expect(page.locator(".swc-answer-box")).to_have_count(boxes, timeout=10_000)


def answer_in_browser(
    page: Page, url: str, user: str, notebook: str, answers: dict[int, str], reflection: str | None
) -> None:
    """Open the fetched notebook, run it (the one instruction about code), and answer in the
    answer boxes by clicking, choosing and typing words, as a student does.

    `answers` maps a question number to the answer as plain data written as a literal (an
    option id, a list of ids, True/False, a dict of matches); `reflection` is typed into the
    reflection's text area. Each box saves as it is answered; the test waits for every save.
    """
    import ast

    from ..browser import assignment_driver as drive

    items = assignment_items(notebook.split("/", 1)[0])
    _keep_every_cell_drawn(page, url, user)
    _run_all(page, url, user, notebook, boxes=len(items))
    labels = {"casework": "Casework", "group work": "Group work", "both": "Both"}
    for number, written in answers.items():
        item, value, area = items[number - 1], ast.literal_eval(written), drive.box(page, number)
        match item.type:
            case "single":
                area.get_by_label(drive.text_of(item, value), exact=True).click()
            case "multiple":
                for ident in value:
                    area.get_by_label(drive.text_of(item, ident), exact=True).click()
            case "true_false":
                area.get_by_label("True" if value else "False", exact=True).click()
            case "classification":
                for vignette in item.vignettes:
                    area.get_by_label(vignette.text, exact=True).select_option(
                        label=labels[value[vignette.id]]
                    )
            case "matching":
                for left in item.left:
                    area.get_by_label(left.text, exact=True).select_option(
                        label=drive.text_of(item, value[left.id])
                    )
            case "short_text":
                area.get_by_label("Your answer").fill(value)
                area.get_by_label("Your answer").blur()
            case other:
                raise AssertionError(f"question {number}: no way to answer a {other} item here")
        expect(area.locator(".swc-save-status")).to_contain_text("Answer saved", timeout=TIMEOUT)
    if reflection is not None:
        number = next(n for n, i in enumerate(items, 1) if i.type == "reflection")
        field = drive.box(page, number).get_by_label(f"Your reflection for question {number}")
        field.fill(reflection)
        field.blur()
        expect(drive.box(page, number).locator(".swc-save-status")).to_contain_text(
            "Answer saved", timeout=TIMEOUT
        )


def assignment_items(assignment: str) -> list[object]:
    """The assignment's questions in order, from the course's own bank."""
    from swcourse.core.assignments import load_assignments
    from swcourse.core.banks import bank_items
    from swcourse.core.course import CourseLayout

    from .conftest import ROOT

    layout = CourseLayout(ROOT)
    spec = next(a for a in load_assignments(layout).model.assignments if a.id == assignment)
    bank = {item.id: item for item in bank_items(layout)}
    return [bank[item_id] for item_id in spec.items]
