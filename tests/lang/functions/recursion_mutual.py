# mutual recursion and recursion on structures
def is_even(n):
    return True if n == 0 else is_odd(n - 1)
def is_odd(n):
    return False if n == 0 else is_even(n - 1)
print([is_even(n) for n in range(6)], is_odd(101))
def count_leaves(t):
    if not isinstance(t, (list, tuple)):
        return 1
    return sum(count_leaves(x) for x in t)
print(count_leaves([1, (2, 3), [[4], [5, [6, 7]]]]))
def power_set(s):
    if not s:
        return [[]]
    rest = power_set(s[1:])
    return rest + [[s[0]] + r for r in rest]
print(power_set([1, 2, 3]))
def gcd(a, b):
    return a if b == 0 else gcd(b, a % b)
print(gcd(1071, 462), gcd(2 ** 40, 6 ** 20))
