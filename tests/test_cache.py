"""What zhibiao builds once (the segmenter's dictionary, the gazetteer, the short names jieba knows
as common words, the checked pattern files, the compiled regular expressions) and keeps in its
cache."""
import os
import subprocess
import sys

from conftest import ROOT, SHARED

SENTENCE = "今年全县发放脱贫人口小额信贷262笔1138.5万元，新建高标准农田16.07万亩，共享单车还新投放300辆。"


def _extract(env, text=SENTENCE):
    res = subprocess.run([sys.executable, "-m", "cli", "extract", "-", "-f", "jsonl"], cwd=ROOT, input=text,
                         capture_output=True, text=True, env={**os.environ, **env}, timeout=120)
    assert res.returncode == 0 and res.stderr == "", res.stderr
    return res.stdout


def test_a_cold_a_warm_a_damaged_and_no_cache_give_the_same_records(tmp_path):
    cache = tmp_path / "cache"
    cold = _extract({"ZHIBIAO_CACHE": str(cache)})
    names = sorted({p.name.split("-")[0] for p in cache.iterdir()})
    assert names == ["common", "gazetteer", "jieba", "regex", "yaml"]  # common-words: jieba's common words among short names
    assert {p.name.rsplit("-", 1)[0] for p in cache.glob("yaml-*")} >= {"yaml-naming", "yaml-cues", "yaml-regions-hand"}
    assert _extract({"ZHIBIAO_CACHE": str(cache)}) == cold  # warm
    sizes = {p.name: p.stat().st_size for p in cache.iterdir()}
    for p in cache.iterdir():
        p.write_bytes(p.read_bytes()[:100])  # cut short, as by a full disk or a killed process
    assert _extract({"ZHIBIAO_CACHE": str(cache)}) == cold
    assert {p.name: p.stat().st_size for p in cache.iterdir()} == sizes  # built again, whole
    readonly = tmp_path / "ro"
    readonly.mkdir()
    readonly.chmod(0o500)
    env = {"ZHIBIAO_CACHE": str(readonly), "HOME": str(readonly), "XDG_CACHE_HOME": str(readonly),
           "TMPDIR": str(readonly)}
    try:
        if os.access(readonly, os.W_OK):  # root writes anywhere: the read-only case cannot be made
            return
        assert _extract(env) == cold  # nothing can be kept: built in memory
    finally:
        readonly.chmod(0o700)


def test_the_lazy_dictionary_segments_as_jieba_does_in_memory():
    import jieba

    from extractor.segment import LazyFreq, tokenizer, user_words

    tok = tokenizer()
    assert isinstance(tok.FREQ, LazyFreq)
    plain = jieba.Tokenizer()
    plain.FREQ, plain.total = dict(), 0
    plain.initialize()
    for w in sorted(user_words()):
        plain.add_word(w, freq=max(plain.suggest_freq(w, tune=False), 2000))
    assert plain.total == tok.total
    for text in (SENTENCE, "中药材种植面积分别达到5.2万亩", "潘家湾镇共享单车还原", "雷竹、茶叶和中药材"):
        assert list(tok.tokenize(text)) == list(plain.tokenize(text))


def test_the_dictionary_entry_follows_the_pattern_files(tmp_path):
    """The segmenter's cache entry is named by what its words come from, not by the words (25 ms
    to gather): a set with an extra file of units, or other place names, gets an entry of its own."""
    from extractor import Patterns
    from extractor.segment import _words_key

    (tmp_path / "units.tsv").write_text("unit\tbase_unit\tquantity\tmagnitude\tflags\texample\n"
                                        "垧\t垧\tarea\t1\tprefix\t开垦荒地300垧。\n", encoding="utf-8")
    regions = tmp_path / "towns" / "regions"
    regions.mkdir(parents=True)
    (regions / "hand.yaml").write_text("aliases: {}\n", encoding="utf-8")
    keys = set()
    for p in (Patterns(), Patterns(extra=[tmp_path]), Patterns(extra=[tmp_path / "towns"])):
        with p.active():
            keys.add(_words_key("0.42.1", "dict.txt"))
    with Patterns().active():
        assert _words_key("0.42.1", "dict.txt") in keys and _words_key("0.42.2", "dict.txt") not in keys
    assert len(keys) == 3


_MISSES = """
import sys
import regex
import extractor.regexes as kept
missed = []
class Counting:  # regex, counting what the table did not hold
    def __getattr__(self, name):
        return getattr(regex, name)
    def compile(self, pattern, flags=0):
        missed.append(pattern)
        return regex.compile(pattern, flags)
kept.regex = Counting()
from extractor import extract
for path in sys.argv[1:]:
    extract(open(path, encoding="utf-8").read())
print(len(missed), len(kept._table))
"""


def test_a_second_process_compiles_no_pattern_the_first_kept(tmp_path):
    """Each pattern is found by its text: built from a set, that text must not depend on the
    process's hash seed. Documents with tables, lists and signs, so that most patterns are met."""
    docs = [ROOT / "samples" / "huanggang-news.txt", *sorted((SHARED / "dev" / "real" / "docs").glob("*.txt"))[:12]]
    runs = []
    for seed in ("1", "2"):
        env = {**os.environ, "ZHIBIAO_CACHE": str(tmp_path / "cache"), "PYTHONHASHSEED": seed}
        res = subprocess.run([sys.executable, "-c", _MISSES, *map(str, docs)], cwd=ROOT, capture_output=True,
                             text=True, env=env, timeout=300, check=True)
        runs.append(tuple(map(int, res.stdout.split())))
    (first_missed, kept), (second_missed, kept_again) = runs
    assert first_missed == kept > 50  # a fresh cache: every pattern compiled, and kept
    assert second_missed == 0 and kept_again == kept


def test_the_kept_table_keeps_what_a_process_used_when_it_is_full(tmp_path, monkeypatch):
    import extractor.regexes as kept

    monkeypatch.setenv("ZHIBIAO_CACHE", str(tmp_path))
    monkeypatch.setattr(kept, "_table", {(f"old{i}", 0): kept.regex.compile(f"old{i}") for i in range(5)})
    monkeypatch.setattr(kept, "_used", set())
    monkeypatch.setattr(kept, "LIMIT", 3)
    assert kept.compiled(r"\d+万亩").search("新建16万亩").group() == "16万亩"
    kept.save()
    monkeypatch.setattr(kept, "_table", None)
    assert list(kept._load()) == [(r"\d+万亩", 0)]  # full: only what this process used
    kept._path().write_bytes(b"not a pickle")
    monkeypatch.setattr(kept, "_table", None)
    assert kept._load() == {}  # damaged: compiled again
