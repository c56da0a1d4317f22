"""Every page on a 390 px phone: nothing cut off or spilling sideways, nothing covering controls."""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import Browser

PHONE = {"width": 390, "height": 844}

HERE = Path(__file__).parent
# Run in the page; each returns a list of problems, one short sentence each.
CHECK = (HERE / "phone_layout.js").read_text(encoding="utf-8")
FLOATING = (HERE / "phone_floating.js").read_text(encoding="utf-8")  # after scrolling up


def test_every_page_fits_a_phone(
    browser: Browser, base_url: str, pages: list[str], tmp_path: Path
) -> None:
    """At 390 px, does any page scroll sideways, cut content off at the edge (outside a box
    that scrolls), have overlapping controls, or float a button over text and controls?"""
    shots = Path(os.environ.get("SWCOURSE_PHONE_SHOTS", tmp_path))
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    problems: list[str] = []
    for path in pages:
        page.goto(f"{base_url}/{path}", wait_until="networkidle")
        page.wait_for_timeout(300)  # players mount after the page loads
        problems += [f"{path}: {p}" for p in page.evaluate(f"({CHECK}\n)()")]
        height = page.evaluate("document.documentElement.scrollHeight")
        for y in range(0, height, max(height // 6, 400)):
            page.evaluate(f"window.scrollTo(0, {y + 400})")
            page.wait_for_timeout(50)
            page.evaluate(f"window.scrollTo(0, {y})")  # scrolling up shows 'Back to top'
            page.wait_for_timeout(150)
            problems += [f"{path} at {y} px: {p}" for p in page.evaluate(f"({FLOATING}\n)()")]
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(shots / f"{path.replace('/', '_')}.png"), full_page=True)
    context.close()
    assert not problems, f"{len(problems)} phone layout problem(s):\n" + "\n".join(
        dict.fromkeys(problems)
    )
