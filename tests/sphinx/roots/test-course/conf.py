# A tiny course for the directive tests: one chapter, two objectives, a small bank, one scenario.
project = "Directive test course"
extensions = ["myst_parser", "swcourse.sphinxext"]
html_theme = "basic"
swcourse_vendor_assets = False  # no node_modules here; the book build vendors, these tests don't
exclude_patterns = ["_build", "quizzes", "notebooks"]
