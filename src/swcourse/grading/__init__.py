"""nbgrader adapter: generate assignment notebooks from the bank, and the helpers they call."""
