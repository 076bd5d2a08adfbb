# numeric equality across types used as dict keys
d = {1: "int", 2.0: "float", True: "bool?"}
print(d)
d[1.0] = "float one"
d[2] = "int two"
print(d, len(d))
print({0.5: 1}.get(0.5), {3: "x"}.get(3.0), 1.0 in {1}, 2 in {2.0: 0})
print(hash(1.0) == hash(1), hash(-0.0) == hash(0), hash(2.5) == hash(2.5))
s = {1, 1.0, True, 2, 2.0}
print(len(s), sorted(s))
