# dict error messages
d = {"a": 1}
for key in ["b", 2, (1, 2), None]:
    try:
        d[key]
    except KeyError as e:
        print("KeyError", e, repr(e), e.args)
try:
    d.pop("nope")
except KeyError as e:
    print("KeyError", e)
try:
    {}.popitem()
except KeyError as e:
    print("KeyError", e)
try:
    dict([1, 2])
except TypeError as e:
    print("TypeError", e)
try:
    del d["zz"]
except KeyError as e:
    print("KeyError", e)
try:
    d["a"]["x"]
except TypeError as e:
    print("TypeError", e)
