"""Hand grading by question, in Voilà in Debian's Chromium, writes the same gradebook rows as
formgrader's own grade API (a real Jupyter server with nbgrader's formgrader extension)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from swcourse.cli_lms import write_grading_notebook
from swcourse.grading.handgrade import parse_score
from swcourse.serve import voila_command, voila_env

from .conftest import Cycle, in_own_thread

# Hand-written: the score each student gets on the first reflection (its rubric gives 4 points
# at most in the bank; the test reads the maximum from the item to stay honest if it changes).
SHARES = {"deleted": 0.25, "empty": 0.0, "partial": 0.5, "perfect": 1.0, "wrongtypes": 0.75}


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def private_env(tmp: Path, **extra: str) -> dict[str, str]:
    """Jupyter's runtime and config files go under `tmp`, never the user's home."""
    bin_dir = str(Path(sys.executable).parent)
    return {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
        "IPYTHONDIR": str(tmp / "ipython"),
        "JUPYTER_CONFIG_DIR": str(tmp / "config"),
        **extra,
    }


@contextmanager
def started(command: list[str], cwd: Path, env: dict[str, str], url: str) -> Iterator[None]:
    log = (cwd.parent / f"{cwd.name}.log").open("w")
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 300  # a loaded machine starts Jupyter slowly
    try:
        while True:
            try:
                urllib.request.urlopen(url, timeout=2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"{command[0]} did not start: see {log.name}")
                time.sleep(0.5)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def grade_rows(course: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(course / "gradebook.db") as db:
        return db.execute(
            "SELECT id, notebook_id, cell_id, auto_score, manual_score, "
            "extra_credit, needs_manual_grade FROM grade ORDER BY id"
        ).fetchall()


def first_reflection(cycle: Cycle) -> tuple[int, object]:
    return next((n, i) for n, i in enumerate(cycle.items, 1) if i.type == "reflection")


def test_parse_score_takes_words_a_grader_types() -> None:
    """Is an empty field 'not graded', a comma decimal accepted, and text or an out-of-range
    number refused in words?"""
    assert parse_score("", 4) is None and parse_score(" 2,5 ", 4) == 2.5
    with pytest.raises(ValueError, match="is not a number"):
        parse_score("ten", 4)
    with pytest.raises(ValueError, match="outside 0 to 4"):
        parse_score("5", 4)


def test_grading_by_question_writes_what_formgrader_writes(
    cycle: Cycle, course_root: Path, tmp_path: Path
) -> None:
    """Scoring every student's first reflection on the one screen (in Voilà, in Chromium) and
    sending the same scores through formgrader's grade API: are the gradebook's grade rows
    identical, is a mistyped score refused without saving, and does axe-core pass the page?"""
    from playwright.sync_api import expect, sync_playwright

    from tests.browser.chromium import CHROMIUM, CHROMIUM_FLAGS
    from tests.browser.test_accessibility import AXE_TAGS

    number, item = first_reflection(cycle)
    points = float(item.points)
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    shutil.copytree(cycle.course, ours)
    shutil.copytree(cycle.course, theirs)
    before = grade_rows(ours)
    notebook = write_grading_notebook(ours, course_root, cycle.assignment)

    port = free_port()
    env = {
        **private_env(tmp_path),
        "JUPYTER_PATH": voila_env(course_root / "build")["JUPYTER_PATH"],
    }

    def drive(port: int) -> None:
        with sync_playwright() as driver:
            browser = driver.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
            )
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"http://127.0.0.1:{port}/voila/render/{notebook.name}", timeout=120_000)
            expect(page.get_by_text(f"Question {number} ({points:g} points)")).to_be_visible(
                timeout=120_000
            )
            wrong = page.get_by_label("Score for perfect")
            wrong.fill("ten")
            wrong.press("Enter")
            expect(page.get_by_role("alert")).to_contain_text("is not a number")
            assert grade_rows(ours) == before  # nothing saved
            for student, share in SHARES.items():
                field = page.get_by_label(f"Score for {student}")
                field.fill(f"{share * points:g}")
                field.press("Enter")
                expect(
                    page.get_by_text(f"Saved: {share * points:g} of {points:g}", exact=True)
                ).to_be_visible(timeout=30_000)
            expect(page.get_by_text(f"5 of 5 answers to question {number} graded")).to_be_visible()
            axe = (course_root / "node_modules" / "axe-core" / "axe.min.js").read_text("utf-8")
            page.add_script_tag(content=axe)
            result = page.evaluate(
                "tags => axe.run(document.querySelector('.jp-OutputArea') || "
                "document, {runOnly: {type: 'tag', values: tags}})",
                AXE_TAGS,
            )
            assert [v["id"] for v in result["violations"]] == []
            browser.close()

    with started(
        voila_command(notebook.parent, port), notebook.parent, env, f"http://127.0.0.1:{port}"
    ):
        in_own_thread(lambda: drive(port))

    port = free_port()
    token = "test-token"
    ids = {row[0]: row for row in before}
    cell = f"q{number}-{item.id}-answer"
    with sqlite3.connect(theirs / "gradebook.db") as db:
        wanted = dict(
            db.execute(
                "SELECT s.student_id, g.id FROM grade g JOIN base_cell c ON g.cell_id = c.id "
                "JOIN submitted_notebook n ON g.notebook_id = n.id JOIN submitted_assignment s "
                "ON n.assignment_id = s.id WHERE c.name = ?",
                (cell,),
            ).fetchall()
        )
    assert set(wanted) == set(SHARES) and set(wanted.values()) <= set(ids)
    command = [
        str(Path(sys.executable).parent / "jupyter"),
        "server",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={theirs}",
        "--allow-root",
    ]
    with started(
        command,
        theirs,
        private_env(tmp_path / "server"),
        f"http://127.0.0.1:{port}/api/status?token={token}",
    ):
        for student, share in SHARES.items():
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/formgrader/api/grade/{wanted[student]}",
                data=json.dumps({"manual_score": share * points, "extra_credit": None}).encode(),
                method="PUT",
                headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
            )
            with urllib.request.urlopen(request, timeout=30) as response:
                assert json.load(response)["manual_score"] == share * points
    assert grade_rows(ours) == grade_rows(theirs)
    assert grade_rows(ours) != before
