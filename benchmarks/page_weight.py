"""What a first visit to each book page costs a student on phone data (gzip bytes, cold cache).

Loads every built page in headless Chromium with an empty cache, records every response the page
asks for (HTML, stylesheets, scripts, fonts, images, data), and counts each body as a server
would send it: gzip level 6 for text, as-is for formats that are already compressed (woff2,
png, jpeg). Prints the weight of each page, then the median and the worst over all pages,
against a default Jupyter Book 1 page (about 1.09 MB gzip, the figure the issue measured).
Targets: median <= 350 KB, worst <= 500 KB.
"""

from __future__ import annotations

import gzip
import statistics
import sys
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from tests.browser.book_site import book_pages  # noqa: E402
from tests.browser.chromium import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402

from swcourse.build import SITE, build  # noqa: E402
from swcourse.serve import book_server  # noqa: E402

PRECOMPRESSED = (".woff2", ".woff", ".png", ".jpg", ".jpeg", ".gif", ".webp")
DEFAULT_JB1_PAGE = 1_090_000
MEDIAN_TARGET, WORST_TARGET = 350_000, 500_000


def wire_bytes(url: str, body: bytes) -> int:
    """Bytes on the wire: gzip for text, raw for already-compressed formats."""
    if urlparse(url).path.lower().endswith(PRECOMPRESSED):
        return len(body)
    return len(gzip.compress(body, 6))


def measure(site: Path) -> dict[str, tuple[int, int, list[tuple[str, int]]]]:
    """Per page: (gzip bytes, request count, the three heaviest resources)."""
    from playwright.sync_api import Response, sync_playwright

    server = book_server(site, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    results: dict[str, tuple[int, int, list[tuple[str, int]]]] = {}
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        for path in book_pages(site):
            context = browser.new_context()  # a fresh context: nothing cached
            page = context.new_page()
            seen: list[Response] = []
            page.on("response", lambda response, seen=seen: seen.append(response))
            page.goto(f"{base}/{path}", wait_until="networkidle")
            sizes = []
            for url in {r.url for r in seen if r.ok and r.url.startswith(base)}:
                # The bytes the server sent are the site's file at that address.
                local = site / unquote(urlparse(url).path).lstrip("/")
                local = local / "index.html" if local.is_dir() else local
                sizes.append((urlparse(url).path, wire_bytes(url, local.read_bytes())))
            context.close()
            heaviest = sorted(sizes, key=lambda s: -s[1])[:3]
            results[path] = (sum(s for _, s in sizes), len(sizes), heaviest)
        browser.close()
    server.shutdown()
    return results


def main() -> None:
    site = ROOT / SITE if (ROOT / SITE / "index.html").is_file() else build(ROOT, quiet=True)
    results = measure(site)
    width = max(len(p) for p in results)
    print("first load, cold cache, gzip bytes per page")
    for path, (total, count, heaviest) in results.items():
        top = ", ".join(f"{Path(u).name} {s / 1000:.0f}" for u, s in heaviest)
        print(
            f"  {path:<{width}}  {total / 1000:7.1f} KB  {count:3d} requests  (heaviest KB: {top})"
        )
    totals = [total for total, _, _ in results.values()]
    median, worst = statistics.median(totals), max(totals)
    print(
        f"median over {len(totals)} pages: {median / 1000:.1f} KB   (target <= "
        f"{MEDIAN_TARGET / 1000:.0f} KB; default Jupyter Book 1 page "
        f"~{DEFAULT_JB1_PAGE / 1e6:.2f} MB,"
        f" {median / DEFAULT_JB1_PAGE:.0%} of it)"
    )
    print(
        f"worst: {worst / 1000:.1f} KB ({max(results, key=lambda p: results[p][0])})   "
        f"(target <= {WORST_TARGET / 1000:.0f} KB)"
    )


if __name__ == "__main__":
    main()
