# generators run lazily: side effects happen on demand
log = []
def noisy(n):
    for i in range(n):
        log.append(f"produce {i}")
        yield i
g = noisy(3)
print(log)
for v in g:
    log.append(f"consume {v}")
print(log)
def squares():
    i = 0
    while True:
        print("computing", i)
        yield i * i
        i += 1
s = squares()
print(next(s), next(s))
print(any(x > 0 for x in squares()))
