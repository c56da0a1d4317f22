"""An item-analysis report of one graded assignment, as a single self-contained HTML file.

The file has no scripts and no external links: the plots are PNGs embedded as data URIs, each
with alt text that states what it shows and its key numbers, and every plotted value is also in
a table. It is meant to be opened from disk, attached to an e-mail or archived with the grades.
"""

from __future__ import annotations

import base64
import io
import warnings
from html import escape
from pathlib import Path
from typing import Any

from ..core.course import Course
from ..core.items import type_heading
from ..grading.gradebook import AssignmentScores, atomic_path, read_assignment
from .analysis import (
    AWAITING,
    TOO_EASY,
    TOO_HARD,
    WEAK_DISCRIMINATION,
    ItemStats,
    item_statistics,
    max_total,
    objective_mastery,
    pending_cells,
    score_distribution,
    summary,
)
from .attention import Attention, find_attention
from .variant_report import drawn_html

BAR, FLAGGED, INK = "#1f4e79", "#9c3d00", "#1a1a1a"  # each at least 6:1 against white
BANDS = list(range(0, 101, 10))
SHORT_FLAGS = {
    "too easy": "easy",
    "too hard": "hard",
    "poorly discriminating": "low DI",
    AWAITING: "awaiting hand grading",
}
FACILITY_CAPTION = (
    "Hatched bars are flagged questions; the label names the flags (low DI: poorly "
    "discriminating). Questions with no grade yet have no bar. The table under "
    "Questions gives every value."
)
STYLE = """
body { font-family: system-ui, sans-serif; font-size: 1rem; line-height: 1.5; color: #1a1a1a;
  background: #fff; margin: 0 auto; max-width: 76rem; padding: 1rem; }
h1, h2 { line-height: 1.25; }
.wrap { overflow-x: auto; }
table { border-collapse: collapse; margin: 1rem 0; width: 100%; table-layout: auto; }
td, th { overflow-wrap: anywhere; }
td code { overflow-wrap: anywhere; word-break: break-word; }
.awaiting { font-style: italic; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.5rem; }
th, td { border: 1px solid #6b6b6b; padding: 0.25rem 0.5rem; text-align: left;
  vertical-align: top; }
thead th { background: #e6edf5; }
img { max-width: 100%; height: auto; }
figure { margin: 1rem 0; }
.flag { color: #9c3d00; font-weight: bold; }
.wrap:focus { outline: 3px solid #1f4e79; }
@media print {
  body { max-width: none; padding: 0; font-size: 9pt; }
  .wrap { overflow: visible; }
  table { page-break-inside: auto; }
  tr { page-break-inside: avoid; }
  figure { page-break-inside: avoid; }
}
"""


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}%"


def _points(value: float) -> str:
    return f"{value:g} point{'' if value == 1 else 's'}"


def _label(stat: ItemStats) -> str:
    return f"Q{stat.item.number}" if stat.item.number else stat.item.name


def _figure(width: float, height: float) -> Any:
    """A figure drawn off-screen: Agg needs no display, so the report builds on a server."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), layout="constrained")
    figure.set_facecolor("white")
    return figure


def _data_uri(figure: Any) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=144, metadata={"Software": None})
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def band_counts(percentages: list[float]) -> list[int]:
    """Students per 10-point band, the last band closed (100% falls in 90-100%)."""
    counts = [0] * 10
    for value in percentages:
        counts[min(int(value // 10), 9)] += 1
    return counts


def histogram(percentages: list[float]) -> tuple[str, str]:
    """The class's score distribution: (data URI, alt text)."""
    figure = _figure(7, 3.2)
    axes = figure.add_subplot()
    counts = band_counts(percentages)
    axes.bar([b + 5 for b in BANDS[:-1]], counts, width=9.2, color=BAR)
    axes.set(
        xlim=(0, 100), xticks=BANDS, xlabel="Total score (% of the maximum)", ylabel="Students"
    )
    axes.yaxis.get_major_locator().set_params(integer=True)
    mean, middle = summary(percentages)
    if mean is not None:
        axes.axvline(mean, color=INK, linestyle="--", label=f"Mean {mean:.0f}%")
        axes.legend(loc="upper left")
    bands = "; ".join(f"{b}-{b + 10}%: {n}" for b, n in zip(BANDS, counts, strict=False) if n)
    alt = (
        f"Histogram of total scores of {len(percentages)} students in 10-point bands. "
        f"Students per band: {bands or 'none'}. Mean {_pct(mean)}, median {_pct(middle)}."
    )
    return _data_uri(figure), alt


def facility_chart(stats: list[ItemStats]) -> tuple[str, str]:
    """Facility per question, flagged questions hatched and labelled: (data URI, alt text)."""
    figure = _figure(7, max(3.0, 0.3 * len(stats) + 1.2))
    axes = figure.add_subplot()
    flagged = [bool(s.flags) and s.facility is not None for s in stats]
    bars = axes.barh(range(len(stats)), [s.facility or 0 for s in stats], edgecolor="white")
    for bar, flag in zip(bars, flagged, strict=False):
        bar.set(facecolor=FLAGGED if flag else BAR, hatch="//" if flag else "", edgecolor="white")
    axes.set_yticks(range(len(stats)), [_label(s) for s in stats])
    for row, stat in enumerate(stats):
        tags = ", ".join(SHORT_FLAGS[f] for f in stat.flags)
        text = (
            SHORT_FLAGS[AWAITING]
            if stat.facility is None
            else _pct(stat.facility) + (f" ({tags})" if tags else "")
        )
        axes.text(
            (stat.facility or 0) + 1,
            row,
            text,
            va="center",
            fontsize=8,
            color=INK,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5},
        )
    for limit, name in ((TOO_HARD, "too hard"), (TOO_EASY, "too easy")):
        axes.axvline(limit, color=INK, linestyle=":")
        axes.annotate(
            name,
            (limit, 1),
            xycoords=("data", "axes fraction"),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8,
        )
    axes.set(xlim=(0, 135), xticks=BANDS, xlabel="Facility index (%)")
    axes.invert_yaxis()
    listed = "; ".join(
        f"{_label(s)} {_pct(s.facility)} ({', '.join(s.flags)})"
        for s, flag in zip(stats, flagged, strict=False)
        if flag
    )
    waiting = ", ".join(_label(s) for s in stats if s.facility is None)
    alt = (
        f"Bar chart of the facility index of each of {len(stats)} questions, 0 to 100%, with "
        f"dotted lines at {TOO_HARD:.0f}% (too hard at or below) and {TOO_EASY:.0f}% (too "
        f"easy at or above). {sum(flagged)} flagged, hatched: {listed or 'none'}. "
        f"Awaiting hand grading, no bar: {waiting or 'none'}."
    )
    return _data_uri(figure), alt


def mastery_chart(mastery: dict[str, float | None]) -> tuple[str, str]:
    """Mean facility per learning objective: (data URI, alt text)."""
    figure = _figure(7, max(2.0, 0.45 * len(mastery) + 1.0))
    axes = figure.add_subplot()
    axes.barh(range(len(mastery)), [v or 0 for v in mastery.values()], color=BAR)
    axes.set_yticks(range(len(mastery)), list(mastery))
    for row, value in enumerate(mastery.values()):
        axes.text((value or 0) + 1, row, _pct(value), va="center", fontsize=9, color=INK)
    axes.set(xlim=(0, 110), xticks=BANDS, xlabel="Mastery: mean facility of its questions (%)")
    axes.invert_yaxis()
    values = "; ".join(f"{name} {_pct(value)}" for name, value in mastery.items())
    alt = f"Bar chart of mastery per learning objective, 0 to 100%: {values or 'no objectives'}."
    return _data_uri(figure), alt


def _img(uri: str, alt: str, caption: str = "") -> str:
    below = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
    return f'<figure><img src="{uri}" alt="{escape(alt)}">{below}</figure>'


def _table(caption: str, key: str, head: list[str], rows: list[list[str]]) -> str:
    """A scrollable table; the first cell of each row heads that row. Cells are trusted HTML."""
    header = "".join(f'<th scope="col">{escape(h)}</th>' for h in head)
    body = "".join(
        "<tr>"
        + f'<th scope="row">{row[0]}</th>'
        + "".join(f"<td>{cell}</td>" for cell in row[1:])
        + "</tr>"
        for row in rows
    )
    return (
        f'<div class="wrap" role="region" aria-labelledby="{key}" tabindex="0"><table>'
        f'<caption id="{key}">{escape(caption)}</caption><thead><tr>{header}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def _item_rows(stats: list[ItemStats]) -> list[list[str]]:
    rows = []
    for s in stats:
        item = s.item
        flags = "; ".join(s.flags)
        waiting = '<span class="awaiting">awaiting hand grading</span>'
        if s.facility is None:
            shown = [waiting, waiting, waiting]
        else:
            shown = [
                _pct(s.facility),
                _pct(s.discrimination),
                f'<span class="flag">{escape(flags)}</span>' if flags else "none",
            ]
        rows.append(
            [
                escape(_label(s)),
                f"<code>{escape(item.item_id or item.name)}</code>",
                escape(type_heading(item.type) if item.type else "not in the bank"),
                escape(", ".join(item.objectives) or "none"),
                f"{item.max_points:g}",
                shown[0],
                shown[1],
                f"{s.graded} of {s.graded + s.pending}",
                shown[2],
            ]
        )
    return rows


def _pending_html(scores: AssignmentScores, stats: list[ItemStats]) -> str:
    waiting = pending_cells(scores.matrix)
    if not waiting:
        return "<p>Every score is in: nothing awaits a hand grade.</p>"
    items = "".join(
        f"<li>{escape(_label(s))} <code>{escape(s.item.item_id or s.item.name)}</code>"
        f" ({_points(s.item.max_points)}): {escape(', '.join(waiting[s.item.name]))}"
        "</li>"
        for s in stats
        if s.item.name in waiting
    )
    count = sum(len(v) for v in waiting.values())
    return (
        f"<p>{count} scores on {len(waiting)} questions still need a grade in formgrader "
        "(reflections not yet marked, or grade cells a student deleted). Until then they are "
        "left out of each question's facility and discrimination and count 0 in the totals, "
        "so the distribution and mastery above are provisional.</p><ul>" + items + "</ul>"
    )


ATTENTION_INTRO = (
    "These answers scored 0 or could not be scored because grading could not read "
    "them, not because they were wrong: a value in the wrong form, an answer that "
    "stopped with an error, a cell that ran past the time limit, or a notebook "
    "that was not graded. Check each one before you release feedback; you can "
    "give points by hand in formgrader."
)


def _attention_html(attention: dict[str, list[Attention]]) -> str:
    if not attention:
        return (
            "<p>No answer needs attention: every submitted answer was read and graded (or "
            "awaits a hand grade above).</p>"
        )
    rows = []
    for student, found in sorted(attention.items()):
        for entry in found:
            where = f"Q{entry.number}" if entry.number else "whole notebook"
            rows.append([escape(student), where, escape(entry.kind), escape(entry.reason)])
    table = _table(
        "Answers that need attention, per student",
        "attention-caption",
        ["Student", "Question", "Problem", "What happened"],
        rows,
    )
    count = sum(len(v) for v in attention.values())
    return f"<p>{ATTENTION_INTRO}</p><p>{count} answers from {len(attention)} students.</p>" + table


def _summary_html(
    scores: AssignmentScores,
    percentages: list[float],
    attention: dict[str, list[Attention]] | None = None,
) -> str:
    mean, middle = summary(percentages)
    waiting = sum(len(v) for v in pending_cells(scores.matrix).values())
    return (
        f"<ul><li>Students with a submission: {len(percentages)}</li>"
        f"<li>Mean score: {_pct(mean)}</li><li>Median score: {_pct(middle)}</li>"
        f"<li>Questions: {len(scores.matrix.items)}, worth "
        f"{_points(max_total(scores.matrix))}</li>"
        f"<li>Scores awaiting a hand grade: {waiting}"
        f"{' (see Awaiting hand grading)' if waiting else ''}</li>"
        f"<li>Students with answers that need attention: {len(attention or {})}"
        f"{' (see Needs attention)' if attention else ''}</li></ul>"
    )


DEFINITIONS = f"""<p>The definitions follow Moodle quiz statistics: facility index,
discrimination index.</p><ul>
<li><strong>Facility index</strong>: the mean score on the question as a percentage of its
maximum. Scores still awaiting a hand grade are left out, and a reflection is judged only
once every answer to it is marked.</li>
<li><strong>Discrimination index</strong>: the correlation (Pearson's r, as a percentage) between
the score on the question and the score on the rest of the assignment. n/a when either does not
vary, for example when every student got the question right.</li>
<li><strong>Flags</strong>: too easy at a facility of {TOO_EASY:.0f}% or more; too hard at
{TOO_HARD:.0f}% or less; poorly discriminating below {WEAK_DISCRIMINATION:.0f}% or n/a.</li>
<li><strong>Mastery</strong> of a learning objective: the mean facility of its questions.</li>
</ul><p>With few students these numbers swing widely; read them as prompts to reread a
question, not as verdicts.</p>"""


def render_report(
    scores: AssignmentScores, attention: dict[str, list[Attention]] | None = None
) -> str:
    """The report's HTML for one assignment's scores and the answers that need attention."""
    stats = item_statistics(scores.matrix)
    mastery = objective_mastery(stats)
    percentages = score_distribution(scores.matrix)
    items = _table(
        "Facility, discrimination and flags of every question",
        "items-caption",
        [
            "Question",
            "Item",
            "Type",
            "Objectives",
            "Points",
            "Facility",
            "Discrimination",
            "Scores in",
            "Flags",
        ],
        _item_rows(stats),
    )
    bands = _table(
        "Students per score band",
        "bands-caption",
        ["Total score", "Students"],
        [[f"{b}-{b + 10}%", str(n)] for b, n in zip(BANDS, band_counts(percentages), strict=False)],
    )
    counts = {o: sum(o in s.item.objectives for s in stats) for o in mastery}
    objectives = _table(
        "Mastery per learning objective",
        "mastery-caption",
        ["Objective", "What the learner can do", "Questions", "Mastery"],
        [
            [escape(o), escape(scores.objective_texts.get(o, "")), str(counts[o]), _pct(v)]
            for o, v in mastery.items()
        ],
    )
    title = escape(f"Item analysis: {scores.title}")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><style>{STYLE}</style></head>
<body><main>
<h1>{title}</h1>
<p>Assignment <code>{escape(scores.assignment)}</code>, from the nbgrader gradebook.</p>
<h2>Summary</h2>{_summary_html(scores, percentages, attention)}
<h2>Score distribution</h2>{_img(*histogram(percentages))}{bands}
<h2>Questions</h2>{items}
{drawn_html(scores.matrix, scores.pools)}
<h2>Facility by question</h2>{_img(*facility_chart(stats), FACILITY_CAPTION)}
<h2>Mastery by learning objective</h2>{objectives}{_img(*mastery_chart(mastery))}
<h2>Needs attention</h2>{_attention_html(attention or {})}
<h2>Awaiting hand grading</h2>{_pending_html(scores, stats)}
<h2>How to read these numbers</h2>{DEFINITIONS}
</main></body></html>
"""


def write_report(course: Course, course_dir: Path, assignment: str, out: Path) -> Path:
    """Write the item-analysis report of `assignment` to `out` (atomically) and return `out`.

    `course` is the loaded course (bank, objectives, assignment titles); `course_dir` is the
    nbgrader course whose gradebook.db holds the scores.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SQLAlchemy and matplotlib notes are not for the user
        scores = read_assignment(course, assignment, course_dir)
        html = render_report(scores, find_attention(course, course_dir, scores))
    with atomic_path(out) as temporary:
        temporary.write_text(html, encoding="utf-8")
    return out
