"""Sign in with the server's own Unix accounts and passwords (JupyterHub's PAMAuthenticator).

The right choice on one server where each student and instructor has a Unix account (made from
the roster). Only the roster's users may sign in (deploy/jupyterhub_config.py sets the allowed
users); serve the hub over HTTPS so passwords never cross the network in clear text.
"""

c = get_config()  # noqa: F821 - provided by JupyterHub

c.JupyterHub.authenticator_class = "pam"
# Accounts are made from the roster by the administrator, never by the hub on first sign-in.
c.PAMAuthenticator.create_system_users = False
