"""The class report: what one graded assignment says about the class, for the instructor.

`analysis.py` computes item statistics (facility and discrimination, as Moodle does) from a
plain score matrix; `attention.py` finds the answers that did not run, were in the wrong form or
timed out; `variant_report.py` gives each drawn item its own figures; `report.py` writes them as
one self-contained, accessible HTML file. It reads the gradebook (`swcourse.grading`) and never
changes a grade.
"""
