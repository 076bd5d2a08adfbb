# generator pipelines with filtering and batching
def numbers(n):
    yield from range(n)
def evens(src):
    return (x for x in src if x % 2 == 0)
def batched(src, size):
    batch = []
    for x in src:
        batch.append(x)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
print(list(batched(evens(numbers(20)), 3)))
def running_sum(src):
    s = 0
    for x in src:
        s += x
        yield s
print(list(running_sum(numbers(10))))
def interleave(*its):
    its = [iter(i) for i in its]
    while its:
        for it in list(its):
            try:
                yield next(it)
            except StopIteration:
                its.remove(it)
print(list(interleave("abc", [1, 2], "XYZW")))
