"""What zhibiao builds once (the segmenter's dictionary, the gazetteer, the short names jieba knows
as common words, the checked pattern files) and keeps in its cache."""
import os
import subprocess
import sys

from conftest import ROOT

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
    assert names == ["common", "gazetteer", "jieba", "yaml"]  # common-words: jieba's common words among short names
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
