"""Casework and Group Work: course package (content models, checks, book and Jupyter adapters)."""

__version__ = "0.1.0"
