"""Errors that know whether they are the user's situation or a bug.

``expected=True`` (the default for most): the CLI prints one line and exits with the code.
``expected=False``: a bug; the CLI prints one line asking for a report, never a traceback.
"""

from __future__ import annotations

from optout_bot.outcomes import EXIT_ERROR, EXIT_USAGE


class OptoutError(Exception):
    exit_code = EXIT_ERROR

    def __init__(self, message: str, *, expected: bool = True):
        super().__init__(message)
        self.expected = expected


class UsageError(OptoutError):
    """Bad input: an unknown platform, a malformed option, an unusable home."""

    exit_code = EXIT_USAGE


class BrowserNotFound(OptoutError):
    exit_code = EXIT_ERROR


class LoginRequired(OptoutError):
    """A login the tool could not complete by itself (challenge, captcha, no credentials)."""


class FlowError(OptoutError):
    """The site did something the flow cannot get past (a rate limit, an error page)."""
