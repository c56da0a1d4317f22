"""The course's JupyterHub: roster, trial accounts and the local trial hub (see deploy/)."""
