"""The one base error of zhibiao and its subclasses.

Every error a user can cause is a ``ZhibiaoError``; its message is one sentence that says what
went wrong, where, the bad value and what is allowed. The CLI catches only this class.
"""


class ZhibiaoError(Exception):
    """Base class of every error zhibiao raises on purpose."""


class PatternError(ZhibiaoError):
    """A file in patterns/ is malformed: ``file:line: problem (expected ...)``."""


class InputError(ZhibiaoError):
    """An input file cannot be read as text: missing, a directory, empty, binary or undecodable."""
