# multiple return values and swaps
def minmax(xs):
    return min(xs), max(xs)
lo, hi = minmax([5, 2, 8, 1])
print(lo, hi, minmax("hello"))
def divmod2(a, b):
    return a // b, a % b
print(divmod2(17, 5), divmod2(-17, 5))
a, b, c = 1, 2, 3
a, b, c = c, a, b
print(a, b, c)
pairs = [(1, "one"), (2, "two")]
for num, name in pairs:
    print(num, name)
print(list(zip(*pairs)))
