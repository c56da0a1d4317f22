"""Sign up and sign in with passwords the hub keeps (jupyterhub-nativeauthenticator).

For a server whose Unix accounts have no passwords of their own: each roster user signs up once at
/hub/signup with their roster username and a password of their choosing, and an administrator
(SWCOURSE_HUB_ADMINS) approves the sign-up at /hub/authorize. The Unix accounts themselves still
come from the roster, because every user's server runs as that user.
"""

import os

import nativeauthenticator

c = get_config()  # noqa: F821 - provided by JupyterHub

c.JupyterHub.authenticator_class = "native"
c.JupyterHub.template_paths = [
    os.path.join(os.path.dirname(nativeauthenticator.__file__), "templates")
]
c.NativeAuthenticator.open_signup = False  # an administrator approves each sign-up
c.NativeAuthenticator.minimum_password_length = 10
c.NativeAuthenticator.check_common_password = True
c.NativeAuthenticator.allowed_failed_logins = 5
c.NativeAuthenticator.seconds_before_next_try = 600
