# map/filter/reduce and partial application
from functools import reduce, partial
nums = [1, 2, 3, 4, 5]
print(reduce(lambda a, b: a * b, nums), reduce(lambda a, b: a + b, nums, 100), reduce(max, [3, 9, 2]))
def power(base, exp):
    return base ** exp
square = partial(power, exp=2)
two_to = partial(power, 2)
print(square(9), two_to(10), [square(n) for n in nums])
print(list(map(lambda p: p[0] * p[1], zip(nums, reversed(nums)))))
compose = lambda *fs: reduce(lambda f, g: lambda x: g(f(x)), fs)
print(compose(lambda x: x + 1, lambda x: x * 10, str)(4))
print(reduce(lambda acc, w: acc + [w.upper()], ["a", "b"], []))
