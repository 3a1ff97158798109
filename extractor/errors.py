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


class FileError(ZhibiaoError):
    """Reading or extracting one input went wrong in a way zhibiao did not foresee (a library's
    exception on an odd file, a package that is not installed): ``PATH: reason``. The exception
    it stands for is its ``__cause__``, for ``--debug``."""


def reason(exc: BaseException) -> str:
    """One line saying why ``exc`` happened, for a user.

    >>> print(reason(ImportError("lxml.html.clean is now a separate project.\\nInstall it.")))
    a package this kind of file needs is not installed (lxml.html.clean is now a separate project. Install it.); install zhibiao again with the README's first command
    >>> reason(KeyError("x"))
    "KeyError: 'x'"
    """
    text = " ".join(str(exc).split())
    if isinstance(exc, ImportError):
        what = text or exc.name or exc.__class__.__name__
        return (f"a package this kind of file needs is not installed ({what}); "
                "install zhibiao again with the README's first command")
    if isinstance(exc, ZhibiaoError):
        return text
    return f"{exc.__class__.__name__}: {text}" if text else exc.__class__.__name__


def file_error(name: str, exc: BaseException) -> ZhibiaoError:
    """``exc``, raised while reading or extracting ``name``, as a ``ZhibiaoError`` naming the file.
    A ``ZhibiaoError`` that already names it is returned as it is."""
    if isinstance(exc, ZhibiaoError) and str(exc).startswith(f"{name}:"):
        return exc
    err = FileError(f"{name}: {reason(exc)}")
    err.__cause__ = exc
    return err
