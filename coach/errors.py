"""Errors that reach the user as one clear line (exit code 2 on the CLI, gr.Error in the app)."""


class CoachError(Exception):
    """A problem with the user's input or data, explained in one line."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message.strip().splitlines()[0] if message.strip() else "error")
