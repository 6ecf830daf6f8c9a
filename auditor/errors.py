"""Errors that the CLI turns into a one-line message and exit code 2."""

from __future__ import annotations


class UsageError(Exception):
    """Bad input from the user: a file, a profile, a check id. The message names the problem."""


class ValidationFailed(UsageError):
    """A document has problems; ``problems`` lists each with its location."""

    def __init__(self, what: str, problems: list[str]) -> None:
        super().__init__(f"{what}: {len(problems)} problem(s): {problems[0] if problems else ''}")
        self.what = what
        self.problems = problems
