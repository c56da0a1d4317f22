"""The course on any JupyterHub: roster, nbgrader's groups and roles, formgrader, role settings.

Loaded by deploy/jupyterhub_config.py (a server of your own, and the local trial) and by
deploy/tljh/jupyterhub_config.d/swcourse.py (The Littlest JupyterHub). It only adds to lists and
dictionaries, so it never removes what the hub's own configuration set (TLJH's culler, say).
It follows nbgrader's "Using nbgrader with JupyterHub" guide (one class, several graders):

- the course folder belongs to the grader account `grader-<course>`, whose Jupyter server is the
  hub service `<course>` holding formgrader; only the group `formgrade-<course>` may open it;
- students are in the group `nbgrader-<course>` and get the Assignment List, not formgrader;
- every server is told its role's Jupyter config folders (deploy/jupyter/<role> and common),
  which set the course id and the exchange: users never configure nbgrader themselves.
"""

import os
import sys
from pathlib import Path

from swcourse.hub.roster import load_roster

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file

DEPLOY = Path(__file__).resolve().parent
ROOT = Path(os.environ.get("SWCOURSE_HUB_ROOT", "/srv/swcourse"))
COURSE_ID = os.environ.get("SWCOURSE_COURSE_ID", "casework-groupwork")
GRADER = os.environ.get("SWCOURSE_GRADER", f"grader-{COURSE_ID}")
# The grader account's copy of the course; nbgrader's course folder is its quizzes/ folder.
COURSE_DIR = Path(os.environ.get("SWCOURSE_COURSE_DIR", str(ROOT / "course" / "quizzes")))
EXCHANGE = Path(os.environ.get("SWCOURSE_EXCHANGE_ROOT", str(ROOT / "exchange")))
ROSTER = Path(os.environ.get("SWCOURSE_ROSTER", str(ROOT / "roster.csv")))
# The environment every user's server runs from: JupyterLab, nbgrader and the course package.
BIN = Path(os.environ.get("SWCOURSE_USER_BIN", str(Path(sys.executable).parent)))
SERVICE_PORT = int(os.environ.get("SWCOURSE_SERVICE_PORT", "9999"))
CONFIG_PATH = DEPLOY / "jupyter"

roster = load_roster(ROSTER)
FORMGRADE, STUDENTS = f"formgrade-{COURSE_ID}", f"nbgrader-{COURSE_ID}"

# --- Who may sign in: the people on the roster --------------------------------------------------
c.Authenticator.allowed_users.update(set(roster.students) | set(roster.instructors))

# --- Groups and roles: formgrader for instructors only (nbgrader's group names) ----------------
c.JupyterHub.load_groups.update(
    {
        FORMGRADE: {"users": roster.instructors},
        STUDENTS: {"users": roster.students},
    }
)
c.JupyterHub.load_roles.extend(
    [
        {
            "name": FORMGRADE,
            "groups": [FORMGRADE],
            "scopes": [
                f"access:services!service={COURSE_ID}",
                "list:services",
                f"read:services!service={COURSE_ID}",
            ],
        },
        {
            # Students may see that the course service exists (the Assignment List asks),
            # not use it.
            "name": STUDENTS,
            "groups": [STUDENTS],
            "scopes": ["list:services", f"read:services!service={COURSE_ID}"],
        },
        # A user's server may do what its owner may (the Course List asks the hub for services).
        {"name": "server", "scopes": ["inherit"]},
    ]
)


def _environment(role: str) -> dict[str, str]:
    """What every server of this role is told: its config folders and the course's places."""
    return {
        "JUPYTER_CONFIG_PATH": os.pathsep.join(
            [str(CONFIG_PATH / role), str(CONFIG_PATH / "common")]
        ),
        "SWCOURSE_COURSE_ID": COURSE_ID,
        "SWCOURSE_EXCHANGE_ROOT": str(EXCHANGE),
        "SWCOURSE_COURSE_DIR": str(COURSE_DIR),
        "PATH": f"{BIN}{os.pathsep}/usr/local/bin:/usr/bin:/bin",
    }


# --- The course service: the grader account's server, holding formgrader ----------------------
c.JupyterHub.services.append(
    {
        "name": COURSE_ID,
        "url": f"http://127.0.0.1:{SERVICE_PORT}",
        "command": [str(BIN / "jupyterhub-singleuser"), f"--ServerApp.root_dir={COURSE_DIR}"],
        "user": GRADER,
        "cwd": str(COURSE_DIR),
        "environment": {**_environment("grader"), "JUPYTERHUB_DEFAULT_URL": "/lab"},
        "oauth_no_confirm": True,
    }
)

# --- Each user's own server: the settings of their role ----------------------------------------
c.Spawner.environment.update(
    {
        key: (
            lambda spawner, key=key: _environment(
                "instructor" if spawner.user.name in roster.instructors else "student"
            )[key]
        )
        for key in _environment("student")
    }
)
