"""Object-core behaviour fixed for the conformance corpus (issue 3): each
snippet runs on the hosted VM and on CPython 3.11, and the outputs must match.
The snippets go beyond tests/lang: edge cases of the same code paths."""

import subprocess
import sys

import pytest

SNIPPETS = {
    "bytes_search": r'''
b = b"abcabcab"
print(b.find(b"c", 3), b.rfind(b"ab"), b.rfind(b"ab", 0, 7), b.index(98, 2), b.rindex(b"c"))
print(b.count(b"ab", 1), b.count(b""), b.find(b"", 9), b.find(b"", 8), b.startswith(b"bc", 1), b.endswith((b"x", b"ab")))
for f in (lambda: b.index(b"z"), lambda: b.find("a"), lambda: b.startswith("a"), lambda: b.find(300)):
    try:
        f()
    except Exception as e:
        print(type(e).__name__, e)
''',
    "bytes_split": r'''
print(b" a  b c ".split(), b" a  b c ".split(None, 1), b" a  b c ".rsplit(None, 1), b"a,b,,c".rsplit(b",", 2))
print(b"a,b".split(b",", maxsplit=0), bytearray(b"x-y").split(b"-"), b"k=v=w".rpartition(b"="), b"kv".partition(b"="))
print(b"a\r\nb\rc\n".splitlines(), b"a\r\nb\rc\n".splitlines(True), b"".split(), b"".split(b","))
''',
    "bytes_misc": r'''
print(b"ab".center(7, b"*"), b"-5".zfill(4), b"a\tbc\td".expandtabs(4), b"Hello World".swapcase(), b"hELLO wORLD".title())
print(b"Title Case".istitle(), b"ABC1".isupper(), b"".isalpha(), b"\x80".isascii(), b"abc".replace(b"", b"-", 2))
print(b"abcd".hex(":", 2), b"abcd".hex("-", -3), bytes.fromhex(" 0a\n0b "), b"xyz".translate(None, b"y"))
print(b"prefix-x".removeprefix(b"prefix-"), b"x.py".removesuffix(b".py"), bytes.maketrans(b"ab", b"ba")[97:99])
ba = bytearray(b"hello"); ba *= 2; ba.insert(-1, 33); del ba[::4]; print(ba, ba.pop(), len(ba))
''',
    "bytes_percent": r'''
print(b"%5s|%-4b|%.2s" % (b"ab", bytearray(b"c"), b"xyz"), b"%c%c" % (10, b"!"), b"%(a)d" % {b"a": 3})
print(b"%r %a" % ("é", [1]), bytearray(b"%x") % 255, b"%s" % memoryview(b"mv"))
for t in (lambda: b"%s" % "str", lambda: b"%c" % 256, lambda: b"%d %d" % (1,)):
    try:
        t()
    except Exception as e:
        print(type(e).__name__, e)
''',
    "codecs": r'''
s = "aé€😀"
for enc in ("utf-8", "utf-16", "utf-16-be", "utf-32-le", "latin-1", "ascii"):
    for errors in ("strict", "ignore", "replace", "backslashreplace", "xmlcharrefreplace"):
        try:
            b = s.encode(enc, errors)
            print(enc, errors, b, b.decode(enc, "replace" if errors != "strict" else "strict"))
        except Exception as e:
            print(enc, errors, type(e).__name__, e)
for data in (b"\xff", b"a\xe2\x82", b"\xed\xa0\x80", b"\xc3("):
    for errors in ("strict", "replace", "ignore", "backslashreplace", "surrogateescape"):
        try:
            print(repr(data.decode("utf-8", errors)))
        except Exception as e:
            print(type(e).__name__, e)
print("ab".encode("UTF_8"), b"\x41\x00".decode("utf_16_le"))
try:
    "x".encode("nope")
except LookupError as e:
    print("LookupError", e)
''',
    "memoryview": r'''
m = memoryview(bytearray(range(12)))
print(m[::3].tolist(), m[::-2].tobytes(), m[1:10:4][1], len(m[::5]), m[::2].nbytes, m[::2].strides)
q = m.cast("H")
print(q.format, q.itemsize, len(q), q[1], q.tolist()[:3], q.cast("B")[2])
q[0] = 0x1234
print(m[0], m[1], m.cast("i")[0], memoryview(b"ab") == memoryview(b"ab"), memoryview(b"ab").readonly)
m[::4] = b"xyz"
print(bytes(m)[:9], bytes(m[::-1])[:3])
with memoryview(b"abc") as v:
    print(v[1])
try:
    v[0]
except ValueError as e:
    print("ValueError", e)
''',
    "index_and_messages": r'''
class I:
    def __init__(self, v): self.v = v
    def __index__(self): return self.v
print([1, 2, 3][I(1)], (1, 2)[I(-1)], b"ab"[I(0)], "xyz"[I(1):I(3)], [0] * I(3), list(range(I(2), I(5))))
for t in (lambda: "ab"[1.5], lambda: [1] * 2.0, lambda: 2.0 * (1,), lambda: "a" * "b", lambda: [0] * (2 ** 70),
          lambda: str.upper(3), lambda: ", ".join(), lambda: [].insert(1), lambda: "a".replace(1, "b"),
          lambda: b"abc"[9], lambda: bytearray(b"a")[9], lambda: b"a"["x"]):
    try:
        t()
    except Exception as e:
        print(type(e).__name__, e)
''',
    "float_fromhex": r'''
for s in ("0x1p-1074", "0x1p-1075", "0x3p-1076", "0x1.fffffffffffff8p1023", "0x1.00000000000008p0",
          "0x1.000000000000080001p0", "-0X.8", " inf ", "nan", "0x1p1024", "1.5", "0x"):
    try:
        print(repr(float.fromhex(s)))
    except Exception as e:
        print(type(e).__name__, e)
''',
    "annotations": r'''
x: int = 1
y: "later"
def f(a: int, *args: str, b: float = 1.0, **kw: dict) -> list:
    z: undefined_name = 3
    return z
class C:
    p: int
    q: list = []
    for _ in range(1):
        r: float = 2.0
print(f.__annotations__, __annotations__, C.__annotations__, f(1), C.q)
''',
}


@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_matches_cpython(run_vm, tmp_path, name):
    if sys.version_info[:2] != (3, 11):
        pytest.skip("the reference is CPython 3.11")
    src = SNIPPETS[name]
    path = tmp_path / (name + ".py")
    path.write_text(src, encoding="utf-8")
    ref = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, encoding="utf-8",
                         env={"PYTHONIOENCODING": "utf-8"})
    assert ref.returncode == 0, ref.stderr
    status, out, err = run_vm(src)
    assert status == 0, err
    assert out == ref.stdout
