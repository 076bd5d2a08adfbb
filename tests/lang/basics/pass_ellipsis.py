# pass, Ellipsis and empty bodies
def nothing():
    pass
class Nothing:
    pass
def dots():
    ...
print(nothing(), dots(), Nothing.__name__)
print(..., Ellipsis, ... is Ellipsis, type(...).__name__)
for _ in range(2):
    pass
if True:
    pass
else:
    pass
print(repr(Ellipsis), str(...))
x = [1, ..., 3]
print(x, x[1] is Ellipsis)
