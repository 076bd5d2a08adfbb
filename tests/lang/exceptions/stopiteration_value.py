# StopIteration carries generator return values
def g():
    yield 1
    return "done"
it = g()
print(next(it))
try:
    next(it)
except StopIteration as e:
    print("StopIteration value:", e.value, e.args)
it2 = iter([])
try:
    next(it2)
except StopIteration as e:
    print("empty:", repr(e), e.value)
print(next(iter([]), "default"))
