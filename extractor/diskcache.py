"""What zhibiao builds once from its patterns (the segmenter's dictionary, the gazetteer, the
checked pattern files), kept in the user's cache directory so the next process loads it in one
read, as jieba keeps its own.

An entry is named by a hash of everything it is built from (the files' bytes, the code that
builds it, the library versions): an edited pattern file or a new release builds a new entry,
never a stale one. Entries are written whole or not at all (a temporary file, then a rename);
an entry that cannot be read is built again; where no cache folder can be written nothing is
kept and everything still works.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

FORMATS = {"marshal": (marshal.dump, marshal.load), "pickle": (lambda v, f: pickle.dump(v, f, protocol=5), pickle.load)}


def cache_dir() -> Path | None:
    """``$ZHIBIAO_CACHE``, else ``$XDG_CACHE_HOME/zhibiao`` or ``~/.cache/zhibiao``, else a folder
    in the temporary directory; None when none can be written (then nothing is kept)."""
    env = os.environ.get("ZHIBIAO_CACHE")
    xdg = os.environ.get("XDG_CACHE_HOME")
    candidates = [Path(env)] if env else []
    candidates += [Path(xdg) / "zhibiao"] if xdg else []
    user = os.getuid() if hasattr(os, "getuid") else "user"
    candidates += [Path.home() / ".cache" / "zhibiao", Path(tempfile.gettempdir()) / f"zhibiao-{user}"]
    for folder in candidates:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if os.access(folder, os.W_OK):
                return folder
        except OSError:
            continue
    return None


KEEP = 3  # entries kept per name: a few sets of patterns side by side, not every past version


def prune(folder: Path, name: str) -> None:
    """Remove all but the ``KEEP`` newest entries called ``name``."""
    try:
        entries = sorted((p for p in folder.glob(f"{name}-*") if not p.name.endswith(".tmp")),
                         key=lambda p: p.stat().st_mtime, reverse=True)
        for p in entries[KEEP:]:
            p.unlink(missing_ok=True)
    except OSError:
        pass


def key_of(parts: Iterable[str | bytes | Path]) -> str:
    """A hash of strings, bytes and the contents of files."""
    h = hashlib.blake2b(digest_size=12)
    for p in parts:
        data = p.read_bytes() if isinstance(p, Path) else p.encode() if isinstance(p, str) else p
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def load_or_build(name: str, key: str, build: Callable[[], object], fmt: str = "pickle"):
    """The entry ``name-key`` of the cache, or ``build()`` (then kept for the next process)."""
    dump, load = FORMATS[fmt]
    folder = cache_dir()
    path = folder / f"{name}-{key}.{fmt}" if folder is not None else None
    if path is not None:
        try:
            with open(path, "rb") as f:
                return load(f)
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError, AttributeError, ImportError):
            pass  # not built yet, or damaged, or from other code: build it again
    value = build()
    if path is not None:
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            with open(tmp, "wb") as f:
                dump(value, f)
            os.replace(tmp, path)
            prune(folder, name)
        except (OSError, ValueError, pickle.PicklingError):
            tmp.unlink(missing_ok=True)  # a full or read-only disk: the next process builds it again
    return value
