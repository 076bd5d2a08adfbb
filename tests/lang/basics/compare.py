# comparisons of numbers, strings, sequences
print(1 < 2, 2 <= 2, 3 > 4, 4 >= 4, 5 == 5.0, 5 != 5)
print("abc" < "abd", "abc" < "ab", "Z" < "a", "" < "a")
print([1, 2] < [1, 3], [1, 2] < [1, 2, 0], (1, 2) == (1, 2), (1, 2) > (1,))
print([1, [2, 3]] == [1, [2, 3]], [1, 2] == (1, 2))
print(1 == 1.0, 0.5 < 1, -1 < 0.0, 10 ** 20 > 1e19)
print(1 < 2 < 3 < 4, 1 < 3 < 2, 1 == 1 == 1.0, 1 < 2 > 0)
x = 5
print(0 < x <= 5, 0 < x < 5, x in (1, 5), x not in [5])
s = "a"
print(s == "a", s is not None, None == 0)
print(max("apple", "banana"), min([3, 1], [2, 9]))
print(sorted([(2, "b"), (1, "z"), (2, "a")]))
print((1, 2, 3) <= (1, 2, 3), (1, 2) >= (1, 2, -1))
print({1: 2} == {1: 2}, {1, 2} == {2, 1}, {1: 2} != {1: 3})
