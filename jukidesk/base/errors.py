"""Errors a user can cause. Each carries a Japanese message that names what is wrong;
the GUI shows it in a dialog and the command line prints it, never a traceback."""

from __future__ import annotations


class JukideskError(Exception):
    """Base class: ``str(error)`` is the Japanese message shown to the user."""


class ValidationError(JukideskError):
    """Input that breaks a rule; ``field`` names the offending field when there is one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class DatabaseError(JukideskError):
    """The database file cannot be opened or used as it is."""


class SchemaTooNewError(DatabaseError):
    pass
