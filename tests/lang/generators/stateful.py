# generators as state machines and pipelines
def read_lines():
    for line in ["# comment", "a=1", "", "b = 2", "# x", "c=3"]:
        yield line
def strip_comments(lines):
    for l in lines:
        if l and not l.startswith("#"):
            yield l
def parse(lines):
    for l in lines:
        k, v = l.split("=")
        yield k.strip(), int(v)
print(dict(parse(strip_comments(read_lines()))))
def window(it, n):
    buf = []
    for x in it:
        buf.append(x)
        if len(buf) == n:
            yield tuple(buf)
            buf.pop(0)
print(list(window(range(6), 3)))
def take(n, it):
    for i, x in enumerate(it):
        if i >= n:
            return
        yield x
def naturals():
    n = 1
    while True:
        yield n
        n += 1
print(list(take(5, (x * x for x in naturals()))))
