# closures over loop variables and cell sharing
def make():
    fs = []
    for i in range(3):
        def f():
            return i
        fs.append(f)
    return fs
print([f() for f in make()])
def make2():
    fs = []
    for i in range(3):
        def f(j=i):
            return j
        fs.append(f)
    return fs
print([f() for f in make2()])
def shared():
    v = 0
    def inc():
        nonlocal v
        v += 1
    def get():
        return v
    return inc, get
inc, get = shared()
inc(); inc()
print(get())
def factory():
    return [(lambda k: (lambda: k * k))(k) for k in range(4)]
print([f() for f in factory()])
