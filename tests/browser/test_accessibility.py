"""axe-core's WCAG 2.1 A and AA rules pass on every built page."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def test_every_page_passes_axe(
    browser: Browser, base_url: str, pages: list[str], course_root: Path
) -> None:
    """Does any page violate a WCAG 2.1 A/AA rule? Lists rule, page and element for each."""
    axe = (course_root / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
    violations: list[str] = []
    context = browser.new_context()
    page = context.new_page()
    for path in pages:
        page.goto(f"{base_url}/{path}", wait_until="networkidle")
        page.add_script_tag(content=axe)
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        for violation in result["violations"]:
            for node in violation["nodes"]:
                violations.append(
                    f"{violation['id']} on {path}: {' '.join(node['target'])} — {violation['help']}"
                )
    context.close()
    assert not violations, f"{len(violations)} WCAG violation(s):\n" + "\n".join(violations)
