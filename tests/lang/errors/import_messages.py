# import errors
try:
    import no_such_module_xyz
except ImportError as e:
    print(type(e).__name__ + ":", e)
try:
    from math import no_such_name
except ImportError as e:
    print(type(e).__name__ + ":", str(e).startswith("cannot import name 'no_such_name' from 'math'"), e.name)
try:
    import math
    math.no_such_function()
except AttributeError as e:
    print("AttributeError:", e)
print("ModuleNotFoundError" == ModuleNotFoundError.__name__, issubclass(ModuleNotFoundError, ImportError))
