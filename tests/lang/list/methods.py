# list methods
a = [3, 1, 4, 1, 5]
a.append(9); print(a)
a.extend([2, 6]); print(a)
a.insert(0, 0); a.insert(100, 7); a.insert(-1, 8); print(a)
print(a.pop(), a.pop(0), a.pop(-2), a)
a.remove(1); print(a)
print(a.index(5), a.index(1), a.count(1), a.count(42))
a.reverse(); print(a)
a.sort(); print(a)
b = a.copy(); b.append(100); print(a, b)
a.clear(); print(a, len(a))
c = [1, 2, 3, 2, 1]
print(c.index(2, 2), c.index(1, 1, 5))
