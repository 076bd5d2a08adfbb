# iteration order after updates, deletes and re-inserts
d = dict.fromkeys("edcba", 0)
print(list(d))
d["c"] = 5
del d["e"]
d["e"] = 1
d["f"] = 2
print(list(d.items()))
print([k for k in d if d[k]], list(d.values()))
d2 = {}
for w in "the fox and the dog and the cat".split():
    d2[w] = d2.get(w, 0) + 1
print(d2, list(d2)[::-1])
popped = [d2.popitem() for _ in range(2)]
print(popped, d2)
