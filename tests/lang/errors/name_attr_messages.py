# NameError and AttributeError messages
try:
    undefined_variable
except NameError as e:
    print("NameError:", e)
def f():
    return also_undefined + 1
try:
    f()
except NameError as e:
    print("NameError:", e)
tests = [lambda: (1).foo, lambda: "s".nope, lambda: [].push, lambda: None.x, lambda: {}.append]
for t in tests:
    try:
        t()
    except AttributeError as e:
        print("AttributeError:", e)
class C:
    pass
try:
    C().missing
except AttributeError as e:
    print("AttributeError:", e)
try:
    C.missing
except AttributeError as e:
    print("AttributeError:", e)
try:
    (1).real = 5
except AttributeError as e:
    print("AttributeError:", e)
