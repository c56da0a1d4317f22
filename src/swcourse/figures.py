"""Figures drawn at build time from course data (executed by myst-nb, cached between builds)."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from .core.course import Course, find_root
from .core.loading import timeline_alone

# Colour-blind-safe (Okabe-Ito blue and vermillion, darkened), at least 4.5:1 on white for text.
STRAND_COLOURS = {"casework": "#0060a8", "group work": "#a63d00", "both": "#333333"}
STRAND_MARKERS = {"casework": "o", "group work": "s", "both": "D"}


def timeline_figure(course: Course | None = None, root: Path | None = None) -> Figure:
    """Casework and group work milestones, one row per event in date order, coloured by method.

    One row per event keeps every label readable (no overlaps however the dates cluster); colour
    and marker shape both carry the method, so the figure also works without colour vision.
    Drawn narrow with large labels, and saved as SVG with real text (svg.fonttype "none"), so it
    stays sharp and small to download, and readable on a phone (it scrolls sideways there at
    the width that keeps labels 11 px, see sphinxext/phone.py).

    Given a loaded `course`, it draws that course's milestones; the book page's cell, which runs
    in a kernel of its own, reads only the timeline file (see `core.loading.timeline_alone`).
    """
    plt.rcParams["svg.fonttype"] = "none"
    if course is not None:
        events = list(course.timeline_events)
    else:
        events = list(timeline_alone(root or find_root(Path.cwd())))
    figure, axes = plt.subplots(figsize=(6.4, 0.34 * len(events) + 1.2), dpi=110)
    for row, event in enumerate(reversed(events)):
        colour = STRAND_COLOURS[event.strand]
        axes.hlines(row, events[0].year - 5, event.year, color="#dddddd", linewidth=0.8, zorder=1)
        axes.plot(
            event.year, row, STRAND_MARKERS[event.strand], color=colour, markersize=7, zorder=2
        )
        axes.text(
            event.year + 2,
            row,
            f"{event.year}  {event.label}",
            va="center",
            fontsize=10.5,
            color=colour,
        )
    for strand, colour in STRAND_COLOURS.items():
        axes.plot([], [], STRAND_MARKERS[strand], color=colour, label=strand.capitalize())
    # Above the rows, so it never covers a label however wide the text renders.
    axes.legend(
        loc="lower left",
        bbox_to_anchor=(0, 1.0),
        ncol=3,
        frameon=False,
        fontsize=10.5,
        borderaxespad=0.2,
    )
    axes.set_xlim(events[0].year - 5, events[-1].year + 75)
    axes.set_ylim(-1, len(events))
    axes.set_yticks([])
    axes.set_xticks(range((events[0].year // 20) * 20, events[-1].year + 1, 20))
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    axes.set_title("Milestones of casework and group work", loc="left", fontsize=12, pad=26)
    axes.tick_params(labelsize=10.5)
    figure.tight_layout()
    return figure
