# class vs instance attributes, shadowing, mutation
class C:
    shared = []
    n = 0
    def add(self, v):
        self.shared.append(v)
        self.n += 1
a, b = C(), C()
a.add(1); b.add(2); a.add(3)
print(C.shared, a.n, b.n, C.n)
C.n = 100
print(a.n, b.n, C().n)
del a.n
print(a.n)
print("n" in vars(b), "shared" in vars(b), sorted(k for k in vars(C) if not k.startswith("__")))
C.new_attr = "added later"
print(b.new_attr)
