# keys and items views are set-like: operators with sets, views and any
# iterable, on either side; comparisons; isdisjoint; errors
d = {"a": 1, "b": 2, "c": 3}
e = {"b": 2, "c": 30, "d": 4}
k, it, v = d.keys(), d.items(), d.values()
print(sorted(k & e.keys()), sorted(k | e.keys()), sorted(k - e.keys()), sorted(k ^ e.keys()))
print(sorted(it & e.items()), sorted(it | e.items()), sorted(it - e.items()), sorted(it ^ e.items()))
print(sorted(["a", "z"] & k), sorted(("q",) | k), sorted({"a", "x"} - k), sorted(frozenset("cz") ^ k))
print(sorted(k & "abz"), sorted(k - ["a"]), type(k & k).__name__, type({"a"} | k).__name__, type(frozenset() | k).__name__)
print(sorted(it & {("a", 1), ("b", 3)}), sorted({("c", 3)} - it), sorted(it ^ [("a", 1), ("z", 0)]))
print(k == {"a", "b", "c"}, k == ["a", "b", "c"], k != {"a"}, k <= {"a", "b", "c", "d"}, k < {"a", "b", "c"},
      k >= {"a"}, k > k, it == {("a", 1), ("b", 2), ("c", 3)}, {"a", "b", "c"} == k, e.keys() < k | e.keys())
print(k.isdisjoint(["x", "y"]), k.isdisjoint("xa"), it.isdisjoint([("a", 2)]), it.isdisjoint({("a", 1)}))
s = k
s &= {"a", "b"}
print(sorted(s), type(s).__name__, sorted(k))
for f in [lambda: k & 5, lambda: 5 | k, lambda: v & {1}, lambda: k - None, lambda: it & [[1]], lambda: k.isdisjoint(3)]:
    try:
        f()
    except TypeError as exc:
        print("TypeError", exc)
