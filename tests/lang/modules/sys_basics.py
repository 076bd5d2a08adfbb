# sys module values that are deterministic
import sys
print(sys.maxsize, sys.maxsize == 2 ** 63 - 1, sys.byteorder)
print(type(sys.argv).__name__, len(sys.argv) >= 1, isinstance(sys.path, list))
print(sys.version_info[0], sys.version_info >= (3,), type(sys.modules).__name__, "sys" in sys.modules)
print(sys.getrecursionlimit() >= 100, callable(sys.exit), sys.stdout is not None)
try:
    sys.exit(0) if False else None
    raise SystemExit("x")
except SystemExit as e:
    print("SystemExit", e.code)
