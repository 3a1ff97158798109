"""The compiled build (setup.py, extractor/compiled.py): where a C compiler is at hand the install
compiles the modules one extraction runs; they give the records their source gives; a module
edited after the build runs from its source, never from the stale build."""
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from extractor import compiled
from extractor.compiled import COMPILED, MANIFEST, SourceWhenChanged, source_hash

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "extractor"
SAMPLE = ROOT / "samples" / "huanggang-news.txt"


def _python(code: str, *args: str, pure: str = "0", path: Path = ROOT) -> str:
    """What ``python -c code args…`` prints, importing the package from ``path``."""
    env = {**os.environ, "PYTHONPATH": str(path), "ZHIBIAO_PURE": pure}
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=True,
                          cwd=path).stdout


def _built() -> bool:
    return (PACKAGE / MANIFEST).is_file()


def test_the_compiled_modules_are_the_ones_an_extraction_imports():
    out = _python("import sys, json; from extractor import extract; extract('今年全县新建高标准农田16.07万亩。', "
                  "title='某县2023年工作报告', date='2023-12-31');"
                  "print(json.dumps(sorted(m for m in sys.modules if m.startswith('extractor.'))))")
    imported = {m.removeprefix("extractor.") for m in json.loads(out)} - {"compiled"}
    assert imported == set(COMPILED)


def test_the_install_compiled_them_where_a_compiler_is_at_hand():
    has_compiler = shutil.which(str(sysconfig.get_config_var("CC") or "cc").split()[0]) is not None
    status = json.loads(_python("import json; from extractor import compiled; print(json.dumps(compiled.status()))"))
    if not has_compiler:
        assert set(status.values()) == {"source (not built)"}
        return
    built = json.loads((PACKAGE / MANIFEST).read_text(encoding="utf-8"))
    assert set(built) == set(COMPILED)
    for name in COMPILED:  # a module edited since the install (a developer's checkout) runs its source
        as_built = source_hash(PACKAGE / f"{name}.py") == built[name]
        assert status[name] == ("compiled" if as_built else "source (its source changed after the build)"), name


def test_compiled_and_source_give_the_same_records():
    def records(pure: str) -> str:
        return _python("import cli; cli.main()", "extract", str(SAMPLE), "-f", "jsonl", pure=pure)

    compiled_out, source_out = records("0"), records("1")
    assert compiled_out.count("\n") > 50 and compiled_out == source_out


def test_pure_runs_every_module_from_its_source():
    summary = _python("from extractor import compiled; print(compiled.summary())", pure="1")
    assert "compiled" not in summary.replace("extraction modules", "")
    assert ("ZHIBIAO_PURE=1" in summary) == _built()


def test_a_module_edited_after_the_build_runs_from_its_source(tmp_path):
    copy = tmp_path / "extractor"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    with (copy / "naming.py").open("a", encoding="utf-8") as f:
        f.write("\nEDITED = True\n")
    out = _python("import json; from extractor import compiled, naming; "
                  "print(json.dumps([compiled.status(), naming.__file__, naming.EDITED]))", path=tmp_path)
    status, naming_file, edited = json.loads(out)
    assert edited and naming_file.endswith("naming.py")
    if _built():
        assert status["naming"] == "source (its source changed after the build)"
        # the others run as they do in the tree copied (compiled, unless edited there since the build)
        before = json.loads(_python("import json; from extractor import compiled; print(json.dumps(compiled.status()))"))
        assert {k: v for k, v in status.items() if k != "naming"} == {k: v for k, v in before.items() if k != "naming"}
    else:
        assert set(status.values()) == {"source (not built)"}


def test_the_finder_takes_the_source_only_when_it_differs_from_the_build():
    naming = source_hash(PACKAGE / "naming.py")
    finder = SourceWhenChanged({"naming": naming, "scan": "0" * 64})
    assert finder.find_spec("extractor.naming") is None  # as built: the usual import
    assert finder.find_spec("extractor.scan").origin == str(PACKAGE / "scan.py")
    assert finder.find_spec("extractor.output") is None and finder.find_spec("json") is None
    assert SourceWhenChanged({"naming": naming}, pure=True).find_spec("extractor.naming").origin.endswith("naming.py")
    assert finder.why == {"scan": "its source changed after the build"}


def test_the_finder_is_installed_once():
    before = sum(isinstance(f, SourceWhenChanged) for f in sys.meta_path)
    compiled.install()
    assert sum(isinstance(f, SourceWhenChanged) for f in sys.meta_path) == before == int(_built())
