"""Click-to-saved time of an assignment's answer box in real JupyterLab (median of 50).

Releases the case-study assignment into a temporary nbgrader course, opens it in a `jupyter lab`
on 127.0.0.1 with headless Chromium, then clicks between the two answers of a true/false
question 50 times. Each time is from the click to the moment the answers file on disk holds the
new answer (the kernel's write, seen by polling the file from the page's own process). Printed,
never asserted; on a shared machine the figures are inflated by its other load.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from tests.browser import assignment_driver as drive  # noqa: E402
from tests.browser.chromium import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402

ASSIGNMENT = "case-study-intake"
CLICKS = 50


def saved(path: Path, number: int) -> object:
    try:
        return json.loads(path.read_text())["answers"].get(str(number), {}).get("value")
    except (OSError, ValueError):
        return None


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        released = drive.release(ROOT, Path(tmp), ASSIGNMENT)
        nb = json.loads(released.notebook.read_text())
        boxes = sum(1 for c in nb["cells"] if "answer_box(" in "".join(c["source"]))
        number = next(
            int(c["source"][2].split(",")[1])
            for c in nb["cells"]
            if "'true_false'" in "".join(c["source"]) and "answer_box(" in "".join(c["source"])
        )
        path = released.folder / f"{ASSIGNMENT}.answers.json"
        with drive.jupyter_lab(released) as lab, sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
            page = browser.new_page()
            drive.open_and_run_all(
                page, drive.lab_url(lab, f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"), boxes=boxes
            )
            area = drive.box(page, number)
            times = []
            for click in range(CLICKS):
                value = click % 2 == 0
                start = time.perf_counter()
                area.get_by_label("True" if value else "False", exact=True).click()
                while saved(path, number) is not value:
                    time.sleep(0.002)
                times.append((time.perf_counter() - start) * 1000)
            browser.close()
    print(
        f"answer box click-to-saved in JupyterLab: median {statistics.median(times):.0f} ms, "
        f"90th percentile {statistics.quantiles(times, n=10)[-1]:.0f} ms over {CLICKS} clicks"
    )


if __name__ == "__main__":
    main()
