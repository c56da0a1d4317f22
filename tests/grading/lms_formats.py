"""Readers of the two LMS import formats, written from Canvas's and Moodle's documentation, not
from swcourse's exporter, so the tests check the files the way the LMS would read them.

Canvas (Grades > Import; "Gradebook CSV" guide): the first five columns are Student, ID, SIS User
ID, SIS Login ID, Section; each later header names an assignment, and a trailing " (digits)" is
the id of an existing assignment (anything else is an assignment name, matched by name or
created). A row whose Student is "Points Possible" gives the maxima. A student is matched by ID,
else SIS User ID, else SIS Login ID. Moodle (Grades > Import > CSV file): the first row names the
columns; one column holds the user identifier chosen in "Map from"; a grade must be a number
(an empty cell imports "no grade"), and the file has no notion of a maximum.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

CANVAS_ID = re.compile(r"^(?P<title>.*) \((?P<id>\d+)\)$")


@dataclass
class CanvasImport:
    assignments: list[tuple[str, int | None]]  # (title, existing id or None: matched by name)
    points: dict[str, float]
    students: dict[str, dict[str, str]]  # matching key -> identity and grade cells
    rows: list[dict[str, str]]


def read_canvas(path: Path) -> CanvasImport:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    assert header[:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assignments = []
    for name in header[5:]:
        found = CANVAS_ID.match(name)
        assignments.append((found["title"], int(found["id"])) if found else (name, None))
    points: dict[str, float] = {}
    students: dict[str, dict[str, str]] = {}
    records = []
    for row in rows[1:]:
        assert len(row) == len(header), row
        record = dict(zip(header, row, strict=False))
        if row[0].strip() == "Points Possible":
            points = {h: float(v) for h, v in zip(header[5:], row[5:], strict=False)}
            continue
        key = record["ID"] or record["SIS User ID"] or record["SIS Login ID"]
        assert key, f"Canvas cannot match {record['Student']!r}"
        assert key not in students
        for cell in row[5:]:
            assert cell == "" or re.fullmatch(r"\d+(\.\d+)?", cell), cell
        students[key] = record
        records.append(record)
    return CanvasImport(assignments, points, students, records)


def read_moodle(path: Path) -> tuple[str, str, dict[str, float]]:
    """(identifier column, grade column, identifier -> grade); every cell must be a number."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert len(rows[0]) == 2, rows[0]
    identity, column = rows[0]
    grades: dict[str, float] = {}
    for row in rows[1:]:
        assert len(row) == 2 and row[0] and row[0] not in grades, row
        assert re.fullmatch(r"\d+(\.\d+)?", row[1]), f"{row[1]!r} would clear a Moodle grade"
        grades[row[0]] = float(row[1])
    return identity, column, grades
