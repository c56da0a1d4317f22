"""What a person does in the browser on the class hub: sign in, use the Assignment List, answer.

Students answer inside ONE function, `answer_in_browser`: today they type values into the
notebook's answer cells; when the answer widgets replace those cells, only that function changes.
"""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

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


def _drawn_text(page: Page, cell: Locator) -> str:
    """The cell's text once JupyterLab has drawn it (cells scrolled to are drawn a moment later)."""
    for _ in range(100):
        text = (cell.text_content() or "").strip()
        if text:
            return text
        page.wait_for_timeout(100)
    raise AssertionError("JupyterLab did not draw the active cell within 10 s")


def answer_in_browser(page: Page, url: str, user: str, notebook: str,
                      answers: dict[int, str], reflection: str | None) -> None:
    """Open the fetched notebook and give the answers as a student does today, then save.

    `answers` maps a question number to the value a student types in place of `None`
    (`answer_2 = None` becomes `answer_2 = "b"`); `reflection` replaces the reflection cell's
    "Write your answer here." text. The student moves from cell to cell with the arrow keys, as
    JupyterLab only draws the cells on screen. (After the answer widgets land, this clicks them.)
    """
    page.goto(f"{url}/user/{user}/lab/tree/{notebook}")
    panel = ".jp-NotebookPanel:not(.lm-mod-hidden)"
    page.locator(f"{panel} .jp-Cell").first.click()
    page.keyboard.press("Escape")  # command mode: the arrow keys move between cells
    # (cell kind, text the cell starts with) -> what the student writes there
    todo = {("jp-CodeCell", f"answer_{n} = None"): f"answer_{n} = {value}"
            for n, value in answers.items()}
    if reflection is not None:
        todo[("jp-MarkdownCell", "Write your answer here.")] = reflection
    active = page.locator(f"{panel} .jp-Cell.jp-mod-active")
    for _ in range(200):
        text = _drawn_text(page, active)
        kinds = set((active.get_attribute("class") or "").split())
        needle = next((k for k in todo if k[0] in kinds and k[1] in text), None)
        if needle is not None:
            page.keyboard.press("Enter")  # edit the cell
            expect(active.locator(".cm-editor.cm-focused")).to_be_visible(timeout=TIMEOUT)
            page.keyboard.press("ControlOrMeta+a")
            page.keyboard.insert_text(todo[needle])
            page.keyboard.press("Escape")
            if needle[0] == "jp-MarkdownCell":
                page.keyboard.press("ControlOrMeta+Enter")  # show the written reflection
            expect(active).to_contain_text(todo.pop(needle).splitlines()[0], timeout=TIMEOUT)
        if not todo:
            break
        page.keyboard.press("ArrowDown")
    assert not todo, f"cells not found in {notebook}: {sorted(todo)}"
    page.keyboard.press("ControlOrMeta+s")
    expect(page.locator(".jp-mod-dirty")).to_have_count(0, timeout=TIMEOUT)
