# sum, any, all
print(sum([1, 2, 3]), sum([]), sum([1, 2], 10), sum([0.5, 0.25]), sum(range(101)), sum([[1], [2]], []))
print(sum((i for i in range(5)), 100), sum([True, True, False]))
print(any([]), any([0, "", None]), any([0, 1]), all([]), all([1, "a"]), all([1, 0]))
print(any(x > 2 for x in [1, 2, 3]), all(isinstance(x, int) for x in [1, 2, "3"]))
log = []
def check(v):
    log.append(v)
    return v
print(any(check(v) for v in [0, 1, 2]), log)
log.clear()
print(all(check(v) for v in [1, 0, 2]), log)
try:
    sum(["a", "b"], "")
except TypeError as e:
    print("TypeError", e)
