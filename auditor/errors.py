"""Errors that the CLI turns into a one-line message and exit code 2. Their texts are message
templates with named fields, so that they are shown in the language of the command."""

from __future__ import annotations

from typing import Any

from auditor.messages import Message


class UsageError(Exception):
    """Bad input from the user: a file, a profile, a check id. The message names the problem."""

    def __init__(self, template: str, **args: Any) -> None:
        self.message = Message.of(template, **args)
        super().__init__(self.message.render())


class Invalid(ValueError):
    """A value a validator refuses: pydantic reports it as a problem of its field."""

    def __init__(self, template: str, **args: Any) -> None:
        self.message = Message.of(template, **args)
        super().__init__(self.message.render())


def problem(where: str, template: str, **args: Any) -> Message:
    """A problem of a document at ``where`` (``file:line: field``)."""
    return Message.of("{where}: {problem}", where=where, problem=Message.of(template, **args))


class ValidationFailed(UsageError):
    """A document has problems; ``problems`` lists each with its location."""

    def __init__(self, what: str, problems: list[Message]) -> None:
        super().__init__(
            "{what}: {count} problem(s): {first}",
            what=what,
            count=len(problems),
            first=problems[0] if problems else "",
        )
        self.what = what
        self.problems = problems

    def lines(self, lang: str = "en") -> list[str]:
        """Each problem as a line in ``lang``."""
        return [p.render(lang) for p in self.problems]
