# comprehension variables do not leak; closures capture per-scope
x = "outer"
lst = [x for x in range(3)]
print(x, lst)
funcs = [lambda: i for i in range(3)]
print([f() for f in funcs])
funcs2 = [lambda i=i: i for i in range(3)]
print([f() for f in funcs2])
def outer():
    y = 10
    return [y + k for k in range(3)]
print(outer())
class C:
    vals = [1, 2, 3]
    doubled = [v * 2 for v in vals]
print(C.doubled)
n = 5
print([n * k for k in range(3)], {k: n for k in "ab"}, list(n + k for k in range(2)))
