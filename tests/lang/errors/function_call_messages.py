# errors from calling user functions with wrong arguments
def one(a): pass
def two(a, b): pass
def kw(*, key): pass
def dflt(a, b=1, *, c): pass
class K:
    def m(self, x): pass
calls = [lambda: one(), lambda: one(1, 2), lambda: two(1), lambda: two(), lambda: one(b=1), lambda: kw(1),
         lambda: kw(), lambda: dflt(1), lambda: one(1, a=2), lambda: K().m(), lambda: K().m(1, 2), lambda: K(1)]
for c in calls:
    try:
        c()
    except TypeError as e:
        print("TypeError:", e)
