# bool/int relationships in builtins
print(isinstance(True, int), isinstance(1, bool), True + 1, sum([True] * 5), [10, 20][True])
print(max(False, True), sorted([True, False, 1, 0]), {True: "a", 1: "b"}, hash(True) == 1)
print(int(True) * 7, float(False), str(True).lower(), bool("False"), True == 1.0)
print(True & 3, False | 4, True ^ 1, -True, ~False, divmod(True, 2), abs(-True))
