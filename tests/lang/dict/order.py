# insertion order is preserved, also across deletes and updates
d = {}
for k in ["delta", "alpha", "charlie", "bravo"]:
    d[k] = len(k)
print(list(d))
d["alpha"] = 0
print(list(d.items()))
del d["delta"]
d["delta"] = 1
print(list(d))
d2 = {3: "c", 1: "a", 2: "b"}
print(d2, sorted(d2), sorted(d2.items(), key=lambda kv: kv[1]))
print({**d2, 0: "z", 3: "C"})
print(d2 | {9: "i"}, {1: 1} | {1: 2})
d2 |= {4: "d"}
print(d2)
print(list(reversed(d2)), list(reversed(d2.items())))
