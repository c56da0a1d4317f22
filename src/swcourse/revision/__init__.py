"""Self-paced revision outside the browser: the progress store, the CLI session, the widget."""
