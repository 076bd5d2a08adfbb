# in-place algorithms on lists
def rotate(a, k):
    k %= len(a)
    a[:] = a[-k:] + a[:-k]
a = list(range(8))
rotate(a, 3); print(a)
rotate(a, -3); print(a)
def dedupe(a):
    seen = []
    for x in a:
        if x not in seen:
            seen.append(x)
    return seen
print(dedupe([3, 1, 3, 2, 1, 4]))
def partition(a, pivot):
    i = 0
    for j in range(len(a)):
        if a[j] < pivot:
            a[i], a[j] = a[j], a[i]
            i += 1
    return i
b = [7, 2, 9, 4, 1, 8]
k = partition(b, 5)
print(k, sorted(b[:k]), sorted(b[k:]))
c = [1, 2, 3, 4, 5, 6]
c[1::2], c[::2] = c[::2], c[1::2]
print(c)
