# isinstance/issubclass with builtins and tuples
class A: pass
class B(A): pass
vals = [1, True, 1.0, "s", b"", [], (), {}, set(), None, A(), B()]
for v in vals:
    print(type(v).__name__, isinstance(v, int), isinstance(v, (list, tuple)), isinstance(v, A), isinstance(v, object))
print(issubclass(bool, int), issubclass(int, bool), issubclass(B, (str, A)), issubclass(A, A))
print(issubclass(KeyError, LookupError), issubclass(ZeroDivisionError, ArithmeticError))
try:
    isinstance(1, 2)
except TypeError as e:
    print("TypeError", e)
