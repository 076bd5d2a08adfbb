# closures capture variables, not values
def make_counter():
    count = 0
    def inc(step=1):
        nonlocal count
        count += step
        return count
    return inc
c1, c2 = make_counter(), make_counter()
print(c1(), c1(), c1(10), c2())
def make_adders():
    return [lambda x, n=n: x + n for n in range(3)]
print([f(10) for f in make_adders()])
def outer():
    x = "first"
    def show():
        return x
    x = "second"
    return show
print(outer()())
def acc():
    items = []
    def add(v):
        items.append(v)
        return list(items)
    return add
a = acc()
a(1); print(a(2))
print(c2(), c1())
