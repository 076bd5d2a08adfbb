# dict equality ignores order; values compared deeply
a = {"x": [1, 2], "y": {"z": 1}}
b = {"y": {"z": 1}, "x": [1, 2]}
print(a == b, a != b, a == {"x": [1, 2]}, {} == {}, {1: 1} == {1.0: 1})
print(list(a) == list(b), len(a))
try:
    a < b
except TypeError as e:
    print("TypeError", e)
print({1: "a"}.items() == {1: "a"}.items(), {1: 2}.keys() == {1: 3}.keys())
print({1: 2}.values() == {1: 2}.values())
