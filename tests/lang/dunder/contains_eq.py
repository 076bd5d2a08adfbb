# `in` uses __contains__, else iteration with ==
class Evens:
    def __contains__(self, x):
        return isinstance(x, int) and x % 2 == 0
print(4 in Evens(), 3 in Evens(), "a" in Evens(), 5 not in Evens())
class Items:
    def __iter__(self):
        return iter([1, 2, 3])
print(2 in Items(), 9 in Items())
class Weird:
    def __eq__(self, o):
        return o == "match"
print("match" in [Weird()], "x" in [Weird()], [Weird()].count("match"), [1, Weird()].index("match"))
class Bool:
    def __contains__(self, x):
        return 1
print(5 in Bool())
