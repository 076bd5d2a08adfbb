# iter() and next() with default; iter(callable, sentinel)
it = iter([1, 2])
print(next(it), next(it), next(it, "default"), next(it, None))
try:
    next(it)
except StopIteration:
    print("StopIteration")
values = [5, 4, 3, 0, 2]
pos = [0]
def read():
    v = values[pos[0]]
    pos[0] += 1
    return v
print(list(iter(read, 0)))
print(list(iter(iter([7, 8]))))
d = {"a": 1}
print(next(iter(d)), next(iter(d.values())), next(iter(d.items())))
