"""Figures drawn at build time from course data (executed by myst-nb, cached between builds)."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from .core.course import CourseLayout, find_root, load_timeline

# Colour-blind-safe (Okabe-Ito blue and vermillion, darkened), at least 4.5:1 on white for text.
STRAND_COLOURS = {"casework": "#0060a8", "group work": "#a63d00", "both": "#333333"}
STRAND_MARKERS = {"casework": "o", "group work": "s", "both": "D"}


def timeline_figure(root: Path | None = None) -> Figure:
    """Casework and group work milestones, one row per event in date order, coloured by method.

    One row per event keeps every label readable (no overlaps however the dates cluster); colour
    and marker shape both carry the method, so the figure also works without colour vision.
    """
    layout = CourseLayout(root or find_root(Path.cwd()))
    events = sorted(load_timeline(layout).model.events, key=lambda e: e.year)
    figure, axes = plt.subplots(figsize=(9, 0.38 * len(events) + 1.4), dpi=110)
    for row, event in enumerate(reversed(events)):
        colour = STRAND_COLOURS[event.strand]
        axes.hlines(row, events[0].year - 5, event.year, color="#dddddd", linewidth=0.8, zorder=1)
        axes.plot(event.year, row, STRAND_MARKERS[event.strand], color=colour, markersize=7,
                  zorder=2)
        axes.text(event.year + 2, row, f"{event.year}  {event.label}", va="center", fontsize=9.5,
                  color=colour)
    for strand, colour in STRAND_COLOURS.items():
        axes.plot([], [], STRAND_MARKERS[strand], color=colour, label=strand.capitalize())
    axes.legend(loc="upper right", frameon=False, fontsize=9.5)
    axes.set_xlim(events[0].year - 5, events[-1].year + 75)
    axes.set_ylim(-1, len(events))
    axes.set_yticks([])
    axes.set_xticks(range((events[0].year // 20) * 20, events[-1].year + 1, 20))
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    axes.set_title("Milestones of casework and group work", loc="left")
    figure.tight_layout()
    return figure
