"""What a scenario costs a book page, and how fast the player answers a click.

Compares the bytes a scenario adds to its page (player module, mount script, stylesheet, the
embedded scenario JSON and its no-JavaScript reading) with the same scenario delivered through
the ipywidgets html-manager route (require.js, embed-amd.js, anywidget's front end, and the
widget state: the scenario plus the module and stylesheet anywidget stores as traits). Then
measures click-to-feedback time in headless Chromium.
Targets: ratio <= 5 %, click-to-feedback <= 50 ms.
"""

from __future__ import annotations

import gzip
import re
import statistics
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from tests.browser.chromium import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402

from swcourse.build import SITE, build  # noqa: E402
from swcourse.serve import book_server  # noqa: E402

PAGE = "book/08-compared.html"
SCENARIO = "intake-decision"


def sizes(blobs: list[bytes]) -> tuple[int, int]:
    raw = sum(len(b) for b in blobs)
    return raw, sum(len(gzip.compress(b, 9)) for b in blobs)


def scenario_bytes(site: Path) -> list[bytes]:
    html = (site / PAGE).read_text(encoding="utf-8")
    block = re.search(
        rf'<div class="swc-widget[^"]*" data-kind="scenario" id="scenario-{SCENARIO}">'
        r".*?</div></div>",
        html,
        re.S,
    )
    assert block, f"{PAGE} does not embed {SCENARIO}"
    static = site / "_static" / "swcourse"
    # The whole player module is counted, though it also carries the self-check and flashcard
    # players, and mount.js with progress.js, which every player page loads.
    return [block.group(0).encode()] + [
        (static / name).read_bytes()
        for name in ("players.js", "mount.js", "progress.js", "players.css")
    ]


def widget_route_bytes(site: Path, state: bytes) -> list[bytes]:
    vendor = site / "_static" / "vendor"
    anywidget = next(vendor.glob("widgets/anywidget@*/dist/index.js"))
    player = site / "_static" / "swcourse"
    # anywidget's saved widget state carries the module and stylesheet as traits (_esm, _css).
    return [
        (vendor / "require.min.js").read_bytes(),
        (vendor / "html-manager" / "embed-amd.js").read_bytes(),
        anywidget.read_bytes(),
        state,
        (player / "players.js").read_bytes(),
        (player / "players.css").read_bytes(),
    ]


def click_to_feedback_ms(site: Path, rounds: int = 25) -> list[float]:
    from playwright.sync_api import sync_playwright

    server = book_server(site, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/{PAGE}"
    timings = []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        page = browser.new_page()
        page.goto(url)
        player = f"#scenario-{SCENARIO} .swc-player"
        for _ in range(rounds):
            timings.append(
                page.evaluate(
                    """sel => new Promise(resolve => {
                    const button = document.querySelector(sel + ' button.swc-choice');
                    const start = performance.now();
                    button.click();
                    const box = document.querySelector(sel + ' .swc-feedback');
                    requestAnimationFrame(() => resolve(box ? performance.now() - start : -1));
                })""",
                    player,
                )
            )
            page.locator(f"{player} button.swc-back").click()
        browser.close()
    server.shutdown()
    return timings


def main() -> None:
    site = build(ROOT, quiet=True) if not (ROOT / SITE / PAGE).is_file() else ROOT / SITE
    ours = scenario_bytes(site)
    state = re.search(
        rb'<script type="application/json" class="swc-data">(.*?)</script>', ours[0], re.S
    )
    assert state
    theirs = widget_route_bytes(site, state.group(1))
    ours_raw, ours_gz = sizes(ours)
    theirs_raw, theirs_gz = sizes(theirs)
    print(f"scenario '{SCENARIO}' on {PAGE}")
    print(f"  this player:          {ours_raw:>9,} B raw  {ours_gz:>8,} B gzip")
    print(f"  html-manager route:   {theirs_raw:>9,} B raw  {theirs_gz:>8,} B gzip")
    print(
        f"  ratio:                {ours_raw / theirs_raw:9.1%} raw  {ours_gz / theirs_gz:8.1%} gzip"
        "   (target <= 5 %)"
    )
    timings = click_to_feedback_ms(site)
    print(
        f"  click-to-feedback:    median {statistics.median(timings):.1f} ms, "
        f"max {max(timings):.1f} ms over {len(timings)} clicks   (target <= 50 ms)"
    )


if __name__ == "__main__":
    main()
