"""Read a YAML file of ``patterns/`` against its declared shape, so that a renamed key, a
missing group or a bad word is one ``PatternError`` line: ``patterns/FILE:LINE: problem
(expected …)``, with the line of the bad node.

A shape is data: ``WORDS`` (a list of distinct words), ``WORD``, ``CODE`` (six digits), ``INT``,
``TEXT``, ``{key: shape}`` (exactly these keys; a key written ``"key?"`` may be left out),
``MapOf(key shape, value shape)`` and ``ListOf(shape)``.

>>> load_text("a: [甲, 乙]\\nb: {x: 1}\\n", {"a": WORDS, "b": MapOf(WORD, INT)}, "t.yaml")
{'a': ['甲', '乙'], 'b': {'x': 1}}
>>> load_text("a: [甲, 甲]\\n", {"a": WORDS}, "t.yaml")
Traceback (most recent call last):
...
extractor.errors.PatternError: patterns/t.yaml:1: a lists '甲' twice (expected each word once)
"""
from __future__ import annotations

from dataclasses import dataclass

from .errors import PatternError

# PyYAML is imported by the functions that parse (8 ms): a warm start reads the checked data
# from the cache (extractor/data.py) and needs no parser.

WORD, CODE, INT, TEXT, SCALAR = "word", "code", "int", "text", "scalar"


@dataclass(frozen=True)
class MapOf:
    key: object
    value: object


@dataclass(frozen=True)
class ListOf:
    item: object


WORDS = ListOf(WORD)
_SCALARS = {WORD: "a word (a non-empty string without spaces around it)", CODE: "a six-digit code in quotes",
            INT: "a whole number", TEXT: "a string", SCALAR: "a string, number, true, false or null"}


def optional(shape):
    """``shape`` with every key of every group optional: the shape of a file of extra rows.

    >>> optional({"a": WORDS, "b?": {"c": INT}})
    {'a?': ListOf(item='word'), 'b?': {'c?': 'int'}}
    """
    if isinstance(shape, dict):
        return {k.rstrip("?") + "?": optional(v) for k, v in shape.items()}
    return shape


def load_text(text: str, shape, name: str, shown: str | None = None):
    """The data of YAML ``text`` checked against ``shape``; ``name`` is the file under patterns/,
    ``shown`` the path errors name (default ``patterns/NAME``)."""
    import yaml

    name = shown or f"patterns/{name}"
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)  # libyaml where installed: 10x faster
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(e, "problem", None) or e.__class__.__name__
        raise PatternError(f"{name}:{line}: not valid YAML: {problem} (expected the lists and groups "
                           "the file's comments describe)") from None
    finally:
        loader.dispose()
    if node is None:
        raise PatternError(f"{name}:1: the file is empty (expected a mapping of groups)")
    return _check(loader, node, shape, name, "")


def _fail(name: str, node, msg: str):
    raise PatternError(f"{name}:{node.start_mark.line + 1}: {msg}")


def _check(loader, node, shape, name: str, where: str):
    import yaml

    label = where or "the top level"
    if isinstance(shape, dict):
        if not isinstance(node, yaml.MappingNode):
            _fail(name, node, f"{label} is not a mapping (expected keys {', '.join(k.rstrip('?') for k in shape)})")
        wanted = {k.rstrip("?"): (k.endswith("?"), s) for k, s in shape.items()}
        out = {}
        for knode, vnode in node.value:
            key = _scalar(loader, knode, WORD, name, f"a key of {label}")
            if key not in wanted:
                _fail(name, knode, f"{label} has an unknown key {key!r} (expected one of {', '.join(wanted)})")
            if key in out:
                _fail(name, knode, f"{label} has the key {key!r} twice (expected each key once)")
            out[key] = _check(loader, vnode, wanted[key][1], name, f"{where}.{key}" if where else key)
        missing = [k for k, (optional, _) in wanted.items() if not optional and k not in out]
        if missing:
            _fail(name, node, f"{label} has no key {missing[0]!r} (expected keys {', '.join(wanted)})")
        return out
    if isinstance(shape, MapOf):
        if not isinstance(node, yaml.MappingNode):
            _fail(name, node, f"{label} is not a mapping (expected {_SCALARS.get(shape.key, 'key')}: value pairs)")
        out = {}
        for knode, vnode in node.value:
            key = _scalar(loader, knode, shape.key, name, f"a key of {label}")
            if key in out:
                _fail(name, knode, f"{label} has the key {key!r} twice (expected each key once)")
            out[key] = _check(loader, vnode, shape.value, name, f"{label}[{key!r}]")
        return out
    if isinstance(shape, ListOf):
        if not isinstance(node, yaml.SequenceNode):
            _fail(name, node, f"{label} is not a list (expected a list like [甲, 乙])")
        items = [_check(loader, n, shape.item, name, f"{label}[{i}]") for i, n in enumerate(node.value)]
        if shape.item in (WORD, CODE):
            seen = set()
            for n, item in zip(node.value, items):
                if item in seen:
                    _fail(name, n, f"{label} lists {item!r} twice (expected each word once)")
                seen.add(item)
        return items
    return _scalar(loader, node, shape, name, label)


def _scalar(loader, node, kind: str, name: str, label: str):
    import yaml

    if not isinstance(node, yaml.ScalarNode):
        _fail(name, node, f"{label} is a {'list' if isinstance(node, yaml.SequenceNode) else 'mapping'} "
                          f"(expected {_SCALARS[kind]})")
    value = loader.construct_object(node)
    ok = {WORD: isinstance(value, str) and value != "" and value == value.strip(),
          CODE: isinstance(value, str) and len(value) == 6 and value.isascii() and value.isdigit(),
          INT: isinstance(value, int) and not isinstance(value, bool),
          TEXT: isinstance(value, str),
          SCALAR: value is None or isinstance(value, (str, int, float, bool))}[kind]
    if not ok:
        _fail(name, node, f"{label} is {value!r} (expected {_SCALARS[kind]})")
    return value
