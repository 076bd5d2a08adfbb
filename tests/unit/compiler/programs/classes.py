class Base:
    """A base."""
    kind = 'base'
    def __init__(self, x):
        self.x = x
    def describe(self):
        return '%s(%s)' % (self.kind, self.x)
    def __repr__(self):
        return 'Base<%r>' % (self.x,)
    def __eq__(self, other):
        return isinstance(other, Base) and self.x == other.x
    def __hash__(self):
        return hash(self.x)
    def __add__(self, other):
        return type(self)(self.x + other.x)
    def __len__(self):
        return self.x
    def __getitem__(self, i):
        return i * self.x
    def __contains__(self, item):
        return item == self.x
    def __iter__(self):
        return iter(range(self.x))
    def __call__(self, y):
        return self.x * y
class Child(Base):
    kind = 'child'
    def __init__(self, x, y=0):
        super().__init__(x)
        self.y = y
    def describe(self):
        return 'child:' + super().describe()
    @property
    def both(self):
        return self.x + self.y
    @both.setter
    def both(self, value):
        self.x = value
    @staticmethod
    def static(a):
        return a * 2
    @classmethod
    def make(cls, v):
        return cls(v, v)
c = Child(3, 4)
print(c.describe(), c.both, Child.static(5), Child.make(2).describe(), repr(c))
c.both = 10
print(c.x, c + Child(1), len(c), c[2], 10 in c, list(c)[:3], c(2), c == Child(10), Base.__doc__)
print(isinstance(c, Base), issubclass(Child, Base), Child.__name__, Child.__qualname__, Child.__mro__[1].__name__)
class Multi(Child, dict):
    pass
m = Multi(1)
m['k'] = 'v'
print(m['k'], m.describe())
def factory():
    class Local:
        def method(self):
            return __class__.__name__
    return Local
print(factory()().method(), factory().__qualname__)
class WithClassVar:
    items = [1, 2, 3]
    doubled = [i * 2 for i in items]
    total = sum(items)
print(WithClassVar.doubled, WithClassVar.total)
def closure_in_class():
    value = 'captured'
    class Inner:
        attr = value
        def get(self):
            return value
    return Inner.attr, Inner().get()
print(closure_in_class())
class Slotted:
    __slots__ = ('a',)
    def __init__(self):
        self.a = 1
print(Slotted().a)
class Ordered:
    def __init__(self, v):
        self.v = v
    def __lt__(self, other):
        return self.v < other.v
    def __repr__(self):
        return 'O%d' % self.v
print(sorted([Ordered(3), Ordered(1), Ordered(2)]))
class Sub(Exception):
    def __init__(self, msg, code):
        super().__init__(msg)
        self.code = code
try:
    raise Sub('bad', 42)
except Exception as e:
    print(type(e).__name__, e, e.code)
class Init:
    def __init_subclass__(cls, flag=None, **kw):
        super().__init_subclass__(**kw)
        cls.flag = flag
class Flagged(Init, flag='on'):
    pass
print(Flagged.flag)
class GetAttr:
    def __getattr__(self, name):
        return name.upper()
print(GetAttr().hello)
class Meth:
    def m(self):
        return 'class'
obj = Meth()
obj.m = lambda: 'instance'
print(obj.m(), Meth().m())
