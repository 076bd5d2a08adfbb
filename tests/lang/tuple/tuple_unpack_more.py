# unpacking tuples in many positions
def stats(xs):
    return min(xs), max(xs), sum(xs) / len(xs)
lo, hi, avg = stats([4, 8, 15, 16, 23, 42])
print(lo, hi, avg)
(a, b), (c, d) = (1, 2), (3, 4)
print(a + d, b + c)
first, *middle, last = (10, 20, 30, 40)
print(first, middle, last, type(middle).__name__)
for (x, y), z in [((1, 2), 3), ((4, 5), 6)]:
    print(x * y * z)
pairs = [(1, "one"), (2, "two")]
nums, names = zip(*pairs)
print(nums, names)
