"""nbgrader settings of the grader account, whose server is the course service (formgrader)."""

import os

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

c.CourseDirectory.root = os.environ.get("SWCOURSE_COURSE_DIR", "/srv/swcourse/course/quizzes")
