"""The course's nbgrader settings on The Littlest JupyterHub (TLJH loads every file here).

TLJH already provides the proxy, HTTPS, the spawner (a Unix account `jupyter-<name>` per user),
limits and culling (config.yaml beside this folder). This file adds only the course: the roster,
nbgrader's groups and roles, the formgrader service and each role's nbgrader settings, from
deploy/course.py of the course checkout in /srv/swcourse/course.
"""

import os

c = get_config()  # noqa: F821 - provided by JupyterHub

os.environ.setdefault("SWCOURSE_HUB_ROOT", "/srv/swcourse")
# TLJH's users run Jupyter from its user environment, where the course package is installed.
os.environ.setdefault("SWCOURSE_USER_BIN", "/opt/tljh/user/bin")
load_subconfig(os.path.join(os.environ["SWCOURSE_HUB_ROOT"], "course", "deploy", "course.py"))  # noqa: F821
