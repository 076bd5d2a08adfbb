# generators capturing variables from enclosing scopes
def make_gen(limit):
    factor = 10
    def gen():
        for i in range(limit):
            yield i * factor
    return gen
g = make_gen(4)
print(list(g()), list(g()))
def counter_gen():
    count = 0
    def inc():
        nonlocal count
        count += 1
        return count
    while count < 3:
        yield inc()
print(list(counter_gen()))
gens = [(lambda k: (k * j for j in range(3)))(k) for k in range(1, 4)]
print([list(x) for x in gens])
