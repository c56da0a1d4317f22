"""Small builders for docutils tables with a header row (screen readers need the header)."""

from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes


def _row(cells: Sequence[nodes.Node | str]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        entry += cell if isinstance(cell, nodes.Node) else nodes.paragraph(text=cell)
        row += entry
    return row


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[nodes.Node | str]],
    widths: Sequence[int],
    caption: str | None = None,
) -> nodes.table:
    """A table whose first row is marked as the header row."""
    table_node = nodes.table(classes=["course-table"])
    if caption:
        table_node += nodes.title(text=caption)
    group = nodes.tgroup(cols=len(header))
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    head += _row(header)
    body = nodes.tbody()
    for cells in rows:
        body += _row(cells)
    group += head
    group += body
    table_node += group
    return table_node
