# min and max with key and default
print(min(3, 1, 2), max(3, 1, 2), min([4, 5]), max("hello"), min("b", "a", "c"))
print(max([1, -5, 3], key=abs), min(["aaa", "b", "cc"], key=len), max({"a": 3, "b": 1}, key=lambda k: -ord(k)))
print(min([], default=None), max((), default="empty"), max([2], default=0))
print(max([1, 3, 3, 2], key=lambda x: x // 2), min([(1, "b"), (1, "a")]))
print(max(1, 2.5), min(-1, -1.5), max([True, 2]), max("a", "B"))
try:
    max()
except TypeError as e:
    print("TypeError", e)
try:
    min([])
except ValueError as e:
    print("ValueError", e)
