"""nbgrader settings every user of the course hub gets (set by the hub, not by the user).

The hub puts this folder on each server's JUPYTER_CONFIG_PATH and sets the variables below from
deploy/jupyterhub_config.py, so students never type a course id or an exchange path.
"""

import os

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

c.CourseDirectory.course_id = os.environ.get("SWCOURSE_COURSE_ID", "casework-groupwork")
c.Exchange.root = os.environ.get("SWCOURSE_EXCHANGE_ROOT", "/srv/swcourse/exchange")
