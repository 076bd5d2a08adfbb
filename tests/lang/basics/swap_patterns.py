# swapping and rotating values
a, b = 1, 2
a, b = b, a
print(a, b)
a, b, c = "x", "y", "z"
a, b, c = c, a, b
print(a, b, c)
lst = [1, 2, 3, 4]
lst[0], lst[-1] = lst[-1], lst[0]
print(lst)
lst[1], lst[2] = lst[2], lst[1]
print(lst)
x = 5
y = 9
x ^= y; y ^= x; x ^= y
print(x, y)
d = {"a": 1, "b": 2}
d["a"], d["b"] = d["b"], d["a"]
print(d)
