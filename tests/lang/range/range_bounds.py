# ranges around and beyond the 64-bit boundary; slices keep CPython's bounds
def show(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)


B = 2 ** 63
for r in [range(B - 3, B + 2), range(-B - 2, -B + 2), range(B + 5, B - 5, -3), range(-B, B, B // 2),
          range(10 ** 25, -10 ** 25, -7 * 10 ** 24), range(B - 1, B), range(-B, -B + 1)]:
    print(r, len(r), list(r), list(reversed(r)), bool(r), r.start, r.stop, r.step)
    print(r[0] if r else None, r[-1] if r else None, r[::2], r[1:-1], r[::-1], r[5:1:-1])
    print(B in r, B - 1 in r, -B in r, (B - 1.0) in r, r.count(B - 1), hash(r) == hash(r[:]), r == r[::1])
show(lambda: len(range(-B, B)))
show(lambda: len(range(10 ** 30)))
print(range(-B, B)[B], range(-B, B)[-1], range(10 ** 30)[-1], range(10 ** 30)[10 ** 29])
show(lambda: range(10 ** 30)[10 ** 30])
show(lambda: range(3)[10 ** 30])
show(lambda: range(3)[-10 ** 30])
show(lambda: range(10 ** 30)["a"])
show(lambda: range(10 ** 30).index(10 ** 29 + 1))
print(range(0, 10 ** 30, 3).index(3 * 10 ** 20), range(0, 10 ** 30, 3).count(3 * 10 ** 20), range(5).index(True))
show(lambda: range(10 ** 30).index(-1))
show(lambda: range(4).index(2.0))
show(lambda: range(4).index(2.5))
print(range(4).count(2.0), range(4).count(1.5), 3.0 in range(4), "x" in range(4))
print(range(10)[1:6:2], range(10)[1:7:2], range(10)[::-3], range(10)[8:2:-2], range(10)[-100:100], range(10)[100:])
print(range(0, 10, 3)[1:100], range(0, 10, 3)[10 ** 20:], range(0, 10, 3)[-10 ** 20:2], range(5)[::-10 ** 20])
show(lambda: range(5)[::0])
show(lambda: range(5)[1.5:])


class Idx:
    def __init__(self, v):
        self.v = v

    def __index__(self):
        return self.v


print(range(Idx(2), Idx(B + 2)), range(True, 5, True), range(Idx(3))[Idx(-1)], range(10)[Idx(1):Idx(10 ** 20)])
show(lambda: range(1.0))
show(lambda: range(1, 2, 0))
show(lambda: range(0, 10 ** 20, 0))
print(range(B, B + 3) == range(B, B + 3, 5), range(0) == range(B, B), range(2 ** 64, 2 ** 64 + 1) == range(2 ** 64, 2 ** 64 + 1, 7))
print({range(B, B + 10, 2): 1}[range(B, B + 9, 2)], sum(range(B, B + 4)), sorted(range(10 ** 20, 10 ** 20 + 3), reverse=True))
it = iter(range(B - 1, B + 2))
print(type(it).__name__ in ("range_iterator", "longrange_iterator"), next(it), next(it), list(it))
print(type(iter(range(10 ** 20, 10 ** 20 + 1))).__name__, type(reversed(range(10 ** 20))).__name__)
