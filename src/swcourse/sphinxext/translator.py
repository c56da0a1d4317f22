"""An HTML translator tweak: bibliography entries as plain list items.

docutils marks each citation `role="doc-biblioentry"` inside a `role="list"` wrapper. That DPUB
role is deprecated, and a list whose children are not list items fails WCAG 1.3.1 (axe rules
aria-deprecated-role and aria-required-children). We wrap whichever translator the theme chose,
so the theme's own changes are kept.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx


def use_accessible_citations(app: Sphinx) -> None:
    """Register a subclass of the current HTML translator that writes citations as list items."""
    if app.builder.format != "html":
        return
    base: Any = (
        app.registry.get_translator_class(app.builder) or app.builder.default_translator_class
    )

    class AccessibleCitationTranslator(base):
        def visit_citation(self, node: nodes.citation) -> None:
            if not isinstance(node.previous_sibling(), type(node)):
                self.body.append('<div role="list" class="citation-list">\n')
            self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))

    app.set_translator(app.builder.name, AccessibleCitationTranslator, override=True)
