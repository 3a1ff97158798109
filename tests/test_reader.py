"""Decoding files: every common Chinese encoding in, one clear error for what is not text."""
import pytest

from corpus.reader import decode, read_text
from extractor.errors import InputError

TEXT = "全縣新建高標準農田1.01萬畝，全县发放小额信贷262笔。"
SIMPLE = "全县新建高标准农田16.07万亩，发放小额信贷262笔1138.5万元，调整低保对象1272户。"
TRAD = "全縣新建高標準農田1.01萬畝，發放小額信貸262筆，調整低保對象1272戶。"


@pytest.mark.parametrize("encoding,text", [
    ("utf-8", TEXT), ("utf-8-sig", TEXT), ("utf-16", TEXT), ("utf-16-le", SIMPLE), ("utf-16-be", SIMPLE),
    ("gb18030", TEXT), ("gbk", SIMPLE), ("gb2312", SIMPLE), ("big5", TRAD),
])
def test_encodings_round_trip(tmp_path, encoding, text):
    p = tmp_path / f"doc.{encoding}.txt"
    p.write_bytes(text.encode(encoding))
    assert read_text(p) == text


@pytest.mark.parametrize("data,message", [
    (b"", "empty"),
    (bytes(range(256)) * 8, "binary"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64, "binary"),
    (b"\xff\xfe\x00\xd8", "byte-order mark"),
])
def test_bad_bytes_give_one_line(data, message):
    with pytest.raises(InputError, match=message) as e:
        decode(data, "x.txt")
    assert "\n" not in str(e.value)


def test_missing_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_text(tmp_path)


def test_huge_file_is_refused_without_reading(tmp_path, monkeypatch):
    import corpus.reader as reader

    p = tmp_path / "big.txt"
    p.write_text("一" * 1000, encoding="utf-8")
    monkeypatch.setattr(reader, "MAX_BYTES", 100)
    with pytest.raises(InputError, match="limit"):
        read_text(p)
