# recursion with explicit memo dictionaries
def count_paths(r, c, memo=None):
    if memo is None:
        memo = {}
    if r == 0 or c == 0:
        return 1
    if (r, c) not in memo:
        memo[(r, c)] = count_paths(r - 1, c, memo) + count_paths(r, c - 1, memo)
    return memo[(r, c)]
print([count_paths(n, n) for n in range(8)], count_paths(16, 16))
def partitions(n, k=None, memo={}):
    if k is None:
        k = n
    if n == 0:
        return 1
    if n < 0 or k == 0:
        return 0
    key = (n, k)
    if key not in memo:
        memo[key] = partitions(n - k, k) + partitions(n, k - 1)
    return memo[key]
print([partitions(n) for n in range(15)], partitions(100))
