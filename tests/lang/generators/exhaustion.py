# exhausted generators stay exhausted
def g():
    yield 1
    yield 2
it = g()
print(list(it), list(it), next(it, "empty"))
gen = (x for x in [1, 2])
print(sum(gen), sum(gen))
def three():
    yield from (1, 2, 3)
t = three()
print(2 in t, list(t))
z = zip(three(), "ab")
print(list(z), list(z))
m = map(str, three())
print(next(m), list(m))
