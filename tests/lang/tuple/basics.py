# tuple creation, indexing, methods
t = (1, 2, 3, 2)
print(t, t[0], t[-1], t[1:3], t[::-1], len(t), t.count(2), t.index(3))
print((), (1,), tuple(), tuple([1, 2]), tuple("ab"), tuple(range(3)))
print(1, (1), (1,), type((1,)).__name__, type((1)).__name__)
print(t + (5,), t * 2, 2 in t, 9 not in t, (1, 2) < (1, 3), (2,) > (1, 9))
a, b, *c = t
print(a, b, c)
x = 1, 2
print(x, type(x).__name__)
nested = ((1, 2), (3, (4, 5)))
print(nested[1][1][0], len(nested))
print(tuple(sorted((3, 1, 2))), min((4, 2)), max(t), sum(t))
