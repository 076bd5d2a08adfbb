"""collections: namedtuple, Counter, OrderedDict, defaultdict, deque, ChainMap
(CPython 3.11 API).

namedtuple builds its class with type() and closures instead of exec'ing a
generated source text: the subset has no exec, and the result behaves the same
for everything but introspection of the generated code.
"""


def _type_name(obj):
    return type(obj).__name__


# ---------------------------------------------------------------- namedtuple

def _field_property(index, doc):
    # A factory, so each property captures its own index.
    def get(self):
        return self[index]
    return property(get, doc=doc)


def _is_identifier(name):
    return isinstance(name, str) and name.isidentifier()


_KEYWORDS = frozenset([
    "False", "None", "True", "and", "as", "assert", "async", "await", "break",
    "class", "continue", "def", "del", "elif", "else", "except", "finally",
    "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
])


def namedtuple(typename, field_names, *, rename=False, defaults=None, module=None):
    if isinstance(field_names, str):
        field_names = field_names.replace(",", " ").split()
    field_names = [str(name) for name in field_names]
    typename = str(typename)
    if rename:
        seen = set()
        for index, name in enumerate(field_names):
            if (not _is_identifier(name) or name in _KEYWORDS
                    or name.startswith("_") or name in seen):
                field_names[index] = "_%d" % index
            seen.add(name)
    for name in [typename] + field_names:
        if type(name) is not str:
            raise TypeError("Type names and field names must be strings")
        if not _is_identifier(name):
            raise ValueError("Type names and field names must be valid identifiers: %r" % (name,))
        if name in _KEYWORDS:
            raise ValueError("Type names and field names cannot be a keyword: %r" % (name,))
    seen = set()
    for name in field_names:
        if name.startswith("_") and not rename:
            raise ValueError("Field names cannot start with an underscore: %r" % (name,))
        if name in seen:
            raise ValueError("Encountered duplicate field name: %r" % (name,))
        seen.add(name)

    fields = tuple(field_names)
    nfields = len(fields)
    field_defaults = {}
    if defaults is not None:
        defaults = tuple(defaults)
        if len(defaults) > nfields:
            raise TypeError("Got more default values than field names")
        for name, value in zip(fields[nfields - len(defaults):], defaults):
            field_defaults[name] = value

    def __new__(cls, *args, **kwargs):
        if len(args) > nfields:
            raise TypeError("%s.__new__() takes %d positional argument%s but %d were given"
                            % (typename, nfields + 1, "" if nfields == 0 else "s", len(args) + 1))
        values = list(args)
        missing = []
        for name in fields[len(args):]:
            if name in kwargs:
                values.append(kwargs.pop(name))
            elif name in field_defaults:
                values.append(field_defaults[name])
            else:
                missing.append(name)
                values.append(None)
        for name in kwargs:
            if name in fields:
                raise TypeError("%s.__new__() got multiple values for argument '%s'" % (typename, name))
            raise TypeError("%s.__new__() got an unexpected keyword argument '%s'" % (typename, name))
        if missing:
            quoted = ["'%s'" % m for m in missing]
            if len(quoted) == 1:
                listed = quoted[0]
            elif len(quoted) == 2:
                listed = quoted[0] + " and " + quoted[1]
            else:
                listed = ", ".join(quoted[:-1]) + ", and " + quoted[-1]
            raise TypeError("%s.__new__() missing %d required positional argument%s: %s"
                            % (typename, len(missing), "" if len(missing) == 1 else "s", listed))
        return tuple.__new__(cls, values)

    def _make(cls, iterable):
        result = tuple.__new__(cls, iterable)
        if len(result) != nfields:
            raise TypeError("Expected %d arguments, got %d" % (nfields, len(result)))
        return result

    def _replace(self, **kwds):
        values = []
        for name in fields:
            values.append(kwds.pop(name) if name in kwds else getattr(self, name))
        if kwds:
            raise ValueError("Got unexpected field names: %r" % list(kwds))
        return type(self)._make(values)

    def __repr__(self):
        parts = []
        for name, value in zip(fields, self):
            parts.append("%s=%r" % (name, value))
        return "%s(%s)" % (type(self).__name__, ", ".join(parts))

    def _asdict(self):
        return dict(zip(fields, self))

    def __getnewargs__(self):
        return tuple(self)

    __new__.__name__ = "__new__"
    __new__.__qualname__ = typename + ".__new__"
    __repr__.__qualname__ = typename + ".__repr__"

    namespace = {
        "__doc__": "%s(%s)" % (typename, ", ".join(fields)),
        "__slots__": (),
        "_fields": fields,
        "_field_defaults": field_defaults,
        "__new__": __new__,
        "_make": classmethod(_make),
        "_replace": _replace,
        "__repr__": __repr__,
        "_asdict": _asdict,
        "__getnewargs__": __getnewargs__,
        "__match_args__": fields,
    }
    for index, name in enumerate(fields):
        namespace[name] = _field_property(index, "Alias for field number %d" % index)
    result = type(typename, (tuple,), namespace)
    if module is None:
        module = "__main__"
    try:
        result.__module__ = module
    except (AttributeError, TypeError):
        pass
    return result


# ---------------------------------------------------------------- OrderedDict

class OrderedDict(dict):
    """A dict that remembers insertion order (as every dict does) and can
    reorder it: move_to_end, popitem(last=False), order-sensitive ==."""

    def move_to_end(self, key, last=True):
        value = dict.pop(self, key)
        if last:
            dict.__setitem__(self, key, value)
            return
        # Put key first: re-insert everything after it.
        rest = list(dict.items(self))
        dict.clear(self)
        dict.__setitem__(self, key, value)
        for k, v in rest:
            dict.__setitem__(self, k, v)

    def popitem(self, last=True):
        if not self:
            raise KeyError("dictionary is empty")
        if last:
            return dict.popitem(self)
        for key in dict.keys(self):
            break
        return (key, dict.pop(self, key))

    def __eq__(self, other):
        if isinstance(other, OrderedDict):
            return dict.__eq__(self, other) and list(self.keys()) == list(other.keys())
        return dict.__eq__(self, other)

    def __ne__(self, other):
        result = self.__eq__(other)
        if result is NotImplemented:
            return result
        return not result

    def __reversed__(self):
        return reversed(list(self.keys()))

    def copy(self):
        return type(self)(self)

    @classmethod
    def fromkeys(cls, iterable, value=None):
        result = cls()
        for key in iterable:
            result[key] = value
        return result

    def __repr__(self):
        if not self:
            return "%s()" % type(self).__name__
        return "%s(%r)" % (type(self).__name__, list(self.items()))

    def __or__(self, other):
        if not isinstance(other, dict):
            return NotImplemented
        result = type(self)(self)
        result.update(other)
        return result

    def __ior__(self, other):
        self.update(other)
        return self


# ---------------------------------------------------------------- defaultdict

class defaultdict(dict):
    """dict whose missing keys are filled in by calling default_factory()."""

    def __init__(self, default_factory=None, *args, **kwargs):
        if default_factory is not None and not callable(default_factory):
            raise TypeError("first argument must be callable or None")
        dict.__init__(self, *args, **kwargs)
        self.default_factory = default_factory

    def __missing__(self, key):
        if self.default_factory is None:
            raise KeyError(key)
        value = self.default_factory()
        self[key] = value
        return value

    def __repr__(self):
        factory = self.default_factory
        if factory is None:
            shown = "None"
        elif isinstance(factory, type):
            shown = "<class '%s'>" % factory.__name__
        else:
            shown = repr(factory)
        return "%s(%s, %s)" % (type(self).__name__, shown, dict.__repr__(self))

    def copy(self):
        return type(self)(self.default_factory, self)

    __copy__ = copy

    def __or__(self, other):
        if not isinstance(other, dict):
            return NotImplemented
        result = type(self)(self.default_factory, self)
        result.update(other)
        return result


# ---------------------------------------------------------------- Counter

class Counter(dict):
    """dict subclass counting hashable items; missing items count 0."""

    def __init__(self, iterable=None, **kwds):
        dict.__init__(self)
        self.update(iterable, **kwds)

    def __missing__(self, key):
        return 0

    def total(self):
        return sum(self.values())

    def most_common(self, n=None):
        # sorted is stable, so equal counts stay in insertion order, which is
        # what CPython's heapq.nlargest / sorted(reverse=True) give too.
        items = sorted(self.items(), key=_second, reverse=True)
        if n is None:
            return items
        return items[:max(n, 0)]

    def elements(self):
        for elem, count in self.items():
            for _ in range(count):
                yield elem

    @classmethod
    def fromkeys(cls, iterable, v=None):
        raise NotImplementedError(
            "Counter.fromkeys() is undefined.  Use Counter(iterable) instead.")

    def update(self, iterable=None, **kwds):
        if iterable is not None:
            if isinstance(iterable, dict):
                if self:
                    for elem, count in iterable.items():
                        self[elem] = count + self.get(elem, 0)
                else:
                    dict.update(self, iterable)
            else:
                get = self.get
                for elem in iterable:
                    self[elem] = get(elem, 0) + 1
        if kwds:
            self.update(kwds)

    def subtract(self, iterable=None, **kwds):
        if iterable is not None:
            if isinstance(iterable, dict):
                for elem, count in iterable.items():
                    self[elem] = self.get(elem, 0) - count
            else:
                for elem in iterable:
                    self[elem] = self.get(elem, 0) - 1
        if kwds:
            self.subtract(kwds)

    def copy(self):
        return type(self)(self)

    def __delitem__(self, elem):
        if elem in self:
            dict.__delitem__(self, elem)

    def __repr__(self):
        if not self:
            return "%s()" % type(self).__name__
        parts = ["%r: %r" % (k, v) for k, v in self.most_common()]
        return "%s({%s})" % (type(self).__name__, ", ".join(parts))

    def __eq__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        for e in self:
            if self[e] != other[e]:
                return False
        for e in other:
            if self[e] != other[e]:
                return False
        return True

    def __ne__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        return not self == other

    def __le__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        for e in self:
            if self[e] > other[e]:
                return False
        for e in other:
            if self[e] > other[e]:
                return False
        return True

    def __lt__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        return self <= other and self != other

    def __ge__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        return other <= self

    def __gt__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        return other < self

    def _combine(self, other, count_of):
        """A Counter of count_of(mine, theirs) for every element of either
        side, keeping only positive counts, in CPython's order (self's
        elements first, then the other's new ones)."""
        if not isinstance(other, Counter):
            return NotImplemented
        result = Counter()
        for elem, count in self.items():
            newcount = count_of(count, other[elem])
            if newcount > 0:
                result[elem] = newcount
        for elem, count in other.items():
            if elem not in self:
                newcount = count_of(0, count)
                if newcount > 0:
                    result[elem] = newcount
        return result

    def __add__(self, other):
        return self._combine(other, lambda a, b: a + b)

    def __sub__(self, other):
        return self._combine(other, lambda a, b: a - b)

    def __or__(self, other):
        return self._combine(other, lambda a, b: b if a < b else a)

    def __and__(self, other):
        return self._combine(other, lambda a, b: a if a < b else b)

    def __pos__(self):
        result = Counter()
        for elem, count in self.items():
            if count > 0:
                result[elem] = count
        return result

    def __neg__(self):
        result = Counter()
        for elem, count in self.items():
            if count < 0:
                result[elem] = 0 - count
        return result

    def _keep_positive(self):
        for elem in [e for e, c in self.items() if not c > 0]:
            dict.__delitem__(self, elem)
        return self

    def __iadd__(self, other):
        for elem, count in other.items():
            self[elem] += count
        return self._keep_positive()

    def __isub__(self, other):
        for elem, count in other.items():
            self[elem] -= count
        return self._keep_positive()

    def __ior__(self, other):
        for elem, other_count in other.items():
            count = self[elem]
            if other_count > count:
                self[elem] = other_count
        return self._keep_positive()

    def __iand__(self, other):
        for elem, count in list(self.items()):
            other_count = other[elem]
            if other_count < count:
                self[elem] = other_count
        return self._keep_positive()


def _second(pair):
    return pair[1]


# ---------------------------------------------------------------- deque

class deque:
    """Double-ended queue on a ring buffer: O(1) appends and pops at both ends."""

    def __init__(self, iterable=(), maxlen=None):
        if maxlen is not None:
            if not isinstance(maxlen, int):
                raise TypeError("an integer is required")
            if maxlen < 0:
                raise ValueError("maxlen must be non-negative")
        self._maxlen = maxlen
        self._buf = [None] * 8
        self._head = 0
        self._len = 0
        if iterable is not self:
            self.extend(iterable)
        else:
            self.extend(list(iterable))

    @property
    def maxlen(self):
        return self._maxlen

    def _grow(self):
        buf = self._buf
        cap = len(buf)
        items = [buf[(self._head + i) % cap] for i in range(self._len)]
        self._buf = items + [None] * (cap * 2 - self._len)
        self._head = 0

    def append(self, x):
        if self._maxlen is not None:
            if self._maxlen == 0:
                return
            if self._len == self._maxlen:
                self.popleft()
        if self._len == len(self._buf):
            self._grow()
        self._buf[(self._head + self._len) % len(self._buf)] = x
        self._len += 1

    def appendleft(self, x):
        if self._maxlen is not None:
            if self._maxlen == 0:
                return
            if self._len == self._maxlen:
                self.pop()
        if self._len == len(self._buf):
            self._grow()
        self._head = (self._head - 1) % len(self._buf)
        self._buf[self._head] = x
        self._len += 1

    def pop(self):
        if self._len == 0:
            raise IndexError("pop from an empty deque")
        self._len -= 1
        i = (self._head + self._len) % len(self._buf)
        x = self._buf[i]
        self._buf[i] = None
        return x

    def popleft(self):
        if self._len == 0:
            raise IndexError("pop from an empty deque")
        x = self._buf[self._head]
        self._buf[self._head] = None
        self._head = (self._head + 1) % len(self._buf)
        self._len -= 1
        return x

    def extend(self, iterable):
        if iterable is self:
            iterable = list(iterable)
        for x in iterable:
            self.append(x)

    def extendleft(self, iterable):
        if iterable is self:
            iterable = list(iterable)
        for x in iterable:
            self.appendleft(x)

    def clear(self):
        self._buf = [None] * 8
        self._head = 0
        self._len = 0

    def copy(self):
        return type(self)(self, self._maxlen)

    __copy__ = copy

    def rotate(self, n=1):
        length = self._len
        if length <= 1:
            return
        n = n % length
        if n == 0:
            return
        items = list(self)
        items = items[length - n:] + items[:length - n]
        self._buf = items + [None] * (len(self._buf) - length)
        self._head = 0

    def reverse(self):
        items = list(self)
        items.reverse()
        self._buf = items + [None] * (len(self._buf) - self._len)
        self._head = 0

    def count(self, x):
        n = 0
        for item in self:
            if item is x or item == x:
                n += 1
        return n

    def index(self, x, start=0, stop=None):
        length = self._len
        if stop is None:
            stop = length
        if start < 0:
            start = max(start + length, 0)
        if stop < 0:
            stop = max(stop + length, 0)
        for i in range(start, min(stop, length)):
            item = self[i]
            if item is x or item == x:
                return i
        raise ValueError("%r is not in deque" % (x,))

    def remove(self, value):
        for i in range(self._len):
            item = self[i]
            if item is value or item == value:
                del self[i]
                return
        raise ValueError("deque.remove(x): x not in deque")

    def insert(self, i, x):
        if self._maxlen is not None and self._len == self._maxlen:
            raise IndexError("deque already at its maximum size")
        items = list(self)
        items.insert(i, x)
        self._buf = items + [None] * max(8, len(items))
        self._head = 0
        self._len = len(items)

    def _index(self, i):
        if not isinstance(i, int):
            raise TypeError("sequence index must be integer, not '%s'" % _type_name(i))
        if i < 0:
            i += self._len
        if i < 0 or i >= self._len:
            raise IndexError("deque index out of range")
        return (self._head + i) % len(self._buf)

    def __getitem__(self, i):
        return self._buf[self._index(i)]

    def __setitem__(self, i, x):
        self._buf[self._index(i)] = x

    def __delitem__(self, i):
        self._index(i)
        items = list(self)
        del items[i]
        self._buf = items + [None] * max(8, len(items))
        self._head = 0
        self._len = len(items)

    def __len__(self):
        return self._len

    def __bool__(self):
        return self._len > 0

    def __iter__(self):
        buf = self._buf
        cap = len(buf)
        head = self._head
        for i in range(self._len):
            yield buf[(head + i) % cap]

    def __reversed__(self):
        buf = self._buf
        cap = len(buf)
        head = self._head
        for i in range(self._len - 1, -1, -1):
            yield buf[(head + i) % cap]

    def __contains__(self, x):
        for item in self:
            if item is x or item == x:
                return True
        return False

    def __repr__(self):
        body = "[" + ", ".join([repr(x) for x in self]) + "]"
        if self._maxlen is None:
            return "deque(%s)" % body
        return "deque(%s, maxlen=%d)" % (body, self._maxlen)

    def __eq__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return list(self) == list(other)

    def __ne__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return list(self) != list(other)

    def __lt__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return list(self) < list(other)

    def __le__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return list(self) <= list(other)

    def __gt__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return list(self) > list(other)

    def __ge__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return list(self) >= list(other)

    __hash__ = None

    def __add__(self, other):
        if not isinstance(other, deque):
            raise TypeError('can only concatenate deque (not "%s") to deque' % _type_name(other))
        result = deque(self, self._maxlen)
        result.extend(other)
        return result

    def __iadd__(self, other):
        self.extend(other)
        return self

    def __mul__(self, n):
        result = deque((), self._maxlen)
        items = list(self)
        for _ in range(n):
            result.extend(items)
        return result

    def __imul__(self, n):
        items = list(self)
        self.clear()
        for _ in range(n):
            self.extend(items)
        return self


# ---------------------------------------------------------------- ChainMap

class ChainMap:
    """Several mappings searched in order; writes go to the first."""

    def __init__(self, *maps):
        self.maps = list(maps) or [{}]

    def __missing__(self, key):
        raise KeyError(key)

    def __getitem__(self, key):
        for mapping in self.maps:
            if key in mapping:
                return mapping[key]
        return self.__missing__(key)

    def get(self, key, default=None):
        return self[key] if key in self else default

    def __len__(self):
        return len(self._merged())

    def _merged(self):
        merged = {}
        for mapping in reversed(self.maps):
            for key in mapping:
                merged[key] = None
        return merged

    def __iter__(self):
        return iter(self._merged())

    def keys(self):
        return self._merged().keys()

    def items(self):
        return [(k, self[k]) for k in self._merged()]

    def values(self):
        return [self[k] for k in self._merged()]

    def __contains__(self, key):
        for mapping in self.maps:
            if key in mapping:
                return True
        return False

    def __bool__(self):
        for mapping in self.maps:
            if mapping:
                return True
        return False

    def __repr__(self):
        return "%s(%s)" % (type(self).__name__, ", ".join([repr(m) for m in self.maps]))

    def copy(self):
        return type(self)(self.maps[0].copy(), *self.maps[1:])

    def new_child(self, m=None, **kwargs):
        if m is None:
            m = kwargs
        elif kwargs:
            m.update(kwargs)
        return type(self)(m, *self.maps)

    @property
    def parents(self):
        return type(self)(*self.maps[1:])

    def __setitem__(self, key, value):
        self.maps[0][key] = value

    def __delitem__(self, key):
        try:
            del self.maps[0][key]
        except KeyError:
            raise KeyError("Key not found in the first mapping: %r" % (key,))

    def pop(self, key, *args):
        try:
            return self.maps[0].pop(key, *args)
        except KeyError:
            raise KeyError("Key not found in the first mapping: %r" % (key,))

    def clear(self):
        self.maps[0].clear()
