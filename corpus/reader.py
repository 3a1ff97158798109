"""Read a file's bytes as text, in any common Chinese encoding, or fail with one clear line.

UTF-8 (with or without BOM) and UTF-16 are tried first; otherwise the bytes are tested as
GB18030 (a superset of GBK and GB2312) and Big5, with charset-normalizer choosing when both
decode. Binary files, empty files, directories and files larger than ``MAX_BYTES`` are refused.
"""
from __future__ import annotations

import codecs
from pathlib import Path

from extractor.errors import InputError

MAX_BYTES = 256 * 1024 * 1024
CANDIDATES = ("gb18030", "big5", "utf_16")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CONTROL = set(range(0, 32)) - {9, 10, 12, 13, 27}


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: one half of the bytes is mostly NUL (ASCII) or the text decodes cleanly."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    if odd.count(0) > len(odd) * 0.3 and even.count(0) < len(even) * 0.05:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.3 and odd.count(0) < len(odd) * 0.05:
        return "utf-16-be"
    return None


def decode(data: bytes, name: str = "<bytes>") -> str:
    """Decode ``data`` as text; ``name`` is used in error messages.

    >>> decode("全縣１萬畝".encode("big5"))
    '全縣１萬畝'
    >>> decode("全县1万亩".encode("gbk"))
    '全县1万亩'
    """
    if not data:
        raise InputError(f"{name}: the file is empty (expected text)")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError as e:
                raise InputError(f"{name}: starts with a {enc} byte-order mark but byte {e.start} is not {enc}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    enc16 = _looks_utf16(data)
    if enc16:
        try:
            return data.decode(enc16)
        except UnicodeDecodeError:
            pass
    sample = data[:65536]
    controls = sum(1 for b in sample if b in _CONTROL)
    if b"\x00" in sample or controls > len(sample) * 0.01:
        raise InputError(f"{name}: looks like a binary file ({controls} control bytes in the first "
                         f"{len(sample)}), not text (expected UTF-8, GB18030/GBK, Big5 or UTF-16 text)")
    decodable = []
    for enc in ("gb18030", "big5"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        decodable.append((enc, text))
    if len(decodable) == 1:
        return decodable[0][1]
    if decodable:
        from charset_normalizer import from_bytes  # only when both decode (8 ms to import)

        best = from_bytes(data[:262144], cp_isolation=list(CANDIDATES)).best()
        choice = best.encoding if best else "gb18030"
        for enc, text in decodable:
            if codecs.lookup(enc).name == codecs.lookup(choice).name:
                return text
        return decodable[0][1]
    raise InputError(f"{name}: cannot be decoded as UTF-8, GB18030/GBK, Big5 or UTF-16 (expected text in one of them)")


def read_bytes(path: str | Path) -> bytes:
    """The bytes of the file at ``path``; ``InputError`` with one line if it cannot be read."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a directory (expected a file; `zhibiao ingest` reads directories)")
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{p}: is {size / 2**20:.0f} MB, more than the {MAX_BYTES // 2**20} MB limit for one document (split it)")
        return p.read_bytes()
    except PermissionError:
        raise InputError(f"{p}: permission denied") from None
    except OSError as e:
        raise InputError(f"{p}: cannot be read ({e.strerror or e})") from None


def read_text(path: str | Path) -> str:
    """The text of the file at ``path``; ``InputError`` with one line if it cannot be read."""
    return decode(read_bytes(path), str(path))
