"""Trial sign-in (FOR TRIALS ONLY): every roster user signs in with one shared password.

JupyterHub's SharedPasswordAuthenticator is meant for workshops: anyone who knows the password can
sign in as any listed user. `swcourse hub` generates the password for each trial and prints it.
Never use this for a class with real students; choose pam, native or lti13 instead.
"""

import os

c = get_config()  # noqa: F821 - provided by JupyterHub

c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = os.environ["SWCOURSE_TRIAL_PASSWORD"]
