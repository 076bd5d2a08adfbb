# calling and subscripting wrong things
none = None
num = 5
text = "str"
tests = [lambda: none(), lambda: num(), lambda: text(), lambda: none[0], lambda: num[0], lambda: num["k"],
         lambda: len(num), lambda: iter(num), lambda: next([1]), lambda: hash([]), lambda: {[]: 1},
         lambda: abs("s"), lambda: sum(["a", "b"]), lambda: sorted(1)]
for t in tests:
    try:
        t()
    except TypeError as e:
        print("TypeError:", e)
try:
    none[0] = 1
except TypeError as e:
    print("TypeError:", e)
try:
    del num[0]
except TypeError as e:
    print("TypeError:", e)
try:
    (1, 2)[0] = 5
except TypeError as e:
    print("TypeError:", e)
try:
    "abc"[0] = "x"
except TypeError as e:
    print("TypeError:", e)
