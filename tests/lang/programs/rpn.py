# reverse polish notation evaluator with error handling
def rpn(expr):
    st = []
    ops = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
           "/": lambda a, b: a / b, "^": lambda a, b: a ** b}
    for tok in expr.split():
        if tok in ops:
            if len(st) < 2:
                raise ValueError(f"stack underflow at {tok!r}")
            b, a = st.pop(), st.pop()
            st.append(ops[tok](a, b))
        else:
            st.append(int(tok))
    if len(st) != 1:
        raise ValueError(f"malformed: stack {st}")
    return st[0]
for e in ["3 4 +", "5 1 2 + 4 * + 3 -", "2 3 ^ 2 ^", "1 2 3", "+", "4 0 /", "7 2 /", "2 100 ^"]:
    try:
        print(e, "=>", rpn(e))
    except (ValueError, ZeroDivisionError) as err:
        print(e, "=>", type(err).__name__, err)
