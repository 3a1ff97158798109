"""What each input kind is read with is installed, and the README's commands are the ones CI runs.

Nothing here is skipped: a missing package fails the suite (a stock pip once left the HTML
cleaner out and only users saw it)."""
import importlib
import re
from pathlib import Path

import pytest

from corpus.loaders import KINDS, NEEDS

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("module", sorted({m for kind in KINDS for m in NEEDS[kind]}))
def test_every_module_an_input_kind_needs_imports(module):
    importlib.import_module(module)


def test_html_cleaner_works_as_trafilatura_calls_it():
    from lxml.html.clean import Cleaner

    assert "script" not in Cleaner(javascript=True).clean_html("<div><script>x()</script><p>全县</p></div>")


def _readme_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```bash\n(.+?)\n```", text)[:2]


def test_ci_runs_the_readme_commands_as_written():
    setup, tests = _readme_commands()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    lines = [ln.strip() for ln in ci.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    assert setup in lines and tests in lines and lines.index(setup) < lines.index(tests)
    assert "--upgrade pip" not in ci and "-U pip" not in ci  # the pip venv brings, as a user has it


def test_install_is_pinned_by_the_lock_file():
    setup, _ = _readme_commands()
    assert "-c constraints.txt" in setup
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[name.lower().replace("_", "-")] = version
    for needed in ("lxml-html-clean", "lxml", "trafilatura", "pdfminer.six", "jieba", "duckdb"):
        assert needed in pins, needed
    from importlib.metadata import version

    assert version("lxml_html_clean") == pins["lxml-html-clean"]
