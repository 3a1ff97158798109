"""The build: the modules one extraction runs are compiled with Cython where a C compiler is at
hand (the same code, ~15-20 % less time a record; records identical), and each compiled module's
source hash is written to ``extractor/compiled.json`` beside it, so that a module edited after its
build runs from its source (``extractor/compiled.py``). With no compiler, or with
``ZHIBIAO_PURE=1`` set at build time, the package installs as plain Python: every module is also
shipped as source. Everything else about the package is in pyproject.toml.
"""
import ast
import hashlib
import json
import os
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext


def _listed(name: str):
    """A constant of extractor/compiled.py, read without importing the package."""
    tree = ast.parse(Path("extractor/compiled.py").read_text(encoding="utf-8"))
    return next(ast.literal_eval(n.value) for n in tree.body
                if isinstance(n, ast.Assign) and any(getattr(t, "id", "") == name for t in n.targets))


COMPILED, MANIFEST = _listed("COMPILED"), _listed("MANIFEST")


def _extensions() -> list:
    if os.environ.get("ZHIBIAO_PURE") == "1":
        return []
    try:
        from Cython.Build import cythonize
    except ImportError:  # a build without its build requirements (setup.py run by hand)
        return []
    from setuptools import Extension

    exts = [Extension(f"extractor.{name}", [f"extractor/{name}.py"], optional=True) for name in COMPILED]
    return cythonize(
        exts, build_dir="build/cython", nthreads=os.cpu_count() or 1, quiet=True,
        # autotestdict off: the doctests run once, from the module's source file as before
        compiler_directives={"language_level": 3, "autotestdict": False},
    )


class BuildExt(build_ext):
    """build_ext, on both cores, that records the hash of each module's source it compiled."""

    def initialize_options(self):
        super().initialize_options()
        self.parallel = os.cpu_count() or 1

    def run(self):
        super().run()
        built = {}
        folder = None
        for ext in self.extensions:
            out = Path(self.get_ext_fullpath(ext.name))
            name = ext.name.rsplit(".", 1)[1]
            source = Path(f"extractor/{name}.py")
            if out.is_file() and out.stat().st_mtime >= source.stat().st_mtime:
                built[name] = hashlib.sha256(source.read_bytes()).hexdigest()
                folder = out.parent
            elif out.is_file():
                out.unlink()  # built from an older source, and this build could not redo it
        if folder is not None:
            (folder / MANIFEST).write_text(json.dumps(built, indent=0, sort_keys=True) + "\n", encoding="utf-8")


setup(ext_modules=_extensions(), cmdclass={"build_ext": BuildExt})
