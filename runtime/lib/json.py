"""json: JSON encoder and decoder in the Python subset.

Behaves like CPython 3.11's json module (dumps/dump/loads/load, JSONEncoder,
JSONDecoder, JSONDecodeError), including its error messages and positions.
Left out: the json.decoder/json.encoder/json.tool submodules as separate
modules (their public names are available here).
"""

__all__ = ["dump", "dumps", "load", "loads", "JSONDecoder", "JSONDecodeError",
           "JSONEncoder"]

_INF = float("inf")


class JSONDecodeError(ValueError):
    """Subclass of ValueError with msg, doc, pos, lineno, colno."""

    def __init__(self, msg, doc, pos):
        lineno = doc.count("\n", 0, pos) + 1
        colno = pos - doc.rfind("\n", 0, pos)
        errmsg = "%s: line %d column %d (char %d)" % (msg, lineno, colno, pos)
        ValueError.__init__(self, errmsg)
        self.msg = msg
        self.doc = doc
        self.pos = pos
        self.lineno = lineno
        self.colno = colno

    def __reduce__(self):
        return type(self), (self.msg, self.doc, self.pos)


# ---------------------------------------------------------------------------
# Encoder

_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
}
_HEXDIGITS = "0123456789abcdef"


def _u_escape(n):
    return "\\u" + _HEXDIGITS[(n >> 12) & 15] + _HEXDIGITS[(n >> 8) & 15] + \
        _HEXDIGITS[(n >> 4) & 15] + _HEXDIGITS[n & 15]


for _i in range(32):
    _c = chr(_i)
    if _c not in _ESCAPES:
        _ESCAPES[_c] = _u_escape(_i)


def _encode_basestring(s):
    """JSON string literal for s, non-ASCII characters left as they are."""
    escapes = _ESCAPES
    start = 0
    parts = ['"']
    i = 0
    n = len(s)
    while i < n:
        c = s[i]
        if c in escapes:
            if start < i:
                parts.append(s[start:i])
            parts.append(escapes[c])
            start = i + 1
        i += 1
    if start == 0:
        return '"' + s + '"'
    if start < n:
        parts.append(s[start:])
    parts.append('"')
    return "".join(parts)


def _encode_basestring_ascii(s):
    """JSON string literal for s with only ASCII characters."""
    escapes = _ESCAPES
    start = 0
    parts = ['"']
    i = 0
    n = len(s)
    while i < n:
        c = s[i]
        o = ord(c)
        if o < 32 or o > 126 or c == '"' or c == "\\":
            if start < i:
                parts.append(s[start:i])
            if c in escapes:
                parts.append(escapes[c])
            elif o < 0x10000:
                parts.append(_u_escape(o))
            else:
                o -= 0x10000
                parts.append(_u_escape(0xD800 | (o >> 10)))
                parts.append(_u_escape(0xDC00 | (o & 0x3FF)))
            start = i + 1
        i += 1
    if start == 0:
        return '"' + s + '"'
    if start < n:
        parts.append(s[start:])
    parts.append('"')
    return "".join(parts)


encode_basestring = _encode_basestring
encode_basestring_ascii = _encode_basestring_ascii


def _float_repr(o):
    if type(o) is float:
        return repr(o)
    return repr(float(o))


def _int_repr(o):
    if type(o) is int:
        return repr(o)
    return repr(int(o))


class JSONEncoder:
    item_separator = ", "
    key_separator = ": "

    def __init__(self, *, skipkeys=False, ensure_ascii=True, check_circular=True,
                 allow_nan=True, sort_keys=False, indent=None, separators=None,
                 default=None):
        self.skipkeys = skipkeys
        self.ensure_ascii = ensure_ascii
        self.check_circular = check_circular
        self.allow_nan = allow_nan
        self.sort_keys = sort_keys
        self.indent = indent
        if separators is not None:
            self.item_separator, self.key_separator = separators
        elif indent is not None:
            self.item_separator = ","
        if default is not None:
            self.default = default

    def default(self, o):
        raise TypeError("Object of type %s is not JSON serializable" % type(o).__name__)

    def encode(self, o):
        if isinstance(o, str):
            if self.ensure_ascii:
                return _encode_basestring_ascii(o)
            return _encode_basestring(o)
        chunks = []
        self._encode_into(o, chunks)
        return "".join(chunks)

    def iterencode(self, o, _one_shot=False):
        chunks = []
        self._encode_into(o, chunks)
        return iter(chunks)

    def _floatstr(self, o):
        if o != o:
            text = "NaN"
        elif o == _INF:
            text = "Infinity"
        elif o == -_INF:
            text = "-Infinity"
        else:
            return _float_repr(o)
        if not self.allow_nan:
            raise ValueError("Out of range float values are not JSON compliant")
        return text

    def _encode_into(self, o, out):
        """Appends the JSON text of o to the list out (iteratively deep
        enough for real data: recursion per container level)."""
        indent = self.indent
        if indent is not None and not isinstance(indent, str):
            indent = " " * indent
        markers = {} if self.check_circular else None
        encode_str = _encode_basestring_ascii if self.ensure_ascii else _encode_basestring
        item_sep = self.item_separator
        key_sep = self.key_separator
        sort_keys = self.sort_keys
        skipkeys = self.skipkeys
        floatstr = self._floatstr
        default = self.default
        append = out.append

        def encode_value(o, level):
            if isinstance(o, str):
                append(encode_str(o))
            elif o is None:
                append("null")
            elif o is True:
                append("true")
            elif o is False:
                append("false")
            elif isinstance(o, int):
                append(_int_repr(o))
            elif isinstance(o, float):
                append(floatstr(o))
            elif isinstance(o, (list, tuple)):
                encode_list(o, level)
            elif isinstance(o, dict):
                encode_dict(o, level)
            else:
                enter(o)
                encode_value(default(o), level)
                leave(o)

        def enter(o):
            # A container (or a default() result's source) met again while
            # it is still being encoded is a cycle.
            if markers is not None:
                marker = id(o)
                if marker in markers:
                    raise ValueError("Circular reference detected")
                markers[marker] = o

        def leave(o):
            if markers is not None:
                del markers[id(o)]

        def open_container(bracket, level):
            """Appends the opening bracket; returns the items' level and separator."""
            if indent is None:
                append(bracket)
                return level, item_sep
            level += 1
            newline = "\n" + indent * level
            append(bracket + newline)
            return level, item_sep + newline

        def close_container(bracket, level):
            if indent is not None:
                append("\n" + indent * (level - 1))
            append(bracket)

        def encode_list(lst, level):
            if not lst:
                append("[]")
                return
            enter(lst)
            level, separator = open_container("[", level)
            first = True
            for value in lst:
                if first:
                    first = False
                else:
                    append(separator)
                encode_value(value, level)
            close_container("]", level)
            leave(lst)

        def encode_dict(dct, level):
            if not dct:
                append("{}")
                return
            enter(dct)
            level, separator = open_container("{", level)
            first = True
            items = list(dct.items())
            if sort_keys:
                items.sort()
            for key, value in items:
                if isinstance(key, str):
                    pass
                elif isinstance(key, float):
                    key = floatstr(key)
                elif key is True:
                    key = "true"
                elif key is False:
                    key = "false"
                elif key is None:
                    key = "null"
                elif isinstance(key, int):
                    key = _int_repr(key)
                elif skipkeys:
                    continue
                else:
                    raise TypeError("keys must be str, int, float, bool or None, not %s"
                                    % type(key).__name__)
                if first:
                    first = False
                else:
                    append(separator)
                append(encode_str(key))
                append(key_sep)
                encode_value(value, level)
            close_container("}", level)
            leave(dct)

        encode_value(o, 0)


_default_encoder = JSONEncoder()


def dumps(obj, *, skipkeys=False, ensure_ascii=True, check_circular=True,
          allow_nan=True, cls=None, indent=None, separators=None,
          default=None, sort_keys=False, **kw):
    if (not skipkeys and ensure_ascii and check_circular and allow_nan and
            cls is None and indent is None and separators is None and
            default is None and not sort_keys and not kw):
        return _default_encoder.encode(obj)
    if cls is None:
        cls = JSONEncoder
    return cls(skipkeys=skipkeys, ensure_ascii=ensure_ascii,
               check_circular=check_circular, allow_nan=allow_nan, indent=indent,
               separators=separators, default=default, sort_keys=sort_keys,
               **kw).encode(obj)


def dump(obj, fp, *, skipkeys=False, ensure_ascii=True, check_circular=True,
         allow_nan=True, cls=None, indent=None, separators=None,
         default=None, sort_keys=False, **kw):
    if cls is None:
        cls = JSONEncoder
    encoder = cls(skipkeys=skipkeys, ensure_ascii=ensure_ascii,
                  check_circular=check_circular, allow_nan=allow_nan, indent=indent,
                  separators=separators, default=default, sort_keys=sort_keys, **kw)
    for chunk in encoder.iterencode(obj):
        fp.write(chunk)


# ---------------------------------------------------------------------------
# Decoder

_WHITESPACE = " \t\n\r"
_SIMPLE_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f",
                   "n": "\n", "r": "\r", "t": "\t"}
_HEXVALUES = {}
for _i in range(10):
    _HEXVALUES["0123456789"[_i]] = _i
for _i in range(6):
    _HEXVALUES["abcdef"[_i]] = 10 + _i
    _HEXVALUES["ABCDEF"[_i]] = 10 + _i
_CONSTANTS = {"-Infinity": -_INF, "Infinity": _INF, "NaN": float("nan")}
_DIGITS = "0123456789"


def _parse_constant(name):
    return _CONSTANTS[name]


class _NoValue(Exception):
    """No JSON value starts at .pos (becomes 'Expecting value')."""

    def __init__(self, pos):
        Exception.__init__(self, pos)
        self.pos = pos


def _scan_hex4(s, pos, errpos):
    v = 0
    hexvalues = _HEXVALUES
    for i in range(pos, pos + 4):
        d = hexvalues.get(s[i])
        if d is None:
            raise JSONDecodeError("Invalid \\uXXXX escape", s, errpos)
        v = (v << 4) | d
    return v


def scanstring(s, end, strict=True):
    """Decodes the JSON string whose body starts at s[end] (just after the
    opening quote); returns (str, index after the closing quote)."""
    begin = end - 1
    n = len(s)
    chunks = []
    append = chunks.append
    while True:
        # find the next quote, backslash or control character
        i = end
        while i < n:
            c = s[i]
            if c == '"' or c == "\\":
                break
            if strict and c < " ":
                raise JSONDecodeError("Invalid control character at", s, i)
            i += 1
        if i >= n:
            raise JSONDecodeError("Unterminated string starting at", s, begin)
        if i > end:
            append(s[end:i])
        if s[i] == '"':
            return "".join(chunks), i + 1
        # backslash
        i += 1
        if i == n:
            raise JSONDecodeError("Unterminated string starting at", s, begin)
        c = s[i]
        if c != "u":
            ch = _SIMPLE_ESCAPES.get(c)
            if ch is None:
                raise JSONDecodeError("Invalid \\escape", s, i - 1)
            append(ch)
            end = i + 1
            continue
        i += 1
        end = i + 4
        if end >= n:
            raise JSONDecodeError("Invalid \\uXXXX escape", s, i - 1)
        uni = _scan_hex4(s, i, end - 5)
        if 0xD800 <= uni <= 0xDBFF and end + 6 < n and s[end] == "\\" and s[end + 1] == "u":
            uni2 = _scan_hex4(s, end + 2, end + 1)
            if 0xDC00 <= uni2 <= 0xDFFF:
                uni = 0x10000 + (((uni - 0xD800) << 10) | (uni2 - 0xDC00))
                end += 6
        append(chr(uni))


def _ascii_escaped(s):
    """s with each non-ASCII character written as a JSON \\u escape (a
    surrogate pair above U+FFFF), or None if s holds surrogates (they would
    pair up differently). Works on the UTF-8 bytes, whose indexing is O(1)."""
    try:
        data = s.encode("utf-8")
    except UnicodeError:
        return None
    parts = []
    start = i = 0
    n = len(data)
    while i < n:
        b = data[i]
        if b < 0x80:
            i += 1
            continue
        size = 2 if b < 0xE0 else 3 if b < 0xF0 else 4
        cp = ord(data[i:i + size].decode("utf-8"))
        parts.append(data[start:i])
        if cp > 0xFFFF:
            cp -= 0x10000
            parts.append(("\\u%04x\\u%04x" % (0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF))).encode("ascii"))
        else:
            parts.append(("\\u%04x" % cp).encode("ascii"))
        i += size
        start = i
    parts.append(data[start:])
    return b"".join(parts).decode("ascii")


class JSONDecoder:

    def __init__(self, *, object_hook=None, parse_float=None, parse_int=None,
                 parse_constant=None, strict=True, object_pairs_hook=None):
        self.object_hook = object_hook
        self.parse_float = parse_float or float
        self.parse_int = parse_int or int
        self.parse_constant = parse_constant or _parse_constant
        self.strict = strict
        self.object_pairs_hook = object_pairs_hook
        self.memo = {}

    def decode(self, s):
        if not s.isascii():
            # Indexing a non-ASCII str is not O(1) in the VM (UTF-8 inside),
            # and the parser indexes character by character: a 460 KB
            # tokenizer.json took 32 s. Non-ASCII text is only valid inside
            # strings, where a \u escape means the same, so the escaped
            # (ASCII) text parses to the same value; a malformed document is
            # parsed again as given, for the error's position.
            escaped = _ascii_escaped(s)
            if escaped is not None:
                try:
                    return self._decode(escaped)
                except JSONDecodeError:
                    pass
        return self._decode(s)

    def _decode(self, s):
        n = len(s)
        idx = 0
        ws = _WHITESPACE
        while idx < n and s[idx] in ws:
            idx += 1
        obj, end = self.raw_decode(s, idx)
        while end < n and s[end] in ws:
            end += 1
        if end != n:
            raise JSONDecodeError("Extra data", s, end)
        return obj

    def raw_decode(self, s, idx=0):
        try:
            return self._scan(s, idx)
        except _NoValue as err:
            raise JSONDecodeError("Expecting value", s, err.pos) from None
        finally:
            self.memo.clear()

    def _scan(self, s, idx):
        n = len(s)
        if idx < 0 or idx >= n:
            raise _NoValue(idx)
        c = s[idx]
        if c == '"':
            return scanstring(s, idx + 1, self.strict)
        if c == "{":
            return self._parse_object(s, idx + 1)
        if c == "[":
            return self._parse_array(s, idx + 1)
        if c == "n" and s[idx:idx + 4] == "null":
            return None, idx + 4
        if c == "t" and s[idx:idx + 4] == "true":
            return True, idx + 4
        if c == "f" and s[idx:idx + 5] == "false":
            return False, idx + 5
        if c == "N" and s[idx:idx + 3] == "NaN":
            return self.parse_constant("NaN"), idx + 3
        if c == "I" and s[idx:idx + 8] == "Infinity":
            return self.parse_constant("Infinity"), idx + 8
        if c == "-" and s[idx:idx + 9] == "-Infinity":
            return self.parse_constant("-Infinity"), idx + 9
        return self._parse_number(s, idx)

    def _parse_number(self, s, start):
        n = len(s)
        digits = _DIGITS
        idx = start
        if s[idx] == "-":
            idx += 1
            if idx >= n:
                raise _NoValue(start)
        c = s[idx]
        if "1" <= c <= "9":
            idx += 1
            while idx < n and s[idx] in digits:
                idx += 1
        elif c == "0":
            idx += 1
        else:
            raise _NoValue(start)
        is_float = False
        if idx < n - 1 and s[idx] == "." and s[idx + 1] in digits:
            is_float = True
            idx += 2
            while idx < n and s[idx] in digits:
                idx += 1
        if idx < n - 1 and (s[idx] == "e" or s[idx] == "E"):
            e_start = idx
            idx += 1
            if idx < n - 1 and (s[idx] == "-" or s[idx] == "+"):
                idx += 1
            while idx < n and s[idx] in digits:
                idx += 1
            if s[idx - 1] in digits:
                is_float = True
            else:
                idx = e_start
        text = s[start:idx]
        if is_float:
            return self.parse_float(text), idx
        return self.parse_int(text), idx

    def _skip_ws(self, s, idx, n):
        ws = _WHITESPACE
        while idx < n and s[idx] in ws:
            idx += 1
        return idx

    def _parse_object(self, s, idx):
        n = len(s)
        pairs = []
        memo = self.memo
        idx = self._skip_ws(s, idx, n)
        if idx >= n or s[idx] != "}":
            while True:
                if idx >= n or s[idx] != '"':
                    raise JSONDecodeError(
                        "Expecting property name enclosed in double quotes", s, idx)
                key, idx = scanstring(s, idx + 1, self.strict)
                key = memo.setdefault(key, key)
                idx = self._skip_ws(s, idx, n)
                if idx >= n or s[idx] != ":":
                    raise JSONDecodeError("Expecting ':' delimiter", s, idx)
                idx = self._skip_ws(s, idx + 1, n)
                value, idx = self._scan(s, idx)
                pairs.append((key, value))
                idx = self._skip_ws(s, idx, n)
                if idx < n and s[idx] == "}":
                    break
                if idx >= n or s[idx] != ",":
                    raise JSONDecodeError("Expecting ',' delimiter", s, idx)
                idx = self._skip_ws(s, idx + 1, n)
        if self.object_pairs_hook is not None:
            return self.object_pairs_hook(pairs), idx + 1
        obj = dict(pairs)
        if self.object_hook is not None:
            obj = self.object_hook(obj)
        return obj, idx + 1

    def _parse_array(self, s, idx):
        n = len(s)
        values = []
        idx = self._skip_ws(s, idx, n)
        if idx >= n or s[idx] != "]":
            while True:
                value, idx = self._scan(s, idx)
                values.append(value)
                idx = self._skip_ws(s, idx, n)
                if idx < n and s[idx] == "]":
                    break
                if idx >= n or s[idx] != ",":
                    raise JSONDecodeError("Expecting ',' delimiter", s, idx)
                idx = self._skip_ws(s, idx + 1, n)
        return values, idx + 1


def detect_encoding(b):
    head = bytes(b[:4])
    if head == b"\xff\xfe\x00\x00" or head == b"\x00\x00\xfe\xff":
        return "utf-32"
    if head[:2] == b"\xff\xfe" or head[:2] == b"\xfe\xff":
        return "utf-16"
    if head[:3] == b"\xef\xbb\xbf":
        return "utf-8-sig"
    if len(b) >= 4:
        if not b[0]:
            return "utf-16-be" if b[1] else "utf-32-be"
        if not b[1]:
            return "utf-16-le" if b[2] or b[3] else "utf-32-le"
    elif len(b) == 2:
        if not b[0]:
            return "utf-16-be"
        if not b[1]:
            return "utf-16-le"
    return "utf-8"


_default_decoder = JSONDecoder()


def loads(s, *, cls=None, object_hook=None, parse_float=None, parse_int=None,
          parse_constant=None, object_pairs_hook=None, **kw):
    if isinstance(s, str):
        if s.startswith("\ufeff"):
            raise JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", s, 0)
    else:
        if not isinstance(s, (bytes, bytearray)):
            raise TypeError("the JSON object must be str, bytes or bytearray, not %s"
                            % type(s).__name__)
        s = bytes(s).decode(detect_encoding(s), "surrogatepass")
    if (cls is None and object_hook is None and parse_int is None and
            parse_float is None and parse_constant is None and
            object_pairs_hook is None and not kw):
        return _default_decoder.decode(s)
    if cls is None:
        cls = JSONDecoder
    if object_hook is not None:
        kw["object_hook"] = object_hook
    if object_pairs_hook is not None:
        kw["object_pairs_hook"] = object_pairs_hook
    if parse_float is not None:
        kw["parse_float"] = parse_float
    if parse_int is not None:
        kw["parse_int"] = parse_int
    if parse_constant is not None:
        kw["parse_constant"] = parse_constant
    return cls(**kw).decode(s)


def load(fp, *, cls=None, object_hook=None, parse_float=None, parse_int=None,
         parse_constant=None, object_pairs_hook=None, **kw):
    return loads(fp.read(), cls=cls, object_hook=object_hook,
                 parse_float=parse_float, parse_int=parse_int,
                 parse_constant=parse_constant,
                 object_pairs_hook=object_pairs_hook, **kw)
