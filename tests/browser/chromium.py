"""How every test and benchmark starts Debian's Chromium: one place for the binary and its flags.

No sandbox (the tests run as root in CI), no GPU, and nothing that reaches the network on its own
(background updates, sync, QUIC), so a run is offline and its timings are the page's alone.
"""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
