"""Which of the extractor's modules run compiled.

The build (setup.py) compiles the modules one extraction runs with Cython where a C compiler is at
hand, and writes the hash of each source it compiled to ``compiled.json`` beside them. At import,
a compiled module runs compiled only while its source is the one it was built from: a module
edited since (an editable install, a checkout of another commit) runs from its source, so a stale
build never answers for new code. ``ZHIBIAO_PURE=1`` runs every module from its source (for
profilers and debuggers that step through Python lines); set at build time, it builds none.

>>> finder = SourceWhenChanged({"naming": "0" * 64})
>>> finder.find_spec("extractor.naming").origin.endswith("naming.py")  # not the source it was built from
True
>>> finder.find_spec("extractor.output") is None  # never compiled: the usual import
True
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from importlib.util import spec_from_file_location
from pathlib import Path

# What setup.py compiles: the modules ``extract`` imports (tests/test_compiled.py checks this
# against a real run) but this one and the package's __init__, which decide what runs compiled.
COMPILED = (
    "context", "coordination", "cues", "data", "diskcache", "docmeta", "document", "errors",
    "filters", "gazetteer", "geography", "indicators", "naming", "normalize", "pairs",
    "patternset", "pipeline", "places", "record", "regexes", "scan", "segment", "tables", "timeline",
    "value", "wrap", "yamldata",
)
MANIFEST = "compiled.json"
PURE_ENV = "ZHIBIAO_PURE"
_HERE = Path(__file__).parent


def source_hash(path: Path) -> str:
    """The hash the build records for a module's source file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


class SourceWhenChanged:
    """A meta path finder: ``extractor.<name>`` from its source file when it was compiled from
    another source than the one beside it (or ``pure``); otherwise the usual import, which takes
    the compiled file before the source."""

    def __init__(self, built: dict[str, str], pure: bool = False, folder: Path = _HERE):
        self.built = built
        self.pure = pure
        self.folder = folder
        self.why: dict[str, str] = {}  # module name -> why it runs from source

    def find_spec(self, fullname: str, path=None, target=None):
        package, _, name = fullname.rpartition(".")
        if package != __package__ or name not in self.built:
            return None
        source = self.folder / f"{name}.py"
        if self.pure:
            self.why[name] = f"{PURE_ENV}=1"
        else:
            try:
                if source_hash(source) == self.built[name]:
                    return None
            except OSError:
                return None  # no source beside it: the compiled module is all there is
            self.why[name] = "its source changed after the build"
        return spec_from_file_location(fullname, source)


def install() -> None:
    """Put the finder first on ``sys.meta_path`` (once), when this package holds compiled modules."""
    if any(isinstance(f, SourceWhenChanged) for f in sys.meta_path):
        return
    try:
        built = json.loads((_HERE / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return  # not built: every module is its source
    sys.meta_path.insert(0, SourceWhenChanged(built, pure=os.environ.get(PURE_ENV) == "1"))


def status() -> dict[str, str]:
    """For each module of one extraction (all imported here): ``compiled``, or ``source`` and why."""
    from importlib import import_module

    finder = next((f for f in sys.meta_path if isinstance(f, SourceWhenChanged)), None)
    out = {}
    for name in COMPILED:
        module = import_module(f"{__package__}.{name}")
        if str(getattr(module, "__file__", "")).endswith(tuple(EXTENSION_SUFFIXES)):
            out[name] = "compiled"
        else:
            why = finder.why.get(name) if finder is not None else None
            out[name] = f"source ({why or 'not built'})"
    return out


def summary() -> str:
    """One line for a benchmark's report: how many modules run compiled, which do not and why."""
    why = {n: s.removeprefix("source ") for n, s in status().items() if s != "compiled"}
    if not why:
        return f"all {len(COMPILED)} extraction modules compiled"
    if len(why) == len(COMPILED) and len(set(why.values())) == 1:
        return f"all {len(COMPILED)} extraction modules from source {next(iter(why.values()))}"
    return f"{len(COMPILED) - len(why)} of {len(COMPILED)} modules compiled; from source: " + ", ".join(
        f"{n} {w}" for n, w in why.items())
