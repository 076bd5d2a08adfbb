"""runtime/lib/json.py against CPython's json: output text, round trips,
error messages and positions."""

import io
import json
import math
import random

import pytest


def _gen(rng, depth=0):
    r = rng.random()
    if depth > 3 or r < 0.35:
        return rng.choice([
            None, True, False, 0, -1, 7, 12345678901234567890, -2 ** 70, 1.5, -0.0, 0.1,
            1e300, 3.14159, 1e-7, 123456789.125, 5e-324, "", "plain", 'q"uote\\back/slash',
            "\u00e9\u4e2d\U0001f600", "\x00\x1f\x7f\x80", "tab\tnl\ncr\rff\fbs\b",
            "\ud800 lone", rng.random(), rng.randrange(-10 ** 6, 10 ** 6)])
    if r < 0.6:
        return [_gen(rng, depth + 1) for _ in range(rng.randrange(5))]
    if r < 0.7:
        return tuple(_gen(rng, depth + 1) for _ in range(rng.randrange(3)))
    keys = ["a", "b", "é", "k\n", "z", "\U0001f600", ""]
    return {rng.choice(keys) + str(i): _gen(rng, depth + 1) for i in range(rng.randrange(5))}


DUMPS_OPTIONS = [
    {}, {"indent": 2}, {"indent": 0}, {"indent": "\t"}, {"sort_keys": True},
    {"ensure_ascii": False}, {"separators": (",", ":")},
    {"indent": 3, "sort_keys": True, "ensure_ascii": False, "separators": (", ", " = ")},
]


def test_dumps_matches(lib_json):
    rng = random.Random(1)
    for _ in range(400):
        obj = _gen(rng)
        for options in DUMPS_OPTIONS:
            assert lib_json.dumps(obj, **options) == json.dumps(obj, **options), (obj, options)


def test_roundtrip_and_loads_matches(lib_json):
    rng = random.Random(2)
    for _ in range(400):
        obj = _gen(rng)
        for options in ({}, {"indent": 1}, {"ensure_ascii": False}):
            text = json.dumps(obj, **options)
            mine = lib_json.loads(text)
            ref = json.loads(text)
            assert repr(mine) == repr(ref)


def _load_outcome(module, text, **kwargs):
    try:
        return ("ok", repr(module.loads(text, **kwargs)))
    except module.JSONDecodeError as exc:
        return ("error", exc.msg, exc.pos, exc.lineno, exc.colno, str(exc))


def test_error_messages_on_mutated_documents(lib_json):
    rng = random.Random(3)
    alphabet = list('{}[]:," \\u0123456789abcdefABCDEFnulltruefalse-+.eE\n\tNIa/') + ["\x01", "\x1f"]
    checked = 0
    for _ in range(700):
        text = json.dumps(_gen(rng), indent=rng.choice([None, 1]))
        for _ in range(4):
            chars = list(text)
            op = rng.randrange(4)
            p = rng.randrange(len(chars) + 1)
            if op == 0 and chars:
                del chars[min(p, len(chars) - 1)]
            elif op == 1:
                chars.insert(p, rng.choice(alphabet))
            elif op == 2:
                chars = chars[:p]
            else:
                chars[p:p] = [rng.choice(alphabet) for _ in range(3)]
            mutated = "".join(chars)
            assert _load_outcome(lib_json, mutated) == _load_outcome(json, mutated), mutated
            checked += 1
    assert checked == 2800


@pytest.mark.parametrize("text", [
    "", " ", "[", "]", "{", "}", "[1,]", "[1 2]", '{"a" 1}', '{"a":1,}', "{1:2}", '{"a":}',
    "nul", "tru", "fals", "NaN", "-Infinity", "Infinity", "-", "-a", "01", "1.", "1.e5", "1e",
    "1e+", "1E-2", ".5", "0x10", '"abc', '"\\', '"\\x"', '"\\u12"', '"\\u12g4"', '"\\ud800\\u"',
    '"\\ud800\\udc00"', '"\\ud800\\u0041"', '"\\ud83d\\ude00x"', '"a\tb"', '"a\nb"', "[1]x",
    "1 2", "\ufeff[]", "[\n1,\n2,\n]", '{"a":1 "b":2}', "[true, false, null]", "  [ ]  ",
    '"\\u00e9"', '"\\/"', "123456789012345678901234567890", "-0", "-0.0", "1e400", "[[[]]]",
    '{"a": {"b": [1, {"c": null}]}}', '"\\uDFFF"', '"\\', '"\\u', '"\\u1234',
])
def test_specific_documents(lib_json, text):
    assert _load_outcome(lib_json, text) == _load_outcome(json, text)


def test_non_strict_and_hooks(lib_json):
    text = '{"a": "x\ty", "b": [1.5, 2, {"c": NaN}]}'
    assert _load_outcome(lib_json, text, strict=False) == _load_outcome(json, text, strict=False)
    kwargs = dict(parse_float=str, parse_int=lambda s: int(s) * 2,
                  parse_constant=lambda s: "const:" + s,
                  object_pairs_hook=lambda pairs: ("pairs", pairs))
    assert repr(lib_json.loads(text, strict=False, **kwargs)) == \
        repr(json.loads(text, strict=False, **kwargs))
    hook = lambda d: sorted(d.items())   # noqa: E731
    assert lib_json.loads('{"b": 1, "a": {"c": 2}}', object_hook=hook) == \
        json.loads('{"b": 1, "a": {"c": 2}}', object_hook=hook)
    assert lib_json.loads(b'{"a": [1, "\xc3\xa9"]}') == json.loads(b'{"a": [1, "\xc3\xa9"]}')
    assert lib_json.loads(bytearray(b"[1]")) == [1]
    with pytest.raises(TypeError):
        lib_json.loads(5)
    decoder = lib_json.JSONDecoder()
    assert decoder.raw_decode('[1, 2] tail') == json.JSONDecoder().raw_decode('[1, 2] tail')
    assert issubclass(lib_json.JSONDecodeError, ValueError)


def _dump_outcome(module, obj, **kwargs):
    try:
        return ("ok", module.dumps(obj, **kwargs))
    except (TypeError, ValueError) as exc:
        return ("error", type(exc).__name__, str(exc))


def test_special_values_and_errors(lib_json):
    nan = float("nan")
    inf = float("inf")
    cases = [
        ([nan, inf, -inf], {}), ([nan], {"allow_nan": False}), ({inf: 1}, {}),
        ({1: "a", 2.5: "b", True: "c", None: "d", False: "e"}, {}),
        ({(1, 2): 3}, {}), ({(1, 2): 3, "a": 1}, {"skipkeys": True}),
        ({"b": 1, "a": 2, "c": {"z": 1, "y": 2}}, {"sort_keys": True}),
        ({1: 1, "a": 2}, {"sort_keys": True}), (object(), {}), ({1, 2}, {}),
        ({1, 2}, {"default": sorted}), (b"bytes", {}), ([1, [2, [3]]], {"indent": 2}),
        ([], {"indent": 2}), ({}, {"indent": 2}), ([[], {}], {"indent": 2}),
        (2 ** 200, {}), (-0.0, {}), (1e16, {}), (1.0, {}), ("\u2028\u2029", {}),
        ("\u2028\u2029", {"ensure_ascii": False}), (True, {}), (None, {}),
    ]
    for obj, kwargs in cases:
        assert _dump_outcome(lib_json, obj, **kwargs) == _dump_outcome(json, obj, **kwargs), obj
    shared = [1, {"a": []}]                 # met twice, never inside itself: not a cycle
    for kwargs in ({}, {"indent": 2}, {"check_circular": False}):
        assert _dump_outcome(lib_json, [shared, shared, {"k": shared}], **kwargs) == \
            _dump_outcome(json, [shared, shared, {"k": shared}], **kwargs)
    circular = []
    circular.append(circular)
    assert _dump_outcome(lib_json, circular) == _dump_outcome(json, circular)
    d = {}
    d["self"] = d
    assert _dump_outcome(lib_json, d) == _dump_outcome(json, d)

    class Thing:
        pass

    def default(o):
        return o   # returns itself: circular through default
    assert _dump_outcome(lib_json, Thing(), default=default) == \
        _dump_outcome(json, Thing(), default=default)


def test_subclasses(lib_json):
    class MyInt(int):
        def __repr__(self):
            return "nope"

    class MyFloat(float):
        def __repr__(self):
            return "nope"

    class MyDict(dict):
        pass

    class MyList(list):
        pass

    obj = MyDict(a=MyList([MyInt(3), MyFloat(2.5)]))
    assert lib_json.dumps(obj) == json.dumps(obj)

    class Encoder(lib_json.JSONEncoder):
        def default(self, o):
            if isinstance(o, complex):
                return [o.real, o.imag]
            return super().default(o)

    class RefEncoder(json.JSONEncoder):
        def default(self, o):
            if isinstance(o, complex):
                return [o.real, o.imag]
            return super().default(o)

    assert lib_json.dumps([1j, 2], cls=Encoder) == json.dumps([1j, 2], cls=RefEncoder)
    assert lib_json.JSONEncoder(indent=1).encode({"a": [1]}) == json.JSONEncoder(indent=1).encode({"a": [1]})


def test_dump_and_load_files(lib_json):
    obj = {"name": "tensoros", "values": [1, 2.5, None, True], "nested": {"k": "v"}}
    buf = io.StringIO()
    lib_json.dump(obj, buf, indent=2, sort_keys=True)
    assert buf.getvalue() == json.dumps(obj, indent=2, sort_keys=True)
    buf.seek(0)
    assert lib_json.load(buf) == obj


def test_error_attributes(lib_json):
    try:
        lib_json.loads('{\n  "a": [1,\n  2,,]\n}')
    except lib_json.JSONDecodeError as exc:
        mine = exc
    try:
        json.loads('{\n  "a": [1,\n  2,,]\n}')
    except json.JSONDecodeError as exc:
        ref = exc
    assert (mine.msg, mine.pos, mine.lineno, mine.colno, str(mine), mine.doc) == \
        (ref.msg, ref.pos, ref.lineno, ref.colno, str(ref), ref.doc)
    assert isinstance(mine, ValueError)


def test_floats_roundtrip_exactly(lib_json):
    rng = random.Random(4)
    for _ in range(500):
        x = rng.random() * 10 ** rng.randrange(-300, 300)
        text = lib_json.dumps(x)
        assert text == json.dumps(x)
        assert lib_json.loads(text) == x
    assert math.isnan(lib_json.loads("NaN"))
