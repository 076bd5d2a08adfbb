# defaults are evaluated once at def time
log = []
def mark(v):
    log.append(v)
    return v
def f(a=mark("a-default"), b=mark("b-default")):
    return a, b
print(log)
print(f(), f(1), log)
for i in range(3):
    def g(x=i):
        return x
print(g(), g(7))
def h(items=()):
    items += (1,)
    return items
print(h(), h(), h((0,)))
