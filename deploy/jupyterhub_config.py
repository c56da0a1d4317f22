"""JupyterHub configuration for one course taught with nbgrader (Casework and Group Work).

For a server of your own (and the local trial, `swcourse hub`): every instructor and student is a
real Unix user whose Jupyter server runs as that user, started by JupyterHub's own spawner behind
its own proxy. The course itself (roster, nbgrader's groups and roles, the formgrader service,
each role's nbgrader settings) is in deploy/course.py; how people sign in is one file of
deploy/auth/, chosen with SWCOURSE_HUB_AUTH.

Everything site-specific is read from environment variables (deploy/README.md lists them); the
defaults describe a server where the course lives in /srv/swcourse.
"""

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file

DEPLOY = Path(__file__).resolve().parent
ROOT = Path(os.environ.get("SWCOURSE_HUB_ROOT", "/srv/swcourse"))
BIN = Path(sys.executable).parent  # the environment with JupyterLab, nbgrader and swcourse

# --- Network: the public proxy, the hub's own API, and the proxy's API -------------------------
c.JupyterHub.bind_url = os.environ.get("SWCOURSE_HUB_URL", "http://127.0.0.1:8000")
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("SWCOURSE_HUB_API_PORT", "8081"))
PROXY_API_PORT = os.environ.get("SWCOURSE_PROXY_API_PORT", "8001")
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{PROXY_API_PORT}"
c.ConfigurableHTTPProxy.command = [os.environ.get("SWCOURSE_PROXY", "configurable-http-proxy")]
c.ConfigurableHTTPProxy.should_start = True
c.JupyterHub.cleanup_servers = True  # stopping the hub stops the proxy and every user's server
c.JupyterHub.db_url = f"sqlite:///{ROOT / 'hub' / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(ROOT / "hub" / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(ROOT / "hub" / "jupyterhub.pid")

# --- How people sign in: one file of deploy/auth/ ----------------------------------------------
c.Authenticator.admin_users = set(os.environ.get("SWCOURSE_HUB_ADMINS", "").split()) - {""}
AUTH = os.environ.get("SWCOURSE_HUB_AUTH", "pam")
if not (DEPLOY / "auth" / f"{AUTH}.py").is_file():
    CHOICES = ", ".join(sorted(p.stem for p in (DEPLOY / "auth").glob("*.py")))
    raise SystemExit(
        f"SWCOURSE_HUB_AUTH={AUTH!r}: no such file in {DEPLOY / 'auth'}; use one of: {CHOICES}"
    )
load_subconfig(str(DEPLOY / "auth" / f"{AUTH}.py"))  # noqa: F821 - provided by JupyterHub

# --- The course: roster, groups and roles, the formgrader service, each role's settings --------
load_subconfig(str(DEPLOY / "course.py"))  # noqa: F821 - provided by JupyterHub

# --- Everyone's own server ---------------------------------------------------------------------
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = int(os.environ.get("SWCOURSE_SPAWN_TIMEOUT", "120"))
c.Spawner.http_timeout = int(os.environ.get("SWCOURSE_SPAWN_TIMEOUT", "120"))

# --- The idle culler stops servers nobody has used for SWCOURSE_CULL_IDLE seconds --------------
c.JupyterHub.load_roles.append(
    {
        "name": "idle-culler",
        "services": ["idle-culler"],
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    }
)
c.JupyterHub.services.append(
    {
        "name": "idle-culler",
        "command": [
            sys.executable,
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={os.environ.get('SWCOURSE_CULL_IDLE', '3600')}",
        ],
    }
)

# An optional token for scripts that read the class's state (users, groups, servers) and start
# or stop servers, such as a monitoring check; unset, no such token exists.
if os.environ.get("SWCOURSE_HUB_API_TOKEN"):
    c.JupyterHub.services.append(
        {"name": "course-scripts", "api_token": os.environ["SWCOURSE_HUB_API_TOKEN"]}
    )
    c.JupyterHub.load_roles.append(
        {
            "name": "course-scripts",
            "services": ["course-scripts"],
            "scopes": [
                "list:users",
                "read:users",
                "list:groups",
                "read:groups",
                "list:services",
                "read:services",
                "servers",
                "access:servers",
            ],
        }
    )
