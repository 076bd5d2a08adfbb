"""runtime/lib/re.py against CPython's re: the same patterns, subjects and
calls must give the same results (spans, groups, lastindex, ...) and the same
errors."""

import random
import re

import pytest

pytestmark = pytest.mark.filterwarnings("ignore::FutureWarning")


def _match_info(m, groups):
    if m is None:
        return None
    return (m.span(), m.group(0), m.groups(), m.groupdict(), m.lastindex, m.lastgroup,
            [m.span(i) for i in range(groups + 1)])


def _outcome(module, pattern, subject, flags=0):
    try:
        c = module.compile(pattern, flags)
    except Exception as exc:   # errors must match in kind (and message, below)
        return ("error", type(exc).__name__)
    out = [c.groups, dict(c.groupindex), int(c.flags)]
    for name in ("match", "search", "fullmatch"):
        out.append(_match_info(getattr(c, name)(subject), c.groups))
    out.append(c.findall(subject))
    out.append([_match_info(m, c.groups) for m in c.finditer(subject)])
    out.append(c.split(subject))
    out.append(c.split(subject, 1))
    template = "<\\g<0>>" if isinstance(subject, str) else b"<\\g<0>>"
    out.append(c.subn(template, subject))
    out.append(c.sub(lambda m: m.group(0)[::-1], subject, 2))
    if len(subject) > 2:
        out.append(_match_info(c.search(subject, 1, len(subject) - 1), c.groups))
        out.append(_match_info(c.match(subject, 1), c.groups))
    return out


def _check(lib_re, pattern, subject, flags=0):
    assert _outcome(lib_re, pattern, subject, flags) == _outcome(re, pattern, subject, flags), \
        (pattern, subject, flags)


# -- hand-picked patterns --------------------------------------------------

PATTERNS = [
    r"abc", r"a.c", r"a.*c", r"a.*?c", r"^abc$", r"\d+", r"\D+", r"\w+", r"\W", r"\s+", r"\S+",
    r"[abc]+", r"[^abc]+", r"[a-z0-9_]+", r"[-a]", r"[a-]", r"[]a]", r"[^]a]", r"[\d\s]+",
    r"[\w-]+", r"[.*+?]", r"\bfoo\b", r"\Bo\B", r"(a)(b)?(c)", r"(a|b)*", r"(a|b)+?c",
    r"(?:ab)+", r"(?P<first>\w+) (?P<second>\w+)", r"(?P<x>a)(?P=x)", r"(a)\1", r"(a*)\1",
    r"(\w)(\w)\2\1", r"a{2}", r"a{2,}", r"a{,2}", r"a{1,3}?", r"a{0}", r"a{3,3}", r"x{", r"x{}",
    r"x{a}", r"x{1,a}", r"(ab|a)(bc|c)", r"(a+)+b", r"(a|ab)(c|bcd)(d*)", r"^(?:a|ab)*$",
    r"\Aab", r"ab\Z", r"a$", r"^a", r"(?m)^a", r"(?m)a$", r"(?s)a.b", r"(?i)ABC", r"(?i)[a-c]+",
    r"(?i)[^a]", r"(?x) a b # comment\n c", r"(?i:a)b", r"a(?i:b)c", r"(?-i:a)b", r"(?=a)\w+",
    r"(?!a)\w+", r"\w+(?=,)", r"(?<=a)b", r"(?<!a)b", r"(?<=ab|cd)x", r"(?>a+)b", r"(?>a+)",
    r"a++b", r"a*+a", r"(a)?(?(1)b|c)", r"(?P<q>')?\w+(?(q)')", r"(a)|b", r"((a)|b)+",
    r"(a?)*", r"(a*)*", r"(a*)+", r"(a|)*", r"(?:a?)*?b", r"(a*?)*?", r"()", r"(?:)", r"|a", r"a|",
    r"\x41\u0042\U00000043", r"\101", r"\0", r"\n\t", r"[\x00-\x7f]+", r"\\", r"\.", r"a\|b",
    r"(?#comment)a", r"[\b]", r"\b", r"(a(b(c)))", r"((a)|(b))*", r"(?:(a)|(b))*c",
    r"(\d+)-(\d+)", r"[^\n]*", r".+", r".*", r"x*", r"(?s).*", r"\$\d+\.\d{2}", r"[ab]{2,3}?c",
    r"(?:a{2})*", r"(?:a|b){2,4}", r"(a{2}|b)+", r"(?:(a)|b){2}", r"(?i)(a)\1", r"ä+",
    r"(?i)Ä", r"\w+", r"(?a)\w+", r"[[:alpha:]]", r"a(?=b|c)", r"(?<=\d{3})x", r"(?<![a-z])\d",
]

SUBJECTS = [
    "", "a", "abc", "aaa", "abcabc", "xabcx", "aab", "ababab", "foo bar", "foo.bar foo",
    "123-456 x", "a\nb\nc\n", "ABC abc", "ab,cd,", "'quoted' plain", "aaaaab", "abcd",
    "äÄöÖ ß", "_a-b c", "a]b-c", "\tx y\n", "x{a}x{1,a}", "$12.50 and $3.0", "dab a+b",
    "aaxcdx", "abxbcdx",
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_patterns(lib_re, pattern):
    for subject in SUBJECTS:
        _check(lib_re, pattern, subject)
    for flags in (re.I, re.M, re.S, re.I | re.M | re.S, re.A):
        for subject in SUBJECTS[::3]:
            _check(lib_re, pattern, subject, flags)


# -- generated patterns ----------------------------------------------------

ATOMS = ["a", "b", "c", "A", ".", "\\d", "\\w", "\\s", "\\W", "[abc]", "[^a]", "[a-c]", "[A-c]",
         "x", "\\b", "\\B", "^", "$", "\\A", "\\Z", "\\.", "[\\d_]", "[^\\w]", "\\n"]


def _gen(rng, groups, depth=0):
    r = rng.random()
    if depth > 2 or r < 0.35:
        if groups[0] and rng.random() < 0.08:
            return "\\%d" % rng.randrange(1, groups[0] + 1)
        return rng.choice(ATOMS)
    if r < 0.5:
        return _gen(rng, groups, depth + 1) + _gen(rng, groups, depth + 1)
    if r < 0.6:
        return "(" + _gen(rng, groups, depth + 1) + "|" + _gen(rng, groups, depth + 1) + ")"
    if r < 0.66:
        return "(?:" + _gen(rng, groups, depth + 1) + "|" + _gen(rng, groups, depth + 1) + ")"
    if r < 0.7:
        groups[0] += 1
        return "(?P<n%d>" % groups[0] + _gen(rng, groups, depth + 1) + ")"
    if r < 0.75:
        return rng.choice(["(?=", "(?!", "(?>"]) + _gen(rng, groups, depth + 1) + ")"
    if r < 0.77:
        return rng.choice(["(?<=", "(?<!"]) + rng.choice(["a", "ab", "\\w", "[ab]c", "(?:a|b)"]) + ")"
    body = _gen(rng, groups, depth + 1)
    if body in ("^", "$", "\\A", "\\Z", "\\b", "\\B"):
        body = "a"
    quant = rng.choice(["*", "+", "?", "{2}", "{1,3}", "{,2}", "{2,}", "*?", "+?", "??",
                        "{1,2}?", "{0,1}", "*+", "++", "?+"])
    if quant[-1] == "+" and len(quant) == 2 and "(" in body:
        # CPython 3.11's possessive repeat leaks group marks from failed
        # iterations (fixed in later versions); don't compare those.
        quant = quant[0]
    if rng.random() < 0.5:
        groups[0] += 1
        return "(" + body + ")" + quant
    return "(?:" + body + ")" + quant


@pytest.mark.parametrize("seed", range(6))
def test_generated(lib_re, seed):
    rng = random.Random(seed)
    for _ in range(350):
        pattern = _gen(rng, [0])
        subject = "".join(rng.choice("abcxA _.\n1") for _ in range(rng.randrange(9)))
        flags = rng.choice([0, 0, 0, re.I, re.M, re.S, re.A, re.I | re.A])
        _check(lib_re, pattern, subject, flags)


# -- sub / split / escape / misc -------------------------------------------

@pytest.mark.parametrize("pattern,repl,subject", [
    (r"(\w+) (\w+)", r"\2 \1", "hello world foo bar"),
    (r"(?P<a>\w)(?P<b>\w)", r"\g<b>\g<a>", "abcdef"),
    (r"(\w)", r"\g<1>0", "abc"),
    (r"a", r"\n\t\\", "banana"),
    (r"a", r"\-", "banana"),
    (r"(a)|b", r"[\1]", "abab"),
    (r"x*", "-", "abxd"),
    (r"", "-", "abc"),
    (r"\b", "|", "ab cd"),
    (r"(a)(b)?", r"\2\1", "aab"),
    (r"a", r"\101\0", "a"),
    (r"(a)", r"\10", "a"),
    (r"a", r"\q", "a"),
    (r"a", r"\g<x>", "a"),
    (r"(a)", r"\2", "a"),
    (r"a", r"\g<", "a"),
    (r"(?P<x>a)", r"\g<1x>", "a"),
])
def test_sub(lib_re, pattern, repl, subject):
    def outcome(module):
        try:
            return ("ok", module.subn(pattern, repl, subject), module.sub(pattern, repl, subject, 1))
        except Exception as exc:
            return ("error", type(exc).__name__, str(exc))
    assert outcome(lib_re) == outcome(re)


def test_split_findall_edge_cases(lib_re):
    cases = [(r"\s*", "a b  c"), (r"(\s)", "a b c"), (r"(,)|(;)", "a,b;c"), (r"x*", "axbxc"),
             (r"", "abc"), (r"\W+", "Words, words, words."), (r"(\W+)", "Words, words."),
             (r"(a)(b)|c", "abc abc"), (r"\b", "a b")]
    for pattern, subject in cases:
        for maxsplit in (0, 1, 2):
            assert lib_re.split(pattern, subject, maxsplit) == re.split(pattern, subject, maxsplit)
        assert lib_re.findall(pattern, subject) == re.findall(pattern, subject)


def test_escape(lib_re):
    samples = ["", "abc", "a.b*c", "()[]{}?*+-|^$\\.&~# \t\n\r\v\f", "héllo wörld", "1+1=2", "_"]
    for s in samples:
        assert lib_re.escape(s) == re.escape(s)
        assert lib_re.escape(s.encode("utf-8")) == re.escape(s.encode("utf-8"))
        assert lib_re.fullmatch(lib_re.escape(s), s)


def test_match_object_api(lib_re):
    m = lib_re.search(r"(?P<word>\w+)-(?P<num>\d+)?", "xx abc- 7")
    r = re.search(r"(?P<word>\w+)-(?P<num>\d+)?", "xx abc- 7")
    assert m.group() == r.group()
    assert m.group(1, 2, "word") == r.group(1, 2, "word")
    assert m["word"] == r["word"]
    assert m.groups("dflt") == r.groups("dflt")
    assert m.groupdict("dflt") == r.groupdict("dflt")
    assert m.start("num") == r.start("num") and m.end(1) == r.end(1)
    assert m.regs == r.regs
    assert (m.pos, m.endpos, m.string) == (r.pos, r.endpos, r.string)
    assert m.expand(r"<\g<word>|\1>") == r.expand(r"<\g<word>|\1>")
    assert repr(m) == repr(r)
    assert m.re.pattern == r.re.pattern
    with pytest.raises(IndexError):
        m.group(3)
    with pytest.raises(IndexError):
        m.group("nope")
    assert bool(m)


def test_pattern_api(lib_re):
    for pattern, flags in [("a+b", 0), ("a", re.I), ("x", re.I | re.M | re.S), ("x", re.A),
                           (b"bytes", 0), (b"x", re.I)]:
        assert repr(lib_re.compile(pattern, flags)) == repr(re.compile(pattern, flags))
        assert lib_re.compile(pattern, flags).flags == re.compile(pattern, flags).flags
    p = lib_re.compile(r"(a)(?P<n>b)")
    assert lib_re.compile(p) is p
    assert p.groups == 2 and p.groupindex == {"n": 2}
    with pytest.raises(ValueError):
        lib_re.compile(p, lib_re.I)
    assert lib_re.I == re.I and lib_re.M == re.M and lib_re.S == re.S and lib_re.X == re.X
    assert lib_re.A == re.A and lib_re.U == re.U


def test_bytes_patterns(lib_re):
    for pattern, subject, flags in [(rb"\w+", b"ab\xe9 cd", 0), (rb"[a-z]+", b"ABC def", re.I),
                                    (rb"\xe9", b"a\xe9", re.I), (rb"(\d+)", b"a1b22", 0),
                                    (rb"\s", b"a b\x85c", 0), (rb".", b"\n\xff", re.S)]:
        _check(lib_re, pattern, subject, flags)
    with pytest.raises(TypeError):
        lib_re.search("a", b"a")
    with pytest.raises(TypeError):
        lib_re.search(b"a", "a")
    assert lib_re.sub(rb"(a)", rb"[\1]", b"banana") == re.sub(rb"(a)", rb"[\1]", b"banana")


# -- errors ----------------------------------------------------------------

BAD_PATTERNS = [
    "(", ")", "a)", "(a", "[a", "[", "[a-", "[z-a]", "*", "+a", "a**", "a{2}{3}", "a{3,2}",
    "(?P<1>a)", "(?P<a-b>x)", "(?P<a>x)(?P<a>y)", "(?P=b)", "(?P<a>x)(?P=c)", "\\1", "(a)\\2",
    "(a\\1)", "\\q", "[\\q]", "\\x4", "\\u12", "\\U1234", "(?<a)", "(?Px)", "(?z)", "(?",
    "(?#abc", "(?i", "(?-)", "(?i-i:a)", "a(?i)b", "(?<=a+)b", "(?<=a|bc)d", "\\", "[\\A]",
    "(?(1)a|b|c)", "(?(x)a)", "(?(0)a)", "(?(2)a)(b)", "x(?-i)", "(?a-u:x)", "\\8", "[\\8]",
    "\\400", "a{4294967296}", "(?P<a>", "(?P<>x)", "(?P", "(?:a|b", "abc)", "a|*", "^*",
    "\\b+", "(?L)a", "(?u)a", "(?au)a", "(?i:", "[\\d-z]", "[a-\\d]",
]


@pytest.mark.parametrize("pattern", BAD_PATTERNS)
def test_bad_patterns(lib_re, pattern):
    def outcome(module):
        try:
            module.compile(pattern)
        except module.error as exc:
            return ("re.error", exc.msg, exc.pos, str(exc))
        except Exception as exc:
            return (type(exc).__name__, str(exc))
        return "compiled"
    mine = outcome(lib_re)
    ref = outcome(re)
    assert mine == ref


def test_error_attributes(lib_re):
    with pytest.raises(lib_re.error) as info:
        lib_re.compile("ab\n(cd")
    exc = info.value
    assert (exc.msg, exc.pos, exc.lineno, exc.colno, str(exc)) == \
        ("missing ), unterminated subpattern", 3, 2, 1,
         "missing ), unterminated subpattern at position 3 (line 2, column 1)")


# -- robustness ------------------------------------------------------------

def test_long_subjects_do_not_recurse(lib_re):
    n = 20000
    assert lib_re.match(r"a*b", "a" * n + "b").end() == n + 1
    assert lib_re.match(r"(?:ab)*c", "ab" * n + "c").end() == 2 * n + 1
    assert lib_re.match(r"(a|b)*c", "ab" * n + "c").group(1) == "b"
    assert lib_re.fullmatch(r".*?x", "y" * n + "x")
    assert lib_re.search(r"x", "y" * n + "x").start() == n
    assert len(lib_re.findall(r"\w+", "ab " * 5000)) == 5000
    assert lib_re.sub(r"a", "b", "a" * n) == "b" * n


def test_catastrophic_pattern_finishes_on_short_input(lib_re):
    assert lib_re.match(r"(a+)+b", "a" * 16) is None


def test_case_folding_specials_and_bytes_like_subjects(lib_re):
    for pattern, subject in [("(?i)\u017f", "S"), ("(?i)s", "\u017f"), ("(?i)[\u017f]", "s"),
                             ("(?i)k", "\u212a"), ("(?i)\u212a", "K"), ("(?i)[k-m]+", "\u212aL")]:
        _check(lib_re, pattern, subject)
    assert lib_re.search(r"(a)(?<=\1)b", "ab").span() == re.search(r"(a)(?<=\1)b", "ab").span()
    subject = bytearray(b"abac")
    assert lib_re.findall(rb"a.", subject) == re.findall(rb"a.", subject)
    assert lib_re.split(rb"b", subject) == re.split(rb"b", subject)
    assert lib_re.sub(rb"b", b"x", subject) == re.sub(rb"b", b"x", subject)
    m = lib_re.search(rb"b", subject)
    assert m.string is subject and m.group() == b"b"
