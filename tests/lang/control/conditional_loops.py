# loops with complex conditions
def first_repeat(s):
    seen = set()
    for c in s:
        if c in seen:
            return c
        seen.add(c)
    return None
print(first_repeat("abcdbe"), first_repeat("abc"))
def binary_search(a, t):
    lo, hi = 0, len(a) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        if a[mid] == t:
            return mid
        elif a[mid] < t:
            lo = mid + 1
        else:
            hi = mid - 1
    return -lo - 1
a = list(range(0, 100, 7))
print([binary_search(a, t) for t in (0, 49, 50, 98, -1, 200)])
i = 0
while i < 10 and a[i] < 30:
    i += 1
print(i, a[i])
