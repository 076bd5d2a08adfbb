# bound and unbound methods
class C:
    def __init__(self, v):
        self.v = v
    def get(self):
        return self.v
    def add(self, n):
        return self.v + n
c = C(10)
m = c.get
print(m(), C.get(c), C(5).add(1), C.add(c, 2))
methods = [C(i).get for i in range(3)]
print([f() for f in methods])
print(m.__self__ is c, m.__func__ is C.get, m.__name__)
add = c.add
c.v = 100
print(add(1))
print(list(map(C.get, [C(7), C(8)])), sorted([C(3), C(1)], key=C.get)[0].v)
