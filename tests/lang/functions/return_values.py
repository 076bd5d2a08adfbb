# return forms
def nothing():
    return
def implicit():
    x = 1
def multi():
    return 1, "two", [3]
def early(n):
    if n > 0:
        return "pos"
    return "non-pos"
print(nothing(), implicit(), multi(), early(1), early(-1))
a, b, c = multi()
print(a, b, c)
def returns_func():
    return lambda: "inner"
print(returns_func()())
def gen_return():
    return (x for x in range(3))
print(list(gen_return()))
def nested_return(x):
    for i in range(10):
        while True:
            if i == x:
                return i * 100
            break
print(nested_return(4), nested_return(99))
