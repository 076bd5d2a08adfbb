# list operators
a = [1, 2, 3]
print(a + [4], a * 2, 2 * a, [0] * 0, [[]] * 2, a * -1)
print(3 in a, 4 not in a, a == [1, 2, 3], a < [1, 2, 4], a > [1, 2], [] < [0])
print(len(a), min(a), max(a), sum(a), list(reversed(a)), sorted(a, reverse=True))
a += (4, 5)
print(a)
a *= 2
print(a)
b = list("abc")
b[1] = "B"
print(b, b[-1], b[0:2])
print(list(range(5)), list(), list((1, 2)), list({"k": 1}), list("hi"))
x = [1, [2, 3]]
y = list(x)
y[1].append(4)
print(x, y, x is y, x[1] is y[1])
