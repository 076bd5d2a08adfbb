# functions as values
def apply(f, *args):
    return f(*args)
def square(x):
    return x * x
print(apply(square, 5), apply(max, 3, 9, 2), apply(len, "four"))
funcs = [square, abs, str, bool]
print([f(-3) for f in funcs])
def make_power(p):
    def power(x):
        return x ** p
    power.__name__ = f"power{p}"
    return power
cube = make_power(3)
print(cube(2), cube.__name__, make_power(2)(9))
def pipeline(*fs):
    def run(x):
        for f in fs:
            x = f(x)
        return x
    return run
print(pipeline(str.strip, str.upper, lambda s: s + "!")("  hi  "))
print(callable(square), callable(3), square.__name__, type(square).__name__)
