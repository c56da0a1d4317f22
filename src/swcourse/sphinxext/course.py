"""The book build's one course model: loaded once per build, again only when a file changed.

Directives never read course files: they ask `course_of(env)` and look things up. The course is
loaded the first time a directive asks, so a rebuild in which no page is re-read parses nothing.
A problem loading the course is a located Sphinx warning (an error under `-W`), reported once
per load.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ..core.course import Course, CourseLayout, course_files, load_course
from ..core.stamps import Stamp, file_stamp

logger = logging.getLogger(__name__)

_ATTRIBUTE = "_swcourse_course"


def course_of(env: BuildEnvironment) -> Course:
    """The course this book is built from, loading it when no file of it changed since."""
    app: Sphinx = env.app
    layout = CourseLayout(Path(env.srcdir))
    stamp = file_stamp(course_files(layout))
    cached: tuple[Stamp, Course] | None = getattr(app, _ATTRIBUTE, None)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    course, problems = load_course(layout.root)
    for problem in problems:
        logger.warning(problem.message, location=f"{problem.path}:{problem.line}")
    setattr(app, _ATTRIBUTE, (stamp, course))
    return course
