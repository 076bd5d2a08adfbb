# ValueError messages from conversions
for s in ["abc", "1.5", "", " ", "12a", "0x10", "1e3"]:
    try:
        int(s)
    except ValueError as e:
        print("ValueError:", e)
for s, b in [("z", 10), ("12", 2), ("9", 8), ("g", 16)]:
    try:
        int(s, b)
    except ValueError as e:
        print("ValueError:", e)
for s in ["abc", "", "1.2.3"]:
    try:
        float(s)
    except ValueError as e:
        print("ValueError:", e)
try:
    int("10", 99)
except ValueError as e:
    print("ValueError:", e)
try:
    [1, 2].index(3)
except ValueError as e:
    print("ValueError:", e)
try:
    "abc".index("z")
except ValueError as e:
    print("ValueError:", e)
try:
    [].remove(1)
except ValueError as e:
    print("ValueError:", e)
