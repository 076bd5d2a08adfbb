# Attributes added to instances by STORE_ATTR (the VM appends them to the
# instance dict on a fast path when the class has no __setattr__ and no data
# descriptor for the name): order in __dict__, class-level changes made
# after instances exist, and stores that must not take the fast path.


class P:
    def __init__(self, a, b, order):
        if order:
            self.x = a
            self.y = b
        else:
            self.y = b
            self.x = a

    def add(self, n):
        self.extra = n


objs = [P(i, i * 10, i % 2 == 0) for i in range(6)]
for o in objs:
    print(list(vars(o)), o.x, o.y)

# del, then re-add: the key goes to the end
o = objs[0]
del o.x
print(list(o.__dict__), hasattr(o, "x"))
o.x = 99
print(list(o.__dict__), o.x)
try:
    del o.nothing
except AttributeError as e:
    print("AttributeError", e)


# class attribute shadowed by an instance attribute, then the class changes
class C:
    val = "class"

    def set(self, v):
        self.val = v


c = C()
c.set("inst")
print(c.val, C.val)
C.val = "class2"
print(c.val, C.val)
c2 = C()
print(c2.val)


# a property defined on the class after instances exist wins over stores
class Q:
    def put(self, v):
        self.p = v


qs = [Q() for _ in range(3)]
for i, q in enumerate(qs):
    q.put(i)
print([q.__dict__ for q in qs])
log = []
Q.p = property(lambda self: "prop", lambda self, v: log.append(v))
for i, q in enumerate(qs):
    q.put(i + 100)
print([q.p for q in qs], log, [q.__dict__ for q in qs])
q4 = Q()
q4.put(7)
print(q4.__dict__, log)

# a read-only property: AttributeError, nothing stored
Q.p = property(lambda self: "ro")
q5 = Q()
try:
    q5.put(1)
except AttributeError:
    print("AttributeError", q5.__dict__)


# __setattr__ added to the class later
class S:
    def put(self, v):
        self.a = v


s = S()
s.put(1)
calls = []


def setattr_hook(self, name, v):
    calls.append((name, v))
    object.__setattr__(self, name, v * 2)


S.__setattr__ = setattr_hook
s.put(2)
S().put(3)
print(s.a, calls)
del S.__setattr__
s.put(4)
print(s.a, calls)


# subclasses adding more attributes than the base, many attributes
class Base:
    def __init__(self):
        self.a = 1
        self.b = 2


class Sub(Base):
    def __init__(self):
        super().__init__()
        for i in range(12):
            setattr(self, "f%d" % i, i)
        self.c = 3


for _ in range(3):
    b = Base()
    s = Sub()
    print(list(vars(b)), len(vars(s)), list(vars(s))[:3], list(vars(s))[-1])


# a __dict__ replaced by another dict, and a store after that
class D:
    def put(self, v):
        self.k = v


d = D()
d.put(1)
d.__dict__ = {"z": 0}
d.put(2)
print(d.__dict__)


# __slots__-free classes with __getattr__: stores still go to the dict
class G:
    def __getattr__(self, name):
        return "missing:" + name

    def put(self):
        self.here = 1


g = G()
print(g.here)
g.put()
print(g.here, g.there)
