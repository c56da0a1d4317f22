"""The `swcourse check --bias` table: where the keys sit and how often they are the longest.

The figures and thresholds come from `core.bias`; this module only lays them out as plain,
fixed-width text (one row per bank file and scenario) that reads the same in any terminal or log.
"""

from __future__ import annotations

from pathlib import Path

from .core.bias import TOLERANCE, Tally, bias_problems, course_tallies
from .core.course import Course

POSITIONS = 4  # columns shown for positions 1-4; later positions are added up under "5+"
COLUMNS = ("{:<54}", "{:>5}", "  {:<21}", "{:<15}", "{:<15}", "{:<15}", "{:<15}", "{}")
HEADINGS = (
    "file",
    "items",
    "key at 1/2/3/4/5+ %",
    "longest >10%",
    "longest at all",
    "shortest >10%",
    "multi: keyed >",
    "verdict",
)


def _share(n: int, total: int) -> str:
    return f"{n}/{total} ({round(100 * n / total)}%)" if total else "-"


def _row(cells: tuple[str, ...]) -> str:
    return "".join(fmt.format(cell) for fmt, cell in zip(COLUMNS, cells, strict=True)).rstrip()


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def bias_lines(tallies: list[Tally], root: Path) -> list[str]:
    """The table as lines: a heading row, one row per tally, and a note on how length is judged."""
    lines = [_row(HEADINGS)]
    for tally in tallies:
        counts = [tally.positions.get(p, 0) for p in range(POSITIONS)]
        counts.append(sum(n for p, n in tally.positions.items() if p >= POSITIONS))
        spread = "/".join(str(round(100 * n / tally.count)) if tally.count else "-" for n in counts)
        multi = _share(tally.leaning, tally.multiple) if tally.kind == "bank" else ""
        lines.append(
            _row(
                (
                    _shown(tally.path, root),
                    str(tally.count),
                    spread,
                    _share(tally.longest, tally.count),
                    _share(tally.longest_any, tally.count),
                    _share(tally.shortest, tally.count),
                    multi,
                    "fails" if bias_problems(tally) else "ok",
                )
            )
        )
    lines.append(
        "Items: single-choice items (both uses), or scenario decisions. Longest/shortest "
        f">{round(TOLERANCE * 100)}%: the key is more than {round(TOLERANCE * 100)}% "
        "longer/shorter than every other option; longest at all: by any margin. "
        "Positions as written, fixed_order items included. multi: keyed >: "
        "choose-all-that-apply items whose keyed options run longer."
    )
    return lines


def bias_report(course: Course) -> list[str]:
    """The table for a loaded course."""
    return bias_lines(course_tallies(course), course.root)
