# comprehensions over dicts and their views
prices = {"a": 3, "b": 1, "c": 2}
print([k for k in prices], [v for v in prices.values()], [f"{k}={v}" for k, v in prices.items()])
print({v: k for k, v in prices.items()}, {k: v * 2 for k, v in prices.items() if v > 1})
print(sorted(k for k, v in prices.items() if v % 2), sum(v for v in prices.values()))
nested = {"x": {"a": 1, "b": 2}, "y": {"a": 3}}
print([(o, i, v) for o, inner in nested.items() for i, v in inner.items()])
print({o: sum(inner.values()) for o, inner in nested.items()})
