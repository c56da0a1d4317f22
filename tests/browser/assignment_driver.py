"""A released assignment in a temporary nbgrader course, real JupyterLab / Voilà servers over
the student's copy, and a driver that answers questions in the answer boxes like a student.

Every subprocess gets HOME and the Jupyter/IPython folders in temporary directories, and
servers listen on 127.0.0.1 only.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

BIN = Path(sys.executable).parent
COURSE_ID = "casework-groupwork"
KEEP_WIDGETS = '{"windowingMode": "none"}'  # every cell rendered, so every box is in the page


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def private_env(home: Path) -> dict[str, str]:
    """This environment's tools first on PATH; every per-user folder inside `home`."""
    home.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "JPY"))}
    env.update(
        HOME=str(home),
        PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}",
        JUPYTER_CONFIG_DIR=str(home / ".jupyter"),
        JUPYTER_DATA_DIR=str(home / ".data"),
        JUPYTER_RUNTIME_DIR=str(home / ".runtime"),
        IPYTHONDIR=str(home / ".ipython"),
        JUPYTERLAB_SETTINGS_DIR=str(home / ".lab-settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(home / ".lab-workspaces"),
        XDG_DATA_HOME=str(home / ".xdg"),
        XDG_CONFIG_HOME=str(home / ".config"),
    )
    tracker = home / ".lab-settings" / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True, exist_ok=True)
    (tracker / "tracker.jupyterlab-settings").write_text(KEEP_WIDGETS)
    return env


def nbgrader(args: list[str], cwd: Path, exchange: Path, env: dict[str, str]) -> str:
    result = subprocess.run(
        [str(BIN / "nbgrader"), *args, f"--Exchange.root={exchange}"],
        cwd=cwd,
        env=env,
        text=True,
        capture_output=True,
    )
    if result.returncode != 0:
        raise AssertionError(f"nbgrader {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout + result.stderr


@dataclass
class Released:
    """A course with one released assignment and one student who fetched it."""

    course: Path
    exchange: Path
    student_home: Path
    assignment: str
    env: dict[str, str]

    @property
    def folder(self) -> Path:
        return self.student_home / self.assignment

    @property
    def notebook(self) -> Path:
        return self.folder / f"{self.assignment}.ipynb"

    def run(self, args: list[str], cwd: Path | None = None) -> str:
        return nbgrader(args, cwd or self.course, self.exchange, self.env)


def release(course_root: Path, base: Path, assignment: str) -> Released:
    """generate_assignment and release_assignment as the instructor, fetch as the student."""
    course, exchange, home = base / "course", base / "exchange", base / "home"
    exchange.mkdir(parents=True)
    course.mkdir()
    env = private_env(home)
    shutil.copy(course_root / "quizzes" / "nbgrader_config.py", course)
    shutil.copytree(course_root / "quizzes" / "source" / assignment, course / "source" / assignment)
    released = Released(course, exchange, home / "student", assignment, env)
    released.run(["generate_assignment", assignment, "--force"])
    released.run(["release_assignment", assignment, f"--course={COURSE_ID}", "--force"])
    return fetch(released, "student")


def fetch(released: Released, folder: str) -> Released:
    """A student's own copy of the released assignment in `folder` (beside the first student's),
    fetched with nbgrader: its own notebook and answers file."""
    student = replace(released, student_home=released.student_home.parent / folder)
    student.student_home.mkdir()
    (student.student_home / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.course_id = {COURSE_ID!r}\n"
    )
    student.run(
        ["fetch_assignment", student.assignment, f"--course={COURSE_ID}"], student.student_home
    )
    return student


def submit_and_autograde(released: Released, student: str) -> None:
    released.run(
        ["submit", released.assignment, f"--course={COURSE_ID}", f"--student={student}"],
        released.student_home,
    )
    released.run(["collect", released.assignment, f"--course={COURSE_ID}"])
    released.run(["autograde", released.assignment, "--create", "--force"])
    released.run(["generate_feedback", released.assignment, "--force"])


def wait_for(url: str, process: subprocess.Popen[bytes], what: str, seconds: int = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            if process.poll() is not None:
                raise AssertionError(f"{what} exited with code {process.returncode}") from None
            time.sleep(0.5)
    process.kill()
    raise AssertionError(f"{what} did not start within {seconds} s")


@contextmanager
def server(
    command: list[str],
    cwd: Path,
    env: dict[str, str],
    probe: str,
    what: str,
    logs: Path | None = None,
) -> Iterator[subprocess.Popen[bytes]]:
    """Run a server until the caller is done, once `probe` answers; its output goes to a log in
    `logs` (beside `cwd` unless given: always a temporary folder)."""
    folder = cwd.parent if logs is None else logs
    log = open(folder / f"{what.replace(' ', '-')}.log", "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for(probe, process, what)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@contextmanager
def jupyter_lab(released: Released) -> Iterator[str]:
    """A real `jupyter lab` over the student's folder; yields its base URL with the token."""
    port, token = free_port(), secrets.token_hex(16)
    command = [
        str(BIN / "jupyter-lab"),
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={released.student_home}",
        "--LabApp.expose_app_in_browser=True",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.news_url=None",
        "--allow-root",
    ]
    url = f"http://127.0.0.1:{port}"
    with server(
        command, released.student_home, released.env, f"{url}/api?token={token}", "jupyter lab"
    ):
        yield f"{url}|{token}"


def lab_url(base: str, path: str) -> str:
    url, token = base.split("|")
    return f"{url}/lab/tree/{path}?token={token}"


def lab_command(page: Page, command: str) -> None:
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.commands", timeout=120_000)
    page.evaluate(f"() => {{ window.jupyterapp.commands.execute({command!r}); }}")


# The menu entries a student chooses for the commands open_and_run_all issues.
MENU_ITEMS = {
    "notebook:restart-run-all": ("Kernel", "Restart Kernel and Run All Cells…"),
    "notebook:run-all-cells": ("Run", "Run All Cells"),
}


def menu_command(page: Page, command: str) -> None:
    """Choose the command from JupyterLab's menu bar by its labels, as a student does."""
    menu, label = MENU_ITEMS[command]
    page.locator(f'div.lm-MenuBar-itemLabel:text-is("{menu}")').click()
    page.locator(f'.lm-Menu-content li:has(.lm-Menu-itemLabel:text-is("{label}"))').first.click()


def open_and_run_all(
    page: Page, url: str, boxes: int, restart: bool = False, by_menu: bool = False
) -> None:
    """Open the notebook in JupyterLab and run every cell (the one instruction about code),
    answering the kernel dialogs a fresh JupyterLab may show, however late they come.
    `by_menu` chooses the commands from the menu bar (where JupyterLab keeps its app private,
    as on the class hub) instead of calling them through `window.jupyterapp`."""
    page.goto(url, timeout=120_000)
    expect(page.locator(".jp-Notebook")).to_be_visible(timeout=120_000)
    command = "notebook:restart-run-all" if restart else "notebook:run-all-cells"
    issue = menu_command if by_menu else lab_command
    accept = page.locator(".jp-Dialog .jp-mod-accept")
    kernel_choice = page.locator(".jp-Dialog:has-text('Select Kernel')")
    answer_boxes = page.locator(".swc-answer-box")
    indicator = page.locator(".jp-Notebook-ExecutionIndicator")
    deadline = time.monotonic() + 420
    issued_at: float | None = None
    lost_since: float | None = None  # when the kernel's status became unknown or dead
    reloads = 0
    while time.monotonic() < deadline:
        status = indicator.first.get_attribute("data-status") if indicator.count() else None
        lost = status in ("unknown", "dead", "disconnected")
        lost_since = (lost_since or time.monotonic()) if lost else None
        if lost_since is not None and time.monotonic() - lost_since > 60 and reloads < 2:
            # The page lost its kernel connection (seen once behind the hub's proxy in CI):
            # do what a student would: reload the page and run everything again.
            reloads, lost_since, issued_at = reloads + 1, None, None
            page.reload(timeout=120_000)
            expect(page.locator(".jp-Notebook")).to_be_visible(timeout=120_000)
            continue
        if accept.count():
            chose_kernel = kernel_choice.count() > 0
            with contextlib.suppress(PlaywrightTimeout):
                accept.first.click(timeout=5_000)
            if chose_kernel:
                issued_at = None  # choosing a kernel starts a new one: run everything again
            page.wait_for_timeout(1_000)
            continue
        idle = page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").count() > 0
        if issued_at is not None and idle and answer_boxes.count() == boxes:
            break
        if idle and (issued_at is None or time.monotonic() - issued_at > 30):
            issue(page, command if issued_at is None else "notebook:run-all-cells")
            issued_at = time.monotonic()
        page.wait_for_timeout(500)
    if answer_boxes.count() != boxes:  # keep a picture of what went wrong beside the test's files
        page.screenshot(path=str(Path(tempfile.gettempdir()) / "swcourse-lab-run-all.png"))
    expect(answer_boxes).to_have_count(boxes, timeout=10_000)
    expect(page.locator(".swc-answer-progress")).to_have_count(1, timeout=60_000)


def box(page: Page, number: int) -> Locator:
    return page.locator(f".swc-answer-box:has([data-question='{number}'])")


def saves_of(page: Page, number: int) -> int:
    """How many times the box of question `number` has saved so far (its data-saves)."""
    return int(box(page, number).get_attribute("data-saves") or 0)


def wait_saved(page: Page, number: int, after: int) -> None:
    """Wait until the box has saved again since it had saved `after` times.

    Not once per click: ipywidgets keeps one state message per widget in flight and merges
    every change made meanwhile into the next one (its message throttle), so quick clicks on a
    busy kernel arrive as fewer saves, the last holding the final answer. The caller checks the
    answers file for that answer."""
    page.wait_for_function(
        "([n, after]) => [...document.querySelectorAll('.swc-answer-box')].some((b) =>"
        " b.querySelector(`[data-question='${n}']`) && Number(b.dataset.saves) > after)",
        arg=[number, after],
        timeout=30_000,
    )


def text_of(item: Any, ident: str) -> str:
    pools = [
        *getattr(item, "options", []),
        *getattr(item, "items", []),
        *getattr(item, "right", []),
    ]
    return next(p.text for p in pools if p.id == ident)


def right_answer(item: Any) -> Any:
    """The plain value (as the answers file keeps it) of the item's right answer."""
    match item.type:
        case "classification":
            return {v.id: v.answer for v in item.vignettes}
        case "short_text":
            return item.accepted[0]
        case "reflection":
            return REFLECTION
        case _:
            return item.key


def answer_with_mouse(page: Page, number: int, item: Any, value: Any = None) -> int:
    """Give `value` (plain data as the answers file keeps it; the item's right answer when
    None) with pointer actions and typing words; returns how many changes the box sends (at
    least one), or -1 for typed answers, which save after a pause."""
    area = box(page, number)
    value = right_answer(item) if value is None else value
    labels = {"casework": "Casework", "group work": "Group work", "both": "Both"}
    match item.type:
        case "single":
            area.get_by_label(text_of(item, value), exact=True).click()
            return 1
        case "multiple":
            for ident in value:
                area.get_by_label(text_of(item, ident), exact=True).click()
            return len(value)
        case "true_false":
            area.get_by_label("True" if value else "False", exact=True).click()
            return 1
        case "ordering":
            return order_by_buttons(area, item, keyboard=False, order=value)
        case "matching":
            for left in item.left:
                if left.id in value:
                    area.get_by_label(left.text, exact=True).select_option(
                        label=text_of(item, value[left.id])
                    )
            return len(value)
        case "classification":
            for vignette in item.vignettes:
                if vignette.id in value:
                    area.get_by_label(vignette.text, exact=True).select_option(
                        label=labels[value[vignette.id]]
                    )
            return len(value)
        case "short_text":
            field = area.get_by_label("Your answer")
        case "reflection":
            field = area.get_by_label(f"Your reflection for question {number}")
        case other:
            raise AssertionError(f"question {number}: no way to answer a {other} item")
    field.click()
    field.press_sequentially(value)
    field.blur()
    return -1


REFLECTION = (
    "Casework and group work both start from respect for the person. "
    "A group adds mutual aid that one worker alone cannot give."
)


def current_order(area: Locator) -> list[str]:
    return area.locator(".swc-order li").evaluate_all("(rows) => rows.map((r) => r.dataset.id)")


def order_by_buttons(
    area: Locator, item: Any, keyboard: bool, order: list[str] | None = None
) -> int:
    """Move items up until the list is in `order` (the key's when None); each move saves once."""
    moves = 0
    for target, ident in enumerate(item.key if order is None else order):
        while (index := current_order(area).index(ident)) > target:
            button = area.get_by_role("button", name=f"Move up: {text_of(item, ident)}")
            if keyboard:
                button.focus()
                button.press("Enter")
            else:
                button.click()
            moves += 1
            del index
    return moves


def answer_single_by_keyboard(page: Page, number: int, item: Any) -> None:
    """Keyboard only: focus the option group, then arrow keys to the key, as a screen-reader
    user would (arrows move and choose in a radio group)."""
    area = box(page, number)
    radios = area.locator("input[type=radio]")
    shown = radios.evaluate_all("(inputs) => inputs.map((i) => i.value)")
    radios.first.focus()
    page.keyboard.press("Space")
    for _ in range(shown.index(item.key)):
        page.keyboard.press("ArrowDown")


def answer_multiple_by_keyboard(page: Page, number: int, item: Any) -> None:
    """Keyboard only: Tab through the checkboxes and Space on each right one."""
    area = box(page, number)
    boxes = area.locator("input[type=checkbox]")
    shown = boxes.evaluate_all("(inputs) => inputs.map((i) => i.value)")
    boxes.first.focus()
    for index, ident in enumerate(shown):
        if ident in item.key:
            page.keyboard.press("Space")
        if index < len(shown) - 1:
            page.keyboard.press("Tab")


def axe_violations(page: Page, course_root: Path) -> list[str]:
    """axe-core's WCAG 2.1 AA findings in the answer boxes and the progress line, one a line."""
    from .test_accessibility import AXE_TAGS

    axe = (course_root / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
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
