# list error messages
tests = [
    lambda: [][0],
    lambda: [1, 2][5],
    lambda: [].pop(),
    lambda: [1].pop(3),
    lambda: [1, 2].remove(3),
    lambda: [1, 2].index(9),
    lambda: [1] + (2,),
    lambda: [1] * "a",
    lambda: list(5),
    lambda: [1, 2][str(1)],
]
for t in tests:
    try:
        t()
    except Exception as e:
        print(type(e).__name__ + ":", e)
a = [1, 2, 3]
try:
    a[3] = 0
except IndexError as e:
    print("IndexError:", e)
try:
    del a[7]
except IndexError as e:
    print("IndexError:", e)
