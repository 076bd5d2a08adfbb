# sorted and reversed
print(sorted([3, 1, 2]), sorted("cba"), sorted({3: "a", 1: "b"}), sorted((2, 1), reverse=True))
print(sorted(["bb", "a", "ccc"], key=len), sorted([-3, 2, -1], key=abs, reverse=True))
print(list(reversed([1, 2, 3])), list(reversed("abc")), list(reversed(range(4))), list(reversed((1, 2))))
print(list(reversed({"a": 1, "b": 2})))
class R:
    def __reversed__(self):
        return iter("custom")
print(list(reversed(R())))
try:
    reversed({1, 2})
except TypeError as e:
    print("TypeError", e)
