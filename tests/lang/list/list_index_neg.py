# negative indices and bounds in list operations
a = ["a", "b", "c", "d", "e"]
print(a[-1], a[-5], a[-2:], a[:-2], a[-3:-1], a[-100:100])
a.insert(-1, "X")
a.insert(-100, "FIRST")
print(a, a.pop(-2), a.index("c", -4), a)
a[-1] = "LAST"
del a[-2]
print(a)
try:
    a[-10]
except IndexError as e:
    print("IndexError", e)
