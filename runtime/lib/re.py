"""re: regular expressions in the Python subset.

A backtracking engine with the syntax and semantics of CPython 3.11's re
(sre): the pattern is parsed to a tree and compiled to a list of
instructions that one loop runs with an explicit backtracking stack (no
recursion per character, so long subjects cannot overflow the Python
stack).  Supported: literals and escapes, ., [...] classes with ranges,
negation and \\d\\w\\s inside, \\d \\w \\s \\D \\W \\S \\b \\B, ^ $ \\A \\Z,
groups (capturing, (?:...), (?P<name>...), (?P=name)), alternation,
greedy/lazy/possessive quantifiers * + ? {m,n}, backreferences, lookahead
and fixed-width lookbehind, atomic groups (?>...), conditionals (?(1)a|b),
comments (?#...), inline flags (?aimsx) and scoped (?i:...)/(?-i:...),
flags I M S X A U; bytes patterns (ASCII semantics).

See README.md for what it leaves out.
"""

__all__ = ["match", "fullmatch", "search", "sub", "subn", "split", "findall",
           "finditer", "compile", "purge", "escape", "error", "Pattern", "Match",
           "A", "I", "L", "M", "S", "X", "U", "ASCII", "IGNORECASE", "LOCALE",
           "MULTILINE", "DOTALL", "VERBOSE", "UNICODE", "NOFLAG"]

# flags (plain ints; CPython wraps them in an enum)
NOFLAG = 0
TEMPLATE = T = 1
IGNORECASE = I = 2
LOCALE = L = 4
MULTILINE = M = 8
DOTALL = S = 16
UNICODE = U = 32
VERBOSE = X = 64
DEBUG = 128
ASCII = A = 256

_FLAG_NAMES = [(TEMPLATE, "re.TEMPLATE"), (IGNORECASE, "re.IGNORECASE"),
               (LOCALE, "re.LOCALE"), (MULTILINE, "re.MULTILINE"),
               (DOTALL, "re.DOTALL"), (UNICODE, "re.UNICODE"),
               (VERBOSE, "re.VERBOSE"), (DEBUG, "re.DEBUG"), (ASCII, "re.ASCII")]
_INLINE_FLAGS = {"i": IGNORECASE, "L": LOCALE, "m": MULTILINE, "s": DOTALL,
                 "x": VERBOSE, "a": ASCII, "t": TEMPLATE, "u": UNICODE}
_TYPE_FLAGS = ASCII | LOCALE | UNICODE
_GLOBAL_FLAGS = DEBUG | TEMPLATE

MAXREPEAT = 4294967295
MAXGROUPS = 1073741823

_DIGITS = "0123456789"
_OCTDIGITS = "01234567"
_HEXDIGITS = "0123456789abcdefABCDEF"
_ASCIILETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_WHITESPACE = " \t\n\r\v\f"
_SPECIAL_CHARS = ".\\[{()*+?^$|"
_REPEAT_CHARS = "*+?{"
_SIMPLE_ESCAPES = {"\\a": "\a", "\\b": "\b", "\\f": "\f", "\\n": "\n", "\\r": "\r",
                   "\\t": "\t", "\\v": "\v", "\\\\": "\\"}


class error(Exception):
    """Raised for an invalid pattern (or replacement template)."""

    def __init__(self, msg, pattern=None, pos=None):
        self.msg = msg
        self.pattern = pattern
        self.pos = pos
        if pattern is not None and pos is not None:
            msg = "%s at position %d" % (msg, pos)
            newline = "\n" if isinstance(pattern, str) else b"\n"
            self.lineno = pattern.count(newline, 0, pos) + 1
            self.colno = pos - pattern.rfind(newline, 0, pos)
            if newline in pattern:
                msg = "%s (line %d, column %d)" % (msg, self.lineno, self.colno)
        else:
            self.lineno = None
            self.colno = None
        Exception.__init__(self, msg)


def _latin1(b):
    """bytes-like -> str with the same code points (the engine works on str)."""
    try:
        return bytes(b).decode("latin-1")
    except Exception:
        return "".join([chr(x) for x in b])


def _source(string):
    """What Match groups are sliced from: bytes for any bytes-like subject."""
    if isinstance(string, (bytearray, memoryview)):
        return bytes(string)
    return string


def _unlatin1(s):
    try:
        return s.encode("latin-1")
    except UnicodeEncodeError:
        raise
    except Exception:
        return bytes([ord(c) for c in s])


# ---------------------------------------------------------------------------
# Character tests

def _ascii_lower(c):
    if "A" <= c <= "Z":
        return chr(ord(c) + 32)
    return c


def _ascii_upper(c):
    if "a" <= c <= "z":
        return chr(ord(c) - 32)
    return c


def _case_variants(ch, ascii):
    """The characters that match ch when case is ignored (ch included)."""
    if ascii:
        return {ch, _ascii_lower(ch), _ascii_upper(ch)}
    variants = {ch}
    for _ in range(2):
        for c in list(variants):
            for v in (c.lower(), c.upper()):
                if len(v) == 1:
                    variants.add(v)
    return variants


def _is_word(c, ascii):
    if c == "_":
        return True
    if ascii:
        return c < "\x80" and c.isalnum()
    return c.isalnum()


def _is_digit(c, ascii):
    if ascii:
        return "0" <= c <= "9"
    return c.isdecimal()


def _is_space(c, ascii):
    if ascii:
        return c in " \t\n\r\f\v"
    return c.isspace()


def _category(cat, c, ascii):
    if cat == "d":
        return _is_digit(c, ascii)
    if cat == "D":
        return not _is_digit(c, ascii)
    if cat == "w":
        return _is_word(c, ascii)
    if cat == "W":
        return not _is_word(c, ascii)
    if cat == "s":
        return _is_space(c, ascii)
    return not _is_space(c, ascii)


class _CharSet:
    """A [...] class (or a \\d-style category): has(c) -> bool."""

    def __init__(self, chars, ranges, cats, negated, icase, ascii):
        self.chars = chars
        self.ranges = ranges
        self.cats = cats
        self.negated = negated
        self.icase = icase
        self.ascii = ascii
        self.cache = {}

    def _raw(self, c):
        if c in self.chars:
            return True
        o = ord(c)
        for r in self.ranges:
            if r[0] <= o <= r[1]:
                return True
        for cat in self.cats:
            if _category(cat, c, self.ascii):
                return True
        return False

    def has(self, c):
        cache = self.cache
        r = cache.get(c)
        if r is None:
            r = self._raw(c)
            if not r and self.icase:
                if self.ascii:
                    lo = _ascii_lower(c)
                    up = _ascii_upper(c)
                else:
                    lo = c.lower()
                    up = c.upper()
                if len(lo) == 1 and lo != c and self._raw(lo):
                    r = True
                elif len(up) == 1 and up != c and self._raw(up):
                    r = True
            if self.negated:
                r = not r
            if len(cache) < 2048:
                cache[c] = r
        return r


# ---------------------------------------------------------------------------
# Parser: pattern text -> tree
#
# nodes (tuples):
#   ("lit", ch, icase, ascii)   ("any", dotall)   ("set", _CharSet)
#   ("at", kind)   ("cat", [nodes])   ("alt", [nodes])   ("group", gid, node)
#   ("rep", node, min, max, kind)      kind: 0 greedy, 1 lazy, 2 possessive
#   ("backref", gid, icase, ascii)     ("look", behind, negated, node)
#   ("atomic", node)   ("cond", gid, yes, no)

class _Parser:

    def __init__(self, pattern, text, flags, is_bytes):
        self.pattern = pattern      # as given (for errors)
        self.s = text               # str
        self.n = len(text)
        self.i = 0
        self.flags = flags
        self.is_bytes = is_bytes
        self.groups = 1             # next group number
        self.groupdict = {}
        self.open_groups = []
        self.grouprefpos = {}
        self.group_widths = {}

    # -- tokens ---------------------------------------------------------------

    def error(self, msg, offset=0):
        return error(msg, self.pattern, self.tell() - offset)

    def tell(self):
        return self.i

    def peek(self):
        """The next token (a char, or backslash + char) without consuming."""
        i = self.i
        if i >= self.n:
            return None
        c = self.s[i]
        if c == "\\":
            if i + 1 >= self.n:
                raise error("bad escape (end of pattern)", self.pattern, i)
            return self.s[i:i + 2]
        return c

    def get(self):
        tok = self.peek()
        if tok is not None:
            self.i += len(tok)
        return tok

    def match(self, c):
        if self.peek() == c:
            self.i += len(c)
            return True
        return False

    def getwhile(self, n, charset):
        result = ""
        for _ in range(n):
            c = self.peek()
            if c is None or c not in charset:
                break
            result += c
            self.i += 1
        return result

    def getuntil(self, terminator, name):
        result = ""
        while True:
            c = self.get()
            if c is None:
                if not result:
                    raise self.error("missing " + name)
                raise self.error("missing %s, unterminated name" % terminator, len(result))
            if c == terminator:
                if not result:
                    raise self.error("missing " + name, 1)
                break
            result += c
        return result

    # -- grammar --------------------------------------------------------------

    def parse(self):
        verbose = bool(self.flags & VERBOSE)
        node = self.parse_sub(verbose, 0)
        if self.peek() is not None:
            raise self.error("unbalanced parenthesis")
        for g in self.grouprefpos:
            if g >= self.groups:
                raise error("invalid group reference %d" % g, self.pattern, self.grouprefpos[g])
        return node

    def parse_sub(self, verbose, nested):
        branches = []
        while True:
            branches.append(self.parse_seq(verbose, nested + 1, not nested and not branches))
            if not self.match("|"):
                break
            if not nested:
                verbose = bool(self.flags & VERBOSE)
        if len(branches) == 1:
            return branches[0]
        return ("alt", branches)

    def cur_flags(self, local):
        return self.flags if local is None else local

    def parse_seq(self, verbose, nested, first, flags=None):
        items = []
        append = items.append
        while True:
            this = self.peek()
            if this is None or this == "|" or this == ")":
                break
            self.get()
            fl = self.flags if flags is None else flags
            if verbose:
                if this in _WHITESPACE:
                    continue
                if this == "#":
                    while True:
                        this = self.get()
                        if this is None or this == "\n":
                            break
                    continue
            if this[0] == "\\":
                append(self.escape(this, fl))
            elif this not in _SPECIAL_CHARS:
                append(self.literal(this, fl))
            elif this == "[":
                append(self.parse_set(fl))
            elif this in _REPEAT_CHARS:
                here = self.tell()
                if this == "?":
                    lo, hi = 0, 1
                elif this == "*":
                    lo, hi = 0, MAXREPEAT
                elif this == "+":
                    lo, hi = 1, MAXREPEAT
                else:
                    if self.peek() == "}":
                        append(self.literal(this, fl))
                        continue
                    lo, hi = 0, MAXREPEAT
                    lo_text = ""
                    hi_text = ""
                    while self.peek() is not None and self.peek() in _DIGITS:
                        lo_text += self.get()
                    if self.match(","):
                        while self.peek() is not None and self.peek() in _DIGITS:
                            hi_text += self.get()
                    else:
                        hi_text = lo_text
                    if not self.match("}"):
                        append(self.literal(this, fl))
                        self.i = here
                        continue
                    if lo_text:
                        lo = int(lo_text)
                        if lo >= MAXREPEAT:
                            raise OverflowError("the repetition number is too large")
                    if hi_text:
                        hi = int(hi_text)
                        if hi >= MAXREPEAT:
                            raise OverflowError("the repetition number is too large")
                        if hi < lo:
                            raise self.error("min repeat greater than max repeat",
                                             self.tell() - here)
                if not items or items[-1][0] == "at":
                    raise self.error("nothing to repeat", self.tell() - here + len(this))
                item = items[-1]
                if item[0] == "rep" or item[0] == "_quantified":
                    raise self.error("multiple repeat", self.tell() - here + len(this))
                if item[0] == "_ncgroup":
                    item = item[1]
                if self.match("?"):
                    kind = 1
                elif self.match("+"):
                    kind = 2
                else:
                    kind = 0
                items[-1] = ("rep", item, lo, hi, kind)
            elif this == ".":
                append(("any", bool(fl & DOTALL)))
            elif this == "(":
                node = self.parse_group(verbose, nested, first, items, fl)
                if node is not None:
                    append(node)
                elif first and not items and self.flags & VERBOSE:
                    verbose = True
            elif this == "^":
                append(("at", "bolm" if fl & MULTILINE else "bol"))
            elif this == "$":
                append(("at", "eolm" if fl & MULTILINE else "eol"))
            else:
                raise self.error("unsupported special character %r" % this)
        out = []
        for item in items:
            if item[0] == "_ncgroup":
                item = ("_wrap", item[1])
            out.append(item)
        return self.make_cat(out)

    def make_cat(self, items):
        flat = []
        for item in items:
            if item[0] == "_wrap":
                item = item[1]
            if item[0] == "cat":
                flat.extend(item[1])
            else:
                flat.append(item)
        if len(flat) == 1:
            return flat[0]
        return ("cat", flat)

    def literal(self, ch, fl):
        if fl & IGNORECASE:
            ascii = bool(fl & ASCII) or self.is_bytes
            variants = _case_variants(ch, ascii)
            if len(variants) > 1:
                return ("lit", variants, True, ascii)
        return ("lit", ch, False, False)

    def ascii_mode(self, fl):
        return bool(fl & ASCII) or self.is_bytes

    def checkgroup(self, gid):
        return gid < self.groups and gid not in self.open_groups

    def escape(self, esc, fl):
        c = esc[1]
        if c in "AZbB":
            if c == "A":
                return ("at", "bos")
            if c == "Z":
                return ("at", "eos")
            kind = "wordb" if c == "b" else "nwordb"
            if self.ascii_mode(fl):
                kind += "_a"
            return ("at", kind)
        if c in "dDsSwW":
            return ("set", _CharSet(set(), [], [c], False, False, self.ascii_mode(fl)))
        if esc in _SIMPLE_ESCAPES:
            return self.literal(_SIMPLE_ESCAPES[esc], fl)
        code = self.escape_code(esc, False)
        if code[0] == "lit":
            return self.literal(code[1], fl)
        if code[0] == "groupref":
            gid = code[1]
            return ("backref", gid, bool(fl & IGNORECASE), self.ascii_mode(fl),
                    self.group_widths.get(gid))
        raise AssertionError(code)

    def escape_code(self, esc, in_class):
        """Numeric and letter escapes: ("lit", ch) or ("groupref", gid)."""
        c = esc[1]
        if c == "x":
            esc += self.getwhile(2, _HEXDIGITS)
            if len(esc) != 4:
                raise self.error("incomplete escape %s" % esc, len(esc))
            return ("lit", chr(int(esc[2:], 16)))
        if c == "u" and not self.is_bytes:
            esc += self.getwhile(4, _HEXDIGITS)
            if len(esc) != 6:
                raise self.error("incomplete escape %s" % esc, len(esc))
            return ("lit", chr(int(esc[2:], 16)))
        if c == "U" and not self.is_bytes:
            esc += self.getwhile(8, _HEXDIGITS)
            if len(esc) != 10:
                raise self.error("incomplete escape %s" % esc, len(esc))
            v = int(esc[2:], 16)
            if v > 0x10FFFF:
                raise self.error("bad escape %s" % esc, len(esc))
            return ("lit", chr(v))
        if c == "N" and not self.is_bytes:
            raise self.error("bad escape %s (\\N{...} names are not supported)" % esc,
                             len(esc))
        if in_class:
            if c in _OCTDIGITS:
                esc += self.getwhile(2, _OCTDIGITS)
                v = int(esc[1:], 8)
                if v > 0o377:
                    raise self.error("octal escape value %s outside of range 0-0o377"
                                     % esc, len(esc))
                return ("lit", chr(v))
            if c in _DIGITS:
                raise self.error("bad escape %s" % esc, len(esc))
        else:
            if c == "0":
                esc += self.getwhile(2, _OCTDIGITS)
                return ("lit", chr(int(esc[1:], 8)))
            if c in _DIGITS:
                nxt = self.peek()
                if nxt is not None and nxt in _DIGITS:
                    esc += self.get()
                    nxt = self.peek()
                    if esc[1] in _OCTDIGITS and esc[2] in _OCTDIGITS and \
                            nxt is not None and nxt in _OCTDIGITS:
                        esc += self.get()
                        v = int(esc[1:], 8)
                        if v > 0o377:
                            raise self.error("octal escape value %s outside of range "
                                             "0-0o377" % esc, len(esc))
                        return ("lit", chr(v))
                gid = int(esc[1:])
                if gid < self.groups:
                    if not self.checkgroup(gid):
                        raise self.error("cannot refer to an open group", len(esc))
                    return ("groupref", gid)
                raise self.error("invalid group reference %d" % gid, len(esc) - 1)
        if len(esc) == 2:
            if c in _ASCIILETTERS:
                raise self.error("bad escape %s" % esc, len(esc))
            return ("lit", c)
        raise self.error("bad escape %s" % esc, len(esc))

    def parse_set(self, fl):
        here = self.tell() - 1
        chars = set()
        ranges = []
        cats = []
        ascii = self.ascii_mode(fl)
        negated = self.match("^")
        count = 0
        while True:
            this = self.get()
            if this is None:
                raise self.error("unterminated character set", self.tell() - here)
            if this == "]" and count:
                break
            count += 1
            if this[0] == "\\":
                code1 = self.class_escape(this, ascii)
            else:
                code1 = ("lit", this)
            if self.match("-"):
                that = self.get()
                if that is None:
                    raise self.error("unterminated character set", self.tell() - here)
                if that == "]":
                    if code1[0] == "lit":
                        chars.add(code1[1])
                    else:
                        cats.append(code1[1])
                    chars.add("-")
                    break
                if that[0] == "\\":
                    code2 = self.class_escape(that, ascii)
                else:
                    code2 = ("lit", that)
                if code1[0] != "lit" or code2[0] != "lit":
                    raise self.error("bad character range %s-%s" % (this, that),
                                     len(this) + 1 + len(that))
                lo = ord(code1[1])
                hi = ord(code2[1])
                if hi < lo:
                    raise self.error("bad character range %s-%s" % (this, that),
                                     len(this) + 1 + len(that))
                ranges.append((lo, hi))
            else:
                if code1[0] == "lit":
                    chars.add(code1[1])
                else:
                    cats.append(code1[1])
        icase = bool(fl & IGNORECASE)
        if icase:
            for ch in list(chars):
                chars |= _case_variants(ch, ascii)
        return ("set", _CharSet(chars, ranges, cats, negated, icase, ascii))

    def class_escape(self, esc, ascii):
        c = esc[1]
        if c in "dDsSwW":
            return ("cat", c)
        if esc in _SIMPLE_ESCAPES:
            return ("lit", _SIMPLE_ESCAPES[esc])
        if c in "AZB":
            raise self.error("bad escape %s" % esc, len(esc))
        return self.escape_code(esc, True)

    def parse_flags(self, char):
        add_flags = 0
        del_flags = 0
        if char != "-":
            while True:
                flag = _INLINE_FLAGS[char]
                if not self.is_bytes:
                    if char == "L":
                        raise self.error("bad inline flags: cannot use 'L' flag with a str pattern")
                else:
                    if char == "u":
                        raise self.error("bad inline flags: cannot use 'u' flag with a bytes pattern")
                add_flags |= flag
                if (flag & _TYPE_FLAGS) and (add_flags & _TYPE_FLAGS) != flag:
                    raise self.error("bad inline flags: flags 'a', 'u' and 'L' are incompatible")
                char = self.get()
                if char is None:
                    raise self.error("missing -, : or )")
                if char in ")-:":
                    break
                if char not in _INLINE_FLAGS:
                    msg = "unknown flag" if char.isalpha() else "missing -, : or )"
                    raise self.error(msg, len(char))
        if char == ")":
            self.flags |= add_flags
            return None
        if add_flags & _GLOBAL_FLAGS:
            raise self.error("bad inline flags: cannot turn on global flag", 1)
        if char == "-":
            char = self.get()
            if char is None:
                raise self.error("missing flag")
            if char not in _INLINE_FLAGS:
                msg = "unknown flag" if char.isalpha() else "missing flag"
                raise self.error(msg, len(char))
            while True:
                flag = _INLINE_FLAGS[char]
                if flag & _TYPE_FLAGS:
                    raise self.error("bad inline flags: cannot turn off flags 'a', 'u' and 'L'")
                del_flags |= flag
                char = self.get()
                if char is None:
                    raise self.error("missing :")
                if char == ":":
                    break
                if char not in _INLINE_FLAGS:
                    msg = "unknown flag" if char.isalpha() else "missing :"
                    raise self.error(msg, len(char))
        if del_flags & _GLOBAL_FLAGS:
            raise self.error("bad inline flags: cannot turn off global flag", 1)
        if add_flags & del_flags:
            raise self.error("bad inline flags: flag turned on and off", 1)
        return add_flags, del_flags

    def check_name(self, name):
        ok = len(name) > 0 and (name[0] == "_" or name[0].isalpha())
        if ok:
            for ch in name:
                if not (ch == "_" or ch.isalnum()):
                    ok = False
                    break
        if not ok:
            raise self.error("bad character in group name %r" % name, len(name) + 1)

    def is_identifier(self, name):
        if not name or not (name[0] == "_" or name[0].isalpha()):
            return False
        for ch in name:
            if not (ch == "_" or ch.isalnum()):
                return False
        return True

    def sub_flags_parse(self, verbose, nested, fl):
        """Alternation inside a group, with the scoped flags fl."""
        saved = self.flags
        branches = []
        while True:
            branches.append(self.parse_seq(verbose, nested + 1, False, fl))
            if not self.match("|"):
                break
        self.flags = saved
        if len(branches) == 1:
            return branches[0]
        return ("alt", branches)

    def parse_group(self, verbose, nested, first, items, fl):
        start = self.tell() - 1
        capture = True
        atomic = False
        name = None
        add_flags = 0
        del_flags = 0
        if self.match("?"):
            char = self.get()
            if char is None:
                raise self.error("unexpected end of pattern")
            if char == "P":
                if self.match("<"):
                    name = self.getuntil(">", "group name")
                    self.check_name(name)
                elif self.match("="):
                    name = self.getuntil(")", "group name")
                    self.check_name(name)
                    gid = self.groupdict.get(name)
                    if gid is None:
                        raise self.error("unknown group name %r" % name, len(name) + 1)
                    if not self.checkgroup(gid):
                        raise self.error("cannot refer to an open group", len(name) + 1)
                    return ("backref", gid, bool(fl & IGNORECASE), self.ascii_mode(fl),
                    self.group_widths.get(gid))
                else:
                    char = self.get()
                    if char is None:
                        raise self.error("unexpected end of pattern")
                    raise self.error("unknown extension ?P" + char, len(char) + 2)
            elif char == ":":
                capture = False
            elif char == "#":
                while True:
                    if self.peek() is None:
                        raise self.error("missing ), unterminated comment",
                                         self.tell() - start)
                    if self.get() == ")":
                        break
                return None
            elif char in "=!<":
                behind = False
                if char == "<":
                    char = self.get()
                    if char is None:
                        raise self.error("unexpected end of pattern")
                    if char not in "=!":
                        raise self.error("unknown extension ?<" + char, len(char) + 2)
                    behind = True
                p = self.sub_flags_parse(verbose, nested, fl)
                if not self.match(")"):
                    raise self.error("missing ), unterminated subpattern", self.tell() - start)
                if behind:
                    lo, hi = _width(p)
                    if lo != hi:
                        raise error("look-behind requires fixed-width pattern")
                return ("look", behind, char == "!", p)
            elif char == "(":
                condname = self.getuntil(")", "group name")
                if self.is_identifier(condname):
                    condgroup = self.groupdict.get(condname)
                    if condgroup is None:
                        raise self.error("unknown group name %r" % condname, len(condname) + 1)
                else:
                    ok = len(condname) > 0
                    for ch in condname:
                        if ch not in _DIGITS:
                            ok = False
                    if not ok:
                        raise self.error("bad character in group name %r" % condname,
                                         len(condname) + 1)
                    condgroup = int(condname)
                    if not condgroup:
                        raise self.error("bad group number", len(condname) + 1)
                    if condgroup >= MAXGROUPS:
                        raise self.error("invalid group reference %d" % condgroup,
                                         len(condname) + 1)
                    if condgroup not in self.grouprefpos:
                        self.grouprefpos[condgroup] = self.tell() - len(condname) - 1
                saved = self.flags
                yes = self.parse_seq(verbose, nested + 1, False, fl)
                if self.match("|"):
                    no = self.parse_seq(verbose, nested + 1, False, fl)
                    if self.peek() == "|":
                        raise self.error("conditional backref with more than two branches")
                else:
                    no = None
                self.flags = saved
                if not self.match(")"):
                    raise self.error("missing ), unterminated subpattern", self.tell() - start)
                return ("cond", condgroup, yes, no)
            elif char == ">":
                capture = False
                atomic = True
            elif char in _INLINE_FLAGS or char == "-":
                flags = self.parse_flags(char)
                if flags is None:
                    if not first or items:
                        raise self.error("global flags not at the start of the expression",
                                         self.tell() - start)
                    return None
                add_flags, del_flags = flags
                capture = False
            else:
                raise self.error("unknown extension ?" + char, len(char) + 1)
        if capture:
            gid = self.groups
            if gid >= MAXGROUPS:
                raise self.error("too many groups")
            if name is not None:
                ogid = self.groupdict.get(name)
                if ogid is not None:
                    raise self.error("redefinition of group name %r as group %d; was group %d"
                                     % (name, gid, ogid), len(name) + 1)
                self.groupdict[name] = gid
            self.groups += 1
            self.open_groups.append(gid)
        else:
            gid = None
        sub_verbose = (verbose or bool(add_flags & VERBOSE)) and not (del_flags & VERBOSE)
        sub_fl = (fl | add_flags) & ~del_flags
        p = self.sub_flags_parse(sub_verbose, nested, sub_fl)
        if not self.match(")"):
            raise self.error("missing ), unterminated subpattern", self.tell() - start)
        if gid is not None:
            self.open_groups.remove(gid)
            self.group_widths[gid] = _width(p)
            return ("group", gid, p)
        if atomic:
            return ("atomic", p)
        return ("_ncgroup", p)


def _width(node, widths=None):
    """(min, max) number of characters node can match (max may be MAXREPEAT)."""
    t = node[0]
    if t == "lit" or t == "any" or t == "set":
        return 1, 1
    if t == "at" or t == "look":
        return 0, 0
    if t == "cat":
        lo = hi = 0
        for item in node[1]:
            a, b = _width(item)
            lo += a
            hi = min(hi + b, MAXREPEAT)
        return lo, hi
    if t == "alt":
        lo = MAXREPEAT
        hi = 0
        for item in node[1]:
            a, b = _width(item)
            lo = min(lo, a)
            hi = max(hi, b)
        return lo, hi
    if t == "group":
        return _width(node[2])
    if t == "atomic" or t == "_ncgroup" or t == "_wrap":
        return _width(node[1])
    if t == "rep":
        a, b = _width(node[1])
        return min(a * node[2], MAXREPEAT), min(b * node[3], MAXREPEAT)
    if t == "cond":
        a, b = _width(node[2])
        if node[3] is not None:
            c, d = _width(node[3])
        else:
            c, d = 0, 0
        return min(a, c), max(b, d)
    if t == "backref" and node[4] is not None:
        return node[4]
    return 0, MAXREPEAT


# ---------------------------------------------------------------------------
# Compiler: tree -> instruction list

_CHAR = 0
_STR = 1
_ANY = 2
_ANYALL = 3
_SET = 4
_CHAR_I = 5
_REP1 = 6
_SPLIT = 7
_JMP = 8
_SAVE = 9
_AT = 10
_MATCH = 11
_REPINIT = 12
_REPTEST = 13
_REPEND = 14
_BACKREF = 15
_LOOK = 16
_ATOMIC = 17
_COND = 18
_SPLIT_LAZY = 19

# backtracking stack entry kinds
_BT_UNDO = 0
_BT_BRANCH = 1
_BT_GREEDY = 2
_BT_LAZY = 3
_BT_LAZYBODY = 4


class _Compiler:

    def __init__(self, ngroups):
        self.ngroups = ngroups
        self.lastindex_slot = 2 * ngroups
        self.nregs = 2 * ngroups + 1

    def new_counter(self):
        r = self.nregs
        self.nregs += 2
        return r

    def compile(self, node):
        """node -> a program ending in MATCH (lookarounds and atomic groups
        get their own, run as sub-programs)."""
        prog = []
        self.emit(node, prog)
        prog.append([_MATCH])
        # next-literal hints for single-character repeats
        for i in range(len(prog) - 1):
            op = prog[i]
            if op[0] == _REP1:
                nxt = prog[i + 1]
                if nxt[0] == _CHAR:
                    op[6] = nxt[1]
                elif nxt[0] == _STR:
                    op[6] = nxt[1][0]
        return prog

    def single(self, node):
        """(kind, arg) when node matches exactly one character, else None."""
        t = node[0]
        if t == "lit":
            if node[2]:
                return (_CHAR_I, (node[1], node[3]))
            return (_CHAR, node[1])
        if t == "any":
            return (_ANYALL, None) if node[1] else (_ANY, None)
        if t == "set":
            return (_SET, node[1])
        return None

    def emit(self, node, prog):
        t = node[0]
        if t == "lit":
            if node[2]:
                prog.append([_CHAR_I, node[1], node[3]])
            else:
                prog.append([_CHAR, node[1]])
        elif t == "any":
            prog.append([_ANYALL] if node[1] else [_ANY])
        elif t == "set":
            prog.append([_SET, node[1]])
        elif t == "cat":
            items = node[1]
            i = 0
            n = len(items)
            while i < n:
                item = items[i]
                if item[0] == "lit" and not item[2]:
                    j = i
                    text = ""
                    while j < n and items[j][0] == "lit" and not items[j][2]:
                        text += items[j][1]
                        j += 1
                    if len(text) > 1:
                        prog.append([_STR, text, len(text)])
                    else:
                        prog.append([_CHAR, text])
                    i = j
                    continue
                self.emit(item, prog)
                i += 1
        elif t == "alt":
            branches = node[1]
            jumps = []
            for k in range(len(branches)):
                if k < len(branches) - 1:
                    split = [_SPLIT, None]
                    prog.append(split)
                    self.emit(branches[k], prog)
                    jump = [_JMP, None]
                    prog.append(jump)
                    jumps.append(jump)
                    split[1] = len(prog)
                else:
                    self.emit(branches[k], prog)
            for jump in jumps:
                jump[1] = len(prog)
        elif t == "group":
            gid = node[1]
            prog.append([_SAVE, 2 * gid, self.lastindex_slot])
            self.emit(node[2], prog)
            prog.append([_SAVE, 2 * gid + 1, self.lastindex_slot])
        elif t == "_ncgroup" or t == "_wrap":
            self.emit(node[1], prog)
        elif t == "at":
            prog.append([_AT, node[1]])
        elif t == "rep":
            self.emit_repeat(node, prog)
        elif t == "backref":
            prog.append([_BACKREF, node[1], node[2], node[3]])
        elif t == "look":
            sub = self.compile(node[3])
            width = _width(node[3])[0]
            prog.append([_LOOK, node[1], node[2], sub, width])
        elif t == "atomic":
            prog.append([_ATOMIC, self.compile(node[1])])
        elif t == "cond":
            cond = [_COND, node[1], None]
            prog.append(cond)
            self.emit(node[2], prog)
            if node[3] is not None:
                jump = [_JMP, None]
                prog.append(jump)
                cond[2] = len(prog)
                self.emit(node[3], prog)
                jump[1] = len(prog)
            else:
                cond[2] = len(prog)
        else:
            raise AssertionError(t)

    def emit_repeat(self, node, prog):
        body = node[1]
        lo = node[2]
        hi = node[3]
        kind = node[4]
        if kind == 2:
            prog.append([_ATOMIC, self.compile(("rep", body, lo, hi, 0))])
            return
        greedy = kind == 0
        single = self.single(body)
        mx = -1 if hi == MAXREPEAT else hi
        if single is not None:
            prog.append([_REP1, single[0], single[1], lo, mx, greedy, None])
            return
        if lo == 1 and hi == 1:
            self.emit(body, prog)
            return
        if lo == 0 and hi == 1:
            split = [_SPLIT if greedy else _SPLIT_LAZY, None]
            prog.append(split)
            self.emit(body, prog)
            split[1] = len(prog)
            return
        r = self.new_counter()
        prog.append([_REPINIT, r])
        loop = len(prog)
        test = [_REPTEST, r, lo, mx, greedy, None]
        prog.append(test)
        self.emit(body, prog)
        prog.append([_REPEND, r, loop])
        test[5] = len(prog)


# ---------------------------------------------------------------------------
# The matcher

def _char_ok(kind, arg, c):
    if kind == _CHAR:
        return c == arg
    if kind == _ANY:
        return c != "\n"
    if kind == _ANYALL:
        return True
    if kind == _SET:
        return arg.has(c)
    # _CHAR_I: arg = (variants, ascii)
    v = arg[0]
    return c in v or (not arg[1] and (c.upper() in v or c.lower() in v))


def _count(kind, arg, s, pos, limit):
    """How many characters from s[pos] (up to limit) match one item."""
    p = pos
    if kind == _ANYALL:
        return limit - pos
    if kind == _ANY:
        i = s.find("\n", pos, limit)
        if i < 0:
            return limit - pos
        return i - pos
    if kind == _CHAR:
        while p < limit and s[p] == arg:
            p += 1
    elif kind == _SET:
        has = arg.has
        while p < limit and has(s[p]):
            p += 1
    else:
        while p < limit and _char_ok(kind, arg, s[p]):
            p += 1
    return p - pos


def _at(kind, s, pos, end):
    if kind == "bol" or kind == "bos":
        return pos == 0
    if kind == "eos":
        return pos == end
    if kind == "eol":
        return pos == end or (pos == end - 1 and s[pos] == "\n")
    if kind == "bolm":
        return pos == 0 or s[pos - 1] == "\n"
    if kind == "eolm":
        return pos == end or s[pos] == "\n"
    ascii = kind.endswith("_a")
    before = pos > 0 and _is_word(s[pos - 1], ascii)
    after = pos < end and _is_word(s[pos], ascii)
    if kind.startswith("wordb"):
        return before != after
    # \B: sre never matches it in an empty string
    if end == 0:
        return False
    return before == after


def _execute(prog, s, start, end, regs, must_advance, match_all):
    """Runs prog on s from start; returns the end position or -1.
    regs (group marks, lastindex, repeat counters) is updated in place."""
    stack = []
    push = stack.append
    pop = stack.pop
    pc = 0
    pos = start
    while True:
        op = prog[pc]
        code = op[0]
        if code == _CHAR:
            if pos < end and s[pos] == op[1]:
                pos += 1
                pc += 1
                continue
        elif code == _STR:
            n = op[2]
            if pos + n <= end and s.startswith(op[1], pos):
                pos += n
                pc += 1
                continue
        elif code == _REP1:
            kind = op[1]
            arg = op[2]
            mn = op[3]
            mx = op[4]
            if mx < 0 or pos + mx > end:
                limit = end
            else:
                limit = pos + mx
            if op[5]:
                p = pos + _count(kind, arg, s, pos, limit)
                lo = pos + mn
                if p >= lo:
                    nl = op[6]
                    if nl is not None:
                        while p >= lo and (p >= end or s[p] != nl):
                            p -= 1
                    if p >= lo:
                        if p > lo:
                            push((_BT_GREEDY, pc + 1, lo, p - 1, nl))
                        pos = p
                        pc += 1
                        continue
            else:
                if pos + mn <= limit and _count(kind, arg, s, pos, pos + mn) == mn:
                    pos += mn
                    if pos < limit:
                        push((_BT_LAZY, pc + 1, pos, limit, kind, arg))
                    pc += 1
                    continue
        elif code == _SET:
            if pos < end and op[1].has(s[pos]):
                pos += 1
                pc += 1
                continue
        elif code == _SAVE:
            slot = op[1]
            push((_BT_UNDO, slot, regs[slot]))
            regs[slot] = pos
            if slot & 1:
                li = op[2]
                push((_BT_UNDO, li, regs[li]))
                regs[li] = slot >> 1
            pc += 1
            continue
        elif code == _SPLIT:
            push((_BT_BRANCH, op[1], pos))
            pc += 1
            continue
        elif code == _JMP:
            pc = op[1]
            continue
        elif code == _ANY:
            if pos < end and s[pos] != "\n":
                pos += 1
                pc += 1
                continue
        elif code == _ANYALL:
            if pos < end:
                pos += 1
                pc += 1
                continue
        elif code == _CHAR_I:
            if pos < end:
                c = s[pos]
                v = op[1]
                if c in v or (not op[2] and (c.upper() in v or c.lower() in v)):
                    pos += 1
                    pc += 1
                    continue
        elif code == _AT:
            if _at(op[1], s, pos, end):
                pc += 1
                continue
        elif code == _MATCH:
            if not ((must_advance and pos == start) or (match_all and pos != end)):
                return pos
        elif code == _REPTEST:
            r = op[1]
            cnt = regs[r]
            if cnt < op[2]:
                # mandatory iteration (no zero-width protection, as sre)
                pc += 1
                continue
            if (op[3] < 0 or cnt < op[3]) and pos != regs[r + 1]:
                if op[4]:
                    push((_BT_BRANCH, op[5], pos))
                    push((_BT_UNDO, r + 1, regs[r + 1]))
                    regs[r + 1] = pos
                    pc += 1
                else:
                    push((_BT_LAZYBODY, pc + 1, pos, r))
                    pc = op[5]
                continue
            pc = op[5]
            continue
        elif code == _REPEND:
            r = op[1]
            push((_BT_UNDO, r, regs[r]))
            regs[r] += 1
            pc = op[2]
            continue
        elif code == _REPINIT:
            r = op[1]
            push((_BT_UNDO, r, regs[r]))
            push((_BT_UNDO, r + 1, regs[r + 1]))
            regs[r] = 0
            regs[r + 1] = -1
            pc += 1
            continue
        elif code == _SPLIT_LAZY:
            push((_BT_BRANCH, pc + 1, pos))
            pc = op[1]
            continue
        elif code == _BACKREF:
            g = op[1]
            a = regs[2 * g]
            b = regs[2 * g + 1]
            if a >= 0 and b >= a:
                n = b - a
                if pos + n <= end:
                    if op[2]:
                        if op[3]:
                            x = "".join([_ascii_lower(c) for c in s[a:b]])
                            y = "".join([_ascii_lower(c) for c in s[pos:pos + n]])
                        else:
                            x = s[a:b].lower()
                            y = s[pos:pos + n].lower()
                        ok = x == y
                    else:
                        ok = s[a:b] == s[pos:pos + n]
                    if ok:
                        pos += n
                        pc += 1
                        continue
        elif code == _LOOK:
            if op[1]:
                st = pos - op[4]
            else:
                st = pos
            matched = False
            if st >= 0:
                sub_regs = regs[:]
                matched = _execute(op[3], s, st, end, sub_regs, False, False) >= 0
            if op[2]:
                if not matched:
                    pc += 1
                    continue
            elif matched:
                for i in range(len(regs)):
                    if sub_regs[i] != regs[i]:
                        push((_BT_UNDO, i, regs[i]))
                        regs[i] = sub_regs[i]
                pc += 1
                continue
        elif code == _ATOMIC:
            sub_regs = regs[:]
            r = _execute(op[1], s, pos, end, sub_regs, False, False)
            if r >= 0:
                for i in range(len(regs)):
                    if sub_regs[i] != regs[i]:
                        push((_BT_UNDO, i, regs[i]))
                        regs[i] = sub_regs[i]
                pos = r
                pc += 1
                continue
        elif code == _COND:
            g = op[1]
            if regs[2 * g] >= 0 and regs[2 * g + 1] >= regs[2 * g]:
                pc += 1
            else:
                pc = op[2]
            continue
        else:
            raise AssertionError("bad opcode %r" % (code,))
        # failure: backtrack
        while True:
            if not stack:
                return -1
            e = pop()
            k = e[0]
            if k == _BT_UNDO:
                regs[e[1]] = e[2]
            elif k == _BT_BRANCH:
                pc = e[1]
                pos = e[2]
                break
            elif k == _BT_GREEDY:
                lo = e[2]
                p = e[3]
                nl = e[4]
                if nl is not None:
                    while p >= lo and (p >= end or s[p] != nl):
                        p -= 1
                    if p < lo:
                        continue
                if p > lo:
                    push((_BT_GREEDY, e[1], lo, p - 1, nl))
                pos = p
                pc = e[1]
                break
            elif k == _BT_LAZY:
                p = e[2]
                if _char_ok(e[4], e[5], s[p]):
                    p += 1
                    if p < e[3]:
                        push((_BT_LAZY, e[1], p, e[3], e[4], e[5]))
                    pos = p
                    pc = e[1]
                    break
            else:   # _BT_LAZYBODY
                r = e[3]
                push((_BT_UNDO, r + 1, regs[r + 1]))
                regs[r + 1] = e[2]
                pos = e[2]
                pc = e[1]
                break


# ---------------------------------------------------------------------------
# Pattern and Match

class Match:

    def __init__(self, pattern, string, text, pos, endpos, regs):
        self.re = pattern
        self.string = string
        self._src = string
        self._text = text
        self.pos = pos
        self.endpos = endpos
        self._regs = regs   # [start0, end0, start1, end1, ...]
        li = regs[-1]
        self.lastindex = li
        self.lastgroup = None
        if li is not None:
            for name, gid in pattern.groupindex.items():
                if gid == li:
                    self.lastgroup = name

    def _index(self, g):
        if isinstance(g, int) and not isinstance(g, bool):
            if 0 <= g <= self.re.groups:
                return g
        elif isinstance(g, str):
            gid = self.re.groupindex.get(g)
            if gid is not None:
                return gid
        else:
            try:
                gid = int(g)
            except Exception:
                gid = -1
            if 0 <= gid <= self.re.groups:
                return gid
        raise IndexError("no such group")

    def _get(self, gid, default=None):
        a = self._regs[2 * gid]
        b = self._regs[2 * gid + 1]
        if a < 0:
            return default
        return self._src[a:b]

    def group(self, *args):
        if not args:
            return self._get(0)
        if len(args) == 1:
            return self._get(self._index(args[0]))
        return tuple([self._get(self._index(g)) for g in args])

    def __getitem__(self, g):
        return self._get(self._index(g))

    def groups(self, default=None):
        return tuple([self._get(g, default) for g in range(1, self.re.groups + 1)])

    def groupdict(self, default=None):
        d = {}
        for name, gid in self.re.groupindex.items():
            d[name] = self._get(gid, default)
        return d

    def start(self, group=0):
        return self._regs[2 * self._index(group)]

    def end(self, group=0):
        return self._regs[2 * self._index(group) + 1]

    def span(self, group=0):
        g = self._index(group)
        return (self._regs[2 * g], self._regs[2 * g + 1])

    @property
    def regs(self):
        return tuple([(self._regs[2 * g], self._regs[2 * g + 1])
                      for g in range(self.re.groups + 1)])

    def expand(self, template):
        return self.re._expand_template(self.re._parse_template(template), self)

    def __bool__(self):
        return True

    def __repr__(self):
        return "<re.Match object; span=(%d, %d), match=%r>" % (
            self._regs[0], self._regs[1], self.group(0))

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


class Pattern:

    def __init__(self, pattern, flags):
        self.pattern = pattern
        self._is_bytes = isinstance(pattern, (bytes, bytearray))
        if self._is_bytes:
            text = _latin1(pattern)
        else:
            text = pattern
        if isinstance(flags, bool) or not isinstance(flags, int):
            raise TypeError("flags must be an int")
        parser = _Parser(pattern, text, flags, self._is_bytes)
        tree = parser.parse()
        flags = parser.flags
        if not self._is_bytes:
            if flags & LOCALE:
                raise ValueError("cannot use LOCALE flag with a str pattern")
            if not flags & ASCII:
                flags |= UNICODE
            elif flags & UNICODE:
                raise ValueError("ASCII and UNICODE flags are incompatible")
        else:
            if flags & UNICODE:
                raise ValueError("cannot use UNICODE flag with a bytes pattern")
            if flags & LOCALE and flags & ASCII:
                raise ValueError("ASCII and LOCALE flags are incompatible")
        self.flags = int(flags)
        self.groups = parser.groups - 1
        self.groupindex = dict(parser.groupdict)
        compiler = _Compiler(parser.groups)
        self._prog = compiler.compile(tree)
        self._nregs = compiler.nregs
        # search helpers: a required first character, or anchoring at 0
        self._first = None
        self._anchored = False
        first = tree
        while first[0] == "cat" and first[1]:
            first = first[1][0]
        while first[0] == "group" or first[0] == "_ncgroup":
            first = first[-1]
            while first[0] == "cat" and first[1]:
                first = first[1][0]
        if first[0] == "lit" and not first[2]:
            self._first = first[1]
        elif first[0] == "at" and first[1] in ("bol", "bos"):
            self._anchored = True

    # -- running --------------------------------------------------------------

    def _subject(self, string):
        if self._is_bytes:
            if isinstance(string, str):
                raise TypeError("cannot use a bytes pattern on a string-like object")
            if not isinstance(string, (bytes, bytearray, memoryview)):
                raise TypeError("expected string or bytes-like object, got %r"
                                % type(string).__name__)
            return _latin1(string)
        if isinstance(string, str):
            return string
        if isinstance(string, (bytes, bytearray, memoryview)):
            raise TypeError("cannot use a string pattern on a bytes-like object")
        raise TypeError("expected string or bytes-like object, got %r"
                        % type(string).__name__)

    def _bounds(self, text, pos, endpos):
        n = len(text)
        if pos < 0:
            pos = 0
        elif pos > n:
            pos = n
        if endpos is None or endpos > n:
            endpos = n
        elif endpos < 0:
            endpos = 0
        return pos, endpos

    def _run_at(self, string, text, start, pos, endpos, must_advance, match_all):
        regs = [-1] * self._nregs
        r = _execute(self._prog, text, start, endpos, regs, must_advance, match_all)
        if r < 0:
            return None
        ng = self.groups + 1
        out = regs[:2 * ng]
        out[0] = start
        out[1] = r
        for g in range(1, ng):
            if out[2 * g] < 0 or out[2 * g + 1] < out[2 * g]:
                out[2 * g] = -1
                out[2 * g + 1] = -1
        li = regs[2 * ng]
        out.append(li if li > 0 else None)
        return Match(self, string, text, pos, endpos, out)

    def _search(self, string, text, pos, endpos, must_advance=False):
        if pos > endpos:
            return None
        if self._anchored:
            if pos != 0:
                return None
            return self._run_at(string, text, 0, pos, endpos, must_advance, False)
        first = self._first
        start = pos
        while start <= endpos:
            if first is not None:
                start = text.find(first, start, endpos)
                if start < 0:
                    return None
            m = self._run_at(string, text, start, pos, endpos,
                             must_advance and start == pos, False)
            if m is not None:
                return m
            start += 1
        return None

    def _finish(self, m, string):
        # groups of a bytearray/memoryview subject are bytes; .string is the subject
        if m is not None:
            m.string = string
        return m

    def match(self, string, pos=0, endpos=None):
        text = self._subject(string)
        pos, endpos = self._bounds(text, pos, endpos)
        if pos > endpos:
            return None
        m = self._run_at(_source(string), text, pos, pos, endpos, False, False)
        return self._finish(m, string)

    def fullmatch(self, string, pos=0, endpos=None):
        text = self._subject(string)
        pos, endpos = self._bounds(text, pos, endpos)
        if pos > endpos:
            return None
        m = self._run_at(_source(string), text, pos, pos, endpos, False, True)
        return self._finish(m, string)

    def search(self, string, pos=0, endpos=None):
        text = self._subject(string)
        pos, endpos = self._bounds(text, pos, endpos)
        return self._finish(self._search(_source(string), text, pos, endpos), string)

    def _iter(self, string, pos, endpos):
        text = self._subject(string)
        pos, endpos = self._bounds(text, pos, endpos)
        src = _source(string)
        must_advance = False
        while pos <= endpos:
            m = self._search(src, text, pos, endpos, must_advance)
            if m is None:
                return
            m.string = string
            yield m
            a, b = m._regs[0], m._regs[1]
            must_advance = a == b
            pos = b

    def finditer(self, string, pos=0, endpos=None):
        return self._iter(string, pos, endpos)

    def findall(self, string, pos=0, endpos=None):
        result = []
        empty = string[:0] if isinstance(string, (str, bytes)) else b""
        for m in self._iter(string, pos, endpos):
            if self.groups == 0:
                result.append(m.group(0))
            elif self.groups == 1:
                result.append(m._get(1, empty))
            else:
                result.append(m.groups(empty))
        return result

    def split(self, string, maxsplit=0):
        result = []
        last = 0
        n = 0
        src = _source(string)
        for m in self._iter(string, 0, None):
            if maxsplit and n >= maxsplit:
                break
            result.append(src[last:m._regs[0]])
            result.extend(m.groups())
            last = m._regs[1]
            n += 1
        result.append(src[last:])
        return result

    def _parse_template(self, template):
        """Template -> list of str pieces and int group numbers."""
        if self._is_bytes:
            if isinstance(template, str):
                raise TypeError("expected a bytes-like object, str found")
            text = _latin1(template)
        else:
            if not isinstance(template, str):
                raise TypeError("expected str instance, %s found" % type(template).__name__)
            text = template
        if "\\" not in text:
            return [text]
        p = _Parser(template, text, 0, self._is_bytes)
        pieces = []
        literal = []

        def addgroup(index, offset):
            if index > self.groups:
                raise p.error("invalid group reference %d" % index, offset)
            if literal:
                pieces.append("".join(literal))
                del literal[:]
            pieces.append(index)

        while True:
            this = p.get()
            if this is None:
                break
            if this[0] == "\\":
                c = this[1]
                if c == "g":
                    if not p.match("<"):
                        raise p.error("missing <")
                    name = p.getuntil(">", "group name")
                    if p.is_identifier(name):
                        if name not in self.groupindex:
                            raise IndexError("unknown group name %r" % name)
                        index = self.groupindex[name]
                    else:
                        ok = len(name) > 0
                        for ch in name:
                            if ch not in _DIGITS:
                                ok = False
                        if not ok:
                            raise p.error("bad character in group name %r" % name,
                                          len(name) + 1)
                        index = int(name)
                        if index >= MAXGROUPS:
                            raise p.error("invalid group reference %d" % index,
                                          len(name) + 1)
                    addgroup(index, len(name) + 1)
                elif c == "0":
                    nxt = p.peek()
                    if nxt is not None and nxt in _OCTDIGITS:
                        this += p.get()
                        nxt = p.peek()
                        if nxt is not None and nxt in _OCTDIGITS:
                            this += p.get()
                    literal.append(chr(int(this[1:], 8) & 0xFF))
                elif c in _DIGITS:
                    isoctal = False
                    nxt = p.peek()
                    if nxt is not None and nxt in _DIGITS:
                        this += p.get()
                        nxt = p.peek()
                        if c in _OCTDIGITS and this[2] in _OCTDIGITS and \
                                nxt is not None and nxt in _OCTDIGITS:
                            this += p.get()
                            isoctal = True
                            v = int(this[1:], 8)
                            if v > 0o377:
                                raise p.error("octal escape value %s outside of range "
                                              "0-0o377" % this, len(this))
                            literal.append(chr(v))
                    if not isoctal:
                        addgroup(int(this[1:]), len(this) - 1)
                elif this in _SIMPLE_ESCAPES:
                    literal.append(_SIMPLE_ESCAPES[this])
                else:
                    if c in _ASCIILETTERS:
                        raise p.error("bad escape %s" % this, len(this))
                    literal.append(this)
            else:
                literal.append(this)
        if literal:
            pieces.append("".join(literal))
        return pieces

    def _expand_template(self, pieces, m):
        out = []
        for piece in pieces:
            if isinstance(piece, int):
                a = m._regs[2 * piece]
                if a >= 0:
                    out.append(m._text[a:m._regs[2 * piece + 1]])
            else:
                out.append(piece)
        text = "".join(out)
        if self._is_bytes:
            return _unlatin1(text)
        return text

    def subn(self, repl, string, count=0):
        text = self._subject(string)
        if callable(repl):
            pieces = None
        else:
            pieces = self._parse_template(repl)
        out = []
        last = 0
        n = 0
        for m in self._iter(string, 0, None):
            if count and n >= count:
                break
            a, b = m._regs[0], m._regs[1]
            out.append(text[last:a])
            if pieces is None:
                r = repl(m)
                if r:
                    if self._is_bytes:
                        out.append(_latin1(r))
                    else:
                        out.append(r)
            elif len(pieces) == 1 and isinstance(pieces[0], str):
                out.append(pieces[0])
            else:
                for piece in pieces:
                    if isinstance(piece, int):
                        ga = m._regs[2 * piece]
                        if ga >= 0:
                            out.append(text[ga:m._regs[2 * piece + 1]])
                    else:
                        out.append(piece)
            last = b
            n += 1
        out.append(text[last:])
        result = "".join(out)
        if self._is_bytes:
            result = _unlatin1(result)
        return result, n

    def sub(self, repl, string, count=0):
        return self.subn(repl, string, count)[0]

    def __repr__(self):
        flags = self.flags
        if not self._is_bytes:
            flags &= ~UNICODE
        text = repr(self.pattern[:200])
        if not flags:
            return "re.compile(%s)" % text
        names = []
        for bit, name in _FLAG_NAMES:
            if flags & bit:
                names.append(name)
                flags &= ~bit
        if flags:
            names.append(hex(flags))
        return "re.compile(%s, %s)" % (text, "|".join(names))

    def __eq__(self, other):
        return isinstance(other, Pattern) and self.pattern == other.pattern and \
            self.flags == other.flags

    def __hash__(self):
        return hash((self.pattern, self.flags))

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


# ---------------------------------------------------------------------------
# Module functions

_cache = {}
_MAXCACHE = 256


def compile(pattern, flags=0):
    if isinstance(pattern, Pattern):
        if flags:
            raise ValueError("cannot process flags argument with a compiled pattern")
        return pattern
    if not isinstance(pattern, (str, bytes)):
        raise TypeError("first argument must be string or compiled pattern")
    key = (type(pattern), pattern, flags)
    p = _cache.get(key)
    if p is None:
        p = Pattern(pattern, flags)
        if len(_cache) >= _MAXCACHE:
            _cache.clear()
        _cache[key] = p
    return p


def purge():
    _cache.clear()


def match(pattern, string, flags=0):
    return compile(pattern, flags).match(string)


def fullmatch(pattern, string, flags=0):
    return compile(pattern, flags).fullmatch(string)


def search(pattern, string, flags=0):
    return compile(pattern, flags).search(string)


def sub(pattern, repl, string, count=0, flags=0):
    return compile(pattern, flags).sub(repl, string, count)


def subn(pattern, repl, string, count=0, flags=0):
    return compile(pattern, flags).subn(repl, string, count)


def split(pattern, string, maxsplit=0, flags=0):
    return compile(pattern, flags).split(string, maxsplit)


def findall(pattern, string, flags=0):
    return compile(pattern, flags).findall(string)


def finditer(pattern, string, flags=0):
    return compile(pattern, flags).finditer(string)


_ESCAPE_CHARS = set("()[]{}?*+-|^$\\.&~# \t\n\r\v\f")


def escape(pattern):
    if isinstance(pattern, str):
        special = _ESCAPE_CHARS
        return "".join(["\\" + c if c in special else c for c in pattern])
    text = _latin1(pattern)
    special = _ESCAPE_CHARS
    return _unlatin1("".join(["\\" + c if c in special else c for c in text]))
