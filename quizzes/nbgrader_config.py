"""nbgrader configuration for the Casework and Group Work course (this folder is the course root).

Source notebooks in source/ are generated from bank/*.yaml by `swcourse assignments generate`;
edit the bank, not the notebooks.
"""

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

c.CourseDirectory.course_id = "casework-groupwork"
c.CourseDirectory.root = __file__.rsplit("/", 1)[0]

# Students answer in answer boxes (swcourse.assignment); the boxes save to
# <assignment>.answers.json beside the notebook, which submit and collect carry with it.
# Only reflections have a solution cell now: it explains itself, so the cleared part is empty.
# (Assignments released before the answer boxes kept `answer_N = None` lines; they still grade.)
c.ClearSolutions.code_stub = {"python": "# Write your answer on the line above."}
c.ClearSolutions.text_stub = ""

# Released reflection cells carry no checksum, so Validate does not call a reflection written in
# its answer box missing (the gradebook keeps the checksum for autograde).
c.GenerateAssignment.preprocessors = [
    "nbgrader.preprocessors.IncludeHeaderFooter",
    "nbgrader.preprocessors.InstantiateTests",
    "nbgrader.preprocessors.LockCells",
    "nbgrader.preprocessors.ClearSolutions",
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.CheckCellMetadata",
    "nbgrader.preprocessors.ComputeChecksums",
    "nbgrader.preprocessors.SaveCells",
    "nbgrader.preprocessors.ClearHiddenTests",
    "nbgrader.preprocessors.ClearMarkScheme",
    "nbgrader.preprocessors.ComputeChecksums",
    "nbgrader.preprocessors.CheckCellMetadata",
    "swcourse.grading.reflections.ReleaseReflections",
]

# Autograde copies each saved reflection into its hand-graded cell before grades are saved, so
# formgrader and the feedback show the student's words.
c.Autograde.autograde_preprocessors = [
    "nbgrader.preprocessors.Execute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "swcourse.grading.reflections.QuietAnswerBoxes",
    "swcourse.grading.reflections.SavedReflections",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# Feedback shows each grade cell's points and the answer in words, but never the hidden tests
# (which hold the keys) nor any Python.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbgrader.preprocessors.ClearHiddenTests",
    "swcourse.grading.reflections.FeedbackInWords",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
