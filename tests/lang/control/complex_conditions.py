# boolean logic with precedence and de Morgan
def check(a, b, c):
    return (a and not b) or (b and c), not (a or b) == (not a and not b), a ^ b if isinstance(a, bool) else None
for a in (False, True):
    for b in (False, True):
        for c in (False, True):
            print(a, b, c, check(a, b, c))
