"""What can stop a grading, importable without numpy or nbformat (the command line catches
these before it has loaded either)."""


class LoadError(Exception):
    """The file is not a submission that can be graded; the message says why."""


class ReferenceFailed(Exception):
    """The reference solution could not answer a hidden case: the course's bug, not a student's."""
