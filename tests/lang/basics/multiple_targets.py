# targets evaluated left to right
log = []
class Box:
    def __setitem__(self, k, v):
        log.append(("set", k, v))
b = Box()
b[0] = b[1] = "v"
print(log)
x = [0, 1, 2]
i = 0
i, x[i] = 1, 9
print(i, x)
a = b2 = []
a.append(1)
print(b2)
n = m = 0
n += 1
print(n, m)
lst = [[]] * 3
lst[0].append("shared")
print(lst)
lst2 = [[] for _ in range(3)]
lst2[0].append("own")
print(lst2)
