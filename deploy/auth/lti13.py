"""Launch from Canvas or Moodle with LTI 1.3 (jupyterhub-ltiauthenticator).

Students click the course's JupyterHub link in the LMS and arrive signed in; the hub never sees a
password. Register the hub in the LMS as an LTI 1.3 tool first (deploy/README.md, "LTI 1.3"), then
put the values the LMS gives you into the environment variables below. The username comes from an
LTI claim: it must equal the roster's username (and so the Unix account), which is why the
default asks the LMS for the login id as a custom parameter `username=$Canvas.user.loginId`
(Canvas) or `username=$User.username` (Moodle).
"""

import os

c = get_config()  # noqa: F821 - provided by JupyterHub

c.JupyterHub.authenticator_class = "ltiauthenticator.lti13.auth.LTI13Authenticator"
# Canvas cloud: https://canvas.instructure.com; Moodle: the site's address, e.g. https://moodle.example.edu
c.LTI13Authenticator.issuer = os.environ.get(
    "SWCOURSE_LTI_ISSUER", "https://canvas.instructure.com"
)
c.LTI13Authenticator.client_id = os.environ.get("SWCOURSE_LTI_CLIENT_ID", "").split()
# Canvas: https://sso.canvaslms.com/api/lti/authorize_redirect ; Moodle: <site>/mod/lti/auth.php
c.LTI13Authenticator.authorize_url = os.environ.get(
    "SWCOURSE_LTI_AUTHORIZE_URL", "https://sso.canvaslms.com/api/lti/authorize_redirect"
)
# Canvas: https://sso.canvaslms.com/api/lti/security/jwks ; Moodle: <site>/mod/lti/certs.php
c.LTI13Authenticator.jwks_endpoint = os.environ.get(
    "SWCOURSE_LTI_JWKS_URL", "https://sso.canvaslms.com/api/lti/security/jwks"
)
c.LTI13Authenticator.username_key = os.environ.get("SWCOURSE_LTI_USERNAME_KEY", "custom_username")
c.LTI13Authenticator.uri_scheme = "https"
c.LTI13Authenticator.tool_name = "Casework and Group Work"
c.LTI13Authenticator.tool_description = "The course's assignments in JupyterLab"
