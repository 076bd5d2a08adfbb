"""collections, functools, contextlib, copy, operator, heapq, bisect, abc and
dataclasses from runtime/lib, run on CPython against the real modules."""

import abc as real_abc
import bisect as real_bisect
import collections as real_collections
import copy as real_copy
import dataclasses as real_dataclasses
import functools as real_functools
import heapq as real_heapq
import operator as real_operator
import random

import pytest


@pytest.fixture
def lib(lib_stdlib):
    return lib_stdlib


def test_heapq_layout_and_order(lib):
    rng = random.Random(3)
    for _ in range(200):
        data = [rng.randrange(50) for _ in range(rng.randrange(30))]
        a, b = list(data), list(data)
        lib.heapq.heapify(a)
        real_heapq.heapify(b)
        assert a == b
        for v in data[:5]:
            lib.heapq.heappush(a, v)
            real_heapq.heappush(b, v)
            assert a == b
        if a:
            assert lib.heapq.heapreplace(a, 7) == real_heapq.heapreplace(b, 7) and a == b
        assert lib.heapq.heappushpop(a, 3) == real_heapq.heappushpop(b, 3) and a == b
        assert [lib.heapq.heappop(a) for _ in range(len(a))] == [real_heapq.heappop(b) for _ in range(len(b))]
        for n in (0, 1, 3, 100):
            assert lib.heapq.nsmallest(n, data, key=lambda v: v % 7) == real_heapq.nsmallest(n, data, key=lambda v: v % 7)
            assert lib.heapq.nlargest(n, data) == real_heapq.nlargest(n, data)
        runs = [sorted(rng.sample(range(100), 5)) for _ in range(3)]
        assert list(lib.heapq.merge(*runs)) == list(real_heapq.merge(*runs))
        rev = [sorted(r, reverse=True) for r in runs]
        assert list(lib.heapq.merge(*rev, reverse=True)) == list(real_heapq.merge(*rev, reverse=True))


def test_bisect(lib):
    a = [1, 3, 3, 5, 8]
    for x in range(10):
        assert lib.bisect.bisect_left(a, x) == real_bisect.bisect_left(a, x)
        assert lib.bisect.bisect_right(a, x, 1, 4) == real_bisect.bisect_right(a, x, 1, 4)
        assert lib.bisect.bisect(a, x, key=lambda v: -v) == real_bisect.bisect(a, x, key=lambda v: -v)
    b, c = list(a), list(a)
    lib.bisect.insort(b, 4)
    real_bisect.insort(c, 4)
    assert b == c


def test_operator(lib):
    rows = [{"a": 2, "b": 1}, {"a": 1, "b": 2}]
    assert sorted(rows, key=lib.operator.itemgetter("a")) == sorted(rows, key=real_operator.itemgetter("a"))
    assert lib.operator.itemgetter(1, 0)("xy") == ("y", "x")
    assert repr(lib.operator.itemgetter("v", 1)) == repr(real_operator.itemgetter("v", 1))
    assert repr(lib.operator.methodcaller("f", 1, k=2)) == repr(real_operator.methodcaller("f", 1, k=2))
    assert lib.operator.attrgetter("real", "imag")(3) == (3, 0)
    assert lib.operator.methodcaller("split", ",")("a,b") == ["a", "b"]
    for name in ("add", "sub", "mul", "floordiv", "mod", "pow", "lshift", "and_", "or_", "xor", "lt", "eq"):
        assert getattr(lib.operator, name)(7, 3) == getattr(real_operator, name)(7, 3)
    assert lib.operator.index(True) == 1 and lib.operator.length_hint(iter([1, 2])) == 2


def test_functools(lib):
    ft = lib.functools
    assert ft.reduce(lambda a, b: a * b, [1, 2, 3, 4]) == 24
    with pytest.raises(TypeError):
        ft.reduce(max, [])
    p = ft.partial(ft.partial(pow, 2), 10)
    assert p() == 1024 and p.args == (2, 10)
    calls = []

    @ft.lru_cache(maxsize=2)
    def sq(n):
        calls.append(n)
        return n * n
    for n in (1, 2, 1, 3, 2, 1):
        sq(n)
    ref_calls = []

    @real_functools.lru_cache(maxsize=2)
    def rsq(n):
        ref_calls.append(n)
        return n * n
    for n in (1, 2, 1, 3, 2, 1):
        rsq(n)
    assert calls == ref_calls and tuple(sq.cache_info()) == tuple(rsq.cache_info())

    def f(a):
        """doc"""
    w = ft.wraps(f)(lambda *a: None)
    assert w.__name__ == "f" and w.__doc__ == "doc" and w.__wrapped__ is f

    @ft.total_ordering
    class V:
        def __init__(self, v):
            self.v = v

        def __eq__(self, o):
            return self.v == o.v

        def __gt__(self, o):
            return self.v > o.v
    assert V(1) < V(2) and V(2) >= V(2) and not V(3) <= V(2)
    key = ft.cmp_to_key(lambda a, b: len(a) - len(b))
    assert sorted(["ccc", "a", "bb"], key=key) == sorted(["ccc", "a", "bb"], key=real_functools.cmp_to_key(lambda a, b: len(a) - len(b)))


def test_collections(lib):
    col = lib.collections
    P = col.namedtuple("P", "x y", defaults=[0])
    R = real_collections.namedtuple("P", "x y", defaults=[0])
    assert repr(P(1)) == repr(R(1)) and P(1, 2)._asdict() == R(1, 2)._asdict()
    assert P._make([3, 4]) == (3, 4) and P(1, 2)._replace(y=5) == R(1, 2)._replace(y=5)
    for bad in (lambda: P(), lambda: P(1, 2, 3), lambda: P(1, z=2)):
        with pytest.raises(TypeError):
            bad()
    text = "the cat the dog the end dog".split()
    c, rc = col.Counter(text), real_collections.Counter(text)
    assert c.most_common() == rc.most_common() and repr(c) == repr(rc)
    assert dict(c + col.Counter("the")) == dict(rc + real_collections.Counter("the"))
    assert dict(c - col.Counter(["the"])) == dict(rc - real_collections.Counter(["the"]))
    assert sorted(c.elements()) == sorted(rc.elements()) and c.total() == rc.total()
    od, rod = col.OrderedDict(a=1, b=2, c=3), real_collections.OrderedDict(a=1, b=2, c=3)
    od.move_to_end("a")
    rod.move_to_end("a")
    od.move_to_end("c", last=False)
    rod.move_to_end("c", last=False)
    assert list(od) == list(rod) and repr(od) == repr(rod) and od.popitem(False) == rod.popitem(False)
    dd = col.defaultdict(list)
    dd["k"].append(1)
    assert repr(dd) == repr(real_collections.defaultdict(list, {"k": [1]}))
    rng = random.Random(1)
    d, rd = col.deque(maxlen=5), real_collections.deque(maxlen=5)
    for _ in range(300):
        op = rng.choice(["append", "appendleft", "pop", "popleft", "rotate", "extend", "remove"])
        args = {"append": (rng.randrange(9),), "appendleft": (rng.randrange(9),), "rotate": (rng.randrange(-6, 6),),
                "extend": ([1, 2],), "remove": (rng.randrange(9),)}.get(op, ())
        results = []
        for target in (d, rd):
            try:
                results.append(getattr(target, op)(*args))
            except (IndexError, ValueError) as e:
                results.append(type(e))
        assert results[0] == results[1] and list(d) == list(rd) and repr(d) == repr(rd)


def test_copy(lib):
    class Obj:
        def __init__(self):
            self.items = [1, [2]]
    a = [1, {"k": [2, 3]}, (4, [5])]
    a.append(a)
    b = lib.copy.deepcopy(a)
    assert b[3] is b and b[1] == a[1] and b[1]["k"] is not a[1]["k"] and b[2][1] is not a[2][1]
    o = Obj()
    s, d = lib.copy.copy(o), lib.copy.deepcopy(o)
    assert s.items is o.items and d.items == o.items and d.items[1] is not o.items[1]
    t = (1, 2)
    assert lib.copy.deepcopy(t) is t and real_copy.deepcopy(t) is t


def test_contextlib(lib):
    log = []

    @lib.contextlib.contextmanager
    def cm(name):
        log.append("enter " + name)
        try:
            yield name
        except KeyError:
            log.append("swallowed")
        finally:
            log.append("exit")
    with cm("a") as v:
        log.append(v)
    with cm("b"):
        raise KeyError
    with pytest.raises(ValueError):
        with cm("c"):
            raise ValueError
    assert log == ["enter a", "a", "exit", "enter b", "swallowed", "exit", "enter c", "exit"]
    with lib.contextlib.suppress(ZeroDivisionError):
        1 / 0
    with lib.contextlib.ExitStack() as stack:
        stack.callback(log.append, "cb1")
        stack.callback(log.append, "cb2")
    assert log[-2:] == ["cb2", "cb1"]


def test_abc(lib):
    class Base(lib.abc.ABC):
        @lib.abc.abstractmethod
        def b(self):
            pass

        @lib.abc.abstractmethod
        def a(self):
            pass

    class RealBase(real_abc.ABC):
        @real_abc.abstractmethod
        def b(self):
            pass

        @real_abc.abstractmethod
        def a(self):
            pass
    for cls in (Base, RealBase):
        with pytest.raises(TypeError) as info:
            cls()
        assert str(info.value) == "Can't instantiate abstract class %s with abstract methods a, b" % cls.__name__

    class Half(Base):
        def a(self):
            return 1
    with pytest.raises(TypeError, match="abstract method b$"):
        Half()

    class Full(Half):
        def b(self):
            return 2
    assert Full().a() + Full().b() == 3


def test_dataclasses(lib):
    dc = lib.dataclasses

    def make(module):
        @module.dataclass(order=True)
        class Item:
            name: str
            price: float = 0.0
            tags: list = module.field(default_factory=list, compare=False)
        return Item
    Item, RealItem = make(dc), make(real_dataclasses)
    assert repr(Item("pen", 1.5)).split("Item", 1)[1] == repr(RealItem("pen", 1.5)).split("Item", 1)[1]
    assert Item("a") < Item("b") and Item("a", 1, ["x"]) == Item("a", 1)
    assert [f.name for f in dc.fields(Item)] == [f.name for f in real_dataclasses.fields(RealItem)]
    assert dc.asdict(Item("a", 2)) == real_dataclasses.asdict(RealItem("a", 2))
    assert dc.replace(Item("a"), price=3).price == 3 and Item.__hash__ is None
    with pytest.raises(TypeError):
        Item()

    @dc.dataclass(frozen=True)
    class F:
        x: int
    with pytest.raises(dc.FrozenInstanceError):
        F(1).x = 2
    assert hash(F(1)) == hash((1,))
