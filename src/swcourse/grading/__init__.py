"""nbgrader adapter: assignment notebooks from the bank, and grading them.

Notebook generation (`generate.py`, `notebooks.py`, `drawn_cells.py`); the runtime the released
notebooks import (`cells.py`, which must stay at `swcourse.grading.cells`, and `words.py`);
nbgrader preprocessors (`reflections.py`); autograding (`autograde.py`, the worker pool, with
`outcome.py`, `intake.py`, `submission.py`, `fastpath.py` and `executor.py`, then recording in
`record.py`, `record_config.py`, `replay.py` and `shared.py`); the gradebook reader
(`gradebook.py`); and hand grading of reflections (`handgrade.py`, `handgrade_app.py`). The
sandbox that runs student code is `swcourse.sandbox`, the class report `swcourse.classreport`,
grade exports `swcourse.lms`.
"""
