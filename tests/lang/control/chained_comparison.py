# chained comparisons evaluate each operand once
calls = []
def v(x):
    calls.append(x)
    return x
print(v(1) < v(2) < v(3))
print(calls)
calls.clear()
print(v(3) < v(2) < v(1))
print(calls)
x = 5
print(1 < x < 10, 1 < x > 4, x == 5 != 6, 0 <= x <= 4, 1 < 2 < 3 > 2 > 1)
print("a" < "b" < "c", [1] < [2] <= [2], 1 < 2 == 2.0 in [2.0])
one = 1
print(one is not None is not False, 5 in range(10) in [range(10)])
