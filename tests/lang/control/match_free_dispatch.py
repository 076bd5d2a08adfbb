# dispatch with dicts of functions instead of long if chains
def add(a, b): return a + b
def sub(a, b): return a - b
ops = {"+": add, "-": sub, "*": lambda a, b: a * b, "/": lambda a, b: a / b}
for expr in ["3 + 4", "10 - 7", "6 * 7", "9 / 2", "2 ^ 3"]:
    a, op, b = expr.split()
    f = ops.get(op)
    print(expr, "=", f(int(a), int(b)) if f else "unknown op " + op)
handlers = {int: "int", str: "str", list: "list"}
for value in (1, "s", [2], 2.0):
    print(handlers.get(type(value), "other"))
