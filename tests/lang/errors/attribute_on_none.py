# typical None-related errors
def find(items, name):
    for it in items:
        if it["name"] == name:
            return it
items = [{"name": "a", "v": 1}]
for name in ("a", "b"):
    try:
        print(find(items, name)["v"])
    except TypeError as e:
        print("TypeError:", e)
r = None
for op in (lambda: r.value, lambda: r(), lambda: r[0], lambda: r + 1, lambda: len(r), lambda: iter(r)):
    try:
        op()
    except (TypeError, AttributeError) as e:
        print(type(e).__name__ + ":", e)
