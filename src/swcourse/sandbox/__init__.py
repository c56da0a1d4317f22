"""The grading sandbox: runs untrusted student code where it cannot reach the grader or the host.

`sandbox.py` starts each kernel session in bubblewrap (own namespaces, a capped tmpfs work
folder, resource limits) and holds the grader's default `Limits`; `runner.py` is the process that
talks to that kernel from outside it, one cell at a time. It is its own package because it knows
nothing of nbgrader or the course (it takes cells and returns outputs), so the security boundary
can be read and tested on its own.
"""
