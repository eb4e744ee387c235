"""nbgrader configuration of a course that uses the book's chapters as coursework.

`make assignments` copies this file into the course folder (default `_build/course/`)
when the folder has none, so an instructor can edit the copy there; the book's page
"For instructors" (book/instructors.md) explains every step.
"""

import os

c = get_config()  # noqa: F821 (defined by traitlets when it loads this file)

# The course folder is the folder of this file, wherever it is copied.
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.course_id = "dlts-book"
# Several autograde processes may write the gradebook at once (make grade JOBS=2):
# SQLite waits for the lock instead of failing.
c.CourseDirectory.db_url = (
    "sqlite:///" + os.path.join(c.CourseDirectory.root, "gradebook.db") + "?timeout=120"
)

# Each released chapter starts with the course's instructions.
c.IncludeHeaderFooter.header = os.path.join(c.CourseDirectory.root, "header.ipynb")

# Grading runs every cell with a time limit: a cell that runs longer is interrupted,
# fails (its test cell then scores zero) and grading goes on with the next cell. A
# chapter runs in about a minute on a 2-core CPU; its slowest cell takes far less.
c.Execute.timeout = 120
c.Execute.interrupt_on_timeout = True

# The chapters' claims (tslib.checks.check) raise in grading, so a failed check in a
# test cell costs its points; in a reader's notebook it only warns.
os.environ["TSLIB_STRICT_CHECKS"] = "1"
