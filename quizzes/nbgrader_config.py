"""nbgrader configuration for the Casework and Group Work course (this folder is the course root).

Source notebooks in source/ are generated from bank/*.yaml by `swcourse assignments generate`;
edit the bank, not the notebooks.
"""

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

c.CourseDirectory.course_id = "casework-groupwork"
c.CourseDirectory.root = __file__.rsplit("/", 1)[0]

# Answer cells keep the student's `answer_N = None` line; the solution below it is removed.
c.ClearSolutions.code_stub = {"python": "# Write your answer on the line above."}
c.ClearSolutions.text_stub = "Write your answer here."

# Feedback shows each grade cell's points but never the hidden tests (which hold the keys).
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbgrader.preprocessors.ClearHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
