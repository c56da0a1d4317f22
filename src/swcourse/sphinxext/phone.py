"""Phone layout: every page usable at 360-390 px (styles: frontend/static/swcourse/book.css).

Two small changes to each page's HTML make that possible without JavaScript:
- every simple table (a header row, no merged cells) gets the class `swc-reflow` and each data
  cell a `data-label` naming its column, so on a narrow screen each row becomes a block with
  every cell labelled, instead of a table cut off at the edge;
- every SVG figure (diagrams drawn at 760-1100 px with 12-15 px labels, unreadable when shrunk
  to a phone's width) is marked `swc-wide-figure` with the width at which its smallest label is
  11 px; on a phone it scrolls sideways at that width, as a keyboard-focusable region, with a
  sticky line under it saying so.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape, unescape
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

BOOK_CSS = "swcourse/book.css"
TABLE = re.compile(r"<table\b([^>]*)>(.*?)</table>", re.S)
HEAD = re.compile(r"<thead>(.*?)</thead>", re.S)
BODY = re.compile(r"<tbody>(.*?)</tbody>", re.S)
ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.S)
CELL = re.compile(r"<(t[dh])\b([^>]*)>", re.S)
TAG = re.compile(r"<[^>]+>")
# The image may sit in a link to itself (Sphinx adds one when the figure has a :width:).
FIGURE = re.compile(
    r'<figure class="([^"]*)"([^>]*)>'
    r'(\s*(?:<a\b[^>]*>\s*)?<img\b[^>]*\bsrc="([^"]+\.svg)")',
    re.S,
)
VIEWBOX = re.compile(r'viewBox="[\d.]+ [\d.]+ ([\d.]+) [\d.]+"')
FONT = re.compile(r'font-size="([\d.]+)(?:px)?"|font-size:\s*([\d.]+)px|font:[^;"]*?([\d.]+)px')
LEGIBLE_PX = 11


def _label(cell_html: str) -> str:
    return " ".join(unescape(TAG.sub(" ", cell_html)).split())


def _reflow(match: re.Match[str]) -> str:
    attrs, inner = match.group(1), match.group(2)
    head, body = HEAD.search(inner), BODY.search(inner)
    if not head or not body or "colspan" in inner or "rowspan" in inner:
        return match.group(0)  # merged cells: left to scroll sideways
    headers = [_label(c) for c in re.findall(r"<th\b[^>]*>(.*?)</th>", head.group(1), re.S)]

    def label_row(row: re.Match[str]) -> str:
        column = iter(headers)

        def label_cell(cell: re.Match[str]) -> str:
            name = next(column, "")
            return (
                f'<{cell.group(1)}{cell.group(2)} data-label="{escape(name)}">'
                if name
                else cell.group(0)
            )

        return CELL.sub(label_cell, row.group(0))

    labelled = inner[: body.start(1)] + ROW.sub(label_row, body.group(1)) + inner[body.end(1) :]
    if 'class="' in attrs:
        attrs = attrs.replace('class="', 'class="swc-reflow ', 1)
    else:
        attrs = f' class="swc-reflow"{attrs}'
    return f"<table{attrs}>{labelled}</table>"


def legible_width(svg: str) -> int | None:
    """The width (px) at which the smallest label is LEGIBLE_PX tall, if any label is smaller."""
    box = VIEWBOX.search(svg)
    sizes = [float(next(g for g in m.groups() if g)) for m in FONT.finditer(svg)]
    if not box or not sizes or min(sizes) <= 0:
        return None
    width = float(box.group(1)) * LEGIBLE_PX / min(sizes)
    return round(width) if width > 400 else None


def phone_html(body: str, svg_text: Callable[[str], str | None] = lambda src: None) -> str:
    """The page body with reflowing tables and, for SVG figures, a legible width on phones."""
    body = TABLE.sub(_reflow, body)

    def widen(match: re.Match[str]) -> str:
        svg = svg_text(match.group(4))
        width = legible_width(svg) if svg else None
        if width is None:
            return match.group(0)
        return (
            f'<figure class="{match.group(1)} swc-wide-figure" tabindex="0" '
            f'style="--swc-legible-width: {width}px"{match.group(2)}>{match.group(3)}'
        )

    return FIGURE.sub(widen, body)


def _page_context(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    app.add_css_file(BOOK_CSS)
    if not isinstance(context.get("body"), str):
        return
    sources = {
        Path(dest).name: Path(app.srcdir) / src
        for src, dest in getattr(app.builder, "images", {}).items()
    }

    def svg_text(src: str) -> str | None:
        path = sources.get(Path(src).name)
        return path.read_text(encoding="utf-8") if path and path.is_file() else None

    context["body"] = phone_html(context["body"], svg_text)


def setup_phone(app: Sphinx) -> None:
    app.connect("html-page-context", _page_context)
