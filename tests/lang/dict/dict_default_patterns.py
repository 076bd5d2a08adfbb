# setdefault, get, pop with defaults
inventory = {}
for item, n in [("apple", 3), ("pear", 2), ("apple", 5)]:
    inventory.setdefault(item, 0)
    inventory[item] += n
print(inventory)
print(inventory.get("kiwi", "none"), inventory.pop("pear"), inventory.pop("pear", "gone"), inventory)
graph = {}
for a, b in [(1, 2), (1, 3), (2, 3), (3, 1)]:
    graph.setdefault(a, []).append(b)
    graph.setdefault(b, [])
print(graph)
cache = {}
def square(n):
    if n not in cache:
        cache[n] = n * n
    return cache[n]
print([square(i % 4) for i in range(8)], cache)
